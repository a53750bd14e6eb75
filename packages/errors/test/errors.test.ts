import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheFolder, deserializeError, EXIT, isUserError, makeDirectory, printable, serializeError, UserError, withGuestOutput } from '../src/index.js';

describe('UserError', () => {
  it('defaults to exit 1 and keeps message, hint, details', () => {
    const error = new UserError('bad', { hint: 'fix it', details: 'cargo says\n' });
    expect([error.message, error.hint, error.details, error.exitCode]).toEqual(['bad', 'fix it', 'cargo says\n', EXIT.failure]);
    expect(isUserError(error)).toBe(true);
  });

  it('is recognised by its brand, not by duck-typed fields', () => {
    expect(isUserError(Object.assign(new Error('x'), { userFacing: true, hint: 'h', exitCode: 1 }))).toBe(false);
    const branded = Object.create(Error.prototype, { [Symbol.for('wasi-kit.user-error')]: { value: true } });
    expect(isUserError(branded)).toBe(true);
  });

  it('keeps subclass checks exact', () => {
    class Special extends UserError {}
    expect(new Special('x') instanceof Special).toBe(true);
    expect(new UserError('x') instanceof Special).toBe(false);
    expect(new Special('x') instanceof UserError).toBe(true);
  });
});

describe('serializeError', () => {
  it('round-trips a user error through structured clone with the same wording', () => {
    const sent = structuredClone(serializeError(new UserError('guest ran longer than 2s; stopped', { exitCode: EXIT.timeout, hint: 'h' })));
    const back = deserializeError(sent);
    expect(isUserError(back)).toBe(true);
    expect(back).toMatchObject({ message: 'guest ran longer than 2s; stopped', exitCode: 124, hint: 'h' });
    const coded = deserializeError(structuredClone(serializeError(new UserError('options.args: must be an array', { code: 'ERR_INVALID_ARG_TYPE' }))));
    expect(coded).toMatchObject({ message: 'options.args: must be an array', code: 'ERR_INVALID_ARG_TYPE' });
  });

  it('carries what a captured guest printed before the error across the boundary', () => {
    const trap = withGuestOutput(new UserError('wasm trap: unreachable', { exitCode: EXIT.trap }), { stdout: 'before\n', stderr: 'panicked\n' });
    const back = deserializeError(structuredClone(serializeError(trap)));
    expect(back).toMatchObject({ exitCode: 134, guestOutput: { stdout: 'before\n', stderr: 'panicked\n' } });
    expect(withGuestOutput(new TypeError('bug'), { stdout: '', stderr: '' })).not.toHaveProperty('guestOutput');
  });

  it('keeps a bug a bug, with its stack', () => {
    const bug = new TypeError('oops');
    const back = deserializeError(JSON.parse(JSON.stringify(serializeError(bug))));
    expect(isUserError(back)).toBe(false);
    expect(back.stack).toBe(bug.stack);
  });
});

describe('printable', () => {
  it('escapes every control character that could forge a line or drive the terminal', () => {
    expect(printable('a\nerror: forged')).toBe('a\\nerror: forged');
    expect(printable('\x1b]0;title\x07x')).toBe('\\e]0;title\\x07x');
    expect(printable('\r\u009b2J\u2028')).toBe('\\r\\x9b2J\\u2028');
    expect(printable('tab\tstays, ünïcode stays')).toBe('tab\tstays, ünïcode stays');
  });
});

describe('cacheFolder', () => {
  it('is WASI_KIT_CACHE_DIR, else XDG_CACHE_HOME/wasi-kit, else HOME/.cache/wasi-kit (what toolchains and components share)', () => {
    expect(cacheFolder({ WASI_KIT_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/c');
    expect(cacheFolder({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/x/wasi-kit');
    expect(cacheFolder({ HOME: '/h' })).toBe('/h/.cache/wasi-kit');
  });
});

describe('makeDirectory', () => {
  it('makes every missing folder, and is content with one already there', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'wasi-kit-mkdir-')), 'a', 'b', 'c');
    makeDirectory(dir);
    makeDirectory(dir);
    expect(existsSync(dir)).toBe(true);
  });

  it('throws where mkdir keeps answering ENOENT (under /proc), where Node\'s mkdir -p never returns', () => {
    expect(() => makeDirectory('/proc/wasi-kit-none/cache')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
