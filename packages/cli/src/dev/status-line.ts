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
