import { readComponentWorld, type ComponentWorld } from '../component/world.js';
import { printable } from '@wasi-kit/errors';
import { InvalidModule } from '../module-errors.js';
import { PAGE_SIZE } from './memory-limit.js';
import { formatFuncType, readModule, type CustomSection, type ExternKind, type MemoryLimits } from './module-reader.js';
import { compileModule, loadModule } from './module-source.js';

/** Everything `wasi-kit inspect` shows; also its `--json` output. */
export interface ModuleInspection {
  file: string;
  size: number;
  format: 'core' | 'component';
  /** The preamble's version field (1 for core modules; 0x0d for today's components). */
  version: number;
  layer: number;
  /** WASI namespaces imported (`wasi_snapshot_preview1`, `wasi_unstable`) and the functions used. */
  wasi: { namespace: string; functions: string[] }[];
  otherImports: { module: string; name: string; kind: ExternKind; signature?: string }[];
  exports: { name: string; kind: ExternKind; signature?: string }[];
  memories: (MemoryLimits & { importedFrom?: string; minBytes: number; maxBytes?: number })[];
  customSections: CustomSection[];
  /** A component's world: its imported and exported interfaces, versions included. */
  world?: ComponentWorld;
}

const WASI_NAMESPACES = new Set(['wasi_snapshot_preview1', 'wasi_unstable']);

export async function inspectFile(file: string): Promise<ModuleInspection> {
  const { bytes } = await loadModule(file);
  let info: ReturnType<typeof readModule>;
  try {
    info = readModule(bytes);
  } catch (error) {
    await compileModule(file, bytes);
    throw new InvalidModule(`${file}: cannot read the module's sections: ${(error as Error).message}`);
  }
  const base = { file, size: bytes.length, version: info.version, wasi: [], otherImports: [], exports: [], memories: [], customSections: [] };
  if (info.format === 'component') return { ...base, format: 'component', layer: info.layer, world: componentWorld(file, bytes) };

  const wasi = new Map<string, string[]>();
  const inspection: ModuleInspection = { ...base, format: 'core', layer: 0 };
  for (const entry of info.imports) {
    if (WASI_NAMESPACES.has(entry.module) && entry.kind === 'func') {
      wasi.set(entry.module, [...(wasi.get(entry.module) ?? []), entry.name]);
    } else {
      inspection.otherImports.push({ module: entry.module, name: entry.name, kind: entry.kind, ...(entry.type ? { signature: formatFuncType(entry.type) } : {}) });
    }
    if (entry.memory) inspection.memories.push(memoryLimits(entry.memory, `${entry.module}.${entry.name}`));
  }
  inspection.wasi = [...wasi].map(([namespace, functions]) => ({ namespace, functions }));
  inspection.memories.push(...info.memories.map((memory) => memoryLimits(memory)));
  inspection.exports = info.exports.map((entry) => ({ name: entry.name, kind: entry.kind, ...(entry.type ? { signature: formatFuncType(entry.type) } : {}) }));
  inspection.customSections = info.customSections;
  return inspection;
}

function componentWorld(file: string, bytes: Uint8Array): ComponentWorld {
  try {
    return readComponentWorld(bytes);
  } catch (error) {
    throw new InvalidModule(`${file}: cannot read the component's imports and exports: ${printable((error as Error).message)}`);
  }
}

function memoryLimits(memory: MemoryLimits, importedFrom?: string): ModuleInspection['memories'][number] {
  return {
    ...memory,
    ...(importedFrom ? { importedFrom } : {}),
    minBytes: memory.min * PAGE_SIZE,
    ...(memory.max === undefined ? {} : { maxBytes: memory.max * PAGE_SIZE }),
  };
}
