import { spawn } from 'node:child_process';
import { closeSync, lstatSync, mkdirSync, openSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WasiError } from '../../src/failures.js';
import { setTimes, validateFstflags } from '../../src/fs/timestamps.js';
import { tempDir } from '../preview1/harness.js';

const [ATIM, ATIM_NOW, MTIM, MTIM_NOW] = [1, 2, 4, 8];

describe('setTimes', () => {
  it('sets exact nanoseconds through an fd and leaves the other time as it was', () => {
    const file = path.join(tempDir('times'), 'f');
    writeFileSync(file, '');
    const before = statSync(file, { bigint: true });
    const fd = openSync(file, 'r');
    setTimes({ hostFd: fd }, 0n, before.mtimeNs - 100n, MTIM);
    closeSync(fd);
    const after = statSync(file, { bigint: true });
    expect(after.mtimeNs).toBe(before.mtimeNs - 100n);
    expect(after.atimeNs).toBe(before.atimeNs);
  });

  it('sets a path without following a final symlink, exactly', () => {
    const dir = tempDir('times');
    writeFileSync(path.join(dir, 'target'), '');
    symlinkSync('target', path.join(dir, 'link'));
    const targetBefore = lstatSync(path.join(dir, 'target'), { bigint: true });
    const dirFd = openSync(dir, 'r');
    setTimes({ hostPath: `/proc/self/fd/${dirFd}/link` }, 1_600_000_000_123_456_789n, 1_500_000_000_987_654_321n, ATIM | MTIM);
    closeSync(dirFd);
    const link = lstatSync(path.join(dir, 'link'), { bigint: true });
    expect(link.mtimeNs).toBe(1_500_000_000_987_654_321n);
    expect(link.atimeNs).toBe(1_600_000_000_123_456_789n);
    expect(lstatSync(path.join(dir, 'target'), { bigint: true }).mtimeNs).toBe(targetBefore.mtimeNs);
  });

  it('never names a file by pid: with process.pid naming another process, only the target changes', async () => {
    // The pid-namespace case of issue 11: process.pid names some other process. Here it names a
    // child whose fd N (and whose fd N's `sub/f`) is a decoy, N being the fds the host holds.
    const dir = tempDir('times');
    const [target, decoyDir] = [path.join(dir, 'target'), path.join(dir, 'decoy')];
    mkdirSync(path.join(decoyDir, 'sub'), { recursive: true });
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(target, '');
    writeFileSync(path.join(dir, 'sub', 'f'), '');
    writeFileSync(path.join(decoyDir, 'sub', 'f'), '');
    const fileFd = openSync(target, 'r');
    const dirFd = openSync(dir, 'r');
    const decoyFd = openSync(decoyDir, 'r');
    const stdio: (number | 'ignore')[] = Array.from({ length: Math.max(fileFd, dirFd) + 1 }, () => 'ignore');
    stdio[fileFd] = decoyFd;
    stdio[dirFd] = decoyFd;
    const other = spawn('sleep', ['30'], { stdio });
    await new Promise((resolve) => other.once('spawn', resolve));
    const decoyBefore = lstatSync(path.join(decoyDir, 'sub', 'f'), { bigint: true }).mtimeNs;
    const decoyDirBefore = lstatSync(decoyDir, { bigint: true }).mtimeNs;
    const realPid = process.pid;
    Object.defineProperty(process, 'pid', { value: other.pid, configurable: true });
    try {
      setTimes({ hostFd: fileFd }, 0n, 1_500_000_000_000_000_001n, MTIM);
      setTimes({ hostPath: `/proc/self/fd/${dirFd}/sub/f` }, 0n, 1_500_000_000_000_000_002n, MTIM);
    } finally {
      Object.defineProperty(process, 'pid', { value: realPid, configurable: true });
      other.kill();
      [fileFd, dirFd, decoyFd].forEach((fd) => closeSync(fd));
    }
    expect(statSync(target, { bigint: true }).mtimeNs).toBe(1_500_000_000_000_000_001n);
    expect(lstatSync(path.join(dir, 'sub', 'f'), { bigint: true }).mtimeNs).toBe(1_500_000_000_000_000_002n);
    expect(lstatSync(path.join(decoyDir, 'sub', 'f'), { bigint: true }).mtimeNs).toBe(decoyBefore);
    expect(lstatSync(decoyDir, { bigint: true }).mtimeNs).toBe(decoyDirBefore);
  });

  it('*_NOW sets the current time', () => {
    const file = path.join(tempDir('times'), 'f');
    writeFileSync(file, '');
    const fd = openSync(file, 'r');
    setTimes({ hostFd: fd }, 0n, 0n, ATIM | MTIM);
    setTimes({ hostFd: fd }, 0n, 0n, MTIM_NOW);
    closeSync(fd);
    expect(Math.abs(statSync(file).mtimeMs - Date.now())).toBeLessThan(60_000);
    expect(statSync(file).atimeMs).toBe(0);
  });

  it('validateFstflags refuses unknown bits and a time together with its *_NOW', () => {
    expect(() => validateFstflags(ATIM | ATIM_NOW)).toThrow(WasiError);
    expect(() => validateFstflags(MTIM | MTIM_NOW)).toThrow(WasiError);
    expect(() => validateFstflags(32)).toThrow(WasiError);
    expect(() => validateFstflags(ATIM | MTIM_NOW)).not.toThrow();
  });
});
