export { run, type RunOptions, type RunResult } from './run.js';
