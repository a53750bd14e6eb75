import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cargoMetadata } from '../src/metadata.js';
import { projectConfig } from '../src/project-config.js';
import { findToolchain } from '../src/toolchain.js';
import { tempDir } from './helpers/fixtures.js';

let cargo: string;
beforeAll(async () => {
  cargo = (await findToolchain()).cargo;
});

/** A crate whose Cargo.toml holds `metadata`, read the way wasi-kit reads it: through cargo metadata. */
async function configOf(metadata: string) {
  const dir = tempDir('config');
  writeFileSync(path.join(dir, 'Cargo.toml'), `[package]\nname = "app"\nversion = "0.1.0"\n\n${metadata}\n\n[dependencies]\n`);
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'src', 'main.rs'), 'fn main() {}\n');
  return { dir, read: async () => projectConfig(await cargoMetadata({ cwd: dir, cargo }), path.join(dir, 'Cargo.toml')) };
}

describe('[package.metadata.wasi-kit] from cargo metadata', () => {
  it('reads dirs, env and args', async () => {
    const { dir, read } = await configOf('[package.metadata.wasi-kit]\ndirs = [".", "data::/data::ro"]\nenv = { MODE = "dev" }\nargs = ["--verbose"]');
    expect(await read()).toEqual({ manifest: path.join(dir, 'Cargo.toml'), dirs: ['.', 'data::/data::ro'], env: { MODE: 'dev' }, args: ['--verbose'] });
  });

  it('reads the target a crate builds for', async () => {
    const { dir, read } = await configOf('[package.metadata.wasi-kit]\ntarget = "wasm32-wasip2"');
    expect(await read()).toEqual({ manifest: path.join(dir, 'Cargo.toml'), dirs: [], env: {}, args: [], target: 'wasm32-wasip2' });
  });

  it('is empty for a crate without the table', async () => {
    const { dir, read } = await configOf('');
    expect(await read()).toEqual({ manifest: path.join(dir, 'Cargo.toml'), dirs: [], env: {}, args: [] });
  });

  it.each([
    ['dirs = [".", 3]', 'package.metadata.wasi-kit.dirs[1]: expected a string, found 3'],
    ['dirs = "."', 'package.metadata.wasi-kit.dirs: expected an array of strings, found a string'],
    ['env = { A = ["x"] }', 'package.metadata.wasi-kit.env.A: expected a string, found an array'],
    ['args = [true]', 'package.metadata.wasi-kit.args[0]: expected a string, found true'],
    ['dir = ["."]', 'package.metadata.wasi-kit.dir: unknown key (expected dirs, env, args, target)'],
    ['target = "wasm32-wasip3"', 'package.metadata.wasi-kit.target: expected one of wasm32-wasip1, wasm32-wasi, wasm32-wasip2, found "wasm32-wasip3"'],
    ['target = 2', 'package.metadata.wasi-kit.target: expected one of wasm32-wasip1, wasm32-wasi, wasm32-wasip2, found 2'],
  ])('names the key in a one-line error: %s', async (line, message) => {
    const { read } = await configOf(`[package.metadata.wasi-kit]\n${line}`);
    await expect(read()).rejects.toThrow(message);
  });

  it('a value that is not a table is named too', async () => {
    const { read } = await configOf('[package.metadata]\nwasi-kit = 7');
    await expect(read()).rejects.toThrow('package.metadata.wasi-kit: expected a table, found 7');
  });
});
