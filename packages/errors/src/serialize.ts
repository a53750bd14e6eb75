import { UserError, type GuestOutput } from './user-error.js';

/**
 * An error as it crosses a worker or process boundary (structured clone and JSON keep neither an
 * Error's class nor its own fields). A user error comes back a `UserError` with the same wording;
 * anything else comes back an `Error` that keeps its stack, so a bug still reads as one.
 */
export type SerializedError =
  | { kind: 'user'; name: string; message: string; hint?: string; exitCode: number; details?: string; code?: string; guestOutput?: GuestOutput }
  | { kind: 'bug'; name: string; message: string; stack?: string };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof UserError) {
    return {
      kind: 'user',
      name: error.name,
      message: error.message,
      exitCode: error.exitCode,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      ...(error.details === undefined ? {} : { details: error.details }),
      ...(error.code === undefined ? {} : { code: error.code }),
      ...(error.guestOutput === undefined ? {} : { guestOutput: error.guestOutput }),
    };
  }
  if (!(error instanceof Error)) return { kind: 'bug', name: 'Error', message: String(error) };
  return { kind: 'bug', name: error.name, message: error.message, ...(error.stack === undefined ? {} : { stack: error.stack }) };
}

export function deserializeError(serialized: SerializedError): Error {
  if (serialized.kind === 'user') {
    const error = new UserError(serialized.message, serialized);
    error.name = serialized.name;
    error.guestOutput = serialized.guestOutput;
    return error;
  }
  const error = new Error(serialized.message);
  error.name = serialized.name;
  if (serialized.stack !== undefined) error.stack = serialized.stack;
  return error;
}
