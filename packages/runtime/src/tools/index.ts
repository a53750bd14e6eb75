export { describeNonWasm, looksLikeWat } from './file-kind.js';
export { formatValue, parseValue, type WasmValue } from './invoke.js';
export { capMemory, formatBytes, PAGE_SIZE } from './memory-limit.js';
export { formatFuncType, readModule, readPreamble, type ComponentInfo, type CoreModuleInfo, type CustomSection, type ExternKind, type FuncType, type MemoryLimits, type ModuleExport, type ModuleImport, type ValueType } from './module-reader.js';
export { compileModule, loadModule, MAX_MODULE_BYTES, type ModuleSource } from './module-source.js';
export type { TraceSink } from './strace.js';
export { inspectFile, type ModuleInspection } from './inspect.js';
