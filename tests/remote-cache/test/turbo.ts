import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { repoRoot } from './checkout.js';

/** The parts of `turbo run --summarize`'s JSON this test reads. */
export interface TaskSummary {
  taskId: string;
  hash: string;
  cache: { status: 'HIT' | 'MISS'; source?: 'LOCAL' | 'REMOTE'; local: boolean; remote: boolean };
}

export interface TurboRun {
  output: string;
  tasks: TaskSummary[];
}

export interface RemoteCache {
  url: string;
  token: string;
  team: string;
}

const turbo = path.join(repoRoot, 'node_modules', '.bin', 'turbo');

/**
 * `turbo run build:wasm` against the remote cache only (`--cache=remote:rw`: nothing is read
 * from or written to a local cache), with this repository's `wasi-kit` first on PATH.
 */
export async function buildWasm(cwd: string, cache: RemoteCache, toolchain: { rustc: string; cargo: string }): Promise<TurboRun> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('TURBO_')));
  const run = await execa(turbo, ['run', 'build:wasm', '--cache=remote:rw', '--summarize', '--no-color'], {
    cwd,
    env: {
      ...inherited,
      PATH: `${path.join(repoRoot, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
      TURBO_API: cache.url,
      TURBO_TOKEN: cache.token,
      TURBO_TEAM: cache.team,
      TURBO_TELEMETRY_DISABLED: '1',
      DO_NOT_TRACK: '1',
      RUSTC: toolchain.rustc,
      CARGO: toolchain.cargo,
    },
    extendEnv: false,
    all: true,
    reject: false,
  });
  const output = String(run.all);
  if (run.failed) throw new Error(`turbo run build:wasm failed in ${cwd}:\n${output}`);
  const summaryPath = /Summary:\s+(\S+\.json)/.exec(output)?.[1];
  if (!summaryPath) throw new Error(`turbo printed no run summary:\n${output}`);
  const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as { tasks: TaskSummary[] };
  return { output, tasks: summary.tasks };
}
