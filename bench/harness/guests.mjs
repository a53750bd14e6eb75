// Where `pnpm bench`'s turbo tasks (build:wasm, build:native) leave the guests.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = fileURLToPath(new URL('../', import.meta.url));
const target = path.join(benchDir, 'guests', 'target');
export const GUESTS = ['writes', 'copy', 'walk', 'journal', 'lookups', 'sha256', 'hello'];

/** @returns {{ wasm: (name: string) => string, native: (name: string) => string }} */
export function locateGuests() {
  const wasiTarget = existsSync(target) ? readdirSync(target).find((dir) => dir.startsWith('wasm32-wasi')) : undefined;
  const wasm = (name) => path.join(target, wasiTarget ?? 'wasm32-wasi', 'release', `${name}.wasm`);
  const native = (name) => path.join(target, 'release', name);
  const missing = GUESTS.flatMap((name) => [wasm(name), native(name)]).filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(`benchmark guests not built: ${missing.map((file) => path.relative(benchDir, file)).join(', ')}\nhint: run \`pnpm bench\` from the repository root (it builds them through turbo first)`);
  }
  return { wasm, native };
}
