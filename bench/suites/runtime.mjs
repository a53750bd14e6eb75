// The runtime workloads, each run natively, under node:wasi and under @wasi-kit/runtime, in
// alternation, one fresh process per sample. Every engine's output is checked before timing.
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { alternate } from '../harness/alternate.mjs';
import { benchDir, locateGuests } from '../harness/guests.mjs';
import { makeCopySource, makeDeepTree, makeTree, sha256OfGuestInput } from '../harness/fixtures.mjs';
import { sqliteWorkloads } from './sqlite.mjs';

export const title = 'Runtime: native vs node:wasi vs wasi-kit';

const engines = {
  'node:wasi': path.join(benchDir, 'engines', 'node-wasi.mjs'),
  'wasi-kit': path.join(benchDir, 'engines', 'wasi-kit.mjs'),
};

function expectLine(stderr, expected) {
  if (!stderr.split('\n').includes(expected)) throw new Error(`expected "${expected}" on the guest's stderr, got:\n${stderr}`);
}

/**
 * One workload: the same guest and arguments for all three engines (guest paths under WASI). A
 * workload that is not a bench guest names its module (`wasm`) and native program (`native`).
 */
function contenders(guests, workload) {
  const wasiArgs = (engine) => [engines[engine], workload.wasm ?? guests.wasm(workload.guest), JSON.stringify(workload.preopens ?? {}), ...(workload.wasiArgs ?? workload.args)];
  const common = { check: workload.check, stdout: workload.stdout };
  const native = workload.native === undefined ? { command: guests.native(workload.guest), args: workload.args } : workload.native;
  return [
    ...(native === null ? [] : [{ ...common, name: 'native', ...native }]),
    { ...common, name: 'node:wasi', command: process.execPath, args: wasiArgs('node:wasi') },
    { ...common, name: 'wasi-kit', command: process.execPath, args: wasiArgs('wasi-kit') },
    // The same runtime without its native addon: the JavaScript procfs walk (before issue 12).
    { ...common, name: 'wasi-kit procfs', command: process.execPath, args: wasiArgs('wasi-kit'), env: { WASI_KIT_NATIVE: '0' } },
  ];
}

/** The bench guests' workloads (bench/guests), which the components suite also runs as wasip2 builds. */
export function guestWorkloads(size, workDir) {
  const copy = makeCopySource(workDir, size.copyBytes);
  const tree = makeTree(workDir, size.treeFiles);
  const deep = makeDeepTree(workDir, size.deepTree);
  const db = path.join(workDir, 'db');
  mkdirSync(db);
  const lookups = path.join(workDir, 'lookups');
  mkdirSync(lookups);
  const digest = sha256OfGuestInput(size.sha256MiB);
  const mib = (bytes) => `${bytes / 2 ** 20} MiB`;
  const checkWrites = ({ stdout, stderr }) => {
    expectLine(stderr, `writes: ${size.writes}`);
    if (stdout.length !== 16 * size.writes) throw new Error(`the writes guest printed ${stdout.length} bytes, not ${16 * size.writes}`);
  };
  return [
    {
      title: `${size.writes.toLocaleString('en-US')} small writes to stdout (/dev/null)`,
      guest: 'writes',
      args: [String(size.writes)],
      check: checkWrites,
    },
    {
      // A pipe is never batched by the runtime: every fd_write is a host write, as under node:wasi.
      title: `${size.writes.toLocaleString('en-US')} small writes to stdout (a pipe)`,
      guest: 'writes',
      args: [String(size.writes)],
      stdout: 'pipe',
      check: checkWrites,
    },
    {
      title: `${mib(size.copyBytes)} copy, 64 KiB chunks, between two preopened dirs`,
      guest: 'copy',
      args: [path.join(copy.src, copy.file), path.join(copy.dst, copy.file)],
      wasiArgs: [`/src/${copy.file}`, `/dst/${copy.file}`],
      preopens: { '/src': copy.src, '/dst': copy.dst },
      check: ({ stderr }) => {
        expectLine(stderr, `copied: ${size.copyBytes}`);
        if (statSync(path.join(copy.dst, copy.file)).size !== size.copyBytes) throw new Error('the copy has the wrong size');
      },
    },
    {
      title: `metadata walk of a ${size.treeFiles.toLocaleString('en-US')}-file tree`,
      guest: 'walk',
      args: [tree.root],
      wasiArgs: ['/tree'],
      preopens: { '/tree': tree.root },
      check: ({ stderr }) => expectLine(stderr, `files: ${tree.files} bytes: ${tree.bytes}`),
    },
    {
      title: `deep metadata walk: ${deep.files.toLocaleString('en-US')} files ${size.deepTree.depth} directories deep`,
      guest: 'walk',
      args: [deep.root],
      wasiArgs: ['/deep'],
      preopens: { '/deep': deep.root },
      check: ({ stderr }) => expectLine(stderr, `files: ${deep.files} bytes: ${deep.bytes}`),
    },
    {
      // SQLite's rollback journal, one transaction per row: stat, create, write, sync, unlink, stat.
      title: `${size.journalRows.toLocaleString('en-US')} one-row transactions (journal create/write/sync/unlink, stat)`,
      guest: 'journal',
      args: [db, String(size.journalRows)],
      wasiArgs: ['/db', String(size.journalRows)],
      preopens: { '/db': db },
      check: ({ stderr }) => expectLine(stderr, `rows: ${size.journalRows} bytes: ${size.journalRows * 256}`),
    },
    {
      // A build tool's include search: mostly stats that find nothing, and mkdir -p of what exists.
      title: `${size.lookupNames.toLocaleString('en-US')} header lookups through 8 include directories (stat misses, mkdir -p)`,
      guest: 'lookups',
      args: [lookups, String(size.lookupNames)],
      wasiArgs: ['/lookups', String(size.lookupNames)],
      preopens: { '/lookups': lookups },
      check: ({ stderr }) => expectLine(stderr, `misses: ${size.lookupNames * 7} bytes: ${size.lookupNames}`),
    },
    {
      title: `SHA-256 of ${size.sha256MiB} MiB in plain Rust (compute-bound)`,
      guest: 'sha256',
      args: [String(size.sha256MiB)],
      check: ({ stderr }) => expectLine(stderr, `sha256: ${digest}`),
    },
    {
      title: 'hello-world start-up',
      guest: 'hello',
      args: [],
      rounds: size.startupRounds,
      check: ({ stdout }) => {
        if (stdout !== 'Hello, world!\n') throw new Error(`hello printed ${JSON.stringify(stdout)}`);
      },
    },
  ];
}

