import { EXIT } from './output.js';

/** A mistake the user can fix: printed as one line plus a hint, never as a stack trace. */
export class WasiKitError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: number;
  constructor(message: string, options: { hint?: string; exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'WasiKitError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? EXIT.failure;
  }
}

/** Errors from the packages that are about the user's input or machine, not our bugs. */
export function asUserError(error: unknown): WasiKitError | undefined {
  if (error instanceof WasiKitError) return error;
  if (isUserFacing(error)) return new WasiKitError(error.message, { hint: error.hint, exitCode: error.exitCode, cause: error });
  return undefined;
}

/**
 * The packages mark errors about the user's input or machine with `userFacing: true` (cargo-bridge's
 * `CargoBridgeError`s; the runtime's option, module and trap errors, which may carry an `exitCode`,
 * e.g. 134 for a trap as wasmtime does), so the CLI need not load the packages to recognise them.
 */
function isUserFacing(error: unknown): error is Error & { hint?: string; exitCode?: number } {
  return error instanceof Error && (error as { userFacing?: unknown }).userFacing === true;
}
