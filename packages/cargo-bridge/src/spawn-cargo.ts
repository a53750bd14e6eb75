import { startProcess, type ProcessResult, type StartedProcess, type StartOptions } from './child-process.js';
import { killGroup, OWN_GROUP, trackGroup } from './process-group.js';

export interface SpawnCargoOptions {
  cwd: string;
  /** The whole environment cargo gets (not merged over process.env again). */
  env: NodeJS.ProcessEnv;
  /** The rustc cargo must use: discovery chose it, and a rustup proxy must not choose another. */
  rustc?: string;
  /** Aborting kills cargo and everything it started (rustc, build scripts, linkers). */
  signal?: AbortSignal | undefined;
  stdout?: StartOptions['stdout'];
  stderr?: StartOptions['stderr'];
  /** Which piped streams to keep as text (default both); stdout not collected is read from `child` as it comes. */
  collect?: StartOptions['collect'];
}

export interface CargoProcess {
  /** The running cargo, for reading its stdout as it comes. */
  readonly child: StartedProcess['child'];
  /** cargo's result once it and its process group are gone; never rejects. */
  readonly done: Promise<ProcessResult>;
  /** Kills cargo's whole process group now. */
  kill(): void;
}

/**
 * The one way this package starts cargo: in its own process group (so one kill stops rustc and
 * build scripts too, and a group left behind is killed when this process exits), killed when
 * `signal` aborts, and untracked once it has exited.
 */
export function spawnCargo(cargo: string, args: string[], options: SpawnCargoOptions): CargoProcess {
  const { child, done: exited } = startProcess(cargo, args, {
    cwd: options.cwd,
    env: { ...options.env, ...(options.rustc === undefined ? {} : { RUSTC: options.rustc }), RUSTUP_TOOLCHAIN: undefined },
    stdin: 'ignore',
    stdout: options.stdout ?? 'pipe',
    stderr: options.stderr ?? 'pipe',
    ...(options.collect === undefined ? {} : { collect: options.collect }),
    detached: OWN_GROUP,
  });
  const untrack = trackGroup(child.pid);
  const kill = () => killGroup(child.pid);
  if (options.signal?.aborted) kill();
  else options.signal?.addEventListener('abort', kill, { once: true });
  const done = exited.finally(() => {
    options.signal?.removeEventListener('abort', kill);
    untrack();
  });
  return { child, done, kill };
}
