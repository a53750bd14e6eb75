import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';

/**
 * How a program this package started ended. Node's child_process directly, not execa: execa's
 * ~100 modules took 100-250 ms to load, on the way to every `wasi-kit dev` start and build.
 */
export interface ProcessResult {
  /** The exit code; undefined when a signal ended it or it never started. */
  exitCode: number | undefined;
  signal: NodeJS.Signals | undefined;
  /** Why it could not start (ENOENT, EACCES …); undefined when it ran. */
  spawnError: Error | undefined;
  /** It could not start, was killed, or exited non-zero. */
  failed: boolean;
  /** What was collected (see `collect`); empty otherwise. */
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they came, with `collect: 'all'`. */
  all: string;
  /** One line for a failure: `/usr/bin/cargo metadata exited with code 101`. */
  shortMessage: string;
}

export interface StartOptions {
  cwd?: string;
  /** The whole environment (not merged over process.env); undefined values are left out. */
  env?: NodeJS.ProcessEnv;
  stdin?: 'ignore' | 'inherit';
  stdout?: 'pipe' | 'inherit' | 'ignore';
  stderr?: 'pipe' | 'inherit' | 'ignore';
  /** Which piped streams to keep as text; a stream not collected can be read from `child` as it comes. */
  collect?: { stdout?: boolean; stderr?: boolean; all?: boolean };
  /** A new process group (POSIX), so that one kill stops everything the program started. */
  detached?: boolean;
  /** Aborting sends SIGKILL to the process. */
  signal?: AbortSignal | undefined;
}

export interface StartedProcess {
  readonly child: ChildProcess;
  /** Settles when the process has exited and its streams have closed; never rejects. */
  readonly done: Promise<ProcessResult>;
}

export function startProcess(file: string, args: string[], options: StartOptions = {}): StartedProcess {
  const stdio: StdioOptions = [options.stdin ?? 'ignore', options.stdout ?? 'pipe', options.stderr ?? 'pipe'];
  const collect = options.collect ?? { stdout: true, stderr: true };
  const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio, detached: options.detached === true });
  const text = { stdout: '', stderr: '', all: '' };
  for (const name of ['stdout', 'stderr'] as const) {
    const stream = child[name];
    if (!stream || !(collect[name] || collect.all)) continue;
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      if (collect[name]) text[name] += chunk;
      if (collect.all) text.all += chunk;
    });
  }
  const abort = () => child.kill('SIGKILL');
  if (options.signal?.aborted) abort();
  else options.signal?.addEventListener('abort', abort, { once: true });
  const done = new Promise<ProcessResult>((resolve) => {
    let spawnError: Error | undefined;
    child.on('error', (error) => (spawnError ??= error));
    // 'close' follows a failed start too (with a negative errno for a code).
    child.once('close', (code, signal) => {
      options.signal?.removeEventListener('abort', abort);
      const exitCode = spawnError || code === null ? undefined : code;
      const command = [file, ...args].join(' ');
      const shortMessage = spawnError ? `${command}: ${spawnError.message}` : signal ? `${command} was killed by ${signal}` : `${command} exited with code ${exitCode}`;
      resolve({ exitCode, signal: signal ?? undefined, spawnError, failed: spawnError !== undefined || exitCode !== 0, ...text, shortMessage });
    });
  });
  return { child, done };
}

/** Runs a program to its end, collecting stdout and stderr. */
export function runProcess(file: string, args: string[], options: StartOptions = {}): Promise<ProcessResult> {
  return startProcess(file, args, options).done;
}
