import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDirSpec } from '../src/dir-spec.js';
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
    // GUEST and the mode are read from the right: a host folder whose name holds "::" still works.
    ['odd::name::/data', { host: path.join(cwd, 'odd::name'), guest: '/data', readonly: false }],
    ['odd::name::/data::ro', { host: path.join(cwd, 'odd::name'), guest: '/data', readonly: true }],
  ])('%s', (spec, grant) => {
    expect(parseDirSpec(spec, cwd)).toEqual({ ...grant, label: `--dir ${spec}` });
  });

  it.each([
    ['', 'expected HOST, HOST::GUEST or HOST::GUEST::ro'],
    ['data::', 'expected HOST, HOST::GUEST or HOST::GUEST::ro'],
    ['data::/data::rx', 'unknown mode "rx"'],
    ['::/data', 'expected HOST, HOST::GUEST or HOST::GUEST::ro'],
    ['data::ro', '"ro" is in the GUEST place'],
  ])('refuses %j', (spec, message) => {
    expect(() => parseDirSpec(spec, cwd)).toThrow(message);
  });

  it('hints the read-only spelling when the mode is in the guest place', () => {
    expect(() => parseDirSpec('data::ro', cwd)).toThrow(expect.objectContaining({ hint: 'to grant data read-only at its own name, write data::data::ro' }));
  });
});
