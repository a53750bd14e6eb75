import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { snapshotTree, type HostEntry } from './host-tree.js';

/**
 * A real temp directory with a preopen root inside and canaries beside it:
 *
 *   base/outside.txt           canary file next to the root
 *   base/outside/secret.txt    canary file in a sibling directory
 *   base/root/                 the preopen (guest `/sb`)
 *     file.txt, empty/, sub/inner.txt
 */
export interface SandboxLayout {
  base: string;
  root: string;
  outside: string;
  /** Random strings in the canary files: finding one in guest output means a read escaped. */
  canaries: string[];
  /** Everything under base except the root. */
  snapshotOutside(): Promise<Record<string, HostEntry>>;
  snapshotRoot(): Promise<Record<string, HostEntry>>;
  /** Creates a host symlink `root/<at>` → `target` (guest code cannot be trusted to). */
  link(target: string, at: string): Promise<void>;
  remove(): Promise<void>;
}

export async function makeSandbox(): Promise<SandboxLayout> {
  const base = await mkdtemp(path.join(os.tmpdir(), 'wasi-kit-sandbox-'));
  const root = path.join(base, 'root');
  const outside = path.join(base, 'outside');
  const canaries = [`OUTSIDE-CANARY-${randomBytes(6).toString('hex')}`, `OUTSIDE-SECRET-${randomBytes(6).toString('hex')}`];
  await mkdir(path.join(root, 'sub'), { recursive: true });
  await mkdir(path.join(root, 'empty'));
  await mkdir(outside);
  await writeFile(path.join(base, 'outside.txt'), canaries[0]!);
  await writeFile(path.join(outside, 'secret.txt'), canaries[1]!);
  await writeFile(path.join(root, 'file.txt'), 'inside');
  await writeFile(path.join(root, 'sub', 'inner.txt'), 'inner');
  return {
    base,
    root,
    outside,
    canaries,
    snapshotOutside: () => snapshotTree(base, ['root']),
    snapshotRoot: () => snapshotTree(root),
    link: (target, at) => symlink(target, path.join(root, at)),
    remove: () => rm(base, { recursive: true, force: true }),
  };
}
