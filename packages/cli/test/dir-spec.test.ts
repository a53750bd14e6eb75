import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDirSpec, toPreopens } from '../src/dir-spec.js';
import { tempDir } from './helpers/cli.js';

describe('--dir HOST[::GUEST][::ro]', () => {
  const cwd = tempDir('dir-spec');
  mkdirSync(path.join(cwd, 'data'));

  it.each([
    ['data', { host: path.join(cwd, 'data'), guest: 'data', readonly: false }],
    ['.', { host: cwd, guest: '.', readonly: false }],
    ['data::/data', { host: path.join(cwd, 'data'), guest: '/data', readonly: false }],
    ['data::/data::ro', { host: path.join(cwd, 'data'), guest: '/data', readonly: true }],
    ['data::/data::rw', { host: path.join(cwd, 'data'), guest: '/data', readonly: false }],
  ])('%s', (spec, grant) => {
    expect(parseDirSpec(spec, cwd)).toEqual(grant);
  });

  it.each([
    ['', 'expected HOST, HOST::GUEST or HOST::GUEST::ro'],
    ['data::', 'expected HOST, HOST::GUEST or HOST::GUEST::ro'],
    ['data::/data::rx', 'expected HOST, HOST::GUEST or HOST::GUEST::ro'],
    ['data::/a::ro::x', 'expected HOST, HOST::GUEST or HOST::GUEST::ro'],
    ['data::ro', '"ro" is in the GUEST place'],
    ['missing', 'does not exist'],
  ])('refuses %j', (spec, message) => {
    expect(() => parseDirSpec(spec, cwd)).toThrow(message);
  });

  it('hints the read-only spelling when the mode is in the guest place', () => {
    expect(() => parseDirSpec('data::ro', cwd)).toThrow(expect.objectContaining({ hint: 'to grant data read-only at its own name, write data::data::ro' }));
  });

  it('gives the runtime a path for read-write and { path, readonly } for read-only; a later grant wins', () => {
    const grants = ['data::/d', '.::/d::ro', 'data::/w'].map((spec) => parseDirSpec(spec, cwd));
    expect(toPreopens(grants)).toEqual({ '/d': { path: cwd, readonly: true }, '/w': path.join(cwd, 'data') });
  });
});
