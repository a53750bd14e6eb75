import { createHash } from 'node:crypto';
import { readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cacheFolder, makeDirectory } from '@wasi-kit/errors';

/**
 * Components run as jco transpiles them: a JS module that lifts and lowers the component's calls
 * around a few core modules, given its `wasi:*` imports at instantiation. Transpiling costs a
 * second and loads jco; the output is cached under the component's content hash, so a second run
 * only imports the JS and compiles the core modules, as a module run compiles its one.
 *
 * The cache is bounded: a dev loop on a wasip2 project makes a new component (a new entry of a few
 * MB) on every save. An entry is stamped each time a run uses it, and once the cache holds more
 * than KEPT_ENTRIES, the least recently used go, except any used within IN_USE_MS (another run
 * may have just found it and be about to import it).
 */

export interface TranspiledComponent {
  /** The generated ES module (`.mjs`: the cache folder has no package.json saying "module"). */
  jsFile: string;
  dir: string;
}

/** Part of the cache key: bump when the transpile options or the host's import shape change. */
const HOST_ABI = 7;
const JCO_TRANSPILE = '@bytecodealliance/jco-transpile';
const JS_NAME = 'component.mjs';
export const KEPT_ENTRIES = 32;
const IN_USE_MS = 10 * 60 * 1000;
/** An entry's folder: the SHA-256 of the host ABI and the component (a staging folder has a suffix). */
const ENTRY_NAME = /^[0-9a-f]{64}$/;

/** The `components` folder of wasi-kit's cache folder. */
export function componentCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheFolder(env), 'components');
}

