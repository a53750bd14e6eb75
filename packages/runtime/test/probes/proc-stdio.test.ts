import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildProbes } from '../helpers/probes.js';
import { runGuest } from '../helpers/run-guest.js';
import { makeSandbox, type SandboxLayout } from '../helpers/sandbox-layout.js';
import { expectScript } from '../helpers/syscall-script.js';

describe('proc_exit, stdio, sched_yield and sock_*', () => {
  let sb: SandboxLayout;
  beforeAll(() => buildProbes().then(() => undefined));
  beforeEach(async () => {
    sb = await makeSandbox();
  });
  afterEach(() => sb.remove());

  it.each([0, 1, 42, 125])('proc_exit(%i) ends the run with that exit code, after earlier output', async (code) => {
    await runGuest({ module: 'syscall-script', args: ['write 2 bye', `exit ${code}`, 'write 1 never'], expectStdout: 'ok 3\n', expectStderr: 'bye', expectExit: code });
  });

  // node:wasi exits 200; the runtime follows wasmtime.
  it.skipIf(process.env.WASI_KIT_TEST_HOST === 'node')('proc_exit(200) is outside WASI\'s exit range (wasmtime: 0..125): the run fails instead of exiting 200', async () => {
    await expect(runGuest({ module: 'syscall-script', args: ['exit 200'], expectExit: null })).rejects.toThrow(/200/);
  });

  it('stdin is read to the end, stdout and stderr are captured apart', async () => {
    await runGuest({ module: 'stdio-echo', args: ['3'], stdin: 'hello\nwörld\n', expectStdout: 'hello\nwörld\n', expectStderr: 'to stderr', expectExit: 3 });
  });

  it('stdio fds work one way only: writing stdin or reading stdout fails', async () => {
    await expectScript({}, [
      ['write 0 x', ['EBADF', 'ENOTCAPABLE']],
      ['read 1 4', ['EBADF', 'ENOTCAPABLE']],
      ['read 2 4', ['EBADF', 'ENOTCAPABLE']],
    ]);
  });

  it('empty stdin reads as end of file', async () => {
    await runGuest({ module: 'stdio-echo', stdin: '', expectStdout: '', expectStderr: 'to stderr' });
  });

  it('an ordinary std program finds its preopen by guest path, reads, writes and lists it', async () => {
    await writeFile(path.join(sb.root, 'in.txt'), 'shout');
    await runGuest({ module: 'std-files', args: ['/data'], preopens: { '/data': sb.root }, expectStdout: 'empty,file.txt,in.txt,out.txt,sub\n' });
    expect(await readFile(path.join(sb.root, 'out.txt'), 'utf8')).toBe('SHOUT');
  });

  it('a std program with the `.` preopen (`--dir=.`) works with relative paths', async () => {
    await writeFile(path.join(sb.root, 'in.txt'), 'relative');
    await runGuest({ module: 'std-files', args: ['.'], preopens: { '.': sb.root }, expectStdout: 'empty,file.txt,in.txt,out.txt,sub\n' });
    expect(await readFile(path.join(sb.root, 'out.txt'), 'utf8')).toBe('RELATIVE');
  });

  it('a megabyte through stdin comes out of stdout whole', async () => {
    const big = 'wasi-kit '.repeat(120_000);
    const { stdout } = await runGuest({ module: 'stdio-echo', stdin: big, expectStderr: 'to stderr' });
    expect(stdout.length).toBe(big.length);
    expect(stdout === big, 'captured stdout differs from stdin').toBe(true);
  });

  it('sched_yield succeeds', async () => {
    await expectScript({}, [['yield', 'ok']]);
  });

  it('sock_* on a non-socket fail (ENOTSOCK, ENOTSUP, EBADF or ENOTCAPABLE), never succeed', async () => {
    // ENOTCAPABLE too: a directory or stdio fd lacks the sock_* rights.
    const notASocket = ['ENOTSOCK', 'ENOTSUP', 'EBADF', 'ENOTCAPABLE'];
    await expectScript({ '/sb': sb.root }, [
      ['sock_accept 3', notASocket],
      ['sock_recv 3', notASocket],
      ['sock_send 3', notASocket],
      ['sock_shutdown 3', notASocket],
      ['sock_accept 1', notASocket],
      ['sock_send 99', ['EBADF', 'ENOTSUP']],
    ]);
  });

  it('no preopens means no filesystem: fd 3 does not exist', async () => {
    await expectScript({}, [
      ['prestat 3', 'EBADF'],
      ['open 3 file.txt', 'EBADF'],
    ]);
  });
});
