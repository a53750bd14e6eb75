import { constants } from 'node:fs';

/** Linux's O_PATH (not in fs.constants): an fd usable only as a lookup base, and cheap to open. */
export const O_PATH = process.platform === 'linux' && !['mips', 'mipsel', 'ppc', 'sparc', 'sparc64'].includes(process.arch) ? 0o10000000 : 0;

/** How the JavaScript walk opens each directory it passes: never following a link. */
export const WALK_FLAGS = (O_PATH !== 0 ? O_PATH : constants.O_RDONLY) | constants.O_DIRECTORY | constants.O_NOFOLLOW;