export async function transpiledComponent(bytes: Uint8Array, cacheDir = componentCacheDir()): Promise<TranspiledComponent> {
  const key = createHash('sha256').update(`wasi-kit component host ${HOST_ABI}\0`).update(bytes).digest('hex');
  const dir = path.join(cacheDir, key);
  const jsFile = path.join(dir, JS_NAME);
  // A stat, not a read: the module is read once, when the run imports it.
  if (await stat(jsFile).then(() => true, () => false)) {
    const now = new Date();
    await utimes(dir, now, now).catch(() => {});
    return { jsFile, dir };
  }

  const files = await transpile(bytes);
  // Written beside the final folder and renamed into place: a reader never sees half a cache entry.
  const staging = `${dir}.${process.pid}.${Date.now()}.tmp`;
  makeDirectory(staging);
  try {
    for (const [name, contents] of Object.entries(files)) await writeFile(path.join(staging, name === 'component.js' ? JS_NAME : name), contents);
    await rename(staging, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another run cached the same component first: theirs is as good as ours.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  // A cache that cannot be tidied only costs disk: the run goes on.
  await removeLeastRecentlyUsed(cacheDir).catch(() => {});
  return { jsFile, dir };
}

async function removeLeastRecentlyUsed(cacheDir: string): Promise<void> {
  const names = (await readdir(cacheDir)).filter((name) => ENTRY_NAME.test(name));
  if (names.length <= KEPT_ENTRIES) return;
  const entries = await Promise.all(names.map(async (name) => {
    const entry = path.join(cacheDir, name);
    return { entry, usedAt: await stat(entry).then((stats) => stats.mtimeMs, () => Date.now()) };
  }));
  entries.sort((a, b) => b.usedAt - a.usedAt);
  const inUseSince = Date.now() - IN_USE_MS;
  for (const { entry, usedAt } of entries.slice(KEPT_ENTRIES)) {
    if (usedAt < inUseSince) await rm(entry, { recursive: true, force: true });
  }
}

async function transpile(bytes: Uint8Array): Promise<Record<string, Uint8Array>> {
  const { transpileBytes } = (await import(JCO_TRANSPILE)) as typeof import('@bytecodealliance/jco-transpile');
  const { files } = await transpileBytes(bytes, {
    name: 'component',
    // Imports are handed over at instantiation (one host per run), core modules compiled by us.
    instantiation: { tag: 'async' },
    emitTypescriptDeclarations: false,
  });
  const kept = Object.entries(files).filter(([name]) => !name.endsWith('.d.ts'));
  return Object.fromEntries(kept.map(([name, contents]) => [name, name.endsWith('.js') ? conformingGlue(contents) : contents]));
}

/** jco's glue with the places it departs from the canonical ABI put right, and its debug switch read once (below). */
function conformingGlue(js: Uint8Array): Uint8Array {
  return new TextEncoder().encode(debugSwitchReadOnce(checkBorrowedHandles(checkListBounds(strictStrings(allocateEmptyStrings(new TextDecoder().decode(js)))))));
}

const DEBUG_LOG = `  const _debugLog = (...args) => {
    if (!globalThis?.process?.env?.JCO_DEBUG) { return; }
    console.debug(...args);
  };`;

/**
 * jco's glue logs each step of every call when JCO_DEBUG is set, and looks that up in
 * process.env (a call into Node's C++ each time) about ten times per import call: a third of a
 * component's small write. It is read once, when the glue loads.
 */
function debugSwitchReadOnce(source: string): string {
  return source.replace(DEBUG_LOG, '  const _debugLog = globalThis?.process?.env?.JCO_DEBUG ? (...args) => console.debug(...args) : () => {};');
}

/**
 * A string the guest passes must be valid UTF-8 (the canonical ABI traps otherwise, as wasmtime
 * does); jco's decoder would put U+FFFD in its place, so a path could name another file than the
 * guest's bytes did. The fatal decoder's TypeError is thrown in the glue: the guest's trap.
 */
function strictStrings(source: string): string {
  return source.replaceAll('const TEXT_DECODER_UTF8 = new TextDecoder();', "const TEXT_DECODER_UTF8 = new TextDecoder('utf-8', { fatal: true });");
}

/**
 * The canonical ABI allocates every lowered string, also an empty one (`realloc(0, 0, 1, 0)`), as
 * wasmtime does; jco skips the call for "" and hands out pointer 1. Guests whose allocator places
 * strings where the host asked (the preview1 adapter's args_get and environ_get) then read outside
 * their buffer, so the generated code is put back in line with the spec here.
 */
function allocateEmptyStrings(source: string): string {
  return source.replaceAll('if (s.length === 0) { return { ptr: 1, len: 0 }; }', 'if (s.length === 0) { return { ptr: realloc(0, 0, 1, 0), len: 0 }; }');
}

/** jco lifts a list of numbers the guest passes (a write's bytes) by copying memory.buffer.slice(ptr, ptr + len * size). */
const LIST_LIFT = /new (\w+)\((memory\d+)\.buffer\.slice\((\w+), \3 \+ (\w+) \* (\d+)\)\)/g;
const LIST_VIEW = 'wasiKitListView';

/**
 * The canonical ABI traps on a list that does not lie inside the guest's memory; `slice` instead
 * clamps it (and reads a pointer past 2^31, an i32 in JS, from the end), so the host would get
 * other bytes than the guest named. Each such lift gets the spec's bounds check; its RangeError,
 * thrown in this glue, is reported as the guest's trap (run-component.ts).
 *
 * The list is also handed over as a view of the guest's memory, not a copy: the only lists a
 * WASI 0.2 import takes are the bytes of a write, which the host writes or copies before it
 * returns, so no later memory.grow can detach them under it. The copy (and its garbage) was a
 * fifth of a component's small write, and Node writes a view of memory faster than a fresh buffer.
 */
function checkListBounds(source: string): string {
  if (source.search(LIST_LIFT) === -1) return source;
  const patched = source.replace(LIST_LIFT, `${LIST_VIEW}($1, $2, $3, $4, $5)`);
  return `${patched}
function ${LIST_VIEW}(Type, memory, ptr, len, size) {
  const start = ptr >>> 0;
  const end = start + (len >>> 0) * size;
  if (end > memory.buffer.byteLength) throw new RangeError(\`list of \${len >>> 0} elements at \${start} lies outside the component's memory (\${memory.buffer.byteLength} bytes)\`);
  return new Type(memory.buffer, start, len >>> 0);
}
`;
}

/** jco looks up the resource behind a handle the guest lends the host (a `borrow` parameter) without checking it. */
const BORROW_LIFT = /var (rep\d+) = (handleTable\d+)\[\((handle\d+) << 1\) \+ 1\] & ~T_FLAG;/g;
const LIVE_REP = 'wasiKitLiveRep';

/**
 * The canonical ABI traps on a handle that is not a live entry of the component's table; jco's
 * glue instead hands the host a blank object of the resource's class for it (no fd, no stream),
 * which no host method expects. Each lookup gets the check its own `rscTableRemove` makes.
 */
function checkBorrowedHandles(source: string): string {
  if (source.search(BORROW_LIFT) === -1) return source;
  const patched = source.replace(BORROW_LIFT, `var $1 = ${LIVE_REP}($2, $3, T_FLAG);`);
  return `${patched}
function ${LIVE_REP}(table, handle, freeFlag) {
  const scope = table[handle << 1];
  const value = table[(handle << 1) + 1];
  if (handle <= 0 || !value || (scope & freeFlag) !== 0) throw new WebAssembly.RuntimeError(\`unknown handle index \${handle}\`);
  return value & ~freeFlag;
}
`;
}
