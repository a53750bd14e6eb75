// Parameter names and kinds of every WASI preview1 function, from
// https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/witx/wasi_snapshot_preview1.witx
// (`wasi_unstable` has the same parameters; only whence values differ). A `path` or `iovs`
// parameter takes two wasm arguments: the pointer and the length.

export type ParamKind =
  | 'fd' | 'u32' | 'u64' | 's64' | 'ptr'
  | 'path' | 'iovs' | 'outBuffer'
  | 'outU32' | 'outU64' | 'outFd' | 'outU16'
  | 'rights' | 'fdflags' | 'oflags' | 'lookupflags' | 'fstflags' | 'riflags' | 'sdflags'
  | 'whence' | 'clockid' | 'advice' | 'signal';

export interface TraceParam {
  name: string;
  kind: ParamKind;
}

const table: Record<string, string> = {
  args_get: 'argv:ptr argv_buf:ptr',
  args_sizes_get: 'argc:outU32 argv_buf_size:outU32',
  environ_get: 'environ:ptr environ_buf:ptr',
  environ_sizes_get: 'environc:outU32 environ_buf_size:outU32',
  clock_res_get: 'id:clockid resolution:outU64',
  clock_time_get: 'id:clockid precision:u64 time:outU64',
  fd_advise: 'fd:fd offset:u64 len:u64 advice:advice',
  fd_allocate: 'fd:fd offset:u64 len:u64',
  fd_close: 'fd:fd',
  fd_datasync: 'fd:fd',
  fd_fdstat_get: 'fd:fd stat:ptr',
  fd_fdstat_set_flags: 'fd:fd flags:fdflags',
  fd_fdstat_set_rights: 'fd:fd fs_rights_base:rights fs_rights_inheriting:rights',
  fd_filestat_get: 'fd:fd buf:ptr',
  fd_filestat_set_size: 'fd:fd size:u64',
  fd_filestat_set_times: 'fd:fd atim:u64 mtim:u64 fst_flags:fstflags',
  fd_pread: 'fd:fd iovs:iovs offset:u64 nread:outU32',
  fd_prestat_get: 'fd:fd buf:ptr',
  fd_prestat_dir_name: 'fd:fd path:outBuffer',
  fd_pwrite: 'fd:fd iovs:iovs offset:u64 nwritten:outU32',
  fd_read: 'fd:fd iovs:iovs nread:outU32',
  fd_readdir: 'fd:fd buf:ptr buf_len:u32 cookie:u64 bufused:outU32',
  fd_renumber: 'fd:fd to:fd',
  fd_seek: 'fd:fd offset:s64 whence:whence newoffset:outU64',
  fd_sync: 'fd:fd',
  fd_tell: 'fd:fd offset:outU64',
  fd_write: 'fd:fd iovs:iovs nwritten:outU32',
  path_create_directory: 'fd:fd path:path',
  path_filestat_get: 'fd:fd flags:lookupflags path:path buf:ptr',
  path_filestat_set_times: 'fd:fd flags:lookupflags path:path atim:u64 mtim:u64 fst_flags:fstflags',
  path_link: 'old_fd:fd old_flags:lookupflags old_path:path new_fd:fd new_path:path',
  path_open: 'fd:fd dirflags:lookupflags path:path oflags:oflags fs_rights_base:rights fs_rights_inheriting:rights fdflags:fdflags opened_fd:outFd',
  path_readlink: 'fd:fd path:path buf:outBuffer bufused:outU32',
  path_remove_directory: 'fd:fd path:path',
  path_rename: 'fd:fd old_path:path new_fd:fd new_path:path',
  path_symlink: 'old_path:path fd:fd new_path:path',
  path_unlink_file: 'fd:fd path:path',
  poll_oneoff: 'in:ptr out:ptr nsubscriptions:u32 nevents:outU32',
  proc_exit: 'rval:u32',
  proc_raise: 'sig:signal',
  sched_yield: '',
  random_get: 'buf:ptr buf_len:u32',
  sock_accept: 'fd:fd flags:fdflags fd:outFd',
  sock_recv: 'fd:fd ri_data:iovs ri_flags:riflags ro_datalen:outU32 ro_flags:outU16',
  sock_send: 'fd:fd si_data:iovs si_flags:u32 so_datalen:outU32',
  sock_shutdown: 'fd:fd how:sdflags',
};

const parsed = new Map<string, TraceParam[]>();

/** The parameters of a WASI function, or undefined for a name the spec does not have. */
export function traceParams(name: string): TraceParam[] | undefined {
  const spec = table[name];
  if (spec === undefined) return undefined;
  let params = parsed.get(name);
  if (!params) {
    params = spec.split(' ').filter(Boolean).map((entry) => {
      const [paramName = '', kind = 'u32'] = entry.split(':');
      return { name: paramName, kind: kind as ParamKind };
    });
    parsed.set(name, params);
  }
  return params;
}

/** Bit names of the flag types (witx `flags`), lowest bit first. */
export const FLAG_NAMES: Partial<Record<ParamKind, readonly string[]>> = {
  fdflags: ['APPEND', 'DSYNC', 'NONBLOCK', 'RSYNC', 'SYNC'],
  oflags: ['CREAT', 'DIRECTORY', 'EXCL', 'TRUNC'],
  lookupflags: ['SYMLINK_FOLLOW'],
  fstflags: ['ATIM', 'ATIM_NOW', 'MTIM', 'MTIM_NOW'],
  riflags: ['RECV_PEEK', 'RECV_WAITALL'],
  sdflags: ['RD', 'WR'],
};

/** Names of the enum types (witx `enum`), by value. */
export const ENUM_NAMES: Partial<Record<ParamKind, readonly string[]>> = {
  clockid: ['REALTIME', 'MONOTONIC', 'PROCESS_CPUTIME_ID', 'THREAD_CPUTIME_ID'],
  advice: ['NORMAL', 'SEQUENTIAL', 'RANDOM', 'WILLNEED', 'DONTNEED', 'NOREUSE'],
  whence: ['SET', 'CUR', 'END'],
  signal: ['NONE', 'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'POLL', 'PWR', 'SYS'],
};

/** `wasi_unstable` numbered whence differently: CUR=0, END=1, SET=2. */
export const UNSTABLE_WHENCE = ['CUR', 'END', 'SET'] as const;
