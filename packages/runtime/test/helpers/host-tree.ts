import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';

/** What a test can see of one host entry: enough to notice a read-write escape. */
export interface HostEntry {
  type: 'file' | 'dir' | 'symlink' | 'other';
  mode: number;
  mtimeMs: number;
  size: number;
  nlink: number;
  content?: string;
  target?: string;
}

/**
 * Records every entry under `dir` (relative path → entry), skipping the subtrees in `skip`
 * (the preopened root, which the guest may legitimately change).
 */
export async function snapshotTree(dir: string, skip: string[] = []): Promise<Record<string, HostEntry>> {
  const tree: Record<string, HostEntry> = {};
  async function walk(relative: string): Promise<void> {
    for (const name of (await readdir(path.join(dir, relative))).sort()) {
      const rel = path.join(relative, name);
      if (skip.includes(rel)) continue;
      const full = path.join(dir, rel);
      const stat = await lstat(full);
      const entry: HostEntry = {
        type: stat.isFile() ? 'file' : stat.isDirectory() ? 'dir' : stat.isSymbolicLink() ? 'symlink' : 'other',
        mode: stat.mode,
        mtimeMs: stat.mtimeMs,
        size: stat.size,
        nlink: stat.nlink,
      };
      if (entry.type === 'file') entry.content = await readFile(full, 'utf8');
      if (entry.type === 'symlink') entry.target = await readlink(full);
      tree[rel] = entry;
      if (entry.type === 'dir') await walk(rel);
    }
  }
  await walk('');
  return tree;
}
