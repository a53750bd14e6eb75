/**
 * Cargo runs in its own process group so that one kill stops it and everything it started
 * (rustc, build scripts, linkers). Because a terminal's Ctrl-C then no longer reaches those
 * processes, the groups still running are killed when this process exits or is interrupted.
 */

const running = new Set<number>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Spawn option: a new process group on POSIX (Windows has no process groups; kill the child only). */
export const OWN_GROUP = process.platform !== 'win32';

export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(OWN_GROUP ? -pid : pid, 'SIGKILL');
  } catch {
    // ESRCH: the group has already exited.
  }
}

/** Kills the group when this process goes away; call the returned function once the child has exited. */
export function trackGroup(pid: number | undefined): () => void {
  if (pid === undefined || !OWN_GROUP) return () => undefined;
  if (running.size === 0) install();
  running.add(pid);
  return () => {
    running.delete(pid);
    if (running.size === 0) uninstall();
  };
}

function killAll(): void {
  for (const pid of running) killGroup(pid);
  running.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  uninstall();
  // Nobody else listens: behave as if we never had, and let the signal end the process.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  process.on('exit', killAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  process.off('exit', killAll);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}
