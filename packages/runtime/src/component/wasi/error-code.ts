import { WasiError } from '../../failures.js';
import { errnoFromNodeError, isNodeSystemError } from '../../fs/errno-from-node.js';
import { Errno } from '../../preview1/spec.js';

/** `wasi:filesystem/types.error-code`, as jco passes enum cases: their WIT names. */
export type ErrorCode =
  | 'access' | 'would-block' | 'already' | 'bad-descriptor' | 'busy' | 'deadlock' | 'quota' | 'exist'
  | 'file-too-large' | 'illegal-byte-sequence' | 'in-progress' | 'interrupted' | 'invalid' | 'io'
  | 'is-directory' | 'loop' | 'too-many-links' | 'message-size' | 'name-too-long' | 'no-device'
  | 'no-entry' | 'no-lock' | 'insufficient-memory' | 'insufficient-space' | 'not-directory'
  | 'not-empty' | 'not-recoverable' | 'unsupported' | 'no-tty' | 'no-such-device' | 'overflow'
  | 'not-permitted' | 'pipe' | 'read-only' | 'invalid-seek' | 'text-file-busy' | 'cross-device';

/** The one switch from a WASI errno to a p2 error-code (wasmtime's From<io::Error>); the rest is `io`. */
export function errorCodeOf(errno: Errno): ErrorCode {
  switch (errno) {
    case Errno.ACCES: return 'access';
    case Errno.AGAIN: return 'would-block';
    case Errno.ALREADY: return 'already';
    case Errno.BADF: return 'bad-descriptor';
    case Errno.BUSY: return 'busy';
    case Errno.DEADLK: return 'deadlock';
    case Errno.DQUOT: return 'quota';
    case Errno.EXIST: return 'exist';
    case Errno.FBIG: return 'file-too-large';
    case Errno.ILSEQ: return 'illegal-byte-sequence';
    case Errno.INPROGRESS: return 'in-progress';
    case Errno.INTR: return 'interrupted';
    case Errno.INVAL: return 'invalid';
    case Errno.ISDIR: return 'is-directory';
    case Errno.LOOP: return 'loop';
    case Errno.MLINK: return 'too-many-links';
    case Errno.MSGSIZE: return 'message-size';
    case Errno.NAMETOOLONG: return 'name-too-long';
    case Errno.NODEV: return 'no-device';
    case Errno.NOENT: return 'no-entry';
    case Errno.NOLCK: return 'no-lock';
    case Errno.NOMEM: return 'insufficient-memory';
    case Errno.NOSPC: return 'insufficient-space';
    case Errno.NOTDIR: return 'not-directory';
    case Errno.NOTEMPTY: return 'not-empty';
    case Errno.NOTRECOVERABLE: return 'not-recoverable';
    case Errno.NOTSUP: case Errno.NOSYS: return 'unsupported';
    case Errno.NOTTY: return 'no-tty';
    case Errno.NXIO: return 'no-such-device';
    case Errno.OVERFLOW: return 'overflow';
    // Leaving a preopen: the spec's "fails with error-code::not-permitted" (cap-std's EPERM).
    case Errno.PERM: case Errno.NOTCAPABLE: return 'not-permitted';
    case Errno.PIPE: return 'pipe';
    case Errno.ROFS: return 'read-only';
    case Errno.SPIPE: return 'invalid-seek';
    case Errno.TXTBSY: return 'text-file-busy';
    case Errno.XDEV: return 'cross-device';
    default: return 'io';
  }
}

/**
 * Runs a filesystem operation and turns its failure into the error-code jco hands the guest as
 * `err(code)`: jco treats a thrown non-Error value as the error payload. Host bugs propagate.
 */
export function fsCall<T>(operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    throw errorCodeFromThrown(error);
  }
}

/** The error-code for a WasiError or a Node system error; anything else (a host bug) is rethrown. */
export function errorCodeFromThrown(error: unknown): ErrorCode {
  if (error instanceof WasiError) return errorCodeOf(error.errno);
  if (isNodeSystemError(error)) return errorCodeOf(errnoFromNodeError(error));
  throw error;
}
