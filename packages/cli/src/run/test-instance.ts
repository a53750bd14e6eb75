import path from 'node:path';
import type { RunTestBinary } from '@wasi-kit/cargo-bridge';
import { MAX_GUEST_EXIT } from '@wasi-kit/errors';
import { isUserError } from '../errors.js';
import { loadRuntime } from '../packages.js';

/**
 * `wasi-kit test`'s launcher: every test instance runs in this process, each in a fresh instance
 * of a module compiled once per test binary. A test binary is large (13 MB in debug) and a test is
 * usually quick, so a process per test would spend its time starting and compiling, not testing.
 * The instance sees what `wasi-kit run --dir=.` gives it: the package folder as ".", no
 * environment, empty stdin; its output is captured, a trap ends it as `wasi-kit run` reports one.
 */
export function inProcessTestRunner(options: { backtrace: boolean }): RunTestBinary {
  const modules = new Map<string, Promise<WebAssembly.Module>>();
  return async (wasm, args, { cwd }) => {
    const { ExitStatusOutOfRange, WASI, isTrap, toGuestTrap, withDeepStacks, loadModule } = await loadRuntime();
    let module = modules.get(wasm);
    if (module === undefined) {
      module = loadModule(wasm).then(({ bytes }) => WebAssembly.compile(bytes));
      modules.set(wasm, module);
    }
    const wasi = new WASI({ args: [path.basename(wasm), ...args], env: {}, preopens: { '.': cwd }, stdin: '', stdout: 'capture', stderr: 'capture', returnOnExit: true });
    const instance = await WebAssembly.instantiate(await module, wasi.getImportObject() as WebAssembly.Imports);
    try {
      const exitCode = withDeepStacks(() => wasi.start(instance));
      // The run layer's rule, as in `wasi-kit run`: WASI.start() reports any status, wasmtime refuses 126+.
      if (exitCode > MAX_GUEST_EXIT) throw new ExitStatusOutOfRange(exitCode);
      return { exitCode, ...wasi.captured() };
    } catch (error) {
      const { stdout, stderr } = wasi.captured();
      if (isTrap(error)) {
        const trap = toGuestTrap(error as Error, { backtrace: options.backtrace });
        return { exitCode: trap.exitCode, stdout, stderr: `${stderr}${trap.details ?? ''}error: ${trap.message}\n` };
      }
      // What the guest did wrong (an exit status above 125, …) fails its test, not the whole run.
      if (!isUserError(error)) throw error;
      return { exitCode: error.exitCode, stdout, stderr: `${stderr}error: ${error.message}\n` };
    }
  };
}
