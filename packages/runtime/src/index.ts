export { run, type RunOptions, type RunResult } from './run.js';
export { formatBytes, formatValue, inspectFile, LIMIT_EXIT, loadModuleBytes, readModule, runFile, runFileInWorker, ToolError, type ModuleInspection, type RunFileOptions, type RunFileResult, type WasmValue } from './tools/index.js';
export { WASI, type WasiImportObject } from './wasi.js';
export type { WASIOptions, Preopen } from './options.js';
export type { StdioSink, StdioSource } from './fd/stdio.js';
export { GuestTrap } from './guest-trap.js';
export { WasiError, ProcExit, Trap, UserFacingError } from './failures.js';
export { Errno, Rights } from './preview1/spec.js';
export type { Preview1Imports, UnstableImports } from './preview1/imports.js';
