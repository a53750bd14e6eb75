/**
 * The `wasi_snapshot_preview1` import record as a guest sees it: i32 → number, i64 → bigint,
 * every function returning an errno (proc_exit never returns). Spellings are the spec's.
 * https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/witx/wasi_snapshot_preview1.witx
 */
export interface Preview1Imports {
  args_get(argv: number, argvBuf: number): number;
  args_sizes_get(argc: number, argvBufSize: number): number;
  environ_get(environ: number, environBuf: number): number;
  environ_sizes_get(environCount: number, environBufSize: number): number;
  clock_res_get(id: number, resolution: number): number;
  clock_time_get(id: number, precision: bigint, time: number): number;
  fd_advise(fd: number, offset: bigint, len: bigint, advice: number): number;
  fd_allocate(fd: number, offset: bigint, len: bigint): number;
  fd_close(fd: number): number;
  fd_datasync(fd: number): number;
  fd_fdstat_get(fd: number, stat: number): number;
  fd_fdstat_set_flags(fd: number, flags: number): number;
  fd_fdstat_set_rights(fd: number, rightsBase: bigint, rightsInheriting: bigint): number;
  fd_filestat_get(fd: number, buf: number): number;
  fd_filestat_set_size(fd: number, size: bigint): number;
  fd_filestat_set_times(fd: number, atim: bigint, mtim: bigint, fstflags: number): number;
  fd_pread(fd: number, iovs: number, iovsLen: number, offset: bigint, nread: number): number;
  fd_prestat_get(fd: number, prestat: number): number;
  fd_prestat_dir_name(fd: number, path: number, pathLen: number): number;
  fd_pwrite(fd: number, iovs: number, iovsLen: number, offset: bigint, nwritten: number): number;
  fd_read(fd: number, iovs: number, iovsLen: number, nread: number): number;
  fd_readdir(fd: number, buf: number, bufLen: number, cookie: bigint, bufused: number): number;
  fd_renumber(fd: number, to: number): number;
  fd_seek(fd: number, offset: bigint, whence: number, newOffset: number): number;
  fd_sync(fd: number): number;
  fd_tell(fd: number, offset: number): number;
  fd_write(fd: number, iovs: number, iovsLen: number, nwritten: number): number;
  path_create_directory(fd: number, path: number, pathLen: number): number;
  path_filestat_get(fd: number, flags: number, path: number, pathLen: number, buf: number): number;
  path_filestat_set_times(fd: number, flags: number, path: number, pathLen: number, atim: bigint, mtim: bigint, fstflags: number): number;
  path_link(oldFd: number, oldFlags: number, oldPath: number, oldPathLen: number, newFd: number, newPath: number, newPathLen: number): number;
  path_open(fd: number, dirflags: number, path: number, pathLen: number, oflags: number, rightsBase: bigint, rightsInheriting: bigint, fdflags: number, openedFd: number): number;
  path_readlink(fd: number, path: number, pathLen: number, buf: number, bufLen: number, bufused: number): number;
  path_remove_directory(fd: number, path: number, pathLen: number): number;
  path_rename(fd: number, oldPath: number, oldPathLen: number, newFd: number, newPath: number, newPathLen: number): number;
  path_symlink(oldPath: number, oldPathLen: number, fd: number, newPath: number, newPathLen: number): number;
  path_unlink_file(fd: number, path: number, pathLen: number): number;
  poll_oneoff(subscriptions: number, events: number, nsubscriptions: number, nevents: number): number;
  proc_exit(code: number): never;
  proc_raise(signal: number): number;
  sched_yield(): number;
  random_get(buf: number, bufLen: number): number;
  sock_accept(fd: number, flags: number, openedFd: number): number;
  sock_recv(fd: number, riData: number, riDataLen: number, riFlags: number, roDatalen: number, roFlags: number): number;
  sock_send(fd: number, siData: number, siDataLen: number, siFlags: number, soDatalen: number): number;
  sock_shutdown(fd: number, how: number): number;
}

/** `wasi_unstable` (snapshot 0): the same functions minus sock_accept, with the layouts in unstable.ts. */
export type UnstableImports = Omit<Preview1Imports, 'sock_accept'>;
