// One benchmark sample under @wasi-kit/runtime: `node wasi-kit.mjs <wasm> <preopens-json> [args…]`.
// Same steps as node-wasi.mjs; the guest's stdout and stderr are this process's fds 1 and 2.
import { reportPhases } from './phases.mjs';

const [wasm = '', preopens = '{}', ...args] = process.argv.slice(2);
const loading = performance.now();
const { run } = await import('@wasi-kit/runtime');
const running = performance.now();
const { exitCode } = await run(wasm, { args: [wasm, ...args], env: {}, preopens: JSON.parse(preopens), stdout: 1, stderr: 2 });
process.exitCode = exitCode;
reportPhases(loading, running);
