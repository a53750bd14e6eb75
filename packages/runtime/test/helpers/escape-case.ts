import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';

// A refusal is EPERM, the errno wasmtime (cap-std) returns whenever a path leads outside, whatever
// the call (wasi-testsuite also allows ENOTCAPABLE, node:wasi's answer).
export const REFUSED = ['EPERM'];
/** wasmtime answers EPERM for a change under a read-only dir; EROFS is what Linux would say. */
export const READONLY = [...REFUSED, 'EROFS'];
/** `read $f 64` of root/file.txt. */
export const OK_INSIDE = 'ok inside';

/** One `syscall-script` run against a sandbox layout, and what it must answer. */
export interface EscapeCase {
  name: string;
  /** Host symlinks made inside the root before the run: [target, link path]. `$base` → base dir. */
  links?: [string, string][];
  ops: string[];
  /** One entry per op: the exact line, or the lines any of which is acceptable. */
  expect: (string | string[])[];
  /** Host paths (relative to base) that must not exist afterwards. */
  absent?: string[];
  /** Preopen `base/rootlink` (a host symlink to root) instead of root itself. */
  viaSymlinkedRoot?: boolean;
}

/** Checks one printed line per op, showing the whole transcript on a mismatch. */
export function expectLines(stdout: string, expected: (string | string[])[], ops: string[]): void {
  const lines = stdout.split('\n').slice(0, -1);
  const report = ops.map((op, i) => `${op} → ${lines[i] ?? '(nothing)'}`).join('\n');
  expect(lines.length, `one line per op:\n${report}`).toBe(expected.length);
  expected.forEach((want, i) => {
    const accepted = Array.isArray(want) ? want : [want];
    expect(accepted, `op ${i + 1} \`${ops[i]}\` answered ${lines[i]}:\n${report}`).toContain(lines[i]);
  });
}

/** Asserts that none of `absent` (relative to base) exists on the host. */
export async function expectAbsent(base: string, absent: string[] = []): Promise<void> {
  for (const rel of absent) {
    const exists = await lstat(path.join(base, rel)).then(
      () => true,
      () => false,
    );
    expect(exists, `${rel} was created`).toBe(false);
  }
}
