// The dev-loop numbers come from bench/dev-loop.mjs (owned with the cargo bridge's watch mode):
// its `bench()` returns rows `{ name, metric, value, unit, baseline?, ratio? }`.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchDir } from '../harness/guests.mjs';

export const title = 'Dev loop: save → new output';

const cell = (value, unit) => (value === undefined || value === null ? '' : `${typeof value === 'number' ? Number(value.toFixed(1)) : value}${unit ? ` ${unit}` : ''}`);

/** @param {{ quick: boolean, log: (line: string) => void }} options */
export async function bench({ quick, log }) {
  const file = path.join(benchDir, 'dev-loop.mjs');
  if (!existsSync(file)) return { title, description: 'bench/dev-loop.mjs is not there yet; nothing measured.', headers: [], rows: [] };
  log('dev loop: bench/dev-loop.mjs');
  const module = await import(pathToFileURL(file).href);
  const rows = await module.bench({ quick, log });
  return {
    title,
    description: 'From bench/dev-loop.mjs: the real `wasi-kit dev --dir=. -- .` (file write → new line on its stdout) against cargo\'s own incremental build of the same edit. Targets: at most +50 ms per save; first output at most 100 ms after cargo\'s build. That wait includes dev\'s own Node start-up, which `node -e ""` (timed in the same run) shows on its own; the last row is what is left beyond it.',
    headers: ['benchmark', 'metric', 'value', 'baseline', 'ratio'],
    rows: rows.map((row) => [row.name, row.metric, cell(row.value, row.unit), cell(row.baseline, row.unit), row.ratio === undefined ? '' : `${Number(row.ratio).toFixed(2)}×`]),
  };
}
