import { mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run as runFile } from '../../src/pipeline/run.js';
import type { TraceSink } from '../../src/tools/strace.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

function collect(): TraceSink & { lines: string[] } {
  const lines: string[] = [];
  return { lines, write: (line) => lines.push(line), close: () => {} };
}

describe('syscall tracing', () => {
  it('decodes paths, flags by name and errno results of path_open', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wasi-kit-trace-'));
    writeFileSync(path.join(dir, 'notes.txt'), 'n');
    const sink = collect();
    const result = await runFile(fixture('open-file.wat'), { preopens: { '/data': dir }, trace: sink });
    expect(result.exitCode).toBe(44); // ENOENT
    expect(sink.lines).toContainEqual(
      'path_open(fd=3, dirflags=SYMLINK_FOLLOW, path="notes.txt", oflags=0, fs_rights_base=0x2, fs_rights_inheriting=0x0, fdflags=0, opened_fd=0x0) -> ESUCCESS (opened_fd=4)',
    );
    expect(sink.lines).toContainEqual('fd_close(fd=4) -> ESUCCESS');
    expect(sink.lines).toContainEqual(
      'path_open(fd=3, dirflags=SYMLINK_FOLLOW, path="missing.txt", oflags=TRUNC, fs_rights_base=0x2, fs_rights_inheriting=0x0, fdflags=0, opened_fd=0x0) -> ENOENT',
    );
    expect(sink.lines.at(-1)).toBe('proc_exit(rval=44)');
  });

  it('shows iovec counts and lengths and the bytes written', async () => {
    const sink = collect();
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'wasi-kit-trace-')), 'out');
    await runFile(fixture('echo-args.wat'), { args: ['echo', 'hello'], stdout: openSync(out, 'w'), trace: sink });
    expect(sink.lines).toEqual([
      'args_sizes_get(argc=0x0, argv_buf_size=0x4) -> ESUCCESS (argc=2, argv_buf_size=11)',
      'args_get(argv=0x40, argv_buf=0x400) -> ESUCCESS',
      'fd_write(fd=1, iovs=0x8, iovs_len=1 [5], nwritten=0x10) -> ESUCCESS (nwritten=5)',
    ]);
    expect(readFileSync(out, 'utf8')).toBe('hello');
  });

  it('writes the trace to a file when given one', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'wasi-kit-trace-')), 'trace.log');
    const stdout = openSync(path.join(path.dirname(file), 'stdout'), 'w');
    await runFile(fixture('grow.wat'), { trace: { file }, maxMemory: { bytes: 2 * 65536, label: '128KiB' }, stdout });
    expect(readFileSync(path.join(path.dirname(file), 'stdout'), 'utf8')).toBe('memory.grow returned -1 at 2 pages\n');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^fd_write\(fd=1, iovs=0x0, iovs_len=2 \[27, 8\], nwritten=0x10\) -> ESUCCESS \(nwritten=35\)$/);
    expect(lines[1]).toBe('proc_exit(rval=3)');
  });

  it('a trace file that cannot be created is a one-line error, before the guest runs', async () => {
    const missing = path.join(mkdtempSync(path.join(tmpdir(), 'wasi-kit-trace-')), 'no', 'such', 'dir', 'trace.log');
    await expect(runFile(fixture('grow.wat'), { trace: { file: missing } })).rejects.toMatchObject({
      exitCode: 1,
      message: `cannot write the trace to ${missing}: ENOENT`,
    });
  });
});
