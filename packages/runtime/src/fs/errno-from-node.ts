import { WasiError } from '../failures.js';
import { Errno } from '../preview1/spec.js';

/** A Node system error (`err.code` is the POSIX name) rather than a bug in the host. */
export function isNodeSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** The one switch from a host errno name to a WASI errno. Unknown host errors become EIO. */
export function errnoFromNodeError(error: NodeJS.ErrnoException): Errno {
  switch (error.code) {
    case 'E2BIG': return Errno['2BIG'];
    case 'EACCES': return Errno.ACCES;
    case 'EADDRINUSE': return Errno.ADDRINUSE;
    case 'EADDRNOTAVAIL': return Errno.ADDRNOTAVAIL;
    case 'EAFNOSUPPORT': return Errno.AFNOSUPPORT;
    case 'EAGAIN': case 'EWOULDBLOCK': return Errno.AGAIN;
    case 'EALREADY': return Errno.ALREADY;
    case 'EBADF': return Errno.BADF;
    case 'EBUSY': return Errno.BUSY;
    case 'ECANCELED': return Errno.CANCELED;
    case 'ECONNABORTED': return Errno.CONNABORTED;
    case 'ECONNREFUSED': return Errno.CONNREFUSED;
    case 'ECONNRESET': return Errno.CONNRESET;
    case 'EDEADLK': return Errno.DEADLK;
    case 'EDQUOT': return Errno.DQUOT;
    case 'EEXIST': return Errno.EXIST;
    case 'EFAULT': return Errno.FAULT;
    case 'EFBIG': return Errno.FBIG;
    case 'EHOSTUNREACH': return Errno.HOSTUNREACH;
    case 'EILSEQ': return Errno.ILSEQ;
    case 'EINTR': return Errno.INTR;
    case 'EINVAL': return Errno.INVAL;
    case 'EIO': return Errno.IO;
    case 'EISCONN': return Errno.ISCONN;
    case 'EISDIR': return Errno.ISDIR;
    case 'ELOOP': return Errno.LOOP;
    case 'EMFILE': return Errno.MFILE;
    case 'EMLINK': return Errno.MLINK;
    case 'EMSGSIZE': return Errno.MSGSIZE;
    case 'ENAMETOOLONG': return Errno.NAMETOOLONG;
    case 'ENETDOWN': return Errno.NETDOWN;
    case 'ENETUNREACH': return Errno.NETUNREACH;
    case 'ENFILE': return Errno.NFILE;
    case 'ENOBUFS': return Errno.NOBUFS;
    case 'ENODEV': return Errno.NODEV;
    case 'ENOENT': return Errno.NOENT;
    case 'ENOMEM': return Errno.NOMEM;
    case 'ENOSPC': return Errno.NOSPC;
    case 'ENOSYS': return Errno.NOSYS;
    case 'ENOTCONN': return Errno.NOTCONN;
    case 'ENOTDIR': return Errno.NOTDIR;
    case 'ENOTEMPTY': return Errno.NOTEMPTY;
    case 'ENOTSOCK': return Errno.NOTSOCK;
    case 'ENOTSUP': case 'EOPNOTSUPP': return Errno.NOTSUP;
    case 'ENOTTY': return Errno.NOTTY;
    case 'ENXIO': return Errno.NXIO;
    case 'EOVERFLOW': return Errno.OVERFLOW;
    case 'EPERM': return Errno.PERM;
    case 'EPIPE': return Errno.PIPE;
    case 'ERANGE': return Errno.RANGE;
    case 'EROFS': return Errno.ROFS;
    case 'ESPIPE': return Errno.SPIPE;
    case 'ESRCH': return Errno.SRCH;
    case 'ESTALE': return Errno.STALE;
    case 'ETIMEDOUT': return Errno.TIMEDOUT;
    case 'ETXTBSY': return Errno.TXTBSY;
    case 'EXDEV': return Errno.XDEV;
    default: return Errno.IO;
  }
}

/** The guest's errno for a WasiError or a Node system error; anything else (a host bug) is rethrown. */
export function guestErrno(error: unknown): Errno {
  if (error instanceof WasiError) return error.errno;
  if (isNodeSystemError(error)) return errnoFromNodeError(error);
  throw error;
}

/** Rethrows a Node system error as the matching WasiError; anything else (a host bug) propagates. */
export function toWasiError(error: unknown): unknown {
  return isNodeSystemError(error) ? new WasiError(errnoFromNodeError(error)) : error;
}
