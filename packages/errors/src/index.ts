export { EXIT, MAX_GUEST_EXIT } from './exit-codes.js';
export { isUserError, UserError, withGuestOutput, type GuestOutput, type UserErrorOptions } from './user-error.js';
export { deserializeError, serializeError, type SerializedError } from './serialize.js';
export { printable } from './printable.js';
export { cacheFolder } from './cache-folder.js';
export { makeDirectory } from './make-directory.js';
