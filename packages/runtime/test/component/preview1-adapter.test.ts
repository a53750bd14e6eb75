import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/index.js';
import { componentOf } from '../helpers/component.js';
import { expectLines } from '../helpers/escape-case.js';
import { buildProbes, probeWasm } from '../helpers/probes.js';
import { tempDirs } from '../helpers/temp-dirs.js';

// What wasmtime's p1 test programs do through the preview1 adapter (its *_COMPONENT runs,
// crates/wasi/tests/all/p2/sync.rs): the syscall-script probe made a component, so every
// preview1 call reaches the component host as the adapter translates it.

const tempDir = tempDirs('wasi-kit-adapter-');

/** Runs the ops in the syscall-script component with `dir` at fd 3 and checks one line per op. */
async function script(dir: string, readonly: boolean, ops: string[], expected: (string | string[])[]): Promise<void> {
  const { stdout } = await run(await componentOf(await probeWasm('syscall-script')), {
    args: ['syscall-script', ...ops],
    preopens: { '/sb': { path: dir, readonly } },
    capture: true,
  });
  expectLines(stdout ?? '', expected, ops);
}

describe('preview1 programs through the adapter open files as wasmtime\'s component host does', () => {
  beforeAll(() => buildProbes().then(() => undefined));

  it('path_open with creat or trunc and no rights opens (the adapter asks for neither read nor write)', async () => {
    // p1_dangling_fd, p1_interesting_paths, …: `path_open(dir, 0, "file", OFLAGS_CREAT, 0, 0, 0)`.
    const dir = await tempDir();
    await script(dir, false, ['open 3 made creat rights=0 >$f', 'close $f', 'open 3 made trunc rights=0 >$t', 'close $t'], ['ok', 'ok', 'ok', 'ok']);
    expect(await readdir(dir)).toEqual(['made']);
  });

  it('path_open with the sync fdflags is ENOTSUP, as wasmtime (cap-std has no O_SYNC), and opens nothing', async () => {
    // p1_path_filestat: FDFLAGS_SYNC (16); DSYNC (2) and RSYNC (8) likewise.
    const dir = await tempDir();
    await writeFile(path.join(dir, 'file'), '');
    await script(dir, false, ['open 3 file rights=0x42 fdflags=16', 'open 3 file rights=0x42 fdflags=2', 'open 3 new creat rights=0x42 fdflags=8'], ['ENOTSUP', 'ENOTSUP', 'ENOTSUP']);
    expect(await readdir(dir)).toEqual(['file']);
  });

  it('fd_write of nothing to a file opened for reading is EBADF, as the kernel answers (p1_file_write)', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'file'), 'keep');
    await script(dir, false, ['open 3 file rights=2 >$r', 'write $r ""', 'pwrite $r "" 0'], ['ok', 'EBADF', 'EBADF']);
  });

  it('under a read-only grant, creat or trunc without write rights is still EPERM and nothing changes', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'file'), 'keep');
    await script(dir, true, ['open 3 made creat rights=0', 'open 3 file trunc rights=0', 'open 3 file rights=2 >$r', 'read $r 10'], ['EPERM', 'EPERM', 'ok', 'ok keep']);
    expect(await readdir(dir)).toEqual(['file']);
  });
});
