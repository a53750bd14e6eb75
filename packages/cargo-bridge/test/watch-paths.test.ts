import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cargoMetadata, type CargoMetadata } from '../src/metadata.js';
import { findToolchain } from '../src/toolchain.js';
import { isIgnored, leadsToWatched, watchPaths, watchRoots } from '../src/watch-paths.js';
import { copyFixture } from './helpers/fixtures.js';

let dir: string;
let metadata: CargoMetadata;
beforeAll(async () => {
  dir = copyFixture('workspace');
  metadata = await cargoMetadata({ cwd: dir, cargo: (await findToolchain()).cargo });
});

describe('what watch mode watches', () => {
  it('each member\'s src, Cargo.toml, build.rs, examples, plus the workspace Cargo.toml and Cargo.lock', () => {
    const paths = watchPaths(metadata);
    for (const member of ['app', 'greet']) {
      for (const entry of ['src', 'Cargo.toml', 'build.rs', 'examples']) expect(paths).toContain(path.join(dir, member, entry));
    }
    expect(paths).toContain(path.join(dir, 'Cargo.toml'));
    expect(paths).toContain(path.join(dir, 'Cargo.lock'));
    expect(paths.some((p) => p.startsWith(path.join(dir, 'target')))).toBe(false);
  });

  it('ignores the target folder and .git anywhere below', () => {
    const target = metadata.target_directory;
    expect(isIgnored(path.join(target, 'debug', 'app.wasm'), target)).toBe(true);
    expect(isIgnored(path.join(dir, 'app', '.git', 'HEAD'), target)).toBe(true);
    expect(isIgnored(path.join(dir, 'app', 'target', 'x'), target)).toBe(true);
    expect(isIgnored(path.join(dir, 'app', 'src', 'main.rs'), target)).toBe(false);
    expect(isIgnored(path.join(dir, 'app', 'src', 'targets.rs'), target)).toBe(false);
  });

  it('gives chokidar each watched path that exists, else the folder holding it, read only towards watched paths', () => {
    const paths = watchPaths(metadata);
    const roots = watchRoots(paths);
    // The fixture's members have no build.rs: their folders stand in for it.
    expect(roots).toEqual(expect.arrayContaining([path.join(dir, 'Cargo.toml'), path.join(dir, 'app', 'src'), path.join(dir, 'app'), path.join(dir, 'greet')]));
    expect(roots).not.toContain(path.join(dir, 'app', 'build.rs'));
    expect(leadsToWatched(path.join(dir, 'app'), paths)).toBe(true);
    expect(leadsToWatched(path.join(dir, 'app', 'build.rs'), paths)).toBe(true);
    expect(leadsToWatched(path.join(dir, 'app', 'src', 'deep', 'mod.rs'), paths)).toBe(true);
    expect(leadsToWatched(path.join(dir, 'app', 'README.md'), paths)).toBe(false);
    expect(leadsToWatched(path.join(dir, 'app', 'srcs'), paths)).toBe(false);
  });
});
