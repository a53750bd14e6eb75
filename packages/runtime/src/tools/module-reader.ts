import { ByteReader } from './byte-reader.js';

// A small reader for the parts of a core wasm binary the tools need: types, imports, functions,
// memories, exports and custom sections (https://webassembly.github.io/spec/core/binary/modules.html).
// Validation is V8's job (WebAssembly.compile); this reader trusts the shape once the magic matches.

export type ValueType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref' | 'ref';
export type ExternKind = 'func' | 'table' | 'memory' | 'global' | 'tag';

export interface FuncType {
  params: ValueType[];
  results: ValueType[];
}

export interface MemoryLimits {
  /** In 64 KiB pages. */
  min: number;
  max?: number;
  shared: boolean;
  memory64: boolean;
}

export interface ModuleImport {
  module: string;
  name: string;
  kind: ExternKind;
  /** For functions. */
  type?: FuncType;
  /** For memories. */
  memory?: MemoryLimits;
}

export interface ModuleExport {
  name: string;
  kind: ExternKind;
  index: number;
  /** For functions. */
  type?: FuncType;
}

export interface CustomSection {
  name: string;
  /** Payload size in bytes, name included. */
  size: number;
}

/** Where a section sits in the binary: `start` is its id byte, `end` one past its payload. */
export interface SectionRange {
  id: number;
  start: number;
  payloadStart: number;
  end: number;
}

export interface CoreModuleInfo {
  format: 'core';
  version: number;
  imports: ModuleImport[];
  exports: ModuleExport[];
  /** Memories the module defines (imported ones are on their import). */
  memories: MemoryLimits[];
  customSections: CustomSection[];
  sections: SectionRange[];
}

export interface ComponentInfo {
  format: 'component';
  version: number;
  layer: number;
}

export type BinaryPreamble = { format: 'core' | 'component'; version: number; layer: number };

const MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** The 8-byte preamble: magic, then version and layer (layer 1 marks a component-model binary). */
export function readPreamble(bytes: Uint8Array): BinaryPreamble | undefined {
  if (bytes.length < 8 || MAGIC.some((byte, i) => bytes[i] !== byte)) return undefined;
  const version = bytes[4]! | (bytes[5]! << 8);
  const layer = bytes[6]! | (bytes[7]! << 8);
  return { format: layer === 1 ? 'component' : 'core', version, layer };
}

export function readModule(bytes: Uint8Array): CoreModuleInfo | ComponentInfo {
  const preamble = readPreamble(bytes);
  if (!preamble) throw new RangeError('not a WebAssembly binary (no \\0asm magic)');
  if (preamble.format === 'component') return { format: 'component', version: preamble.version, layer: preamble.layer };

  const info: CoreModuleInfo = { format: 'core', version: preamble.version, imports: [], exports: [], memories: [], customSections: [], sections: [] };
  const types: FuncType[] = [];
  const functionTypes: FuncType[] = [];
  const reader = new ByteReader(bytes, 8);
  while (!reader.done) {
    const start = reader.offset;
    const id = reader.u8();
    const size = reader.uleb();
    const body = new ByteReader(bytes, reader.offset, reader.offset + size);
    reader.take(size);
    info.sections.push({ id, start, payloadStart: body.offset, end: body.end });
    switch (id) {
      case 0:
        info.customSections.push({ name: body.name(), size });
        break;
      case 1:
        readTypes(body, types);
        break;
      case 2:
        readImports(body, types, info, functionTypes);
        break;
      case 3:
        for (let n = body.uleb(); n > 0; n--) functionTypes.push(typeAt(types, body.uleb()));
        break;
      case 5:
        for (let n = body.uleb(); n > 0; n--) info.memories.push(readLimits(body));
        break;
      case 7:
        for (let n = body.uleb(); n > 0; n--) {
          const name = body.name();
          const kind = externKind(body.u8());
          const index = body.uleb();
          info.exports.push(kind === 'func' ? { name, kind, index, type: functionTypes[index] } : { name, kind, index });
        }
        break;
    }
  }
  return info;
}

