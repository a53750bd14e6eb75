import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/index.js';
import { buildNativeComponentProbes, probeWasm } from '../helpers/probes.js';
import { tempDirs } from '../helpers/temp-dirs.js';

// The probes built natively for wasm32-wasip2 by Rust 1.85 (rustc + wasm-component-ld: wasi-libc's
// and std's own WASI 0.2 calls, not a wrapped preview1 module) against their wasm32-wasi builds:
// the same outcomes. WASI_KIT_RUST_185 names the toolchain (CI: scripts/ci/install-rust-1.85.sh).

const RUST_185 = process.env.WASI_KIT_RUST_185;
if (!RUST_185) console.log('skipped: probes built natively for wasm32-wasip2 (set WASI_KIT_RUST_185 to a folder with the cargo and rustc of Rust 1.85, as CI does)');

const tempDir = tempDirs('wasi-kit-native-p2-');

describe.skipIf(!RUST_185)('probes built natively for wasm32-wasip2 behave as their preview1 builds', () => {
  let native: Map<string, string>;
  beforeAll(async () => {
    native = await buildNativeComponentProbes();
  });

  /** Both builds of a probe, run with the same request; the grants are fresh copies of `files` each. */
  async function both(probe: 'std-files' | 'std-read' | 'stdio-echo' | 'args-env', request: { args: string[]; env?: Record<string, string>; stdin?: string; files?: Record<string, string>; links?: Record<string, string> }) {
    const results = [];
    for (const wasm of [await probeWasm(probe), native.get(probe)!]) {
      const dir = await tempDir();
      await mkdir(path.join(dir, 'data'));
      for (const [name, text] of Object.entries(request.files ?? {})) await writeFile(path.join(dir, name), text);
      for (const [name, target] of Object.entries(request.links ?? {})) await symlink(target.replace('$DIR', dir), path.join(dir, name));
      const result = await run(wasm, { args: request.args, env: request.env, stdin: request.stdin, preopens: { '/data': path.join(dir, 'data') }, capture: true });
      results.push({ ...result, data: Object.fromEntries(await Promise.all((await readdir(path.join(dir, 'data'))).map(async (name) => [name, await readFile(path.join(dir, 'data', name), 'utf8')]))) });
    }
    expect((await readFile(native.get(probe)!)).subarray(4, 8)).toEqual(Buffer.from([0x0d, 0x00, 0x01, 0x00]));
    return results;
  }

  it('std::fs reads, writes and lists the grant alike', async () => {
    const [p1, p2] = await both('std-files', { args: ['std-files', '/data'], files: { 'data/in.txt': 'native component\n' } });
    expect(p2).toEqual(p1);
    expect(p2!.data).toEqual({ 'in.txt': 'native component\n', 'out.txt': 'NATIVE COMPONENT\n' });
  });

  it('std::fs cannot leave the grant: .., absolute paths elsewhere and escaping symlinks fail alike', async () => {
    const paths = ['/data/in.txt', '/data/../secret.txt', '/secret.txt', '/data/sub/../../secret.txt', '/etc/hostname', 'in.txt', '/data/up', '/data/abs', '/data/in-link'];
    const links = { 'data/up': '../secret.txt', 'data/abs': '$DIR/secret.txt', 'data/in-link': 'in.txt' };
    const [p1, p2] = await both('std-read', { args: ['std-read', ...paths], files: { 'data/in.txt': 'inside', 'secret.txt': 'SECRET' }, links });
    expect(p2!.stdout).toBe(p1!.stdout);
    expect(p2!.stdout).not.toContain('SECRET');
    expect(p2!.stdout!.split('\n')[0]).toBe('ok inside');
    expect(p2!.stdout!.split('\n')[8]).toBe('ok inside');
  });

  it('args, env, stdin, stdout and stderr alike; exit codes 0 and 1 alike', async () => {
    const [p1, p2] = await both('args-env', { args: ['args-env.wasm', 'a b', '', 'ünï'], env: { K: 'v', EMPTY: '' } });
    expect(p2!.stdout).toBe(p1!.stdout);
    for (const code of ['0', '1']) {
      const [e1, e2] = await both('stdio-echo', { args: ['stdio-echo', code], stdin: 'through stdin' });
      expect(e2).toEqual(e1);
      expect(e2).toMatchObject({ exitCode: Number(code), stdout: 'through stdin', stderr: 'to stderr' });
    }
  });
});
