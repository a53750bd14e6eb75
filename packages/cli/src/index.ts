export { createProgram } from './program.js';
export { WasiKitError } from './errors.js';
export { EXIT } from './output.js';
