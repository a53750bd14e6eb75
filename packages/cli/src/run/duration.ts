import { WasiKitError } from '../errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `500ms`, `2s`, `1.5s`, `1m`, `1h` → milliseconds; a unit is required, as in wasmtime's `-W timeout=`. */
export function parseDuration(text: string, option = '--timeout'): number {
  const match = /^(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)$/.exec(text.trim());
  const ms = match ? Number(match[1]) * UNITS[match[2]!]! : Number.NaN;
  if (!Number.isFinite(ms) || ms <= 0 || ms > 2 ** 31 - 1) {
    throw new WasiKitError(`${option} ${text}: expected a positive duration with a unit`, { hint: `for example ${option} 500ms, 2s or 1m` });
  }
  return Math.ceil(ms);
}
