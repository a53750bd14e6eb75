import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir, wasiKit } from './helpers/cli.js';

const WAT = fileURLToPath(new URL('./fixtures/wat/', import.meta.url));
/** Node 20 has no compile cache: the bin keeps V8's code cache itself (bin/code-cache.js). */
const ownCodeCache = !('enableCompileCache' in module);

describe('wasi-kit start-up: compiled code kept between runs', () => {
  it('keeps it in WASI_KIT_CACHE_DIR and runs the same from it', async () => {
    const cache = tempDir('start-up-cache');
    const env = { WASI_KIT_CACHE_DIR: cache, NODE_COMPILE_CACHE: undefined };
    const first = await wasiKit(['run', '--invoke', 'add', 'math.wat', '2', '40'], { cwd: WAT, env });
    expect(first).toMatchObject({ exitCode: 0, stdout: '42' });
    expect(readdirSync(cache)).toContain(ownCodeCache ? 'v8-code-cache' : 'node-compile-cache');
    if (ownCodeCache) expect(readdirSync(path.join(cache, 'v8-code-cache')).length).toBeGreaterThan(0);
    const second = await wasiKit(['run', '--invoke', 'add', 'math.wat', '2', '40'], { cwd: WAT, env });
    expect(second).toEqual(first);
  });

  it.runIf(ownCodeCache)('replaces a damaged cache instead of trusting it, and drops what an older build left', async () => {
    const cache = tempDir('start-up-damaged');
    const env = { WASI_KIT_CACHE_DIR: cache };
    expect((await wasiKit(['run', 'hello.wat'], { cwd: WAT, env })).exitCode).toBe(0);
    const folder = path.join(cache, 'v8-code-cache');
    const files = readdirSync(folder);
    // <bundle>-<build>.bin: the same bundles' code from another build, which is never read again.
    const stale = files.map((file) => `${file.split('-')[0]}-00000000.bin`);
    for (const file of files) writeFileSync(path.join(folder, file), 'not V8 code');
    for (const file of stale) writeFileSync(path.join(folder, file), 'an older build');
    expect(await wasiKit(['run', 'hello.wat'], { cwd: WAT, env })).toMatchObject({ exitCode: 0, stdout: 'hello from wat', stderr: '' });
    for (const file of files) expect(readFileSync(path.join(folder, file), 'utf8')).not.toBe('not V8 code');
    expect(readdirSync(folder).sort()).toEqual([...files].sort());
  });

  it("keeps nothing with NODE_DISABLE_COMPILE_CACHE set (Node's switch)", async () => {
    const cache = tempDir('start-up-disabled');
    const run = await wasiKit(['run', 'hello.wat'], { cwd: WAT, env: { WASI_KIT_CACHE_DIR: cache, NODE_COMPILE_CACHE: undefined, NODE_DISABLE_COMPILE_CACHE: '1' } });
    expect(run).toMatchObject({ exitCode: 0, stdout: 'hello from wat', stderr: '' });
    expect(readdirSync(cache)).toEqual([]);
  });

  it('runs without a cache where the folder cannot be made (Node\'s own mkdir -p never returns under /proc)', async () => {
    const run = await wasiKit(['run', 'hello.wat'], { cwd: WAT, env: { WASI_KIT_CACHE_DIR: '/proc/wasi-kit-none/cache', NODE_COMPILE_CACHE: undefined } });
    expect(run).toMatchObject({ exitCode: 0, stdout: 'hello from wat', stderr: '' });
  });

  it('builds without the toolchain cache where its folder cannot be made, rather than hanging', async () => {
    const dir = path.join(tempDir('start-up-build'), 'nocache');
    expect((await wasiKit(['new', dir, '--template', 'hello'])).exitCode).toBe(0);
    const build = await wasiKit(['build'], { cwd: dir, env: { WASI_KIT_CACHE_DIR: '/proc/wasi-kit-none/cache' } });
    expect(build.exitCode, build.stderr).toBe(0);
    expect(build.stdout).toMatch(/nocache\.wasm$/);
  });
});

describe('wasi-kit start-up: the bundles', () => {
  // V8 keeps a script with one character above 0x7f as two-byte text: reading, hashing and
  // scanning it cost a `wasi-kit run` ~8 ms (the bundlers' charset: 'ascii' and comments: false).
  it('are ASCII-only, as every command loads them', () => {
    const require = createRequire(import.meta.url);
    const folders = [
      fileURLToPath(new URL('../dist/bundle/', import.meta.url)),
      path.dirname(require.resolve('@wasi-kit/runtime')),
      path.dirname(require.resolve('@wasi-kit/cargo-bridge')),
    ];
    const bundles = folders.flatMap((folder) => readdirSync(folder).filter((file) => file.endsWith('.cjs')).map((file) => path.join(folder, file)));
    expect(bundles.length).toBeGreaterThan(5);
    const notAscii = bundles.filter((file) => /[^\x00-\x7f]/.test(readFileSync(file, 'utf8')));
    expect(notAscii).toEqual([]);
  });
});

describe('wasi-kit start-up: bin/require-package.js', () => {
  // The bundle and dev's early runner load the workspace packages through it, by path.
  const require = createRequire(fileURLToPath(new URL('../bin/wasi-kit.js', import.meta.url)));
  const { requirePackage } = require('../bin/require-package.js') as { requirePackage: (from: NodeJS.Require, name: string, subpath?: string) => unknown };

  it('loads the very module require() by name loads, for each export', () => {
    expect(requirePackage(require, '@wasi-kit/runtime')).toBe(require('@wasi-kit/runtime'));
    expect(requirePackage(require, '@wasi-kit/runtime', '/runner')).toBe(require('@wasi-kit/runtime/runner'));
    expect(requirePackage(require, '@wasi-kit/cargo-bridge')).toBe(require('@wasi-kit/cargo-bridge'));
  });

  it('leaves a package no node_modules folder holds to Node, which says so', () => {
    expect(() => requirePackage(require, '@wasi-kit/not-a-package')).toThrow(expect.objectContaining({ code: 'MODULE_NOT_FOUND' }));
  });
});
