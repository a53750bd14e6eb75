import { existsSync } from 'node:fs';
import path from 'node:path';
import { workspaceMembers, type CargoMetadata } from './metadata.js';

/**
 * What a build of the workspace reads: for every member its `src/`, `Cargo.toml`, `build.rs`,
 * `examples/`, `benches/`, `tests/` and any target source living elsewhere, plus the workspace's
 * `Cargo.toml` and `Cargo.lock`. Paths that do not exist yet are included: chokidar reports their creation.
 */
export function watchPaths(metadata: CargoMetadata): string[] {
  const root = metadata.workspace_root;
  const paths = new Set<string>([path.join(root, 'Cargo.toml'), path.join(root, 'Cargo.lock')]);
  for (const member of workspaceMembers(metadata)) {
    const dir = path.dirname(member.manifest_path);
    for (const entry of ['Cargo.toml', 'build.rs', 'src', 'examples', 'benches', 'tests']) paths.add(path.join(dir, entry));
    for (const target of member.targets) {
      const covered = [...paths].some((watched) => target.src_path === watched || target.src_path.startsWith(`${watched}${path.sep}`));
      if (!covered) paths.add(target.src_path);
    }
  }
  return [...paths];
}

/** chokidar `ignored`: build output and VCS folders anywhere under the watched paths. */
export function isIgnored(file: string, targetDirectory: string): boolean {
  if (file === targetDirectory || file.startsWith(`${targetDirectory}${path.sep}`)) return true;
  return file.split(path.sep).some((part) => part === 'target' || part === '.git');
}

/**
 * What chokidar is given for the watched paths: each one that exists, else its nearest existing
 * folder, which chokidar reads only as far as `leadsToWatched` lets it. Given a missing path
 * itself, chokidar counts it twice towards 'ready' and said ready before it had read src/: a save
 * right then was neither reported nor seen by the late-save check, and was lost.
 */
export function watchRoots(paths: Iterable<string>): string[] {
  const roots = new Set<string>();
  for (const watched of paths) {
    let root = watched;
    while (!existsSync(root) && path.dirname(root) !== root) root = path.dirname(root);
    roots.add(root);
  }
  return [...roots];
}

/** A watched path, a file under one, or a folder on the way to one (a root watchRoots gave). */
export function leadsToWatched(file: string, paths: Iterable<string>): boolean {
  for (const watched of paths) {
    if (file === watched || file.startsWith(`${watched}${path.sep}`) || watched.startsWith(`${file}${path.sep}`)) return true;
  }
  return false;
}
