import { UserError, type UserErrorOptions } from '@wasi-kit/errors';
import type { Diagnostic } from './build.js';

/** Base of every error this package throws on purpose: a `UserError`, so `hint` says what to do. */
export class CargoBridgeError extends UserError {
  constructor(message: string, options: Omit<UserErrorOptions, 'exitCode'> = {}) {
    super(message, options);
  }
}

/** No rustc/cargo pair on this machine at all. */
export class ToolchainNotFound extends CargoBridgeError {
  constructor(message: string, hint: string) {
    super(message, { hint });
  }
}

/** A toolchain exists but its sysroot has no WASI std; `command` installs one. */
export class TargetNotInstalled extends CargoBridgeError {
  readonly command: string;
  constructor(message: string, command: string, hint = `install it: ${command}`) {
    super(message, { hint });
    this.command = command;
  }
}

/** cargo ran and failed; `rendered` (also the error's `details`) holds cargo's own error text, `diagnostics` the typed messages. */
export class BuildFailed extends CargoBridgeError {
  readonly rendered: string;
  readonly diagnostics: Diagnostic[];
  constructor(rendered: string, options: { cause?: unknown; hint?: string; message?: string; diagnostics?: Diagnostic[] } = {}) {
    super(options.message ?? 'cargo build failed', { ...options, details: rendered === '' ? undefined : rendered });
    this.rendered = rendered;
    this.diagnostics = options.diagnostics ?? [];
  }
}

/** The build's AbortSignal fired; cargo and everything it started have been killed. */
export class BuildCancelled extends CargoBridgeError {
  constructor(options: { cause?: unknown } = {}) {
    super('cargo build cancelled', options);
  }
}
