import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type Binaryen from 'binaryen';
import { stripCustomSections, usedFeatures } from './wasm-sections.js';

/** Sizes in bytes along the release pipeline. */
export interface OptimizeReport {
  before: number;
  stripped: number;
  after: number;
  /** True when the result came from the cache of earlier optimisations of the same bytes. */
  cached: boolean;
}

type BinaryenApi = typeof Binaryen;

/** tool-conventions feature names → binaryen's flags. */
function featureFlags(binaryen: BinaryenApi): Record<string, Binaryen.Features> {
  return {
    atomics: binaryen.Features.Atomics,
    'mutable-globals': binaryen.Features.MutableGlobals,
    'nontrapping-fptoint': binaryen.Features.NontrappingFPToInt,
    simd128: binaryen.Features.SIMD128,
    'bulk-memory': binaryen.Features.BulkMemory,
    'bulk-memory-opt': binaryen.Features.BulkMemoryOpt,
    'sign-ext': binaryen.Features.SignExt,
    'exception-handling': binaryen.Features.ExceptionHandling,
    'tail-call': binaryen.Features.TailCall,
    'reference-types': binaryen.Features.ReferenceTypes,
    multivalue: binaryen.Features.Multivalue,
    gc: binaryen.Features.GC,
    memory64: binaryen.Features.Memory64,
    'relaxed-simd': binaryen.Features.RelaxedSIMD,
    'extended-const': binaryen.Features.ExtendedConst,
    multimemory: binaryen.Features.MultiMemory,
    'call-indirect-overlong': binaryen.Features.CallIndirectOverlong,
  };
}

let loading: Promise<BinaryenApi> | undefined;

/** binaryen.js costs ~300 ms to load, so it is loaded on the first optimisation, not with the package. */
function loadBinaryen(): Promise<BinaryenApi> {
  loading ??= import('./binaryen-import.js').then(({ importBinaryen }) => importBinaryen()).then((module) => module.default);
  return loading;
}

/**
 * What `wasm-strip` then `wasm-opt -Oz` do: drop custom sections (names, producers, DWARF) and
 * optimise for size, with exactly the features the module declares so no new ones are introduced.
 */
export async function optimizeModule(raw: Uint8Array): Promise<{ stripped: Uint8Array<ArrayBuffer>; optimized: Uint8Array<ArrayBuffer> }> {
  const binaryen = await loadBinaryen();
  const flags = featureFlags(binaryen);
  const features = (usedFeatures(raw) ?? []).reduce((all, name) => all | (flags[name] ?? 0), binaryen.Features.MVP);
  const stripped = stripCustomSections(raw);
  // binaryen.js takes the features as readBinary's second argument (its .d.ts names a readBinaryWithFeatures it does not export).
  const readBinary = binaryen.readBinary as (data: Uint8Array, features?: Binaryen.Features) => Binaryen.Module;
  const module = readBinary(stripped, features);
  try {
    binaryen.setOptimizeLevel(2);
    binaryen.setShrinkLevel(2);
    binaryen.setDebugInfo(false);
    module.optimize();
    // binaryen may add its own custom sections (e.g. target_features) back; none are wanted.
    return { stripped, optimized: stripCustomSections(module.emitBinary()) };
  } finally {
    module.dispose();
  }
}

/**
 * Optimises a cargo output in place: written to a temp file and renamed, so the file is never
 * half-written and cargo's hard link in `deps/` keeps the raw module. Cargo re-links the raw
 * module on every build, so the result is kept by content hash in `<profile dir>/.wasi-kit-opt/`
 * (one entry per artifact: the newest replaces the older ones).
 */
export async function optimizeFile(wasm: string): Promise<OptimizeReport> {
  const raw = readFileSync(wasm);
  const base = path.basename(wasm, '.wasm');
  const cacheDir = path.join(path.dirname(wasm), '.wasi-kit-opt');
  const cached = path.join(cacheDir, `${base}-${createHash('sha256').update(raw).digest('hex')}.wasm`);
  let stripped: number;
  const hit = existsSync(cached);
  if (hit) {
    stripped = stripCustomSections(raw).length;
  } else {
    const result = await optimizeModule(raw);
    stripped = result.stripped.length;
    mkdirSync(cacheDir, { recursive: true });
    for (const old of readdirSync(cacheDir)) if (old.startsWith(`${base}-`)) rmSync(path.join(cacheDir, old), { force: true });
    writeAtomically(cached, result.optimized);
  }
  const optimized = readFileSync(cached);
  writeAtomically(wasm, optimized);
  return { before: raw.length, stripped, after: optimized.length, cached: hit };
}

function writeAtomically(file: string, bytes: Uint8Array): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, file);
}
