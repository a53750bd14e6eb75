import { expect } from 'vitest';
import { runGuest, type Preopen } from './run-guest.js';

/** One step of a `syscall-script` probe run and the line it must print (or any of several). */
export type ScriptStep = [op: string, expected: string | RegExp | (string | RegExp)[]];

/**
 * Runs the steps in one `syscall-script` guest and checks every printed line, reporting the whole
 * transcript on a mismatch so a failure names the exact call and errno.
 */
export async function expectScript(preopens: Record<string, Preopen>, steps: ScriptStep[], expectExit = 0): Promise<string[]> {
  const ops = steps.map(([op]) => op);
  const { stdout } = await runGuest({ module: 'syscall-script', args: ops, preopens, expectExit });
  const lines = stdout.split('\n').slice(0, -1);
  const transcript = ops.map((op, i) => `${op} → ${lines[i] ?? '(nothing)'}`).join('\n');
  steps.forEach(([op, expected], i) => {
    const line = lines[i] ?? '(nothing)';
    const accepted = Array.isArray(expected) ? expected : [expected];
    const matched = accepted.some((want) => (typeof want === 'string' ? want === line : want.test(line)));
    expect(matched, `\`${op}\` answered ${line}, expected ${accepted.join(' | ')}\n${transcript}`).toBe(true);
  });
  return lines;
}
