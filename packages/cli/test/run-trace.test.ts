import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, wasiKit } from './helpers/cli.js';

const WAT = fileURLToPath(new URL('./fixtures/wat/', import.meta.url));
const HELLO_WRITE = 'fd_write(fd=1, iovs=0x0, iovs_len=1 [15], nwritten=0x8) -> ESUCCESS (nwritten=15)';

describe('wasi-kit run --trace', () => {
  it('prints one line per WASI call to stderr, apart from the guest\'s stdout', async () => {
    const run = await wasiKit(['run', '--trace', 'hello.wat'], { cwd: WAT });
    expect(run).toMatchObject({ exitCode: 0, stdout: 'hello from wat', stderr: HELLO_WRITE });
  });

  it('is turned on by WASI_KIT_LOG=trace', async () => {
    const run = await wasiKit(['run', 'hello.wat'], { cwd: WAT, env: { WASI_KIT_LOG: 'info,trace' } });
    expect(run.stderr).toBe(HELLO_WRITE);
  });

  it('writes to --trace-file instead of stderr', async () => {
    const file = path.join(tempDir('trace'), 'calls.log');
    const run = await wasiKit(['run', '--trace-file', file, 'hello.wat'], { cwd: WAT });
    expect(run).toMatchObject({ exitCode: 0, stdout: 'hello from wat', stderr: '' });
    expect(readFileSync(file, 'utf8')).toBe(`${HELLO_WRITE}\n`);
  });

  it('is silent when not asked for', async () => {
    const run = await wasiKit(['run', 'hello.wat'], { cwd: WAT });
    expect(run.stderr).toBe('');
  });

  describe('a Rust guest (the sizer template, built with cargo)', () => {
    let wasm: string;
    beforeAll(async () => {
      const workspace = tempDir('trace-sizer');
      expect((await wasiKit(['new', 'sizer'], { cwd: workspace })).exitCode).toBe(0);
      const built = await wasiKit(['build'], { cwd: path.join(workspace, 'sizer') });
      expect(built.exitCode, built.stderr).toBe(0);
      wasm = built.stdout.trim();
    });

    it('shows the preopen, the path opened, the directory read and the errno of each call', async () => {
      const data = tempDir('trace-data');
      writeFileSync(path.join(data, 'a.txt'), 'hello\n');
      const run = await wasiKit(['run', '--trace', wasm, `--dir=${data}::/data`, '/data']);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stdout).toBe('filename: "a.txt", filesize: 6 bytes');
      const lines = run.stderr.split('\n');
      expect(lines).toContainEqual(expect.stringMatching(/^fd_prestat_dir_name\(fd=3, path=0x[0-9a-f]+, path_len=5\) -> ESUCCESS \(path="\/data"\)$/));
      expect(lines).toContainEqual(expect.stringMatching(/^fd_prestat_get\(fd=4, buf=0x[0-9a-f]+\) -> EBADF$/));
      expect(lines).toContainEqual(expect.stringMatching(/^path_open\(fd=3, dirflags=SYMLINK_FOLLOW, path="\.", oflags=DIRECTORY, .* -> ESUCCESS \(opened_fd=\d+\)$/));
      expect(lines).toContainEqual(expect.stringMatching(/^fd_readdir\(fd=\d+, buf=0x[0-9a-f]+, buf_len=\d+, cookie=0, bufused=0x[0-9a-f]+\) -> ESUCCESS \(bufused=\d+\)$/));
      expect(lines).toContainEqual(expect.stringMatching(/^fd_write\(fd=1, iovs=0x[0-9a-f]+, iovs_len=\d \[[\d, ]+\], nwritten=0x[0-9a-f]+\) -> ESUCCESS \(nwritten=\d+\)$/));
      expect(lines.every((line) => /^[a-z_]+\(.*\)( -> E[A-Z0-9]+( \(.*\))?)?$/.test(line))).toBe(true);
    });
  });
});
