export { run, type RunOptions, type RunResult } from './run.js';
export { formatBytes, formatValue, inspectFile, LIMIT_EXIT, loadModuleBytes, readModule, runFile, runFileInWorker, ToolError, type ModuleInspection, type RunFileOptions, type RunFileResult, type WasmValue } from './tools/index.js';
