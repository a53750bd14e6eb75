import { UserFacingError } from '../failures.js';

/**
 * Mistakes in the module or the command line that the user can fix. User-facing, so the CLI
 * prints `error: <message>` and `hint: <hint>` and exits with `exitCode`, without a stack.
 */
export class ToolError extends UserFacingError {
  constructor(message: string, options: { hint?: string; exitCode?: number; cause?: unknown } = {}) {
    super(message, { ...options, exitCode: options.exitCode ?? 1 });
    this.name = new.target.name;
  }
}

/** The bytes are not a wasm binary at all (text, ELF, empty…). */
export class NotWasm extends ToolError {}
/** A wasm binary that V8 refuses to compile: truncated or invalid. */
export class InvalidModule extends ToolError {}
/** A component where only a core module will do (`--invoke`, `--trace`). */
export class ComponentModule extends ToolError {}
/** A .wat file that does not parse or validate; the message starts with `file:line:col`. */
export class WatSyntaxError extends ToolError {}
/** Imports the host does not provide. */
export class UnknownImports extends ToolError {}
/** No `_start` to run, and no `--invoke`. */
export class NoStartExport extends ToolError {}
/** `--invoke` named a missing export or gave arguments that do not fit its signature. */
export class InvokeMismatch extends ToolError {}
/** `--max-memory` is smaller than the memory the module needs at start. */
export class MemoryCapTooSmall extends ToolError {}

/** Exit codes of the limits, documented in docs/run.md: timeout(1)'s 124 and the shell's 128+SIGINT. */
export const LIMIT_EXIT = { timeout: 124, interrupted: 130, trap: 134 } as const;

export class GuestTimeout extends ToolError {
  constructor(readonly limit: string) {
    super(`guest ran longer than ${limit}; stopped`, { exitCode: LIMIT_EXIT.timeout });
  }
}

export class GuestInterrupted extends ToolError {
  constructor() {
    super('interrupted; guest stopped', { exitCode: LIMIT_EXIT.interrupted });
  }
}

/** What crosses the worker boundary (structured clone drops an Error's own fields). */
export interface SerializedError {
  name: string;
  message: string;
  hint?: string;
  exitCode?: number;
  userFacing: boolean;
  stack?: string;
  /** Text printed above the error line (a trap's wasm backtrace). */
  rendered?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), userFacing: false };
  const fields = error as Error & { hint?: unknown; exitCode?: unknown; userFacing?: unknown; rendered?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(typeof fields.hint === 'string' ? { hint: fields.hint } : {}),
    ...(typeof fields.exitCode === 'number' ? { exitCode: fields.exitCode } : {}),
    userFacing: fields.userFacing === true,
    ...(error.stack === undefined ? {} : { stack: error.stack }),
    ...(typeof fields.rendered === 'string' ? { rendered: fields.rendered } : {}),
  };
}

export function deserializeError(serialized: SerializedError): Error {
  if (serialized.userFacing) {
    const error = new ToolError(serialized.message, { hint: serialized.hint, exitCode: serialized.exitCode });
    error.name = serialized.name;
    if (serialized.rendered !== undefined) Object.assign(error, { rendered: serialized.rendered });
    return error;
  }
  const error = new Error(serialized.message);
  error.name = serialized.name;
  if (serialized.stack !== undefined) error.stack = serialized.stack;
  return error;
}
