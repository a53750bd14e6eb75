import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { checkPortable, type RunnerMessage } from './protocol.js';
import type { RunRequest, RunResult } from './request.js';
import { supervise, type SuperviseOptions } from './supervise.js';

export interface RunnerOptions {
  /** The guest's stdin: this process's (`inherit`, the default) or empty (`ignore`, as `dev` runs guests). */
  stdin?: 'inherit' | 'ignore';
  cwd?: string;
}

/** A child process with the runtime loaded, waiting for its one request. */
export interface GuestRunner {
  /** Sends the request and resolves with the guest's outcome; a runner takes one request. */
  run(request: RunRequest, options?: SuperviseOptions): Promise<RunResult>;
  /** Ends the runner at once (a newer build, a timeout, Ctrl-C); a blocked read cannot delay it. */
  kill(): void;
  /** Still waiting for (or running) its request: a runner that died while idle must be replaced. */
  readonly alive: boolean;
}

/** Where code-cache.cjs (the package root's) says, once in use, how to preload it into a runner. */
const CODE_CACHE = Symbol.for('wasi-kit.code-cache');

/**
 * Starts a runner now, so that Node's start-up and loading the runtime happen before the request
 * exists (`dev` starts the next guest's runner while cargo builds). The request goes over IPC,
 * never through argv, so no grant or argument is re-parsed on the way.
 */
export function startRunner(options: RunnerOptions = {}): GuestRunner {
  // child_process is loaded on first use: `wasi-kit run` without a timeout never spawns.
  const { spawn } = process.getBuiltinModule('node:child_process');
  // A compile cache this process uses (Node 22.1+), or the code cache wasi-kit's bin or this
  // library keeps (preloaded into the runner with its folder), serves the runner's start-up too.
  const compileCache = (process.getBuiltinModule('node:module') as { getCompileCacheDir?: () => string | undefined }).getCompileCacheDir?.();
  const codeCache = (process as { [CODE_CACHE]?: { preload: string; dir: string } })[CODE_CACHE];
  const entry = path.join(import.meta.dirname, './child-entry.js');
  const child: ChildProcess = spawn(process.execPath, [...(codeCache ? ['--require', codeCache.preload] : []), entry], {
    cwd: options.cwd,
    env: runnerEnv(compileCache, codeCache?.dir),
    stdio: [options.stdin ?? 'inherit', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  // An idle warm runner must not keep this process alive.
  child.unref();
  child.channel?.unref();
  let used = false;
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  // An idle runner that fails to start (a missing node, no memory) is reported when it is used.
  child.on('error', () => undefined);
  const alive = () => child.exitCode === null && child.signalCode === null && child.connected;
  return {
    kill,
    get alive() {
      return alive();
    },
    run(request, superviseOptions = {}) {
      if (used) throw new Error('a guest runner takes one request');
      if (!alive()) return Promise.reject(new Error(`the guest runner exited (code ${child.exitCode}, signal ${child.signalCode}) before its request`));
      used = true;
      try {
        checkPortable(request, 'child process', (fd) => fd <= 2);
      } catch (error) {
        // A runner takes one request: refused, it has nothing left to wait for.
        kill();
        throw error;
      }
      child.ref();
      child.channel?.ref();
      const done = supervise(
        {
          onMessage: (listener) => child.on('message', (message: RunnerMessage) => listener(message)),
          onExit: (listener) => {
            child.on('error', (error) => listener(`failed to start: ${error.message}`));
            child.on('exit', (code, signal) => listener(signal ? `was killed by ${signal}` : `exited with code ${code}`));
          },
          kill,
        },
        request,
        superviseOptions,
      );
      child.send(request);
      return done.finally(() => {
        child.unref();
        child.channel?.unref();
      });
    },
  };
}

/** The child-process transport for one request: start a runner, run, and let it go. */
export async function runInChild(request: RunRequest, options: RunnerOptions & SuperviseOptions = {}): Promise<RunResult> {
  return startRunner(options).run(request, options);
}

/**
 * The runner's own environment (the guest's is the request's, never this). Node 20 reads the
 * certificates NODE_EXTRA_CA_CERTS names while it starts, ~40 ms for a system bundle, a third of
 * a runner's start-up; a runner makes no TLS connection, so it goes without.
 */
function runnerEnv(compileCache: string | undefined, codeCacheDir: string | undefined): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _certificates, ...env } = process.env;
  if (compileCache) env.NODE_COMPILE_CACHE = compileCache;
  if (codeCacheDir) env.WASI_KIT_CODE_CACHE_DIR = codeCacheDir;
  return env;
}
