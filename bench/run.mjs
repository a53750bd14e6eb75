// `pnpm bench`: runs every suite and writes bench/results/latest.md. The root script builds the
// packages and the guests through turbo first. `--quick` (or BENCH_QUICK=1) uses small sizes; `--only=runtime` runs one suite.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDir } from './harness/guests.mjs';
import { makeWorkDir } from './harness/fixtures.mjs';
import { describeMachine } from './harness/machine.mjs';
import { renderReport } from './harness/report.mjs';
import * as cliStartup from './suites/cli-startup.mjs';
import * as components from './suites/components.mjs';
import * as devLoop from './suites/dev-loop.mjs';
import * as releaseSizes from './suites/release-sizes.mjs';
import * as runtime from './suites/runtime.mjs';

const SIZES = {
  full: { writes: 1_000_000, copyBytes: 256 * 2 ** 20, treeFiles: 20_000, deepTree: { chains: 100, depth: 20, filesPerLevel: 10 }, journalRows: 2_000, sqliteRows: 1_000, lookupNames: 5_000, sha256MiB: 64, rounds: 7, startupRounds: 15 },
  quick: { writes: 100_000, copyBytes: 16 * 2 ** 20, treeFiles: 2_000, deepTree: { chains: 10, depth: 20, filesPerLevel: 10 }, journalRows: 300, sqliteRows: 200, lookupNames: 1_000, sha256MiB: 8, rounds: 3, startupRounds: 5 },
};

const quick = process.argv.includes('--quick') || ['1', 'true'].includes(process.env.BENCH_QUICK ?? '');
const mode = quick ? 'quick' : 'full';
const size = SIZES[mode];
// `--only=runtime,cli-startup` runs just those suites (the report then has only their sections).
const SUITES = { runtime, components, 'cli-startup': cliStartup, 'dev-loop': devLoop, 'release-sizes': releaseSizes };
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const unknown = (only ?? []).filter((name) => !(name in SUITES));
if (unknown.length > 0) {
  process.stderr.write(`bench: no suite named ${unknown.join(', ')}; the suites are ${Object.keys(SUITES).join(', ')}\n`);
  process.exit(2);
}
const log = (line) => process.stderr.write(`bench: ${line}\n`);

/** The failing command and the first line that names an error, for the report. */
function summarize(error) {
  const lines = (error instanceof Error ? error.message : String(error)).split('\n').map((line) => line.trim()).filter(Boolean);
  const cause = lines.slice(1).find((line) => /error|panicked|trap/i.test(line));
  return [lines[0], cause].filter(Boolean).join(' — ');
}

const startedAt = new Date();
const machine = await describeMachine();
const work = makeWorkDir();
const sections = [];
try {
  for (const [name, suite] of Object.entries(SUITES)) {
    if (only !== undefined && !only.includes(name)) continue;
    try {
      sections.push(await suite.bench({ size, quick, workDir: work.dir, log }));
    } catch (error) {
      log(`FAILED: ${error instanceof Error ? error.stack : String(error)}`);
      sections.push({ title: suite.title, description: '', headers: [], rows: [], error: summarize(error) });
      process.exitCode = 1;
    }
  }
} finally {
  work.remove();
}

machine.loadAverageAtEnd = os.loadavg().map((load) => load.toFixed(2)).join(' ');
const report = renderReport({ mode, startedAt, durationS: (Date.now() - startedAt.getTime()) / 1000, machine, sections });
const latest = path.join(benchDir, 'results', 'latest.md');
mkdirSync(path.dirname(latest), { recursive: true });
writeFileSync(`${latest}.tmp`, report);
renameSync(`${latest}.tmp`, latest);
// Every sample in milliseconds, for whoever wants more than a median.
const raw = { mode, startedAt, machine, size, samples: Object.fromEntries(sections.filter((s) => s.samples).map((s) => [s.title, s.samples])) };
writeFileSync(path.join(benchDir, 'results', 'latest.json'), `${JSON.stringify(raw, null, 2)}\n`);
process.stdout.write(report);
log(`wrote ${path.relative(process.cwd(), latest)} and latest.json`);