/** This table's rows: the guests', with real SQLite's beside the journal guest that imitates it. */
function workloads(size, workDir, log) {
  const rows = guestWorkloads(size, workDir);
  rows.splice(rows.findIndex((workload) => workload.guest === 'journal') + 1, 0, ...sqliteWorkloads(size, workDir, log));
  return rows;
}

const ratio = (a, b) => (Number.isNaN(a / b) ? '—' : `${(a / b).toFixed(2)}×`);
const signedMs = (value) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(1)} ms`;
const ms = (value) => (Number.isNaN(value) ? '—' : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`);

/** @param {{ size: Record<string, number>, workDir: string, log: (line: string) => void }} options */
export async function bench({ size, workDir, log }) {
  const guests = locateGuests();
  const rows = [];
  const samples = {};
  for (const workload of workloads(size, workDir, log).filter((w) => size.only === undefined || size.only.test(w.title))) {
    const rounds = workload.rounds ?? size.rounds;
    log(`runtime: ${workload.title} (${rounds} rounds)`);
    const medians = await alternate(contenders(guests, workload), rounds);
    const [native, node, kit, procfs] = ['native', 'node:wasi', 'wasi-kit', 'wasi-kit procfs'].map((name) => medians.get(name)?.median ?? Number.NaN);
    const runAlone = ratio(medians.get('wasi-kit').runMedian, medians.get('node:wasi').runMedian);
    const verdict = kit / node <= 1.1 ? 'yes' : 'no';
    // How noisy the samples were: the widest max/min among the engines.
    const spread = Math.max(...[...medians.values()].map(({ samples }) => Math.max(...samples) / Math.min(...samples)));
    samples[workload.title] = Object.fromEntries([...medians].map(([name, { samples: values }]) => [name, values.map((value) => Number(value.toFixed(2)))]));
    rows.push([workload.title, ms(native), ms(node), ms(kit), ratio(kit, node), signedMs(kit - node), ratio(kit, native), runAlone, ratio(procfs, node), verdict, `${spread.toFixed(2)}×`]);
  }
  return {
    title,
    description:
      `Median wall time of a fresh process per sample (start-up, compile and run), ${size.rounds} alternating rounds ` +
      `(${size.startupRounds} for start-up) after one untimed run per engine that checks the output. ` +
      'The same release .wasm for both WASI hosts; native is the same Rust source built for the host. Target: wasi-kit within 1.1× of node:wasi. ' +
      'Each write is one 16-byte line that std flushes as one fd_write. To /dev/null (or a file) the wasi-kit runtime batches them into 64 KiB host writes, ' +
      'as libc does for such files (packages/runtime/README.md); to a pipe it does not, so that row is the per-call cost of the host. ' +
      'The "run alone" column compares what each engine script times inside its process for reading, compiling, instantiating and running the guest: ' +
      'the wall time less Node\'s start-up and loading the host, which node:wasi gets from Node\'s start-up snapshot and @wasi-kit/runtime reads and loads from V8\'s code cache, which its first process writes (engines/phases.mjs).',
    headers: ['workload', 'native', 'node:wasi', 'wasi-kit', 'wasi-kit / node:wasi', 'wasi-kit − node:wasi', 'wasi-kit / native', 'wasi-kit / node:wasi, run alone', 'procfs walk / node:wasi', '≤ 1.1× node:wasi', 'spread (max/min)'],
    rows,
    samples,
  };
}
