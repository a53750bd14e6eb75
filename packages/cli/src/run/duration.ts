import { WasiKitError } from '../errors.js';

const DURATION = /^(\d+(?:\.\d+)?|\.\d+)(ns|us|μs|ms|s|m|h)?$/;
const MAX_TIMEOUT_MS = 2 ** 31 - 1;
const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * `2` (seconds, as wasmtime reads a bare number), `500ms`, `2s`, `1.5s`, `1m`, `1h`, and
 * wasmtime's `us`/`ns` → whole milliseconds (rounded up, so a tiny timeout is still one).
 */
export function parseDuration(text: string, option = '--timeout'): number {
  const match = DURATION.exec(text.trim());
  const ms = match ? Number(match[1]) * UNITS[match[2] ?? 's']! : Number.NaN;
  const hint = `for example ${option} 2 (seconds), 500ms, 2s or 1m`;
  if (!Number.isFinite(ms) || ms <= 0) throw new WasiKitError(`${option} ${text}: expected a positive duration`, { hint });
  // Node's timers hold at most 2^31-1 ms.
  if (ms > MAX_TIMEOUT_MS) throw new WasiKitError(`${option} ${text}: longer than the longest timeout, 24 days`, { hint });
  return Math.ceil(ms);
}

/** A duration as the user wrote it, for messages, with a bare number's unit said: `2` → `2s`. */
export function durationLabel(text: string): string {
  const trimmed = text.trim();
  return DURATION.exec(trimmed)?.[2] === undefined ? `${trimmed}s` : trimmed;
}
