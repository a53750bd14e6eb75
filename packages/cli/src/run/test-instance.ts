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
  const modules = new Map<string, Promise<WebAssembly.Module | Uint8Array>>();
  return async (wasm, args, { cwd }) => {
    const { ExitStatusOutOfRange, WASI, isTrap, run, toGuestTrap, withDeepStacks, loadModule } = await loadRuntime();
    let module = modules.get(wasm);
    if (module === undefined) {
      // Preamble layer 1: a component (a wasm32-wasip2 test binary), run by the component host.
      module = loadModule(wasm).then(({ bytes }) => (bytes[6] === 1 ? bytes : WebAssembly.compile(bytes)));
      modules.set(wasm, module);
    }
    const loaded = await module;
    if (loaded instanceof Uint8Array) {
      try {
        const result = await run(loaded, { label: wasm, args: [path.basename(wasm), ...args], env: {}, preopens: { '.': cwd }, stdin: '', capture: true, backtrace: options.backtrace });
        return { exitCode: result.exitCode, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
      } catch (error) {
        if (!isUserError(error)) throw error;
        return { exitCode: error.exitCode, stdout: '', stderr: `${error.details ?? ''}error: ${error.message}\n` };
      }
    }
    const wasi = new WASI({ args: [path.basename(wasm), ...args], env: {}, preopens: { '.': cwd }, stdin: '', stdout: 'capture', stderr: 'capture', returnOnExit: true });
    const instance = await WebAssembly.instantiate(loaded, wasi.getImportObject() as WebAssembly.Imports);
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
