import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GuestSettings } from '../project/guest-settings.js';

export interface GuestExit {
  /** The guest's exit code, 134 for a trap; undefined when `stop()` ended it. */
  exitCode: number | undefined;
  durationMs: number;
}

export interface RunningGuest {
  readonly exited: Promise<GuestExit>;
  /** Ends the guest now (a new build landed, or Ctrl-C) and resolves once it is gone. */
  stop(): Promise<GuestExit>;
}

const CLI_MAIN = fileURLToPath(new URL('../main.js', import.meta.url));

/**
 * Runs one guest as `wasi-kit run` in a child process, so a guest stuck in a loop can be stopped
 * (a worker thread can be too, but a child also keeps the guest's stdout writes and its exit
 * code exactly what `wasi-kit run` gives). Its stdin is empty: the terminal belongs to `dev`.
 */
export function startGuest(wasm: string, settings: GuestSettings, cwd = process.cwd()): RunningGuest {
  const dirs = settings.grants.map((grant) => `--dir=${grant.host}::${grant.guest}${grant.readonly ? '::ro' : ''}`);
  const envs = Object.entries(settings.env).map(([key, value]) => `--env=${key}=${value}`);
  const file = path.relative(cwd, wasm) || wasm;
  const started = performance.now();
  const child = spawn(process.execPath, [CLI_MAIN, 'run', ...dirs, ...envs, file, '--', ...settings.args], {
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let stopped = false;
  const exited = new Promise<GuestExit>((resolve) => {
    child.on('exit', (code) => resolve({ exitCode: stopped ? undefined : (code ?? 1), durationMs: performance.now() - started }));
    child.on('error', () => resolve({ exitCode: 1, durationMs: performance.now() - started }));
  });
  return {
    exited,
    stop() {
      if (child.exitCode === null && child.signalCode === null) {
        stopped = true;
        child.kill('SIGKILL');
      }
      return exited;
    },
  };
}
