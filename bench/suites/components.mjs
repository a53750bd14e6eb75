// The same release guests as preview1 modules and as WASI 0.2 components, both under the
// wasi-kit runtime: what running through the component host costs. Rust 1.63 cannot build
// wasm32-wasip2, so each module is made a component with wasmtime's preview1 adapter (what
// `jco new --wasi-command` does). With WASI_KIT_RUST_185 (a folder with Rust 1.85's cargo and
// rustc, as CI has) every runtime workload also runs as Rust 1.85's wasm32-wasip1 module beside
// its native wasm32-wasip2 component.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { componentNew } from '@bytecodealliance/jco-transpile/wasm-tools';
import { build } from '@wasi-kit/cargo-bridge';
import { alternate } from '../harness/alternate.mjs';
import { benchDir, locateGuests } from '../harness/guests.mjs';
import { makeTree } from '../harness/fixtures.mjs';
import { guestWorkloads } from './runtime.mjs';

export const title = 'WASI 0.2 components vs preview1 modules (wasi-kit runtime)';

const ADAPTER = fileURLToPath(new URL('../../packages/runtime/test/component/fixtures/wasi_snapshot_preview1.command.wasm', import.meta.url));
const ENGINE = path.join(benchDir, 'engines', 'wasi-kit.mjs');

function expectLine(stderr, expected) {
  if (!stderr.split('\n').includes(expected)) throw new Error(`expected "${expected}" on the guest's stderr, got:\n${stderr}`);
}

const ms = (value) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`);

/** Module and component of one workload, alternated: its row and its samples. */
async function compare(title, files, workload, rounds) {
  const contenders = Object.entries(files).map(([name, file]) => ({
    name,
    command: process.execPath,
    args: [ENGINE, file, JSON.stringify(workload.preopens ?? {}), ...(workload.wasiArgs ?? workload.args)],
    stdout: workload.stdout,
    check: workload.check,
  }));
  const medians = await alternate(contenders, rounds);
  const [module, component] = ['module', 'component'].map((name) => medians.get(name).median);
  const samples = Object.fromEntries([...medians].map(([name, { samples: values }]) => [name, values.map((value) => Number(value.toFixed(2)))]));
  return { row: [title, ms(module), ms(component), `${(component / module).toFixed(2)}×`], samples };
}

/** The bench guests built by the Rust 1.85 in `toolchainDir` for one target (release, not wasm-opt'd: a component is not). */
async function buildWith185(toolchainDir, target) {
  const guests = path.join(benchDir, 'guests');
  const result = await build({
    cwd: guests,
    release: true,
    optimize: false,
    target,
    env: { RUSTC: path.join(toolchainDir, 'rustc'), CARGO: path.join(toolchainDir, 'cargo'), CARGO_TARGET_DIR: path.join(guests, 'target', 'rust-1.85') },
  });
  return new Map(result.artifacts.map((artifact) => [artifact.name, artifact.wasm]));
}

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
    const compared = await compare(workload.title, { module: guests.wasm(workload.guest), component: await componentOf(workload.guest) }, workload, rounds);
    rows.push(compared.row);
    samples[workload.title] = compared.samples;
  }

  const toolchainDir = process.env.WASI_KIT_RUST_185;
  if (toolchainDir) {
    log('components: building the guests with Rust 1.85 for wasm32-wasip1 and wasm32-wasip2');
    const [modules, components] = [await buildWith185(toolchainDir, 'wasm32-wasip1'), await buildWith185(toolchainDir, 'wasm32-wasip2')];
    // Fixtures of their own: the runtime suite's are in workDir already.
    for (const workload of guestWorkloads(size, mkdtempSync(path.join(workDir, 'rust-1.85-')))) {
      const rounds = workload.rounds ?? size.rounds;
      const title = `Rust 1.85, native wasip2: ${workload.title}`;
      log(`components: ${title} (${rounds} rounds)`);
      const compared = await compare(title, { module: modules.get(workload.guest), component: components.get(workload.guest) }, workload, rounds);
      rows.push(compared.row);
      samples[title] = compared.samples;
    }
  } else {
    rows.push(['Rust 1.85 native wasip2 rows: skipped (set WASI_KIT_RUST_185 to a folder with the cargo and rustc of Rust 1.85)', '', '', '']);
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
      'The first rows\' components are the Rust 1.63 modules wrapped with the preview1 adapter, so each preview1 call also crosses the adapter and the canonical ABI. ' +
      'The "Rust 1.85, native wasip2" rows compare one source built by Rust 1.85 for wasm32-wasip1 (a module) and for wasm32-wasip2 (a component from rustc and wasm-component-ld), both release builds without wasm-opt.',
    headers: ['workload', 'preview1 module', 'component', 'component / module'],
    rows,
    samples,
  };
}
