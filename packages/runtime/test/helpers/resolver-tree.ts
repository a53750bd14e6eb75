import { constants, mkdirSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DirectoryHandle } from '../../src/fs/sandbox.js';
import { tempDir } from '../preview1/harness.js';

/**
 * The tree the resolver suites walk: `root/a/b/`, `root/a/file` ("inside"), `outside/secret`, and
 * symlinks that stay inside (`to-b`, `to-file`, `a/to-file`) or lead out (`up`, `abs`,
 * `a/rel-out`), plus a `loop`. `dir` is `root` opened as a directory (the caller closes it).
 */
export function makeResolverTree(label: string): { base: string; root: string; outside: string; dir: DirectoryHandle } {
  const base = tempDir(label);
  const root = path.join(base, 'root');
  const outside = path.join(base, 'outside');
  mkdirSync(path.join(root, 'a', 'b'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'secret'), 'secret');
  writeFileSync(path.join(root, 'a', 'file'), 'inside');
  symlinkSync('a/b', path.join(root, 'to-b'));
  symlinkSync('a/file', path.join(root, 'to-file'));
  symlinkSync('file', path.join(root, 'a', 'to-file'));
  symlinkSync('..', path.join(root, 'up'));
  symlinkSync(outside, path.join(root, 'abs'));
  symlinkSync('../../outside', path.join(root, 'a', 'rel-out'));
  symlinkSync('loop', path.join(root, 'loop'));
  return { base, root, outside, dir: { hostFd: openSync(root, constants.O_RDONLY | constants.O_DIRECTORY), hostPath: root } };
}
