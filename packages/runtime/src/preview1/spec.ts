/**
 * Constants and struct layouts of `wasi_snapshot_preview1`, exactly as the witx defines them:
 * https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/witx/typenames.witx
 * https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/witx/wasi_snapshot_preview1.witx
 * The `wasi_unstable` (snapshot 0) differences live in `unstable.ts`.
 */

/** `errno` (u16): https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/witx/typenames.witx#L34 */
export enum Errno {
  SUCCESS = 0, '2BIG' = 1, ACCES = 2, ADDRINUSE = 3, ADDRNOTAVAIL = 4, AFNOSUPPORT = 5, AGAIN = 6, ALREADY = 7,
  BADF = 8, BADMSG = 9, BUSY = 10, CANCELED = 11, CHILD = 12, CONNABORTED = 13, CONNREFUSED = 14,
  CONNRESET = 15, DEADLK = 16, DESTADDRREQ = 17, DOM = 18, DQUOT = 19, EXIST = 20, FAULT = 21, FBIG = 22,
  HOSTUNREACH = 23, IDRM = 24, ILSEQ = 25, INPROGRESS = 26, INTR = 27, INVAL = 28, IO = 29, ISCONN = 30,
  ISDIR = 31, LOOP = 32, MFILE = 33, MLINK = 34, MSGSIZE = 35, MULTIHOP = 36, NAMETOOLONG = 37,
  NETDOWN = 38, NETRESET = 39, NETUNREACH = 40, NFILE = 41, NOBUFS = 42, NODEV = 43, NOENT = 44,
  NOEXEC = 45, NOLCK = 46, NOLINK = 47, NOMEM = 48, NOMSG = 49, NOPROTOOPT = 50, NOSPC = 51, NOSYS = 52,
  NOTCONN = 53, NOTDIR = 54, NOTEMPTY = 55, NOTRECOVERABLE = 56, NOTSOCK = 57, NOTSUP = 58, NOTTY = 59,
  NXIO = 60, OVERFLOW = 61, OWNERDEAD = 62, PERM = 63, PIPE = 64, PROTO = 65, PROTONOSUPPORT = 66,
  PROTOTYPE = 67, RANGE = 68, ROFS = 69, SPIPE = 70, SRCH = 71, STALE = 72, TIMEDOUT = 73, TXTBSY = 74,
  XDEV = 75, NOTCAPABLE = 76,
}

/** `rights` (u64 flags). Every bit below 2^30, so they are kept as plain numbers on the host. */
export const Rights = {
  FD_DATASYNC: 1 << 0,
  FD_READ: 1 << 1,
  FD_SEEK: 1 << 2,
  FD_FDSTAT_SET_FLAGS: 1 << 3,
  FD_SYNC: 1 << 4,
  FD_TELL: 1 << 5,
  FD_WRITE: 1 << 6,
  FD_ADVISE: 1 << 7,
  FD_ALLOCATE: 1 << 8,
  PATH_CREATE_DIRECTORY: 1 << 9,
  PATH_CREATE_FILE: 1 << 10,
  PATH_LINK_SOURCE: 1 << 11,
  PATH_LINK_TARGET: 1 << 12,
  PATH_OPEN: 1 << 13,
  FD_READDIR: 1 << 14,
  PATH_READLINK: 1 << 15,
  PATH_RENAME_SOURCE: 1 << 16,
  PATH_RENAME_TARGET: 1 << 17,
  PATH_FILESTAT_GET: 1 << 18,
  PATH_FILESTAT_SET_SIZE: 1 << 19,
  PATH_FILESTAT_SET_TIMES: 1 << 20,
  FD_FILESTAT_GET: 1 << 21,
  FD_FILESTAT_SET_SIZE: 1 << 22,
  FD_FILESTAT_SET_TIMES: 1 << 23,
  PATH_SYMLINK: 1 << 24,
  PATH_REMOVE_DIRECTORY: 1 << 25,
  PATH_UNLINK_FILE: 1 << 26,
  POLL_FD_READWRITE: 1 << 27,
  SOCK_SHUTDOWN: 1 << 28,
  SOCK_ACCEPT: 1 << 29,
} as const;

