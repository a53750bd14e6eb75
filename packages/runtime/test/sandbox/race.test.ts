import { mkdir, rename, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildProbes } from '../helpers/probes.js';
import { runGuest } from '../helpers/run-guest.js';
import { makeSandbox, type SandboxLayout } from '../helpers/sandbox-layout.js';

const GUEST_MS = 2000;

// Runs in a worker because the guest blocks the main thread: swaps root/inner between a real
// directory and a symlink to ../outside with atomic renames until told to stop (or 10 s pass).
const swapper = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const flags = new Int32Array(workerData.shared);
const at = (name) => path.join(workerData.root, name);
const until = Date.now() + 10000;
parentPort.postMessage('started');
let swaps = 0;
while (Atomics.load(flags, 0) === 0 && Date.now() < until) {
  fs.renameSync(at('inner'), at('inner.dir'));
  fs.renameSync(at('inner.lnk'), at('inner'));
  fs.renameSync(at('inner'), at('inner.lnk'));
  fs.renameSync(at('inner.dir'), at('inner'));
  swaps += 1;
}
Atomics.store(flags, 1, swaps);
`;

describe('path resolution is race-free against a directory swapped for an outside symlink', () => {
  let sandbox: SandboxLayout;
  beforeAll(() => buildProbes().then(() => undefined));
  beforeEach(async () => {
    sandbox = await makeSandbox();
    await mkdir(path.join(sandbox.root, 'inner'));
    await writeFile(path.join(sandbox.root, 'inner', 'secret.txt'), 'INSIDE');
    await symlink('../outside', path.join(sandbox.root, 'inner.lnk'));
  });
  afterEach(() => sandbox.remove());

  it('the guest never reads the outside canary while inner/ flips to a symlink and back', async () => {
    const shared = new SharedArrayBuffer(8);
    const flags = new Int32Array(shared);
    const worker = new Worker(swapper, { eval: true, workerData: { root: sandbox.root, shared } });
    const exited = new Promise((resolve, reject) => {
      worker.once('exit', resolve);
      worker.once('error', reject);
    });
    await new Promise((resolve) => worker.once('message', resolve));

    let stdout: string;
    try {
      ({ stdout } = await runGuest({ module: 'race-reader', args: ['inner/secret.txt', String(GUEST_MS)], preopens: { '/sb': sandbox.root } }));
    } finally {
      Atomics.store(flags, 0, 1);
      await exited;
    }

    for (const canary of sandbox.canaries) expect(stdout, 'the guest read outside content').not.toContain(canary);
    expect(Atomics.load(flags, 1), 'the swapper never swapped').toBeGreaterThan(0);
    // Control: the real directory was read while it was in place, so the loop really raced.
    expect(stdout).toMatch(/^\d+ content:INSIDE$/m);
    // Both states were observed by the guest: the refusal shows the symlink state was reached.
    expect(stdout).toMatch(/^\d+ (ENOTCAPABLE|EPERM)$/m);
  });
});
