// `wasi-kit run hello.wasm` against a bare Node script that runs the same module with
// node:wasi: what the CLI adds on top of the host (its imports, option parsing, output).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { alternate } from '../harness/alternate.mjs';
import { benchDir, locateGuests } from '../harness/guests.mjs';

export const title = 'CLI start-up';

/** The CLI's bin script, found from its main module (its exports do not include package.json). */
function cliEntry() {
  let dir = path.dirname(createRequire(import.meta.url).resolve('wasi-kit'));
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  return path.resolve(dir, manifest.bin['wasi-kit']);
}

const checkHello = ({ stdout }) => {
  if (stdout !== 'Hello, world!\n') throw new Error(`hello printed ${JSON.stringify(stdout)}`);
};

/** @param {{ size: Record<string, number>, log: (line: string) => void }} options */
export async function bench({ size, log }) {
  const hello = locateGuests().wasm('hello');
  const rounds = size.startupRounds;
  log(`cli start-up: wasi-kit run vs bare node:wasi script (${rounds} rounds)`);
  const medians = await alternate(
    [
      { name: 'node', command: process.execPath, args: ['-e', ''], check: () => {} },
      { name: 'bare', command: process.execPath, args: [path.join(benchDir, 'engines', 'node-wasi.mjs'), hello, '{}'], check: checkHello },
      { name: 'cli', command: process.execPath, args: [cliEntry(), 'run', hello], check: checkHello },
    ],
    rounds,
  );
  const node = medians.get('node').median;
  const bare = medians.get('bare').median;
  const cli = medians.get('cli').median;
  const spread = (name) => `${(Math.max(...medians.get(name).samples) / Math.min(...medians.get(name).samples)).toFixed(2)}×`;
  return {
    title,
    description: `Median wall time of \`wasi-kit run hello.wasm\`, of a bare Node script running the same module with node:wasi, and of \`node -e ""\` (Node's own start-up), ${rounds} alternating rounds. Targets: at most 1.2× the node:wasi script, at most 1.15× \`node -e ""\`.`,
    headers: ['command', 'median', 'ratio to node:wasi', 'ratio to node -e ""', 'spread (max/min)'],
    rows: [
      ['node -e ""', `${node.toFixed(1)} ms`, '', '1.00×', spread('node')],
      ['node bench/engines/node-wasi.mjs hello.wasm', `${bare.toFixed(1)} ms`, '1.00×', `${(bare / node).toFixed(2)}×`, spread('bare')],
      ['wasi-kit run hello.wasm', `${cli.toFixed(1)} ms`, `${(cli / bare).toFixed(2)}×`, `${(cli / node).toFixed(2)}×`, spread('cli')],
    ],
    samples: { 'wasi-kit run hello.wasm': Object.fromEntries([...medians].map(([name, { samples }]) => [name, samples.map((value) => Number(value.toFixed(2)))])) },
  };
}
