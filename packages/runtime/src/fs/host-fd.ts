import { closeSync } from 'node:fs';
import { nativeAddon } from './native-addon.js';

/**
 * Who opened a host fd: Node's fs (preopens, the JavaScript strategies) or the native addon (the
 * native strategy's path_open). Node tracks the fds its fs opens, and in a worker_threads Worker
 * fs.closeSync of a number it did not open prints "closed but not opened in unmanaged mode" (and
 * closing one of Node's behind its back would leave a stale number it closes at exit), so each host
 * fd is closed by its opener.
 */
export type HostOpener = 'node' | 'addon';

/** Closes a host fd through whoever opened it; a failure (EBADF, EIO) is ignored: the fd is gone either way. */
export function closeHostFd(fd: number, opener: HostOpener): void {
  if (opener === 'addon') {
    nativeAddon!.close(fd);
    return;
  }
  try {
    closeSync(fd);
  } catch {
    // Closing can only fail with EBADF/EIO here.
  }
}
