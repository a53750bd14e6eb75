import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildProbes } from '../helpers/probes.js';
import { named, runGuest } from '../helpers/run-guest.js';
import { makeSandbox, type SandboxLayout } from '../helpers/sandbox-layout.js';


// Runs in a worker because the guest blocks the main thread. 'swap' mode flips root/<entry>
// between the real thing (<entry>.real) and a symlink to outside (<entry>.lnk) with atomic
// renames; 'retarget' mode keeps <entry> a symlink and atomically re-points it between an inside
// target and an outside one (one rename per flip: the tightest window). Runs until told to stop
// (or 10 s pass) and counts flips in flags[1].
const swapper = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const flags = new Int32Array(workerData.shared);
const at = (suffix) => path.join(workerData.root, workerData.entry + suffix);
const until = Date.now() + 10000;
parentPort.postMessage('started');
let flips = 0;
while (Atomics.load(flags, 0) === 0 && Date.now() < until) {
  if (workerData.mode === 'swap') {
    fs.renameSync(at(''), at('.real'));
    fs.renameSync(at('.lnk'), at(''));
    fs.renameSync(at(''), at('.lnk'));
    fs.renameSync(at('.real'), at(''));
  } else {
    fs.symlinkSync(flips % 2 === 0 ? workerData.outsideTarget : workerData.insideTarget, at('.tmp'));
    fs.renameSync(at('.tmp'), at(''));
  }
  flips += 1;
}
Atomics.store(flags, 1, flips);
`;

interface RaceCase {
  name: string;
  mode: 'swap' | 'retarget';
  /** How long the guest keeps opening: the dir↔symlink swaps need two renames inside the
   * window of a racy host, so they get the longest run the suite can afford. */
  guestMs: number;
  /** The root entry that is flipped, and the outside symlink target it is flipped to. */
  entry: string;
  outsideTarget: string;
  /** 'retarget' only: the inside target it is flipped back to. */
  insideTarget?: string;
  /** What the guest opens, over and over. */
  guestPath: string;
  makeReal(root: string): Promise<void>;
}

const cases: RaceCase[] = [
  {
    name: 'a middle component (inner/ → ../outside) flips while the guest opens inner/secret.txt',
    mode: 'swap',
    guestMs: 3000,
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
    mode: 'swap',
    guestMs: 3000,
    entry: 'secret.txt',
    outsideTarget: '../outside/secret.txt',
    guestPath: 'secret.txt',
    makeReal: (root) => writeFile(path.join(root, 'secret.txt'), 'INSIDE'),
  },
  {
    name: 'a middle symlink (inner → inner.real | ../outside) is re-pointed while the guest opens inner/secret.txt',
    mode: 'retarget',
    guestMs: 1500,
    entry: 'inner',
    outsideTarget: '../outside',
    insideTarget: 'inner.real',
    guestPath: 'inner/secret.txt',
    makeReal: async (root) => {
      await mkdir(path.join(root, 'inner.real'));
      await writeFile(path.join(root, 'inner.real', 'secret.txt'), 'INSIDE');
      await symlink('inner.real', path.join(root, 'inner'));
    },
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
    if (c.mode === 'swap') await symlink(c.outsideTarget, path.join(sandbox.root, `${c.entry}.lnk`));
    const shared = new SharedArrayBuffer(8);
    const flags = new Int32Array(shared);
    const worker = new Worker(swapper, { eval: true, workerData: { root: sandbox.root, entry: c.entry, mode: c.mode, outsideTarget: c.outsideTarget, insideTarget: c.insideTarget, shared } });
    const exited = new Promise((resolve, reject) => {
      worker.once('exit', resolve);
      worker.once('error', reject);
    });
    await new Promise((resolve) => worker.once('message', resolve));

    let stdout: string;
    try {
      ({ stdout } = await runGuest({ module: 'race-reader', args: [c.guestPath, String(c.guestMs)], preopens: { '/sb': sandbox.root } }));
    } finally {
      Atomics.store(flags, 0, 1);
      await exited;
    }

    for (const canary of sandbox.canaries) expect(stdout, 'the guest read outside content').not.toContain(canary);
    expect(Atomics.load(flags, 1), 'the swapper never flipped').toBeGreaterThan(0);
    // Controls: the guest saw the real entry and was refused the symlink, so it really raced.
    expect(stdout).toMatch(/^\d+ content:INSIDE$/m);
    expect(stdout).toMatch(/^\d+ EPERM$/m);
  });
});
