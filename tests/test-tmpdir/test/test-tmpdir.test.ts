import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * scripts/test-tmpdir.mjs as every suite uses it: vitest runs fixtures/run (whose tests each leave a
 * folder behind) with TMPDIR set to a fresh `parent` folder that stands in for /tmp, so what the
 * run leaves there, vitest's own scratch folder included, is all there is to look at.
 */
const FIXTURE = fileURLToPath(new URL('../fixtures/run/', import.meta.url));
const VITEST = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));

/** The process groups of the test's runs, ended after it: one that failed half-way leaves no vitest (or worker) running. */
const groups: number[] = [];
afterEach(() => {
  for (const group of groups.splice(0)) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // ESRCH: the whole group has ended.
    }
  }
});

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

interface Report {
  made: string;
  child: string;
}

function startRun(testFile: string, { parent = mkdtempSync(path.join(tmpdir(), 'parent-')), pool = 'forks', config = 'vitest.config.mjs' } = {}) {
  const reports = mkdtempSync(path.join(tmpdir(), 'reports-'));
  // This run's own vitest variables (worker ids, pool) are not for the run it starts.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
  Object.assign(env, { TMPDIR: parent, TMP: parent, TEMP: parent, REPORTS: reports, NO_COLOR: '1' });
  // A process group of its own, so a signal reaches vitest and its workers as Ctrl-C on a terminal does.
  const run = spawn(process.execPath, [VITEST, 'run', `--config=${config}`, `--pool=${pool}`, testFile], { cwd: FIXTURE, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  groups.push(run.pid!);
  let output = '';
  run.stdout.on('data', (chunk) => (output += chunk));
  run.stderr.on('data', (chunk) => (output += chunk));
  const finished = new Promise<Finished>((resolve) => run.on('close', (code, signal) => resolve({ code, signal, output })));
  return { parent, finished, signal: (name: NodeJS.Signals) => process.kill(-run.pid!, name), report: () => reported(reports, finished), reports: () => readReports(reports) };
}

/** The fixture's first report, once a test has written it (the suite's timeout guards against a hang). */
async function reported(folder: string, finished: Promise<Finished>): Promise<Report> {
  let ended: Finished | undefined;
  void finished.then((result) => (ended = result));
  for (;;) {
    const [first] = readReports(folder);
    if (first) return first;
    if (ended) throw new Error(`vitest ended (${ended.code ?? ended.signal}) before its test reported:\n${ended.output}`);
    await sleep(50);
  }
}

function readReports(folder: string): Report[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(path.join(folder, name), 'utf8')) as Report);
}

const RUN_FOLDER = /^wasi-kit-test-\d+-[A-Za-z0-9]{6}$/;

describe('a test run keeps its temporary files in one folder, gone when the run ends', () => {
  // forks: vitest's default pool, which every suite uses; threads: worker_threads take the env too.
  it.each(['forks', 'threads'])('the tests, vitest workers (%s) and the programs they start share one folder in TMPDIR; after a passing run TMPDIR holds nothing new', async (pool) => {
    const run = startRun('passes.test.mjs', { pool });
    const { made, child } = await run.report();
    const result = await run.finished;
    expect(result.code, result.output).toBe(0);
    expect(path.dirname(path.dirname(made))).toBe(run.parent);
    expect(path.basename(path.dirname(made))).toMatch(RUN_FOLDER);
    expect(child).toBe(path.dirname(made));
    expect(existsSync(made)).toBe(false);
    expect(readdirSync(run.parent)).toEqual([]);
  });

  it('projects that extend the root config (the runtime\'s shape) share the one run folder; after the run TMPDIR holds nothing new', async () => {
    const run = startRun('passes.test.mjs', { config: 'vitest.projects.mjs' });
    const result = await run.finished;
    expect(result.code, result.output).toBe(0);
    const folders = run.reports().map(({ made }) => path.dirname(made));
    expect(folders).toHaveLength(2);
    expect(new Set(folders).size).toBe(1);
    expect(path.dirname(folders[0]!)).toBe(run.parent);
    expect(readdirSync(run.parent)).toEqual([]);
  });

  it('after a failing test, TMPDIR holds nothing new', async () => {
    const run = startRun('fails.test.mjs');
    await run.report();
    const result = await run.finished;
    expect(result.code, result.output).toBe(1);
    expect(readdirSync(run.parent)).toEqual([]);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('after a run ended by %s mid-test (vitest does not tear down), TMPDIR holds nothing new', async (signal) => {
    const run = startRun('hangs.test.mjs');
    const { made } = await run.report();
    expect(existsSync(made)).toBe(true);
    run.signal(signal);
    const result = await run.finished;
    expect(result.code === 0, result.output).toBe(false);
    expect(readdirSync(run.parent)).toEqual([]);
  });

  it('a run killed outright (SIGKILL) leaves its folder, which the next run removes', async () => {
    const killed = startRun('hangs.test.mjs');
    const { made } = await killed.report();
    killed.signal('SIGKILL');
    await killed.finished;
    const left = readdirSync(killed.parent);
    const runFolder = path.basename(path.dirname(made));
    expect(left).toContain(runFolder);

    const next = startRun('passes.test.mjs', { parent: killed.parent });
    const result = await next.finished;
    expect(result.code, result.output).toBe(0);
    // vitest's own scratch folder of the killed run stays: vitest made it before any globalSetup ran.
    expect(readdirSync(killed.parent)).toEqual(left.filter((name) => name !== runFolder));
  });
});
