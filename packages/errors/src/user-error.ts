import { EXIT } from './exit-codes.js';

// A registered symbol, so a UserError is recognised whichever copy of this module made it
// (the runtime's bundle inlines one, the CLI loads another) without duck-typing its fields.
const BRAND: unique symbol = Symbol.for('wasi-kit.user-error');

export interface UserErrorOptions {
  hint?: string | undefined;
  exitCode?: number | undefined;
  /** Text to print above the one-line message, as given: cargo's rendered diagnostics. */
  details?: string | undefined;
  /** Node's code for the same mistake (`ERR_INVALID_ARG_TYPE`…), where wasi-kit stands in for a Node API. */
  code?: string | undefined;
  cause?: unknown;
}

/** What a guest printed, when its run captured stdout and stderr instead of passing them on. */
export interface GuestOutput {
  stdout: string;
  stderr: string;
}

/**
 * A mistake the user can fix (their input, their module, their machine): a CLI prints `details`
 * as given, then `error: <message>` and `hint: <hint>`, and exits with `exitCode` — no stack.
 */
export class UserError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: number;
  readonly details: string | undefined;
  readonly code: string | undefined;
  /** What the guest printed before this error stopped it, when the run captured its output (`withGuestOutput`). */
  guestOutput: GuestOutput | undefined;
  readonly [BRAND] = true;

  constructor(message: string, options: UserErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? EXIT.failure;
    this.details = options.details;
    this.code = options.code;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    // Subclasses keep the ordinary prototype check; the base class answers by the brand.
    if (this !== UserError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/**
 * Keeps a captured run's output with the error that ended it (a trap, a status above 125), so a
 * caller that captured (`run --json`, `wasi-kit test`) still shows what the guest printed first.
 */
export function withGuestOutput(error: unknown, output: GuestOutput): unknown {
  if (error instanceof UserError) error.guestOutput = output;
  return error;
}
