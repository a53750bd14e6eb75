import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findManifest } from '../../src/project/config.js';
import { resolveGuestSettings } from '../../src/project/guest-settings.js';
import { tempDir } from '../helpers/cli.js';

function crate(metadata: string): string {
  const dir = tempDir('config');
  writeFileSync(path.join(dir, 'Cargo.toml'), `[package]\nname = "app"\nversion = "0.1.0"\n\n${metadata}\n\n[dependencies]\n`);
  return dir;
}

describe('findManifest', () => {
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
  const config = { manifest: path.join(dir, 'Cargo.toml'), dirs: ['.', 'data::/data::ro'], env: { A: 'config', B: 'config' }, args: ['from-config'] };

  it('uses the config when no flags are given, resolving its dirs against the crate', () => {
    const settings = resolveGuestSettings(config, { dir: [], env: [], args: undefined }, '/');
    // Labels name the manifest as seen from the working directory.
    const shown = path.relative('/', config.manifest);
    expect(settings).toEqual({
      grants: [
        { host: dir, guest: '.', readonly: false, label: `${shown}: package.metadata.wasi-kit.dirs[0]: .` },
        { host: path.join(dir, 'data'), guest: '/data', readonly: true, label: `${shown}: package.metadata.wasi-kit.dirs[1]: data::/data::ro` },
      ],
      env: { A: 'config', B: 'config' },
      args: ['from-config'],
    });
  });

  it('lets --dir replace the grant of the same guest path, --env one key and arguments the whole list', () => {
    const settings = resolveGuestSettings(config, { dir: ['other::/data'], env: ['B=flag'], args: ['x'] }, dir);
    expect(settings.grants.map(({ host, guest }) => [host, guest])).toEqual([
      [dir, '.'],
      [path.join(dir, 'other'), '/data'],
    ]);
    expect(settings.env).toEqual({ A: 'config', B: 'flag' });
    expect(settings.args).toEqual(['x']);
  });

  it('labels each config grant with its key, so the runtime names it if the folder is missing', () => {
    const [grant] = resolveGuestSettings({ ...config, dirs: ['missing'] }, { dir: [], env: [], args: undefined }, dir).grants;
    expect(grant).toEqual({ host: path.join(dir, 'missing'), guest: 'missing', readonly: false, label: 'Cargo.toml: package.metadata.wasi-kit.dirs[0]: missing' });
  });
});
