import { UserError, type UserErrorOptions } from '@wasi-kit/errors';

export { isUserError, UserError } from '@wasi-kit/errors';

/** A mistake the user can fix, found by the CLI itself: the shared `UserError`, one line and a hint. */
export class WasiKitError extends UserError {
  constructor(message: string, options: UserErrorOptions = {}) {
    super(message, options);
  }
}
