import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

/**
 * Components run as jco transpiles them: a JS module that lifts and lowers the component's calls
 * around a few core modules, given its `wasi:*` imports at instantiation. Transpiling costs a
 * second and loads jco; the output is cached under the component's content hash, so a second run
 * only imports the JS and compiles the core modules, as a module run compiles its one.
 */

export interface TranspiledComponent {
  /** The generated ES module (`.mjs`: the cache folder has no package.json saying "module"). */
  jsFile: string;
  dir: string;
}

/** Part of the cache key: bump when the transpile options or the host's import shape change. */
const HOST_ABI = 2;
const JCO_TRANSPILE = '@bytecodealliance/jco-transpile';
const JS_NAME = 'component.mjs';

/** `$WASI_KIT_CACHE_DIR`, else `$XDG_CACHE_HOME/wasi-kit`, else `~/.cache/wasi-kit` (the toolchain cache's rule). */
export function componentCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const root = env.WASI_KIT_CACHE_DIR || path.join(env.XDG_CACHE_HOME || path.join(env.HOME || homedir(), '.cache'), 'wasi-kit');
  return path.join(root, 'components');
}

export async function transpiledComponent(bytes: Uint8Array, cacheDir = componentCacheDir()): Promise<TranspiledComponent> {
  const key = createHash('sha256').update(`wasi-kit component host ${HOST_ABI}\0`).update(bytes).digest('hex');
  const dir = path.join(cacheDir, key);
  const jsFile = path.join(dir, JS_NAME);
  if (await readFile(jsFile).then(() => true, () => false)) return { jsFile, dir };

  const files = await transpile(bytes);
  // Written beside the final folder and renamed into place: a reader never sees half a cache entry.
  const staging = `${dir}.${process.pid}.${Date.now()}.tmp`;
  await mkdir(staging, { recursive: true });
  try {
    for (const [name, contents] of Object.entries(files)) await writeFile(path.join(staging, name === 'component.js' ? JS_NAME : name), contents);
    await rename(staging, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another run cached the same component first: theirs is as good as ours.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { jsFile, dir };
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
  return Object.fromEntries(kept.map(([name, contents]) => [name, name.endsWith('.js') ? allocateEmptyStrings(contents) : contents]));
}

/**
 * The canonical ABI allocates every lowered string, also an empty one (`realloc(0, 0, 1, 0)`), as
 * wasmtime does; jco skips the call for "" and hands out pointer 1. Guests whose allocator places
 * strings where the host asked (the preview1 adapter's args_get and environ_get) then read outside
 * their buffer, so the generated code is put back in line with the spec here.
 */
function allocateEmptyStrings(js: Uint8Array): Uint8Array {
  const source = new TextDecoder().decode(js);
  const patched = source.replaceAll('if (s.length === 0) { return { ptr: 1, len: 0 }; }', 'if (s.length === 0) { return { ptr: realloc(0, 0, 1, 0), len: 0 }; }');
  return new TextEncoder().encode(patched);
}
