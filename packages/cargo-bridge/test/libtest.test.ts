import { isUserError } from '@wasi-kit/errors';
import { describe, expect, it } from 'vitest';
import { listArgs, outcomeOf, parseHarnessArgs, parseTestList, runOneArgs, testOutput, usesTestHarness } from '../src/libtest.js';

// Outputs below are what libtest prints for one test run with `--exact NAME --nocapture`.
describe('libtest protocol', () => {
  it('sorts harness arguments into filters, modes and what each one-test run gets', () => {
    const args = parseHarnessArgs(['greets', '--exact', '--skip', 'slow', '--skip=net', '--include-ignored', '--nocapture', '--test-threads=2', '--color', 'never', '--exclude-should-panic']);
    expect(args).toMatchObject({ filters: ['greets'], skip: ['slow', 'net'], exact: true, ignored: 'include', nocapture: true, testThreads: 2 });
    expect(listArgs(args)).toEqual(['--list', '--format', 'terse', '--exact', '--skip', 'slow', '--skip', 'net', 'greets']);
    expect(listArgs(args, false)).toEqual(['--list', '--format', 'terse']);
    expect(runOneArgs(args, 'tests::a')).toEqual(['--exact', 'tests::a', '--nocapture', '--test-threads', '1', '--include-ignored', '--color=never', '--exclude-should-panic']);
    expect(listArgs(parseHarnessArgs(['--ignored']))).toEqual(['--list', '--format', 'terse', '--ignored']);
    expect(parseHarnessArgs(['-q']).quiet).toBe(true);
    expect(parseHarnessArgs(['--format', 'terse']).quiet).toBe(true);
    expect(parseHarnessArgs(['--no-capture']).nocapture).toBe(true);
  });

  it.each([
    [['--frobnicate'], /unknown test harness option --frobnicate/],
    [['--skip'], /--skip needs a value/],
    [['--test-threads', '0'], /--test-threads 0: expected a whole number/],
    [['--format', 'json'], /--format json is not supported/],
    [['--bench'], /does not run benchmarks/],
  ])('refuses %j with one line and a hint', (args, message) => {
    let error: unknown;
    try {
      parseHarnessArgs(args);
    } catch (caught) {
      error = caught;
    }
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
    expect(isUserError(error)).toBe(true);
    expect(error).toMatchObject({ hint: expect.any(String) });
  });

  it('reads the terse list, benchmarks left out', () => {
    expect(parseTestList('tests::a: test\ntests::b c: test\nbench_x: benchmark\n')).toEqual(['tests::a', 'tests::b c']);
    expect(parseTestList('')).toEqual([]);
  });

  it('takes the verdict from libtest\'s summary, and a crash without one as a failure', () => {
    const ok = '\nrunning 1 test\ntest t ... ok\n\ntest result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 5 filtered out\n\n';
    expect(outcomeOf(0, ok)).toBe('ok');
    expect(outcomeOf(0, ok.replace('1 passed; 0 failed; 0 ignored', '0 passed; 0 failed; 1 ignored'))).toBe('ignored');
    expect(outcomeOf(101, ok.replace('1 passed; 0 failed', '0 passed; 1 failed'))).toBe('FAILED');
    expect(outcomeOf(134, '\nrunning 1 test\ntest t ... ')).toBe('FAILED');
    expect(outcomeOf(3, '')).toBe('FAILED');
  });

  it('keeps the test\'s own output and drops libtest\'s frame', () => {
    expect(testOutput('\nrunning 1 test\ntest tests::c ... hello\nok\n\ntest result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out\n\n', 'tests::c')).toBe('hello\n');
    expect(testOutput('\nrunning 1 test\ntest tests::b ... before\n', 'tests::b')).toBe('before\n');
    expect(testOutput('\nrunning 1 test\ntest a.b ... ok\n\ntest result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out\n\n', 'a.b')).toBe('');
    const failed = '\nrunning 1 test\ntest t ... FAILED\n\nfailures:\n\n---- t stdout ----\nError: "bad"\n\nfailures:\n    t\n\ntest result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out\n\n';
    expect(testOutput(failed, 't')).toBe('Error: "bad"\n');
  });

  it('recognises a libtest binary by the option names it carries', () => {
    expect(usesTestHarness(new TextEncoder().encode('\0asm...Run ignored and not ignored tests include-ignored...'))).toBe(true);
    expect(usesTestHarness(new TextEncoder().encode('\0asm plain program'))).toBe(false);
  });
});
