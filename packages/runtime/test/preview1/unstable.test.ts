import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Errno } from '../../src/index.js';
import { Guest, tempDir } from './harness.js';

/** wasi_unstable serves the same calls with snapshot 0's constants and layouts. */
describe('wasi_unstable (snapshot 0) differences', () => {
  const setup = () => {
    const root = tempDir('unstable');
    writeFileSync(path.join(root, 'f'), '0123456789');
    const guest = new Guest({ preopens: { '/u': root } });
    return { guest, fd: guest.open(3, 'f')[1] };
  };

  it('numbers whence CUR=0, END=1, SET=2', () => {
    const { guest, fd } = setup();
    const out = guest.alloc(8);
    expect(guest.unstable.fd_seek(fd, 4n, 2, out)).toBe(Errno.SUCCESS);
    expect(guest.u64(out)).toBe(4n);
    expect(guest.unstable.fd_seek(fd, 1n, 0, out)).toBe(Errno.SUCCESS);
    expect(guest.u64(out)).toBe(5n);
    expect(guest.unstable.fd_seek(fd, -2n, 1, out)).toBe(Errno.SUCCESS);
    expect(guest.u64(out)).toBe(8n);
    expect(guest.unstable.fd_seek(fd, 0n, 3, out)).toBe(Errno.INVAL);
  });

  it('writes a 56-byte filestat with a u32 nlink at 20 and the size at 24', () => {
    const { guest, fd } = setup();
    const buf = guest.alloc(72);
    guest.u8.fill(0xee, buf, buf + 72);
    expect(guest.unstable.fd_filestat_get(fd, buf)).toBe(Errno.SUCCESS);
    expect(guest.view.getUint8(buf + 16)).toBe(4);
    expect(guest.u32(buf + 20)).toBe(1);
    expect(guest.u64(buf + 24)).toBe(10n);
    expect(guest.u64(buf + 40)).toBeGreaterThan(0n);
    expect(guest.view.getUint8(buf + 56)).toBe(0xee);
    const [p, l] = guest.str('f');
    expect(guest.unstable.path_filestat_get(3, 0, p, l, buf)).toBe(Errno.SUCCESS);
    expect(guest.u64(buf + 24)).toBe(10n);
  });

  it('reads 56-byte subscriptions whose clock fields start at 24', () => {
    const { guest, fd } = setup();
    const subs = guest.alloc(56 * 2);
    const events = guest.alloc(32 * 2);
    const nevents = guest.alloc(4);
    guest.view.setBigUint64(subs, 11n, true);
    guest.view.setUint8(subs + 8, 0);
    guest.view.setUint32(subs + 24, 1, true);
    guest.view.setBigUint64(subs + 32, 1_000_000n, true);
    guest.view.setBigUint64(subs + 56, 22n, true);
    guest.view.setUint8(subs + 56 + 8, 1);
    // A file: ready at once, whatever this process's stdin is.
    guest.view.setUint32(subs + 56 + 16, fd, true);
    expect(guest.unstable.poll_oneoff(subs, events, 2, nevents)).toBe(Errno.SUCCESS);
    expect(guest.u32(nevents)).toBe(1);
    expect(guest.u64(events)).toBe(22n);
    expect(guest.view.getUint8(events + 10)).toBe(1);
  });

  it('has no sock_accept', () => {
    const { guest } = setup();
    expect('sock_accept' in guest.unstable).toBe(false);
    expect('sock_accept' in guest.wasi1).toBe(true);
  });
});
