import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cargoMetadata } from '../src/metadata.js';
import { configWithoutMetadata, packageConfig, projectConfig } from '../src/project-config.js';
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

describe('configWithoutMetadata: the config known from the manifest\'s text alone', () => {
  // Whenever it answers, cargo agrees; it answers for a manifest without the table.
  const spellings: Array<[string, string, boolean]> = [
    ['no metadata at all', '', true],
    ['another tool\'s table', '[package.metadata.other]\nargs = ["x"]', true],
    ['the table', '[package.metadata.wasi-kit]\nargs = ["x"]', false],
    ['a quoted key', '[package.metadata."wasi-kit"]\nargs = ["x"]', false],
    ['a key spelled with an escape', '[package.metadata]\n"wasi\\u002Dkit" = { args = ["x"] }', false],
  ];
  for (const [name, metadata, answers] of spellings) {
    it(`${name}: ${answers ? 'answers, as cargo does' : 'leaves it to cargo metadata'}`, async () => {
      const { dir, read } = await configOf(metadata);
      const known = configWithoutMetadata(path.join(dir, 'Cargo.toml'));
      if (answers) expect(known).toEqual(await read());
      else expect(known).toBeUndefined();
      if (!answers) expect((await read()).args).toEqual(['x']);
    });
  }

  it('leaves a manifest it cannot read, or that is not a regular file, to cargo metadata', () => {
    const dir = tempDir('config-missing');
    expect(configWithoutMetadata(path.join(dir, 'Cargo.toml'))).toBeUndefined();
    // Reading a FIFO would block until a writer comes.
    execFileSync('mkfifo', [path.join(dir, 'fifo.toml')]);
    expect(configWithoutMetadata(path.join(dir, 'fifo.toml'))).toBeUndefined();
  });
});

describe('packageConfig', () => {
  it('asks for cargo metadata only when the manifest may hold a config', async () => {
    let asked = 0;
    const { dir: plain } = await configOf('');
    const metadataOf = (dir: string) => async () => (asked++, cargoMetadata({ cwd: dir, cargo }));
    expect(await packageConfig(path.join(plain, 'Cargo.toml'), metadataOf(plain))).toEqual({ manifest: path.join(plain, 'Cargo.toml'), dirs: [], env: {}, args: [] });
    expect(asked).toBe(0);
    const { dir, read } = await configOf('[package.metadata.wasi-kit]\nargs = ["x"]');
    expect(await packageConfig(path.join(dir, 'Cargo.toml'), metadataOf(dir))).toEqual(await read());
    expect(asked).toBe(1);
  });
});
