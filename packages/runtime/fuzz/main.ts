import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CaseHeader, FuzzCall } from './case.js';
import { makeSandbox } from './layout.js';
import { reproducerCommand, reproducerWat } from './reproducer.js';
import type { WorkerInput, WorkerMessage } from './worker.js';

// `pnpm fuzz [--minutes N | --seconds N] [--seed S]`: the syscall fuzzer. Exit 0 when every case
// passed; 1 with a reproducer (a .wat file and the `wasi-kit run` command) for the first finding.

/** A call that has not returned after this long is a hang (guest sleeps are capped at 1 ms). */
const HANG_MS = 30_000;

function parseArgs(argv: string[]): { seconds: number; seed: number } {
  let seconds = 60;
  let seed = Date.now() % 2 ** 31;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = Number(argv[i + 1]);
    if (flag === '--') continue;
    if ((flag === '--minutes' || flag === '--seconds' || flag === '--seed') && Number.isFinite(value) && value >= 0) {
      if (flag === '--minutes') seconds = value * 60;
      else if (flag === '--seconds') seconds = value;
      else seed = Math.floor(value);
      i++;
      continue;
    }
    process.stderr.write(`error: unknown or incomplete option ${flag ?? ''}\nusage: pnpm fuzz [--minutes N | --seconds N] [--seed S]\n`);
    process.exit(2);
  }
  return { seconds, seed };
}

/** Writes the reproducer next to a fresh copy of the sandbox and says how to run it. */
function printReproducer(header: CaseHeader, calls: FuzzCall[], problem: string): void {
  const sandbox = makeSandbox();
  const dir = mkdtempSync(path.join(tmpdir(), 'wasi-kit-fuzz-repro-'));
  const file = path.join(dir, 'repro.wat');
  writeFileSync(file, reproducerWat({ ...header, calls }));
  process.stderr.write(
    `fuzz: FINDING in ${header.label}, call ${calls.length}: ${problem}\n` +
      `fuzz: reproducer ${file} (a fresh sandbox is at ${sandbox.root}); run it with\n  ${reproducerCommand(file, sandbox.rw, sandbox.ro, header.traced)}\n`,
  );
}

const { seconds, seed } = parseArgs(process.argv.slice(2));
const started = Date.now();
const input: WorkerInput = { seed, until: started + seconds * 1000 };
process.stderr.write(`fuzz: seed ${seed}, ${seconds} s (rerun with --seed ${seed})\n`);
const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: input });

let current: { header: CaseHeader; calls: FuzzCall[] } = { header: { label: 'start-up', traced: false, unstable: false }, calls: [] };
let watchdog: NodeJS.Timeout | undefined;
let found = false;
const arm = (): void => {
  clearTimeout(watchdog);
  watchdog = setTimeout(() => {
    printReproducer(current.header, current.calls, `no answer after ${HANG_MS / 1000} s (a hang)`);
    process.exit(1);
  }, HANG_MS);
};
arm();

worker.on('message', (message: WorkerMessage) => {
  switch (message.type) {
    case 'case':
      current = { header: message.header, calls: [] };
      arm();
      break;
    case 'call':
      current.calls.push(message.call);
      arm();
      break;
    case 'finding':
      clearTimeout(watchdog);
      printReproducer(message.header, message.calls, message.call < 0 ? message.problem : `${message.calls[message.call]?.name ?? '?'}: ${message.problem}`);
      // The worker stops after a finding and cleans up; its `done` ends the run with exit 1.
      found = true;
      break;
    case 'done': {
      clearTimeout(watchdog);
      if (found) process.exit(1);
      const { success, errno, trap, exit } = message.outcomes;
      process.stderr.write(`fuzz: ${message.cases} cases, ${message.calls} calls (${success} succeeded, ${errno} errno, ${trap} trapped, ${exit} exited) in ${((Date.now() - started) / 1000).toFixed(1)} s: no findings\n`);
      process.exit(0);
    }
  }
});
worker.on('error', (error) => {
  clearTimeout(watchdog);
  process.stderr.write(`fuzz: the fuzzer itself failed in ${current.header.label}: ${error.stack ?? String(error)}\n`);
  process.exit(1);
});
