// One benchmark sample under node:wasi: `node node-wasi.mjs <wasm> <preopens-json> [args…]`.
// Also the "bare Node script" the CLI start-up benchmark compares `wasi-kit run` against.
// The guest's stdout and stderr are this process's fds 1 and 2 (node:wasi's default).
// Its last stderr line times loading the host and running the guest (engines/phases.mjs).
import { readFile } from 'node:fs/promises';
import { reportPhases } from './phases.mjs';

const [wasm = '', preopens = '{}', ...args] = process.argv.slice(2);
const loading = performance.now();
const { WASI } = await import('node:wasi');
const running = performance.now();
const wasi = new WASI({ version: 'preview1', args: [wasm, ...args], env: {}, preopens: JSON.parse(preopens), returnOnExit: true });
const module = await WebAssembly.compile(await readFile(wasm));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
reportPhases(loading, running);
