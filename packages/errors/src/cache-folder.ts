import path from 'node:path';

/**
 * wasi-kit's cache folder: `$WASI_KIT_CACHE_DIR`, else `$XDG_CACHE_HOME/wasi-kit`, else
 * `~/.cache/wasi-kit`. The toolchain cache (toolchains.json) and transpiled components live in it;
 * the runtime's code-cache.cjs applies the same rule by itself (it loads before any bundle).
 */
export function cacheFolder(env: NodeJS.ProcessEnv = process.env): string {
  // node:os only when HOME is unset: loading it costs every process ~0.5 ms of start-up.
  return env.WASI_KIT_CACHE_DIR || path.join(env.XDG_CACHE_HOME || path.join(env.HOME || process.getBuiltinModule('node:os').homedir(), '.cache'), 'wasi-kit');
}
