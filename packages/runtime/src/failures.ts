import { Errno } from './preview1/spec.js';

/** A guest-visible failure: `dispatch.ts` turns it into the syscall's errno return value. */
export class WasiError extends Error {
  readonly errno: Errno;
  constructor(errno: Errno) {
    super(`WASI errno ${Errno[errno] ?? errno} (${errno})`);
    this.name = 'WasiError';
    this.errno = errno;
  }
}

/** A guest fault the WASI spec says must trap (out-of-bounds or misaligned pointer); it unwinds the guest. */
export class Trap extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Trap';
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
