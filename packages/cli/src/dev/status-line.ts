import path from 'node:path';
import { EXIT, formatDuration, paint } from '../output.js';

/** The one line `dev` prints per cycle, after the guest's own output. */
export type Cycle =
  | { kind: 'ran'; buildMs: number; runMs: number; exitCode: number }
  | { kind: 'stopped'; buildMs: number; runMs: number }
  | { kind: 'build-failed'; buildMs: number };

export function statusLine(cycle: Cycle): string {
  const built = `built in ${formatDuration(cycle.buildMs)}`;
  switch (cycle.kind) {
    case 'build-failed':
      return `${paint('red', '✗')} build failed in ${formatDuration(cycle.buildMs)} · waiting for changes`;
    case 'stopped':
      return `${paint('yellow', '■')} ${built} · stopped after ${formatDuration(cycle.runMs)}`;
    case 'ran': {
      const ran = `ran in ${formatDuration(cycle.runMs)}`;
      if (cycle.exitCode === 0) return `${paint('green', '✓')} ${built} · ${ran} · exit 0 · watching for changes`;
      const what = cycle.exitCode === EXIT.trap ? 'trapped (exit 134)' : `exit ${cycle.exitCode}`;
      return `${paint('red', '✗')} ${built} · ${ran} · ${what} · watching for changes`;
    }
  }
}

/** The header that opens a cycle: which saved files started it (none for the first build or a rerun). */
export function cycleHeader(changed: string[], cwd: string, reason: 'first' | 'save' | 'rerun' = changed.length > 0 ? 'save' : 'first'): string {
  if (reason === 'rerun') return paint('cyan', '── rerun ──');
  if (reason === 'first' || changed.length === 0) return paint('cyan', '── first build ──');
  const names = changed.map((file) => path.relative(cwd, file) || file);
  const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
  return paint('cyan', `── ${shown} changed ──`);
}

/** Shown while the guest runs, before its output: which module, and that it is running. */
export function runningLine(wasm: string): string {
  return paint('dim', `▶ running ${path.basename(wasm)}`);
}

export const KEYS_HELP = 'keys: r rerun · c clear · q quit · h help';
