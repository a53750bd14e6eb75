import { describe, expect, it } from 'vitest';
import { WasiKitError } from '../src/errors.js';
import { durationLabel, parseDuration } from '../src/run/duration.js';

describe('parseDuration (--timeout)', () => {
  it.each([
    ['500ms', 500],
    ['2s', 2000],
    ['1.5s', 1500],
    ['1m', 60_000],
    ['1h', 3_600_000],
    ['.25s', 250],
    // A bare number is seconds, as in wasmtime's `-W timeout=` (and its old `--timeout`).
    ['2', 2000],
    ['0.5', 500],
    ['1500us', 2],
    ['10ns', 1],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['2 sec', '-1s', '0s', '0', 'soon', '', '1d'])('refuses %j with an example', (text) => {
    expect(() => parseDuration(text)).toThrow(WasiKitError);
    expect(() => parseDuration(text)).toThrow(`--timeout ${text}: expected a positive duration`);
  });

  it.each(['999999h', '99999999999999'])('refuses %j as longer than a timer can wait', (text) => {
    expect(() => parseDuration(text)).toThrow(`--timeout ${text}: longer than the longest timeout, 24 days`);
  });
});

describe('durationLabel (how a timeout is named in its message)', () => {
  it.each([
    ['2', '2s'],
    [' 0.5 ', '0.5s'],
    ['500ms', '500ms'],
    ['1m', '1m'],
  ])('%j reads %j', (text, label) => {
    expect(durationLabel(text)).toBe(label);
  });
});
