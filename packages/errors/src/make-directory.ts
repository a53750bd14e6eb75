import { mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * `mkdir -p` that gives up. Node's recursive mkdir never returns where mkdir answers ENOENT with
 * the parent in place (a folder under /proc or /sys), so a cache folder set there
 * (WASI_KIT_CACHE_DIR, XDG_CACHE_HOME) would hang the command; this throws mkdir's error instead.
 */
export function makeDirectory(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    const parent = path.dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw error;
    makeDirectory(parent);
    try {
      mkdirSync(dir);
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code !== 'EEXIST') throw again;
    }
  }
}
