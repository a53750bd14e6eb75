// The same release guests as preview1 modules and as WASI 0.2 components, both under the
// wasi-kit runtime: what running through the component host costs. Rust 1.63 cannot build
// wasm32-wasip2, so each module is made a component with wasmtime's preview1 adapter (what
// `jco new --wasi-command` does); a native wasm32-wasip2 build skips the adapter's translation.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { componentNew } from '@bytecodealliance/jco-transpile/wasm-tools';
import { alternate } from '../harness/alternate.mjs';
import { benchDir, locateGuests } from '../harness/guests.mjs';
import { makeTree } from '../harness/fixtures.mjs';

export const title = 'WASI 0.2 components vs preview1 modules (wasi-kit runtime)';

const ADAPTER = fileURLToPath(new URL('../../packages/runtime/test/component/fixtures/wasi_snapshot_preview1.command.wasm', import.meta.url));
const ENGINE = path.join(benchDir, 'engines', 'wasi-kit.mjs');

function expectLine(stderr, expected) {
  if (!stderr.split('\n').includes(expected)) throw new Error(`expected "${expected}" on the guest's stderr, got:\n${stderr}`);
}

const ms = (value) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`);

/** @param {{ size: Record<string, number>, workDir: string, log: (line: string) => void }} options */
export async function bench({ size, workDir, log }) {
  const guests = locateGuests();
  const adapter = readFileSync(ADAPTER);
  const componentOf = async (name) => {
    const file = path.join(workDir, `${name}.component.wasm`);
    writeFileSync(file, await componentNew(readFileSync(guests.wasm(name)), [['wasi_snapshot_preview1', adapter]]));
    return file;
  };
  const tree = makeTree(workDir, size.treeFiles);
  // Not the copy and SHA-256 guests: they allocate buffers of 64 KiB and 1 MiB, and an
  // adapter-wrapped guest that does so traps in the adapter under jco's generated code (with
  // jco's own preview2-shim too; see docs/components.md).
  const workloads = [
    { title: 'hello-world start-up (transpile cached)', guest: 'hello', args: [], rounds: size.startupRounds, check: ({ stdout }) => { if (stdout !== 'Hello, world!\n') throw new Error(`hello printed ${JSON.stringify(stdout)}`); } },
    { title: `${size.writes.toLocaleString('en-US')} small writes to stdout (a pipe)`, guest: 'writes', args: [String(size.writes)], stdout: 'pipe', check: ({ stderr }) => expectLine(stderr, `writes: ${size.writes}`) },
    { title: `metadata walk of a ${size.treeFiles.toLocaleString('en-US')}-file tree`, guest: 'walk', args: ['/tree'], preopens: { '/tree': tree.root }, check: ({ stderr }) => expectLine(stderr, `files: ${tree.files} bytes: ${tree.bytes}`) },
  ];

  const rows = [];
  const samples = {};
  for (const workload of workloads) {
    const rounds = workload.rounds ?? size.rounds;
    log(`components: ${workload.title} (${rounds} rounds)`);
    const files = { module: guests.wasm(workload.guest), component: await componentOf(workload.guest) };
    const contenders = Object.entries(files).map(([name, file]) => ({
      name,
      command: process.execPath,
      args: [ENGINE, file, JSON.stringify(workload.preopens ?? {}), ...workload.args],
      stdout: workload.stdout,
      check: workload.check,
    }));
    const medians = await alternate(contenders, rounds);
    const [module, component] = ['module', 'component'].map((name) => medians.get(name).median);
    samples[workload.title] = Object.fromEntries([...medians].map(([name, { samples: values }]) => [name, values.map((value) => Number(value.toFixed(2)))]));
    rows.push([workload.title, ms(module), ms(component), `${(component / module).toFixed(2)}×`]);
  }

  // The first run of a component transpiles it (jco, ~1 s for a few MB) and fills the cache.
  const cold = mkdtempSync(path.join(workDir, 'component-cache-'));
  const started = performance.now();
  const first = spawnSync(process.execPath, [ENGINE, await componentOf('hello'), '{}'], { env: { ...process.env, WASI_KIT_CACHE_DIR: cold }, encoding: 'utf8' });
  if (first.status !== 0) throw new Error(`cold component run failed: ${first.stderr}`);
  rows.push(['hello-world, first run (transpile, one sample)', '', ms(performance.now() - started), '']);

  return {
    title,
    description:
      `Median wall time of a fresh process per sample, ${size.rounds} alternating rounds (${size.startupRounds} for start-up), ` +
      'module and component both run by `@wasi-kit/runtime`\'s run(); the component\'s transpiled code comes from the cache, as on every run after the first. ' +
      'The components are the modules wrapped with the preview1 adapter, so each preview1 call also crosses the adapter and the canonical ABI.',
    headers: ['workload', 'preview1 module', 'component', 'component / module'],
    rows,
    samples,
  };
}
