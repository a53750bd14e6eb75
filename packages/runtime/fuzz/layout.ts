import { closeSync, constants, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readlinkSync, readSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The fuzzer's real sandbox: a writable grant and a read-only one, symlinks that stay inside and
 * ones that point out (relative, absolute, through `..`), and an `outside/` tree no call may change.
 *
 *   root/outside/{secret.txt, dir/inner.txt}        never granted
 *   root/rw/      granted read-write as /rw (fd 3)   a.txt, sub/b.txt, links in and out
 *   root/ro/      granted read-only as /ro (fd 4)    c.txt, sub/d.txt, links in and out
 */
export interface FuzzSandbox {
  root: string;
  rw: string;
  ro: string;
  /** Rebuilds rw/ as it was (the guest may change it freely). */
  resetWritable(): void;
  remove(): void;
}

export const GUEST_RW = '/rw';
export const GUEST_RO = '/ro';

function populate(dir: string, file: string): void {
  mkdirSync(path.join(dir, 'sub'), { recursive: true });
  writeFileSync(path.join(dir, file), `contents of ${file}\n`);
  writeFileSync(path.join(dir, 'sub', 'inner.txt'), 'inner\n');
  symlinkSync(file, path.join(dir, 'link-in'));
  symlinkSync('sub', path.join(dir, 'link-sub'));
  symlinkSync('../outside/secret.txt', path.join(dir, 'link-out'));
  symlinkSync('../outside', path.join(dir, 'link-out-dir'));
  symlinkSync(path.join(dir, '..', 'outside', 'secret.txt'), path.join(dir, 'link-abs'));
  symlinkSync('..', path.join(dir, 'sub', 'link-up'));
  symlinkSync('../..', path.join(dir, 'sub', 'link-up-up'));
  symlinkSync('link-loop', path.join(dir, 'link-loop'));
  symlinkSync('missing', path.join(dir, 'link-dangling'));
}

export function makeSandbox(): FuzzSandbox {
  const root = mkdtempSync(path.join(tmpdir(), 'wasi-kit-fuzz-'));
  const [outside, rw, ro] = ['outside', 'rw', 'ro'].map((name) => path.join(root, name)) as [string, string, string];
  mkdirSync(path.join(outside, 'dir'), { recursive: true });
  writeFileSync(path.join(outside, 'secret.txt'), 'secret\n');
  writeFileSync(path.join(outside, 'dir', 'inner.txt'), 'outside inner\n');
  populate(ro, 'c.txt');
  const resetWritable = (): void => {
    rmSync(rw, { recursive: true, force: true });
    populate(rw, 'a.txt');
  };
  resetWritable();
  return { root, rw, ro, resetWritable, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** What a file system entry looks like to the snapshot: anything a guest could change. */
type EntryState = Record<string, string>;

const NO_ATIME = constants.O_NOATIME ?? 0;

function contentsOf(file: string): string {
  // O_NOATIME: the snapshot itself must not change what it compares.
  const fd = openSync(file, constants.O_RDONLY | NO_ATIME);
  try {
    const chunk = Buffer.alloc(4096);
    const n = readSync(fd, chunk, 0, chunk.length, 0);
    return chunk.subarray(0, n).toString('base64');
  } finally {
    closeSync(fd);
  }
}

/**
 * Inode, type, mode, size, link count, times (atime of files outside the grants too), link
 * targets and contents of every entry under root except inside rw/ (which the guest may change).
 */
export function snapshot(sandbox: FuzzSandbox): Map<string, EntryState> {
  const states = new Map<string, EntryState>();
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const relative = path.relative(sandbox.root, full);
      const stat = lstatSync(full, { bigint: true });
      const state: EntryState = {
        ino: String(stat.ino), mode: String(stat.mode), size: String(stat.size), nlink: String(stat.nlink),
        mtime: String(stat.mtimeNs), ctime: String(stat.ctimeNs), uid: String(stat.uid),
      };
      if (stat.isFile()) {
        state.contents = contentsOf(full);
        // Guests read the read-only grant legitimately; nothing may even read outside.
        if (!relative.startsWith(`ro${path.sep}`)) state.atime = String(stat.atimeNs);
      }
      if (stat.isSymbolicLink()) state.target = readlinkSync(full);
      if (full === sandbox.rw) {
        // rw/ itself may gain and lose entries (its times change); it must stay the same directory.
        states.set(relative, { ino: String(stat.ino), mode: String(stat.mode) });
        continue;
      }
      states.set(relative, state);
      if (stat.isDirectory()) visit(full);
    }
  };
  visit(sandbox.root);
  return states;
}

/** The differences between two snapshots, one line each (empty when nothing changed). */
export function changes(before: Map<string, EntryState>, after: Map<string, EntryState>): string[] {
  const lines: string[] = [];
  for (const [name, state] of before) {
    const now = after.get(name);
    if (now === undefined) {
      lines.push(`${name}: removed`);
      continue;
    }
    for (const key of new Set([...Object.keys(state), ...Object.keys(now)])) {
      if (state[key] !== now[key]) lines.push(`${name}: ${key} ${state[key] ?? '-'} → ${now[key] ?? '-'}`);
    }
  }
  for (const name of after.keys()) if (!before.has(name)) lines.push(`${name}: created`);
  return lines;
}
