import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { configuredBuild } from '../src/configured-build.js';
import { CargoBridgeError, TargetNotInstalled } from '../src/errors.js';
import { projectConfig } from '../src/project-config.js';
import { findToolchain, type WasiToolchain } from '../src/toolchain.js';
import { copyFixture, processesMentioning, runWasm } from './helpers/fixtures.js';

let toolchain: WasiToolchain;
beforeAll(async () => {
  toolchain = await findToolchain();
});

/** The `ok` crate with `[package.metadata.wasi-kit]` holding `table`. */
function crateWithConfig(table: string): { dir: string; manifest: string } {
  const dir = copyFixture('ok');
  const manifest = path.join(dir, 'Cargo.toml');
  if (table !== '') appendFileSync(manifest, `\n[package.metadata.wasi-kit]\n${table}\n`);
  return { dir, manifest };
}

describe('configuredBuild', () => {
  it('builds for the default target beside cargo metadata, and returns that one read of the config', async () => {
    const { dir, manifest } = crateWithConfig('args = ["x"]');
    const reads: unknown[] = [];
    const { result, metadata: read } = await configuredBuild({ cwd: dir, toolchain, progress: false, manifest, targetFrom: (read) => (reads.push(read), projectConfig(read, manifest).target) });
    const metadata = await read();
    expect(reads).toEqual([metadata]);
    expect(result.target).toBe(toolchain.target);
    expect(projectConfig(metadata, manifest).args).toEqual(['x']);
    expect((await runWasm(result.artifacts[0]!.wasm)).stdout).toBe('ok v0\n');
  });

  it('a manifest without a config is built without cargo metadata beside it; its metadata is read when asked for', async () => {
    const { dir, manifest } = crateWithConfig('');
    let asked = 0;
    const { result, metadata } = await configuredBuild({ cwd: dir, toolchain, progress: false, manifest, targetFrom: () => (asked++, undefined) });
    expect(asked).toBe(0);
    expect(result.target).toBe(toolchain.target);
    expect(projectConfig(await metadata(), manifest)).toEqual({ manifest, dirs: [], env: {}, args: [] });
    expect(await metadata()).toBe(await metadata());
  });

  it('a manifest cargo cannot parse is still worded by file and line', async () => {
    const { dir, manifest } = crateWithConfig('');
    appendFileSync(manifest, 'broken = = 1\n');
    const error = await configuredBuild({ cwd: dir, toolchain, progress: false, manifest, targetFrom: () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CargoBridgeError);
    expect((error as Error).message).toMatch(/Cargo\.toml:\d+: /);
    expect((error as CargoBridgeError).hint).toBe('fix the TOML syntax in Cargo.toml');
  });

  it('a bad config fails with its one line, and the build beside it is stopped', async () => {
    const { dir, manifest } = crateWithConfig('dirs = [7]');
    const error = await configuredBuild({ cwd: dir, toolchain, progress: false, manifest, targetFrom: (read) => projectConfig(read, manifest).target }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CargoBridgeError);
    expect((error as Error).message).toBe(`${path.relative(process.cwd(), manifest)}: package.metadata.wasi-kit.dirs[0]: expected a string, found 7`);
    expect(processesMentioning(dir)).toEqual([]);
  });

  it('a config target the toolchain cannot build says so, whatever the default build did', async () => {
    // wasm32-wasip2 needs Rust 1.82 with its std; this machine's WASI toolchain is checked first.
    if (toolchain.version.minor >= 82) return;
    const { dir, manifest } = crateWithConfig('target = "wasm32-wasip2"');
    await expect(configuredBuild({ cwd: dir, toolchain, progress: false, manifest, targetFrom: (read) => projectConfig(read, manifest).target })).rejects.toBeInstanceOf(TargetNotInstalled);
  });
});
