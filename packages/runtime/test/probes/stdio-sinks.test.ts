import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../src/index.js';
import { buildProbes, probeWasm } from '../helpers/probes.js';
import { watModule } from '../helpers/wat.js';

// stdio wired to real host fds and Node streams through run(), as embedders and the CLI do.
describe('guest stdio on host fds and Node streams', () => {
  let dir: string;
  beforeAll(() => buildProbes().then(() => undefined));
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'wasi-kit-stdio-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  function withFile<T>(name: string, flags: string, use: (fd: number) => Promise<T>): Promise<T> {
    const fd = openSync(path.join(dir, name), flags);
    return use(fd).finally(() => closeSync(fd));
  }

  it('stdout and stderr on one file keep the order the guest wrote them in', async () => {
    const script = await probeWasm('syscall-script');
    const result = await withFile('out.txt', 'w', (fd) => run(script, { args: ['script', 'write 1 A', 'write 2 B', 'write 1 C'], stdout: fd, stderr: fd }));
    expect(result.exitCode).toBe(0);
    expect(await readFile(path.join(dir, 'out.txt'), 'utf8')).toBe('Aok 1\nBok 1\nCok 1\n');
  });

  it('a megabyte of stdout to a file arrives whole and in order (past any write-behind buffer)', async () => {
    const big = Array.from({ length: 40_000 }, (_, i) => `line ${i}\n`).join('');
    const echo = await probeWasm('stdio-echo');
    const result = await withFile('out.txt', 'w', (fd) => run(echo, { args: ['echo'], stdin: big, stdout: fd, capture: false, stderr: collect()[0] }));
    expect(result.exitCode).toBe(0);
    const written = await readFile(path.join(dir, 'out.txt'), 'utf8');
    expect(written.length).toBe(big.length);
    expect(written === big, 'the file differs from what the guest wrote').toBe(true);
  });

  it('output written before proc_exit reaches the file', async () => {
    const script = await probeWasm('syscall-script');
    const result = await withFile('out.txt', 'w', (fd) => run(script, { args: ['script', 'write 1 last-words', 'exit 9'], stdout: fd }));
    expect(result.exitCode).toBe(9);
    expect(await readFile(path.join(dir, 'out.txt'), 'utf8')).toBe('last-wordsok 10\n');
  });

  it('output written before a trap reaches the file, and the run rejects with GuestTrap', async () => {
    const trapping = await watModule('trap-unreachable');
    await withFile('out.txt', 'w', async (fd) => {
      await expect(run(trapping, { stdout: fd })).rejects.toMatchObject({ name: 'GuestTrap', exitCode: 134 });
    });
    expect(readFileSync(path.join(dir, 'out.txt'), 'utf8')).toBe('before the trap\n');
  });

  it('stdin from a host file fd', async () => {
    writeFileSync(path.join(dir, 'in.txt'), 'from a file\n');
    const echo = await probeWasm('stdio-echo');
    const result = await withFile('in.txt', 'r', (fd) => run(echo, { args: ['echo'], stdin: fd, capture: true }));
    expect(result).toMatchObject({ exitCode: 0, stdout: 'from a file\n', stderr: 'to stderr' });
  });

  it('stdin from a Readable and stdout to a Writable', async () => {
    const echo = await probeWasm('stdio-echo');
    const [stdout, collected] = collect();
    const [stderr, collectedErr] = collect();
    const result = await run(echo, { args: ['echo', '4'], stdin: Readable.from(['stre', 'amed ', 'in']), stdout, stderr });
    await new Promise((resolve) => setImmediate(resolve));
    expect(result.exitCode).toBe(4);
    expect(collected()).toBe('streamed in');
    expect(collectedErr()).toBe('to stderr');
  });
});

function collect(): [PassThrough, () => string] {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  return [sink, () => Buffer.concat(chunks).toString()];
}
