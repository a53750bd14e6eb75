/**
 * The one description of the `wasi_snapshot_preview1` ABI: every function's parameters with
 * their kinds, in the witx's order, and its result. The import types (imports.ts), the binder's
 * arity and argument checks (dispatch.ts), the tracer (tools/strace.ts) and the syscall fuzzer
 * (fuzz/) are all derived from it, as wasmtime derives them from witx with wiggle.
 * https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/witx/wasi_snapshot_preview1.witx
 * `wasi_unstable` has the same parameters (minus sock_accept); only its whence numbers differ.
 */

/** Flag sets (witx `flags`): bit names, lowest bit first. Any other bit is EINVAL. */
export const FLAG_BITS = {
  fdflags: ['APPEND', 'DSYNC', 'NONBLOCK', 'RSYNC', 'SYNC'],
  oflags: ['CREAT', 'DIRECTORY', 'EXCL', 'TRUNC'],
  lookupflags: ['SYMLINK_FOLLOW'],
  fstflags: ['ATIM', 'ATIM_NOW', 'MTIM', 'MTIM_NOW'],
  riflags: ['RECV_PEEK', 'RECV_WAITALL'],
  sdflags: ['RD', 'WR'],
} as const;

/** Enums (witx `enum`): names by value. Any other value is EINVAL. */
export const ENUM_VALUES = {
  clockid: ['REALTIME', 'MONOTONIC', 'PROCESS_CPUTIME_ID', 'THREAD_CPUTIME_ID'],
  advice: ['NORMAL', 'SEQUENTIAL', 'RANDOM', 'WILLNEED', 'DONTNEED', 'NOREUSE'],
  whence: ['SET', 'CUR', 'END'],
  signal: ['NONE', 'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'POLL', 'PWR', 'SYS'],
} as const;

/** `wasi_unstable` numbered whence differently: CUR=0, END=1, SET=2. */
export const UNSTABLE_WHENCE = ['CUR', 'END', 'SET'] as const;

export type FlagKind = keyof typeof FLAG_BITS;
export type EnumKind = keyof typeof ENUM_VALUES;

/**
 * What a parameter is. Pairs (`path`, `iovs`, `outBuffer`, `outString`) are two wasm i32s: pointer and length.
 * `u64`, `s64` and `rights` are i64; everything else one i32.
 *   fd         a descriptor number
 *   u32 / u64 / s64   a plain number (sizes, counts, timestamps, offsets, exit codes)
 *   ptr        an in-pointer to a struct or array whose size another parameter gives
 *   path       a UTF-8 string the guest passes in
 *   iovs       an array of iovec/ciovec { buf u32, buf_len u32 }
 *   outBuffer  bytes the host writes (the length is the capacity)
 *   outString  the same, holding a path (fd_prestat_dir_name, path_readlink)
 *   outU16 / outU32 / outU64 / outFd   an out-pointer for one value of that size
 *   outFdstat / outFilestat / outPrestat   an out-pointer for that struct
 */
export type ParamKind =
  | 'fd' | 'u32' | 'u64' | 's64' | 'ptr' | 'rights'
  | 'path' | 'iovs' | 'outBuffer' | 'outString'
  | 'outU16' | 'outU32' | 'outU64' | 'outFd' | 'outFdstat' | 'outFilestat' | 'outPrestat'
  | FlagKind | EnumKind;

export type ResultKind = 'errno' | 'noreturn';

type Param = readonly [name: string, kind: ParamKind];
interface Signature {
  readonly params: readonly Param[];
  readonly result: ResultKind;
}

const errno = <const P extends readonly Param[]>(...params: P) => ({ params, result: 'errno' }) as const;

export const PREVIEW1_ABI = {
  args_get: errno(['argv', 'ptr'], ['argv_buf', 'ptr']),
  args_sizes_get: errno(['argc', 'outU32'], ['argv_buf_size', 'outU32']),
  environ_get: errno(['environ', 'ptr'], ['environ_buf', 'ptr']),
  environ_sizes_get: errno(['environc', 'outU32'], ['environ_buf_size', 'outU32']),
  clock_res_get: errno(['id', 'clockid'], ['resolution', 'outU64']),
  clock_time_get: errno(['id', 'clockid'], ['precision', 'u64'], ['time', 'outU64']),
  fd_advise: errno(['fd', 'fd'], ['offset', 'u64'], ['len', 'u64'], ['advice', 'advice']),
  fd_allocate: errno(['fd', 'fd'], ['offset', 'u64'], ['len', 'u64']),
  fd_close: errno(['fd', 'fd']),
  fd_datasync: errno(['fd', 'fd']),
  fd_fdstat_get: errno(['fd', 'fd'], ['stat', 'outFdstat']),
  fd_fdstat_set_flags: errno(['fd', 'fd'], ['flags', 'fdflags']),
  fd_fdstat_set_rights: errno(['fd', 'fd'], ['fs_rights_base', 'rights'], ['fs_rights_inheriting', 'rights']),
  fd_filestat_get: errno(['fd', 'fd'], ['buf', 'outFilestat']),
  fd_filestat_set_size: errno(['fd', 'fd'], ['size', 'u64']),
  fd_filestat_set_times: errno(['fd', 'fd'], ['atim', 'u64'], ['mtim', 'u64'], ['fst_flags', 'fstflags']),
  fd_pread: errno(['fd', 'fd'], ['iovs', 'iovs'], ['offset', 'u64'], ['nread', 'outU32']),
  fd_prestat_get: errno(['fd', 'fd'], ['buf', 'outPrestat']),
  fd_prestat_dir_name: errno(['fd', 'fd'], ['path', 'outString']),
  fd_pwrite: errno(['fd', 'fd'], ['iovs', 'iovs'], ['offset', 'u64'], ['nwritten', 'outU32']),
  fd_read: errno(['fd', 'fd'], ['iovs', 'iovs'], ['nread', 'outU32']),
  fd_readdir: errno(['fd', 'fd'], ['buf', 'outBuffer'], ['cookie', 'u64'], ['bufused', 'outU32']),
  fd_renumber: errno(['fd', 'fd'], ['to', 'fd']),
  fd_seek: errno(['fd', 'fd'], ['offset', 's64'], ['whence', 'whence'], ['newoffset', 'outU64']),
  fd_sync: errno(['fd', 'fd']),
  fd_tell: errno(['fd', 'fd'], ['offset', 'outU64']),
  fd_write: errno(['fd', 'fd'], ['iovs', 'iovs'], ['nwritten', 'outU32']),
  path_create_directory: errno(['fd', 'fd'], ['path', 'path']),
  path_filestat_get: errno(['fd', 'fd'], ['flags', 'lookupflags'], ['path', 'path'], ['buf', 'outFilestat']),
  path_filestat_set_times: errno(['fd', 'fd'], ['flags', 'lookupflags'], ['path', 'path'], ['atim', 'u64'], ['mtim', 'u64'], ['fst_flags', 'fstflags']),
  path_link: errno(['old_fd', 'fd'], ['old_flags', 'lookupflags'], ['old_path', 'path'], ['new_fd', 'fd'], ['new_path', 'path']),
  path_open: errno(['fd', 'fd'], ['dirflags', 'lookupflags'], ['path', 'path'], ['oflags', 'oflags'], ['fs_rights_base', 'rights'], ['fs_rights_inheriting', 'rights'], ['fdflags', 'fdflags'], ['opened_fd', 'outFd']),
  path_readlink: errno(['fd', 'fd'], ['path', 'path'], ['buf', 'outString'], ['bufused', 'outU32']),
  path_remove_directory: errno(['fd', 'fd'], ['path', 'path']),
  path_rename: errno(['fd', 'fd'], ['old_path', 'path'], ['new_fd', 'fd'], ['new_path', 'path']),
  path_symlink: errno(['old_path', 'path'], ['fd', 'fd'], ['new_path', 'path']),
  path_unlink_file: errno(['fd', 'fd'], ['path', 'path']),
  poll_oneoff: errno(['in', 'ptr'], ['out', 'ptr'], ['nsubscriptions', 'u32'], ['nevents', 'outU32']),
  proc_exit: { params: [['rval', 'u32']], result: 'noreturn' },
  proc_raise: errno(['sig', 'signal']),
  sched_yield: errno(),
  random_get: errno(['buf', 'outBuffer']),
  sock_accept: errno(['fd', 'fd'], ['flags', 'fdflags'], ['fd', 'outFd']),
  sock_recv: errno(['fd', 'fd'], ['ri_data', 'iovs'], ['ri_flags', 'riflags'], ['ro_datalen', 'outU32'], ['ro_flags', 'outU16']),
  sock_send: errno(['fd', 'fd'], ['si_data', 'iovs'], ['si_flags', 'u32'], ['so_datalen', 'outU32']),
  sock_shutdown: errno(['fd', 'fd'], ['how', 'sdflags']),
} as const satisfies Record<string, Signature>;

export type Preview1Name = keyof typeof PREVIEW1_ABI;

/** The wasm arguments one parameter kind takes, as JS receives them (i32 → number, i64 → bigint). */
type WasmArgs<K> = K extends 'path' | 'iovs' | 'outBuffer' | 'outString' ? [number, number] : K extends 'u64' | 's64' | 'rights' ? [bigint] : [number];
type FlatArgs<P> = P extends readonly [readonly [string, infer K], ...infer Rest] ? [...WasmArgs<K>, ...FlatArgs<Rest>] : [];
type ResultOf<R> = R extends 'noreturn' ? never : number;

/** The import record a guest links against, derived from the table. */
export type ImportsOf<T extends Record<string, Signature>> = {
  [N in keyof T]: (...args: FlatArgs<T[N]['params']>) => ResultOf<T[N]['result']>;
};

/** Whether a kind takes two wasm arguments (pointer, length). */
export function isPair(kind: ParamKind): kind is 'path' | 'iovs' | 'outBuffer' | 'outString' {
  return kind === 'path' || kind === 'iovs' || kind === 'outBuffer' || kind === 'outString';
}

/** Whether a kind is passed as an i64 (a bigint in JS). */
export function isWide(kind: ParamKind): boolean {
  return kind === 'u64' || kind === 's64' || kind === 'rights';
}

export function isFlagKind(kind: ParamKind): kind is FlagKind {
  return Object.hasOwn(FLAG_BITS, kind);
}

export function isEnumKind(kind: ParamKind): kind is EnumKind {
  return Object.hasOwn(ENUM_VALUES, kind);
}

/** One parameter laid out on the wasm arguments: where it starts and what it is. */
export interface LaidOutParam {
  readonly name: string;
  readonly kind: ParamKind;
  /** Index of its (first) wasm argument. */
  readonly at: number;
}

/** A function's parameters with their wasm argument positions, or undefined for a name the spec lacks. */
export function signatureOf(name: string): { params: LaidOutParam[]; arity: number; result: ResultKind } | undefined {
  if (!Object.hasOwn(PREVIEW1_ABI, name)) return undefined;
  const signature: Signature = PREVIEW1_ABI[name as Preview1Name];
  const params: LaidOutParam[] = [];
  let at = 0;
  for (const [paramName, kind] of signature.params) {
    params.push({ name: paramName, kind, at });
    at += isPair(kind) ? 2 : 1;
  }
  return { params, arity: at, result: signature.result };
}

/**
 * The core wasm type a module imports `name` with: one i32 per parameter, two for a pair, an i64
 * for a wide one; an errno is one i32 result. Undefined for a name the spec lacks.
 */
export function coreTypeOf(name: string): { params: ('i32' | 'i64')[]; results: 'i32'[] } | undefined {
  const signature = signatureOf(name);
  if (!signature) return undefined;
  const params = signature.params.flatMap(({ kind }): ('i32' | 'i64')[] => (isPair(kind) ? ['i32', 'i32'] : isWide(kind) ? ['i64'] : ['i32']));
  return { params, results: signature.result === 'errno' ? ['i32'] : [] };
}
