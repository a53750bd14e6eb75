import { UserError, type UserErrorOptions } from '@wasi-kit/errors';

export { isUserError, UserError } from '@wasi-kit/errors';

/** A mistake the user can fix, found by the CLI itself: the shared `UserError`, one line and a hint. */
export class WasiKitError extends UserError {
  constructor(message: string, options: UserErrorOptions = {}) {
    super(message, options);
  }
}

/** What a Node system error says without its code and call: "no such file or directory". */
export function systemReason(error: NodeJS.ErrnoException): string {
  return error.message.replace(`${error.code}: `, '').split(',')[0] ?? error.message;
}