/** Every right preview1 defines; a rights value with any other bit set is invalid (EINVAL). */
export const ALL_RIGHTS = (1 << 30) - 1;

/**
 * The rights fd_fdstat_get reports for a preopened directory: wasmtime's hard-coded set "expected
 * by many userlands" (crates/wasi/src/p1.rs). Rights are reported, never enforced (see fd/entry.ts).
 */
export const PREOPEN_RIGHTS_BASE =
  Rights.PATH_CREATE_DIRECTORY | Rights.PATH_CREATE_FILE | Rights.PATH_LINK_SOURCE | Rights.PATH_LINK_TARGET |
  Rights.PATH_OPEN | Rights.FD_READDIR | Rights.PATH_READLINK | Rights.PATH_RENAME_SOURCE |
  Rights.PATH_RENAME_TARGET | Rights.PATH_SYMLINK | Rights.PATH_REMOVE_DIRECTORY | Rights.PATH_UNLINK_FILE |
  Rights.PATH_FILESTAT_GET | Rights.PATH_FILESTAT_SET_TIMES | Rights.FD_FILESTAT_GET | Rights.FD_FILESTAT_SET_TIMES;

export const PREOPEN_RIGHTS_INHERITING =
  PREOPEN_RIGHTS_BASE | Rights.FD_DATASYNC | Rights.FD_READ | Rights.FD_SEEK | Rights.FD_FDSTAT_SET_FLAGS |
  Rights.FD_SYNC | Rights.FD_TELL | Rights.FD_WRITE | Rights.FD_ADVISE | Rights.FD_ALLOCATE |
  Rights.FD_FILESTAT_GET | Rights.FD_FILESTAT_SET_SIZE | Rights.FD_FILESTAT_SET_TIMES | Rights.POLL_FD_READWRITE;

/** `filetype` (u8). */
export const Filetype = {
  UNKNOWN: 0,
  BLOCK_DEVICE: 1,
  CHARACTER_DEVICE: 2,
  DIRECTORY: 3,
  REGULAR_FILE: 4,
  SOCKET_DGRAM: 5,
  SOCKET_STREAM: 6,
  SYMBOLIC_LINK: 7,
} as const;

/** `fdflags` (u16). */
export const Fdflags = { APPEND: 1, DSYNC: 2, NONBLOCK: 4, RSYNC: 8, SYNC: 16 } as const;
export const ALL_FDFLAGS = 31;

/** `oflags` (u16). */
export const Oflags = { CREAT: 1, DIRECTORY: 2, EXCL: 4, TRUNC: 8 } as const;
export const ALL_OFLAGS = 15;

/** `lookupflags` (u32). */
export const Lookupflags = { SYMLINK_FOLLOW: 1 } as const;
export const ALL_LOOKUPFLAGS = 1;

/** `fstflags` (u16). */
export const Fstflags = { ATIM: 1, ATIM_NOW: 2, MTIM: 4, MTIM_NOW: 8 } as const;
export const ALL_FSTFLAGS = 15;

/** `whence` (u8) in preview1; snapshot 0 numbers them differently (see unstable.ts). */
export const Whence = { SET: 0, CUR: 1, END: 2 } as const;

/** `clockid` (u32). */
export const Clockid = { REALTIME: 0, MONOTONIC: 1, PROCESS_CPUTIME_ID: 2, THREAD_CPUTIME_ID: 3 } as const;

/** `advice` (u8). */
export const Advice = { NORMAL: 0, SEQUENTIAL: 1, RANDOM: 2, WILLNEED: 3, DONTNEED: 4, NOREUSE: 5 } as const;

/** `eventtype` (u8). */
export const Eventtype = { CLOCK: 0, FD_READ: 1, FD_WRITE: 2 } as const;

