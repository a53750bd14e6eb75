// Runs contenders in alternation so drift on a shared machine — other jobs, thermal state, page
// cache — lands on every contender alike, then reports medians. Each round starts one contender
// later (A B C, B C A, C A B, …): no contender always runs right after the same other one, whose
// writeback or freed memory the next run would otherwise pay for every time.
import { PHASES_LINE } from '../engines/phases.mjs';
import { sample } from './sample.mjs';

/** @param {number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * @typedef {{ name: string, command: string, args: string[], env?: Record<string, string>, stdout?: 'null' | 'pipe', check?: (result: { stdout: string, stderr: string }) => void }} Contender
 * @param {Contender[]} contenders
 * @param {number} rounds
 * @returns {Promise<Map<string, { median: number, samples: number[], runMedian?: number }>>}
 * `runMedian`: for an engine script (engines/), the median time it reported for running the guest
 * alone, without Node's start-up or loading the WASI host.
 */
export async function alternate(contenders, rounds) {
  // One untimed run each first: it checks the output and warms the page cache for everyone.
  for (const contender of contenders) {
    // The check sees what the guest printed; timed runs send it where the workload says.
    const result = await sample({ ...contender, stdout: 'capture' });
    contender.check?.(result);
  }
  const samples = new Map(contenders.map((contender) => [contender.name, []]));
  const runs = new Map(contenders.map((contender) => [contender.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let turn = 0; turn < contenders.length; turn++) {
      const contender = contenders[(round + turn) % contenders.length];
      const { ms, stderr } = await sample({ command: contender.command, args: contender.args, env: contender.env, stdout: contender.stdout });
      samples.get(contender.name).push(ms);
      const phases = PHASES_LINE.exec(stderr);
      if (phases !== null) runs.get(contender.name).push(Number(phases[2]));
    }
  }
  return new Map([...samples].map(([name, values]) => {
    const runValues = runs.get(name);
    return [name, { median: median(values), samples: values, runMedian: runValues.length === rounds ? median(runValues) : undefined }];
  }));
}
