import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findManifest, loadProjectConfig } from '../../src/project/config.js';
import { resolveGuestSettings } from '../../src/project/guest-settings.js';
import { tempDir } from '../helpers/cli.js';

function crate(metadata: string): string {
  const dir = tempDir('config');
  writeFileSync(path.join(dir, 'Cargo.toml'), `[package]\nname = "app"\nversion = "0.1.0"\n\n${metadata}\n\n[dependencies]\n`);
  return dir;
}

describe('loadProjectConfig: [package.metadata.wasi-kit]', () => {
  it('reads dirs, env and args', () => {
    const dir = crate('[package.metadata.wasi-kit]\ndirs = [".", "data::/data::ro"]\nenv = { MODE = "dev" }\nargs = ["--verbose"]');
    expect(loadProjectConfig(path.join(dir, 'Cargo.toml'))).toEqual({ root: dir, dirs: ['.', 'data::/data::ro'], env: { MODE: 'dev' }, args: ['--verbose'] });
  });

  it('reads the target a crate builds for', () => {
    const dir = crate('[package.metadata.wasi-kit]\ntarget = "wasm32-wasip2"');
    expect(loadProjectConfig(path.join(dir, 'Cargo.toml'))).toEqual({ root: dir, dirs: [], env: {}, args: [], target: 'wasm32-wasip2' });
  });

  it('is empty for a crate without the table', () => {
    const dir = crate('');
    expect(loadProjectConfig(path.join(dir, 'Cargo.toml'))).toEqual({ root: dir, dirs: [], env: {}, args: [] });
  });

  it.each([
    ['dirs = [".", 3]', 'package.metadata.wasi-kit.dirs[1]: expected a string, found 3'],
    ['dirs = "."', 'package.metadata.wasi-kit.dirs: expected an array of strings, found a string'],
    ['env = { A = ["x"] }', 'package.metadata.wasi-kit.env.A: expected a string, found an array'],
    ['args = [true]', 'package.metadata.wasi-kit.args[0]: expected a string, found true'],
    ['dir = ["."]', 'package.metadata.wasi-kit.dir: unknown key (expected dirs, env, args, target)'],
    ['target = "wasm32-wasip3"', 'package.metadata.wasi-kit.target: expected one of wasm32-wasip1, wasm32-wasi, wasm32-wasip2, found "wasm32-wasip3"'],
    ['target = 2', 'package.metadata.wasi-kit.target: expected one of wasm32-wasip1, wasm32-wasi, wasm32-wasip2, found 2'],
  ])('names the key in a one-line error: %s', (line, message) => {
    const dir = crate(`[package.metadata.wasi-kit]\n${line}`);
    expect(() => loadProjectConfig(path.join(dir, 'Cargo.toml'))).toThrow(message);
  });

  it('reports TOML syntax errors with the file and line', () => {
    const dir = crate('[package.metadata.wasi-kit]\nargs = ["unterminated]');
    expect(() => loadProjectConfig(path.join(dir, 'Cargo.toml'))).toThrow(/Cargo\.toml:6: newline in a string$/);
  });

  it('finds the nearest Cargo.toml above a folder', () => {
    const dir = crate('');
    mkdirSync(path.join(dir, 'src', 'deep'), { recursive: true });
    expect(findManifest(path.join(dir, 'src', 'deep'))).toBe(path.join(dir, 'Cargo.toml'));
  });
});

describe('resolveGuestSettings: flags over config', () => {
  const dir = crate('');
  mkdirSync(path.join(dir, 'data'));
  mkdirSync(path.join(dir, 'other'));
  const config = { root: dir, dirs: ['.', 'data::/data::ro'], env: { A: 'config', B: 'config' }, args: ['from-config'] };

  it('uses the config when no flags are given, resolving its dirs against the crate', () => {
    const settings = resolveGuestSettings(config, { dir: [], env: [], args: undefined }, '/');
    expect(settings).toEqual({
      grants: [
        { host: dir, guest: '.', readonly: false },
        { host: path.join(dir, 'data'), guest: '/data', readonly: true },
      ],
      env: { A: 'config', B: 'config' },
      args: ['from-config'],
    });
  });

  it('lets --dir replace the grant of the same guest path, --env one key and arguments the whole list', () => {
    const settings = resolveGuestSettings(config, { dir: ['other::/data'], env: ['B=flag'], args: ['x'] }, dir);
    expect(settings.grants).toEqual([
      { host: dir, guest: '.', readonly: false },
      { host: path.join(dir, 'other'), guest: '/data', readonly: false },
    ]);
    expect(settings.env).toEqual({ A: 'config', B: 'flag' });
    expect(settings.args).toEqual(['x']);
  });

  it('names the config entry when a configured dir does not exist', () => {
    expect(() => resolveGuestSettings({ ...config, dirs: ['missing'] }, { dir: [], env: [], args: undefined }, dir)).toThrow(
      /Cargo.toml: package.metadata.wasi-kit.dirs\[0\]: missing: .* does not exist/,
    );
  });
});