/**
 * A core module's imports with their function types, read no further than the import section
 * (types and imports come first): what linking checks on every run, without reading the rest.
 * Undefined when the types use what this reader does not know (the GC proposal's).
 */
export function readImportTypes(bytes: Uint8Array): ModuleImport[] | undefined {
  const info: CoreModuleInfo = { format: 'core', version: 1, imports: [], exports: [], memories: [], customSections: [], sections: [] };
  const types: FuncType[] = [];
  const reader = new ByteReader(bytes, 8);
  try {
    while (!reader.done) {
      const id = reader.u8();
      const size = reader.uleb();
      const body = new ByteReader(bytes, reader.offset, reader.offset + size);
      reader.take(size);
      if (id === 1) readTypes(body, types);
      else if (id === 2) readImports(body, types, info, []);
      else if (id !== 0) break;
    }
  } catch {
    return undefined;
  }
  return info.imports;
}

function readTypes(body: ByteReader, types: FuncType[]): void {
  for (let n = body.uleb(); n > 0; n--) {
    const form = body.u8();
    // 0x60 is a function type; rec/sub/struct/array (the GC proposal) are not read here.
    if (form !== 0x60) throw new RangeError(`type form 0x${form.toString(16)} (GC proposal) is not supported`);
    const params = vector(body, () => valueType(body));
    const results = vector(body, () => valueType(body));
    types.push({ params, results });
  }
}

function readImports(body: ByteReader, types: FuncType[], info: CoreModuleInfo, functionTypes: FuncType[]): void {
  for (let n = body.uleb(); n > 0; n--) {
    const module = body.name();
    const name = body.name();
    const kind = externKind(body.u8());
    if (kind === 'func') {
      const type = typeAt(types, body.uleb());
      functionTypes.push(type);
      info.imports.push({ module, name, kind, type });
    } else if (kind === 'memory') {
      info.imports.push({ module, name, kind, memory: readLimits(body) });
    } else {
      if (kind === 'table') {
        valueType(body);
        readLimits(body);
      } else if (kind === 'global') {
        valueType(body);
        body.u8();
      } else {
        body.u8(); // tag attribute
        body.uleb();
      }
      info.imports.push({ module, name, kind });
    }
  }
}

export function readLimits(body: ByteReader): MemoryLimits {
  const flags = body.u8();
  const min = body.uleb();
  const max = flags & 0x01 ? body.uleb() : undefined;
  return { min, ...(max === undefined ? {} : { max }), shared: (flags & 0x02) !== 0, memory64: (flags & 0x04) !== 0 };
}

function valueType(body: ByteReader): ValueType {
  const code = body.u8();
  switch (code) {
    case 0x7f: return 'i32';
    case 0x7e: return 'i64';
    case 0x7d: return 'f32';
    case 0x7c: return 'f64';
    case 0x7b: return 'v128';
    case 0x70: return 'funcref';
    case 0x6f: return 'externref';
    case 0x63:
    case 0x64:
      body.sleb(); // (ref null? heaptype)
      return 'ref';
    default:
      if (code >= 0x69 && code <= 0x74) return 'ref'; // GC abbreviations (anyref, eqref, …)
      throw new RangeError(`unknown value type 0x${code.toString(16)}`);
  }
}

function externKind(code: number): ExternKind {
  const kind = (['func', 'table', 'memory', 'global', 'tag'] as const)[code];
  if (!kind) throw new RangeError(`unknown import/export kind 0x${code.toString(16)}`);
  return kind;
}

function typeAt(types: FuncType[], index: number): FuncType {
  const type = types[index];
  if (!type) throw new RangeError(`type index ${index} out of range`);
  return type;
}

function vector<T>(body: ByteReader, item: () => T): T[] {
  const out: T[] = [];
  for (let n = body.uleb(); n > 0; n--) out.push(item());
  return out;
}

export function formatFuncType(type: FuncType): string {
  const results = type.results.length === 1 ? type.results[0]! : `(${type.results.join(', ')})`;
  return `(${type.params.join(', ')}) -> ${results}`;
}