/** `subclockflags` (u16). */
export const Subclockflags = { SUBSCRIPTION_CLOCK_ABSTIME: 1 } as const;

/** `eventrwflags` (u16). */
export const Eventrwflags = { FD_READWRITE_HANGUP: 1 } as const;

/** `preopentype` (u8). */
export const Preopentype = { DIR: 0 } as const;

/** `riflags` (u16), `siflags` (u16) and `sdflags` (u8). */
export const Riflags = { RECV_PEEK: 1, RECV_WAITALL: 2 } as const;
export const Sdflags = { RD: 1, WR: 2 } as const;

/** `signal` (u8): the highest defined value is SIGSYS = 30. */
export const MAX_SIGNAL = 30;

/** `iovec` / `ciovec`: { buf: u32 @0, buf_len: u32 @4 }, size 8, align 4. */
export const IOVEC_SIZE = 8;

/** `fdstat`: { fs_filetype: u8 @0, fs_flags: u16 @2, fs_rights_base: u64 @8, fs_rights_inheriting: u64 @16 }, size 24. */
export const Fdstat = { SIZE: 24, ALIGN: 8, FILETYPE: 0, FLAGS: 2, RIGHTS_BASE: 8, RIGHTS_INHERITING: 16 } as const;

/** `filestat`: dev u64 @0, ino u64 @8, filetype u8 @16, nlink u64 @24, size u64 @32, atim @40, mtim @48, ctim @56; size 64. */
export interface FilestatLayout {
  readonly SIZE: number;
  readonly DEV: number;
  readonly INO: number;
  readonly FILETYPE: number;
  readonly NLINK: number;
  /** Width of the nlink field: u64 in preview1, u32 in snapshot 0. */
  readonly NLINK_BYTES: 4 | 8;
  readonly FILESIZE: number;
  readonly ATIM: number;
  readonly MTIM: number;
  readonly CTIM: number;
}
export const Filestat: FilestatLayout = { SIZE: 64, DEV: 0, INO: 8, FILETYPE: 16, NLINK: 24, NLINK_BYTES: 8, FILESIZE: 32, ATIM: 40, MTIM: 48, CTIM: 56 };

/** `prestat`: { tag: u8 @0, u.dir.pr_name_len: u32 @4 }, size 8. */
export const Prestat = { SIZE: 8, TAG: 0, NAME_LEN: 4 } as const;

/** `dirent`: { d_next: u64 @0, d_ino: u64 @8, d_namlen: u32 @16, d_type: u8 @20 }, size 24; the name follows. */
export const Dirent = { SIZE: 24, NEXT: 0, INO: 8, NAMLEN: 16, TYPE: 20 } as const;

/**
 * `subscription`: userdata u64 @0, u.tag u8 @8, then @16 either
 * clock { id u32 @16, timeout u64 @24, precision u64 @32, flags u16 @40 } or fd_readwrite { fd u32 @16 }; size 48.
 */
export interface SubscriptionLayout {
  readonly SIZE: number;
  readonly USERDATA: number;
  readonly TAG: number;
  readonly CLOCK_ID: number;
  readonly CLOCK_TIMEOUT: number;
  readonly CLOCK_PRECISION: number;
  readonly CLOCK_FLAGS: number;
  readonly FD: number;
}
export const Subscription: SubscriptionLayout = { SIZE: 48, USERDATA: 0, TAG: 8, CLOCK_ID: 16, CLOCK_TIMEOUT: 24, CLOCK_PRECISION: 32, CLOCK_FLAGS: 40, FD: 16 };

/** `event`: { userdata u64 @0, error u16 @8, type u8 @10, fd_readwrite { nbytes u64 @16, flags u16 @24 } }, size 32. */
export const Event = { SIZE: 32, USERDATA: 0, ERROR: 8, TYPE: 10, NBYTES: 16, FLAGS: 24 } as const;
