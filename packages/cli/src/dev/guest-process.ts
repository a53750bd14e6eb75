import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GuestSettings } from '../project/guest-settings.js';

export interface GuestExit {
  /** The guest's exit code, 134 for a trap; undefined when `stop()` ended it. */
  exitCode: number | undefined;
  durationMs: number;
  /** With `capture`: what the guest (and `wasi-kit run`'s own errors) wrote. */
  stdout?: string;
  stderr?: string;
}

export interface RunningGuest {
  readonly exited: Promise<GuestExit>;
  /** Ends the guest now (a new build landed, or Ctrl-C) and resolves once it is gone. */
  stop(): Promise<GuestExit>;
}

export interface GuestProcessOptions {
  cwd?: string;
  /** Collect stdout and stderr instead of passing them through. */
  capture?: boolean;
  /** Hand this process's stdin to the guest (`run --json`); `dev` keeps it, so the guest's is empty. */
  inheritStdin?: boolean;
  /** More `wasi-kit run` options, e.g. `['--timeout', '2s']`. */
  runFlags?: string[];
}

/** The CLI's bin, as users run it; the same URL from dist/dev/ and from the bundle in dist/bundle/. */
const CLI_MAIN = fileURLToPath(new URL('../../bin/wasi-kit.js', import.meta.url));

/** The `wasi-kit run` options that give a guest exactly these grants, variables and arguments. */
export function runArguments(wasm: string, settings: GuestSettings, cwd: string): string[] {
  const dirs = settings.grants.map((grant) => `--dir=${grant.host}::${grant.guest}${grant.readonly ? '::ro' : ''}`);
  const envs = Object.entries(settings.env).map(([key, value]) => `--env=${key}=${value}`);
  return [...dirs, ...envs, path.relative(cwd, wasm) || wasm, '--', ...settings.args];
}

/**
 * Runs one guest as `wasi-kit run` in a child process, so a guest stuck in a loop can be stopped
 * (a worker thread can be too, but a child also keeps the guest's stdout writes and its exit
 * code exactly what `wasi-kit run` gives).
 */
export function startGuest(wasm: string, settings: GuestSettings, options: GuestProcessOptions = {}): RunningGuest {
  const cwd = options.cwd ?? process.cwd();
  const started = performance.now();
  // child_process is fetched on first use: `wasi-kit run` never spawns, and start-up time counts there.
  const { spawn } = process.getBuiltinModule('node:child_process');
  const child = spawn(process.execPath, [CLI_MAIN, 'run', ...(options.runFlags ?? []), ...runArguments(wasm, settings, cwd)], {
    cwd,
    stdio: [options.inheritStdin ? 'inherit' : 'ignore', options.capture ? 'pipe' : 'inherit', options.capture ? 'pipe' : 'inherit'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let stopped = false;
  const exited = new Promise<GuestExit>((resolve) => {
    const captured = () => (options.capture ? { stdout, stderr } : {});
    // 'close' waits for the pipes to drain; without capture it fires right after 'exit'.
    // Killed by a signal: by stop(), or by the terminal's Ctrl-C reaching the whole process group.
    child.on('close', (code, signal) => resolve({ exitCode: stopped || signal !== null ? undefined : (code ?? 1), durationMs: performance.now() - started, ...captured() }));
    child.on('error', (error) => resolve({ exitCode: 1, durationMs: performance.now() - started, stdout, stderr: `${stderr}${error.message}\n` }));
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
