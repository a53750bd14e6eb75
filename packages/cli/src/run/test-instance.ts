import path from 'node:path';
import type { RunTestBinary } from '@wasi-kit/cargo-bridge';
import { isUserError } from '../errors.js';
import { loadRuntime } from '../packages.js';

/**
 * `wasi-kit test`'s launcher: every test instance runs in this process through the runtime's one
 * pipeline, each in a fresh instance of a module compiled once per test binary. A test binary is
 * large (13 MB in debug) and a test is usually quick, so a process per test would spend its time
 * starting and compiling, not testing. The instance sees what `wasi-kit run --dir=.` gives it:
 * the package folder as ".", no environment, empty stdin; its output is captured, and a trap ends
 * it as `wasi-kit run` reports one, after what it printed.
 */
export function inProcessTestRunner(options: { backtrace: boolean }): RunTestBinary {
  const modules = new Map<string, Promise<WebAssembly.Module | Uint8Array>>();
  return async (wasm, args, { cwd }) => {
    const { compileModule, loadModule, readPreamble, runInProcess } = await loadRuntime();
    let module = modules.get(wasm);
    if (module === undefined) {
      // A component (a wasm32-wasip2 test binary) runs from its bytes through the component host.
      module = loadModule(wasm, { withoutDebugSections: true }).then(({ bytes }) => (readPreamble(bytes)?.format === 'component' ? bytes : compileModule(wasm, bytes)));
      modules.set(wasm, module);
    }
    try {
      const result = await runInProcess({ module: await module, label: wasm, args: [path.basename(wasm), ...args], env: {}, preopens: { '.': cwd }, stdin: '', capture: true, backtrace: options.backtrace });
      return { exitCode: result.exitCode, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
    } catch (error) {
      // What the guest did wrong (a trap, a status above 125) fails its test, not the whole run.
      if (!isUserError(error)) throw error;
      const { stdout, stderr } = error.guestOutput ?? { stdout: '', stderr: '' };
      return { exitCode: error.exitCode, stdout, stderr: `${stderr}${error.details ?? ''}error: ${error.message}\n` };
    }
  };
}
