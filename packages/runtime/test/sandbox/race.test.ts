import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildProbes } from '../helpers/probes.js';
import { named, runGuest } from '../helpers/run-guest.js';
import { makeSandbox, type SandboxLayout } from '../helpers/sandbox-layout.js';

const GUEST_MS = 2000;

// Runs in a worker because the guest blocks the main thread: swaps root/<entry> between the real
// thing (<entry>.real) and a symlink to outside (<entry>.lnk) with atomic renames, until told to
// stop (or 10 s pass). Counts full swaps in flags[1].
const swapper = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const flags = new Int32Array(workerData.shared);
const at = (suffix) => path.join(workerData.root, workerData.entry + suffix);
const until = Date.now() + 10000;
parentPort.postMessage('started');
let swaps = 0;
while (Atomics.load(flags, 0) === 0 && Date.now() < until) {
  fs.renameSync(at(''), at('.real'));
  fs.renameSync(at('.lnk'), at(''));
  fs.renameSync(at(''), at('.lnk'));
  fs.renameSync(at('.real'), at(''));
  swaps += 1;
}
Atomics.store(flags, 1, swaps);
`;

interface RaceCase {
  name: string;
  /** The root entry that is swapped, and the outside symlink target it is swapped for. */
  entry: string;
  outsideTarget: string;
  /** What the guest opens, over and over. */
  guestPath: string;
  makeReal(root: string): Promise<void>;
}

const cases: RaceCase[] = [
  {
    name: 'a middle component (inner/ → ../outside) flips while the guest opens inner/secret.txt',
    entry: 'inner',
    outsideTarget: '../outside',
    guestPath: 'inner/secret.txt',
    makeReal: async (root) => {
      await mkdir(path.join(root, 'inner'));
      await writeFile(path.join(root, 'inner', 'secret.txt'), 'INSIDE');
    },
  },
  {
    name: 'the last component (secret.txt → ../outside/secret.txt) flips while the guest opens it',
    entry: 'secret.txt',
    outsideTarget: '../outside/secret.txt',
    guestPath: 'secret.txt',
    makeReal: (root) => writeFile(path.join(root, 'secret.txt'), 'INSIDE'),
  },
];

describe('path resolution is race-free against a swap for an outside symlink', () => {
  let sandbox: SandboxLayout;
  beforeAll(() => buildProbes().then(() => undefined));
  beforeEach(async () => {
    sandbox = await makeSandbox();
  });
  afterEach(() => sandbox.remove());

  it.each(named(cases))('%s: the outside canary is never read', async (_, c) => {
    await c.makeReal(sandbox.root);
    await symlink(c.outsideTarget, path.join(sandbox.root, `${c.entry}.lnk`));
    const shared = new SharedArrayBuffer(8);
    const flags = new Int32Array(shared);
    const worker = new Worker(swapper, { eval: true, workerData: { root: sandbox.root, entry: c.entry, shared } });
    const exited = new Promise((resolve, reject) => {
      worker.once('exit', resolve);
      worker.once('error', reject);
    });
    await new Promise((resolve) => worker.once('message', resolve));

    let stdout: string;
    try {
      ({ stdout } = await runGuest({ module: 'race-reader', args: [c.guestPath, String(GUEST_MS)], preopens: { '/sb': sandbox.root } }));
    } finally {
      Atomics.store(flags, 0, 1);
      await exited;
    }

    for (const canary of sandbox.canaries) expect(stdout, 'the guest read outside content').not.toContain(canary);
    expect(Atomics.load(flags, 1), 'the swapper never swapped').toBeGreaterThan(0);
    // Controls: the guest saw the real entry and was refused the symlink, so it really raced.
    expect(stdout).toMatch(/^\d+ content:INSIDE$/m);
    expect(stdout).toMatch(/^\d+ (ENOTCAPABLE|EPERM)$/m);
  });
});
