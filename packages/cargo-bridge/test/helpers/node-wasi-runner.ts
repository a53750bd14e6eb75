import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { WASI } from 'node:wasi';
import type { RunTestBinary } from '../../src/test-binary.js';
import { tempDir } from './fixtures.js';

/**
 * A `RunTestBinary` on node:wasi in this process: each run a fresh instance of a module compiled
 * once, stdout and stderr captured through temp files. A test binary is megabytes of debug wasm,
 * so compiling it once keeps these tests fast; a trap is reported as `wasi-kit run` exits on one.
 */
export function nodeWasiRunner(): RunTestBinary {
  const modules = new Map<string, WebAssembly.Module>();
  const dir = tempDir('node-wasi');
  let runs = 0;
  return async (wasm, args, { cwd }) => {
    let module = modules.get(wasm);
    if (!module) modules.set(wasm, (module = await WebAssembly.compile(readFileSync(wasm))));
    const files = [path.join(dir, `${++runs}.out`), path.join(dir, `${runs}.err`)] as const;
    const [stdout, stderr] = files.map((file) => openSync(file, 'w+'));
    let exitCode: number;
    try {
      const wasi = new WASI({ version: 'preview1', args: [path.basename(wasm), ...args], preopens: { '.': cwd }, stdout, stderr, returnOnExit: true });
      const instance = await WebAssembly.instantiate(module, wasi.getImportObject() as WebAssembly.Imports);
      try {
        exitCode = wasi.start(instance);
      } catch (error) {
        if (!(error instanceof WebAssembly.RuntimeError)) throw error;
        exitCode = 134;
      }
    } finally {
      closeSync(stdout!);
      closeSync(stderr!);
    }
    return { exitCode, stdout: readFileSync(files[0], 'utf8'), stderr: readFileSync(files[1], 'utf8') };
  };
}
