import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cacheFolder } from '@wasi-kit/errors';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../helpers/temp-dirs.js';

// A library user's process: the package's entry keeps the code V8 compiled for its chunks in the
// user's cache folder (code-cache.cjs), and compiles from it in the next process.
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const hello = fileURLToPath(new URL('../../../cli/test/fixtures/wat/hello.wat', import.meta.url));
const tempDir = tempDirs('wasi-kit-code-cache-');

/** A program that requires the package and runs hello.wat through `transport`. */
const user = (transport: string) => `
const Module = require('node:module');
const compile = Module.prototype._compile;
const runtime = require('@wasi-kit/runtime');
if (Module.prototype._compile !== compile) throw new Error('the process kept a compile hook');
runtime.${transport}({ module: ${JSON.stringify(hello)}, args: ['hello'] }).then((result) => { process.exitCode = result.exitCode; });
`;

async function runUser(env: NodeJS.ProcessEnv, transport = 'runInProcess') {
  const { NODE_COMPILE_CACHE: _, ...inherited } = process.env;
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['-e', user(transport)], { cwd: packageRoot, env: { ...inherited, ...env } });
  return { stdout, stderr };
}

const binFiles = (folder: string) => readdirSync(folder).filter((file) => file.endsWith('.bin')).sort();

describe('@wasi-kit/runtime keeps its compiled code between processes', () => {
  it("finds the cache folder as @wasi-kit/errors' cacheFolder does (it applies the rule by itself, loading before any bundle)", () => {
    const codeCache = createRequire(import.meta.url)('../../code-cache.cjs') as { cacheFolder: (env: NodeJS.ProcessEnv) => string };
    for (const env of [{ WASI_KIT_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x', HOME: '/h' }, { XDG_CACHE_HOME: '/x', HOME: '/h' }, { HOME: '/h' }]) {
      expect(codeCache.cacheFolder(env)).toBe(cacheFolder(env));
    }
  });

  it('in WASI_KIT_CACHE_DIR, one file per chunk loaded, read (not rewritten) by the next process', async () => {
    const cache = await tempDir();
    const first = await runUser({ WASI_KIT_CACHE_DIR: cache });
    expect(first).toEqual({ stdout: 'hello from wat\n', stderr: '' });
    const folder = path.join(cache, 'v8-code-cache');
    const files = binFiles(folder);
    // The entry's bundle and the chunks it requires at once (the host, its errors, the spec, …).
    expect(files.length).toBeGreaterThanOrEqual(3);
    const written = files.map((file) => statSync(path.join(folder, file)).mtimeMs);
    expect(await runUser({ WASI_KIT_CACHE_DIR: cache })).toEqual(first);
    expect(binFiles(folder)).toEqual(files);
    expect(files.map((file) => statSync(path.join(folder, file)).mtimeMs)).toEqual(written);
  });

  it("serves a worker's or a runner's start-up too (their entries' chunks are kept)", async () => {
    const inProcess = await tempDir();
    await runUser({ WASI_KIT_CACHE_DIR: inProcess });
    const kept = binFiles(path.join(inProcess, 'v8-code-cache'));
    for (const transport of ['runInWorker', 'runInChild']) {
      const cache = await tempDir();
      expect(await runUser({ WASI_KIT_CACHE_DIR: cache }, transport)).toEqual({ stdout: 'hello from wat\n', stderr: '' });
      const files = binFiles(path.join(cache, 'v8-code-cache'));
      expect(files).toEqual(expect.arrayContaining(kept));
      expect(files.length, transport).toBeGreaterThan(kept.length);
    }
  });

  it("keeps one file per chunk across builds: a rebuilt chunk's code replaces its old file", async () => {
    const cache = await tempDir();
    await runUser({ WASI_KIT_CACHE_DIR: cache });
    const folder = path.join(cache, 'v8-code-cache');
    const before = binFiles(folder);
    // A new build: the chunk's name stays (no content hash in it), its modification time moves.
    const chunk = path.join(packageRoot, 'dist', 'bundle', 'prepare.cjs');
    const { atime, mtime } = statSync(chunk);
    try {
      utimesSync(chunk, atime, new Date(mtime.getTime() + 1000));
      expect(await runUser({ WASI_KIT_CACHE_DIR: cache })).toEqual({ stdout: 'hello from wat\n', stderr: '' });
    } finally {
      utimesSync(chunk, atime, mtime);
    }
    const after = binFiles(folder);
    expect(after.length).toBe(before.length);
    const replaced = after.filter((file) => !before.includes(file));
    expect(replaced).toHaveLength(1);
    expect(before.some((file) => file.split('-')[0] === replaced[0]!.split('-')[0])).toBe(true);
  });

  it('replaces a damaged cache instead of trusting it', async () => {
    const cache = await tempDir();
    await runUser({ WASI_KIT_CACHE_DIR: cache });
    const folder = path.join(cache, 'v8-code-cache');
    const files = binFiles(folder);
    for (const file of files) writeFileSync(path.join(folder, file), 'not V8 code');
    expect(await runUser({ WASI_KIT_CACHE_DIR: cache })).toEqual({ stdout: 'hello from wat\n', stderr: '' });
    expect(binFiles(folder)).toEqual(files);
    for (const file of files) expect(readFileSync(path.join(folder, file), 'utf8')).not.toBe('not V8 code');
  });

  it("writes nothing with NODE_DISABLE_COMPILE_CACHE set (Node's own switch)", async () => {
    const cache = await tempDir();
    expect(await runUser({ WASI_KIT_CACHE_DIR: cache, NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual({ stdout: 'hello from wat\n', stderr: '' });
    expect(existsSync(path.join(cache, 'v8-code-cache'))).toBe(false);
  });

  it('runs the same where the folder cannot be made', async () => {
    expect(await runUser({ WASI_KIT_CACHE_DIR: '/proc/wasi-kit-none/cache' })).toEqual({ stdout: 'hello from wat\n', stderr: '' });
  });
});
