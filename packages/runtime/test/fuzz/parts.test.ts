import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CallGenerator, Random } from '../../fuzz/generate.js';
import { makeSandbox, snapshot, changes, type FuzzSandbox } from '../../fuzz/layout.js';
import { reproducerWat } from '../../fuzz/reproducer.js';
import { seedCases } from '../../fuzz/corpus.js';
import { run as runFile } from '../../src/pipeline/run.js';
import { tempDir } from '../preview1/harness.js';

describe('fuzzer parts', () => {
  let sandbox: FuzzSandbox | undefined;
  afterEach(() => sandbox?.remove());

  it('a reproducer replays the exact calls: the seed that creates "\\uFEFFa.txt" does so under wasi-kit run', async () => {
    sandbox = makeSandbox();
    const seed = seedCases().find((c) => c.label.includes('U+FEFF'))!;
    const file = path.join(tempDir('repro'), 'repro.wat');
    writeFileSync(file, reproducerWat(seed));
    const result = await runFile(file, { preopens: { '/rw': sandbox.rw, '/ro': { path: sandbox.ro, readonly: true } } });
    expect(result.exitCode).toBe(0);
    expect(readdirSync(sandbox.rw)).toContain('\uFEFFa.txt');
    expect(readFileSync(file, 'utf8')).toMatch(/memory\.init \$d0 \(i32\.const 8192\)/);
  });

  it('the snapshot sees a change outside the grants and in the read-only grant, not in the writable one', () => {
    sandbox = makeSandbox();
    const before = snapshot(sandbox);
    writeFileSync(path.join(sandbox.rw, 'a.txt'), 'changed');
    expect(changes(before, snapshot(sandbox))).toEqual([]);
    writeFileSync(path.join(sandbox.root, 'outside', 'secret.txt'), 'changed!');
    writeFileSync(path.join(sandbox.ro, 'new.txt'), '');
    const seen = changes(before, snapshot(sandbox));
    expect(seen).toContainEqual(expect.stringMatching(/^outside\/secret\.txt: size 7 → 8/));
    expect(seen).toContain('ro/new.txt: created');
  });

  it('the generator is deterministic for a seed and covers every function of the ABI table', () => {
    const names = (seed: number) => {
      const generator = new CallGenerator(new Random(seed));
      return Array.from({ length: 3000 }, () => generator.next().name);
    };
    expect(names(7)).toEqual(names(7));
    expect(new Set(names(7)).size).toBe(46);
  });
});
