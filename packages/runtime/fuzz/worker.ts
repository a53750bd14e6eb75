import { parentPort, workerData } from 'node:worker_threads';
import type { CaseHeader, FuzzCall, FuzzCase } from './case.js';
import { seedCases } from './corpus.js';
import { type CallSource, outcomes, runCase } from './execute.js';
import { CallGenerator, Random } from './generate.js';
import { makeSandbox } from './layout.js';
import { trampolineModule } from './trampoline.js';

// The fuzzing loop, in a worker so the main thread can stop it at a deadline if a call hangs.
// Every call is posted before it is made, so the main thread can print a hang's reproducer.

export interface WorkerInput {
  seed: number;
  /** Date.now() after which no new case starts. */
  until: number;
}

export type WorkerMessage =
  | { type: 'case'; header: CaseHeader }
  | { type: 'call'; call: FuzzCall }
  | { type: 'finding'; header: CaseHeader; calls: FuzzCall[]; call: number; problem: string }
  | { type: 'done'; cases: number; calls: number; outcomes: typeof outcomes };

/** Cases between two resets of the writable grant (it fills up with what guests create). */
const RESET_EVERY = 25;

const { seed, until } = workerData as WorkerInput;
const post = (message: WorkerMessage): void => parentPort!.postMessage(message);
const modules = { wasi_snapshot_preview1: await trampolineModule('wasi_snapshot_preview1'), wasi_unstable: await trampolineModule('wasi_unstable') };
const sandbox = makeSandbox();
let cases = 0;
let calls = 0;

function run(header: CaseHeader, next: CallSource, opened: (fd: number) => void): boolean {
  if (cases % RESET_EVERY === 0) sandbox.resetWritable();
  cases++;
  const fuzzCase: FuzzCase = { ...header, calls: [] };
  post({ type: 'case', header });
  const source: CallSource = (index) => {
    const call = next(index);
    if (call !== undefined) {
      calls++;
      post({ type: 'call', call });
    }
    return call;
  };
  const finding = runCase(modules, sandbox, fuzzCase, source, opened);
  if (finding === undefined) return true;
  post({ type: 'finding', header, calls: fuzzCase.calls, ...finding });
  return false;
}

// The sandbox is removed before `done` is posted: the main thread exits when it reads it.
try {
  let clean = seedCases().every(({ calls: seedCalls, ...header }) => run(header, (i) => seedCalls[i], () => {}));
  const random = new Random(seed);
  while (clean && Date.now() < until) {
    const unstable = random.chance(0.15);
    const generator = new CallGenerator(random, unstable);
    const length = 1 + random.below(24);
    const traced = random.chance(0.3);
    const label = `seed ${seed}, case ${cases}${traced ? ', traced' : ''}${unstable ? ', wasi_unstable' : ''}`;
    clean = run({ label, traced, unstable }, (i) => (i < length ? generator.next() : undefined), (fd) => generator.opened(fd));
  }
} finally {
  sandbox.remove();
}
post({ type: 'done', cases, calls, outcomes });
