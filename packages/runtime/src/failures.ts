import { Errno } from './preview1/spec.js';

/**
 * A guest-visible failure: `dispatch.ts` turns it into the syscall's errno return value. Failures
 * are hot in real programs (a stat that finds nothing, an open of a missing file), so it carries
 * no stack: capturing one walks every guest frame (100 of them while a guest runs, guest-trap.ts's
 * withDeepStacks) and cost a failing call more than the syscall itself.
 */
export class WasiError extends Error {
  readonly errno: Errno;
  constructor(errno: Errno) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(`WASI errno ${Errno[errno] ?? errno} (${errno})`);
    Error.stackTraceLimit = limit;
    this.errno = errno;
  }
}
WasiError.prototype.name = 'WasiError';

/** A guest fault the WASI spec says must trap (out-of-bounds or misaligned pointer); it unwinds the guest. */
export class Trap extends Error {
  /** node:wasi's code for the same refusal, where it has one (ERR_WASI_NOT_STARTED). */
  readonly code: string | undefined;
  constructor(message: string, code?: string) {
    super(message);
    this.name = 'Trap';
    this.code = code;
  }
}

/** The sentinel `proc_exit` throws to unwind the guest; `start()` turns it into the exit code. */
export class ProcExit extends Error {
  readonly code: number;
  constructor(code: number) {
    super(`proc_exit(${code})`);
    this.name = 'ProcExit';
    this.code = code;
  }
}

/**
 * A handler failed in a way no guest input should reach: a bug in this host. It names the
 * syscall and keeps the original error as its cause; the CLI reports it as a bug (exit 70).
 */
export class HostBug extends Error {
  readonly syscall: string;
  constructor(syscall: string, cause: unknown) {
    super(`wasi-kit bug in ${syscall}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'HostBug';
    this.syscall = syscall;
  }
}
