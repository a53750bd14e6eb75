import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchedSink } from '../../src/fd/output-batch.js';
import { GuestTrap, run } from '../../src/index.js';
import { wat } from '../api/wat.js';
import { tempDir } from '../preview1/harness.js';

/** A command writing `parts` as [fd, text] pairs in order, then trapping if asked. */
function script(parts: [number, string][], trap = false): string {
  let offset = 1024;
  const data: string[] = [];
  const calls: string[] = [];
  for (const [fd, text] of parts) {
    data.push(`(data (i32.const ${offset}) "${text}")`);
    calls.push(`(i32.store (i32.const 0) (i32.const ${offset})) (i32.store (i32.const 4) (i32.const ${text.length}))
      (drop (call $fd_write (i32.const ${fd}) (i32.const 0) (i32.const 1) (i32.const 8)))`);
    offset += text.length;
  }
  return `(module
    (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "sched_yield" (func $yield (result i32)))
    (memory (export "memory") 4) ${data.join(' ')}
    (func (export "_start") ${calls.join(' ')} (drop (call $yield)) ${trap ? '(unreachable)' : ''}))`;
}

describe('batched stdout/stderr (files and non-terminal devices)', () => {
  it('batches only regular files and devices, never pipes or in-memory sinks', () => {
    const file = path.join(tempDir('batch'), 'out');
    const fd = openSync(file, 'w');
    expect(BatchedSink.suits(fd)).toBe(true);
    closeSync(fd);
    const devNull = openSync('/dev/null', 'w');
    expect(BatchedSink.suits(devNull)).toBe(true);
    closeSync(devNull);
    expect(BatchedSink.suits(-1)).toBe(false);
  });

  it('keeps stdout and stderr bytes in the order the guest wrote them', async () => {
    const file = path.join(tempDir('batch'), 'both');
    const fd = openSync(file, 'w');
    const parts: [number, string][] = [[1, 'one '], [1, 'two '], [2, 'ERR '], [1, 'three '], [2, 'ERR2 '], [2, 'ERR3 '], [1, 'four']];
    const result = await run(await wat(script(parts)), { stdout: fd, stderr: fd });
    closeSync(fd);
    expect(result.exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('one two ERR three ERR2 ERR3 four');
  });

  it('writes out what was batched when the guest traps', async () => {
    const file = path.join(tempDir('batch'), 'trap');
    const fd = openSync(file, 'w');
    await expect(run(await wat(script([[1, 'before the trap']], true)), { stdout: fd })).rejects.toBeInstanceOf(GuestTrap);
    closeSync(fd);
    expect(readFileSync(file, 'utf8')).toBe('before the trap');
  });

  it('handles more than one 64 KiB batch', async () => {
    const file = path.join(tempDir('batch'), 'big');
    const fd = openSync(file, 'w');
    const line = 'x'.repeat(100);
    const parts = Array.from({ length: 700 }, (_, i): [number, string] => [1, `${line}${String(i).padStart(4, '0')}`]);
    await run(await wat(script(parts)), { stdout: fd });
    closeSync(fd);
    expect(readFileSync(file, 'utf8')).toBe(parts.map(([, text]) => text).join(''));
  });
});
