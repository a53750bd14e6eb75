// Dev-loop latency as a user sees it: the real `wasi-kit dev --dir=. -- .` in a fresh sizer, each
// round an edit that changes what main() prints, timed from the file write to the new line on dev's
// stdout; beside cargo's own incremental build of the same edit in a twin copy, in the same run and
// alternated round by round so machine load hits both alike. Also: how long after dev starts the
// first output comes, against cargo's own (nothing-to-do) build of the same crate, and how much of
// that is Node's own start-up (`node -e ""`, timed in the same run).
// Targets: median overhead over cargo ≤ 50 ms; first output ≤ 100 ms after cargo's build.
// Run alone: `node bench/dev-loop.mjs [--quick]` (after `pnpm build`).
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { findToolchain } from '@wasi-kit/cargo-bridge';

export const name = 'dev-loop';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = path.join(ROOT, 'packages', 'cli', 'bin', 'wasi-kit.js');
const TARGET_MS = 50;
const FIRST_OUTPUT_TARGET_MS = 100;
const exec = promisify(execFile);
/**
 * Quiet time before each timed step: after a cycle dev starts the next guest's runner (a Node
 * start-up), as it would while a user edits; timing cargo in the middle of that would charge
 * dev's idle work to cargo's build.
 */
const SETTLE_MS = 750;
const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** main.rs with a first line of output that names the edit. */
const edited = (source, round) => source.replace('fn main() {\n', `fn main() {\n    println!("edit {}", ${round});\n`);

/** `wasi-kit dev` as a child whose stdout lines can be awaited, timestamped as they arrive. */
function startDev(cwd) {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'dev', '--dir=.', '--', '.'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let transcript = '';
  const waiters = [];
  // The guest's lines come on stdout, dev's status lines on stderr: both are watched, line by line.
  const lineReader = () => {
    let partial = '';
    return (text) => {
      transcript += text;
      const lines = (partial + text).split('\n');
      partial = lines.pop();
      const at = performance.now();
      for (const line of lines) for (const waiter of waiters.filter((w) => w.test(line))) waiters.splice(waiters.indexOf(waiter), 1), waiter.resolve(at);
    };
  };
  child.stdout.setEncoding('utf8').on('data', lineReader());
  child.stderr.setEncoding('utf8').on('data', lineReader());
  return {
    started,
    /** Resolves with the time the next line (stdout or stderr) matching `pattern` arrived. */
    line(pattern) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`dev-loop: no line ${pattern} within 120 s; dev said:\n${transcript.slice(-2000)}`)), 120_000);
        waiters.push({ test: (line) => pattern.test(line), resolve: (at) => (clearTimeout(timer), resolve(at)) });
      });
    },
    async stop() {
      child.kill('SIGINT');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** @param {{ quick?: boolean, log?: (line: string) => void }} [options] */
export async function bench({ quick = false, log = () => {} } = {}) {
  const rounds = quick ? 4 : 9;
  const work = mkdtempSync(path.join(tmpdir(), 'wasi-kit-dev-loop-'));
  try {
    await exec(process.execPath, [CLI, 'new', 'sizer', '--template', 'sizer'], { cwd: work });
    const watched = path.join(work, 'sizer');
    const main = path.join(watched, 'src', 'main.rs');
    const source = readFileSync(main, 'utf8');
    const toolchain = await findToolchain();
    const { RUSTUP_TOOLCHAIN, ...env } = process.env;
    // Both copies built once, so dev's first build and cargo's have the same (nothing) to do.
    await exec(toolchain.cargo, ['build', '--target', toolchain.target, '--quiet'], { cwd: watched, env: { ...env, RUSTC: toolchain.rustc } });
    const twin = path.join(work, 'twin');
    cpSync(watched, twin, { recursive: true });
    const cargoBuild = async () => {
      const started = performance.now();
      await exec(toolchain.cargo, ['build', '--target', toolchain.target, '--quiet'], { cwd: twin, env: { ...env, RUSTC: toolchain.rustc } });
      return performance.now() - started;
    };
    // Node's own start-up (`node -e ""`), alternated with those builds: dev's first output includes
    // one, which no Node CLI can avoid, so the report also says what is left beyond it.
    const nodeStart = async () => {
      const started = performance.now();
      await exec(process.execPath, ['-e', '']);
      return performance.now() - started;
    };
    const fresh = [];
    const bareNode = [];
    for (let sample = 0; sample < 5; sample++) fresh.push(await cargoBuild()), bareNode.push(await nodeStart());
    const freshCargo = median(fresh);
    const nodeStartUp = median(bareNode);

    const dev = startDev(watched);
    log(`dev loop: wasi-kit dev on the sizer, ${rounds} edits, with ${toolchain.name} (${toolchain.target})`);
    const loop = [];
    const cargo = [];
    let firstOutput;
    try {
      firstOutput = (await dev.line(/^filename: "Cargo\.toml"/)) - dev.started;
      await dev.line(/watching for changes/);
      for (let round = 1; round <= rounds; round++) {
        await settle();
        // wasi-kit: save → dev rebuilds → the warm runner runs the new module → its first line names this edit.
        const shown = dev.line(new RegExp(`^edit ${round}$`));
        const saved = performance.now();
        writeFileSync(main, edited(source, round));
        loop.push((await shown) - saved);
        await dev.line(/watching for changes/);
        await settle();

        // cargo alone: the same edit, its incremental build, nothing else.
        writeFileSync(path.join(twin, 'src', 'main.rs'), edited(source, round));
        cargo.push(await cargoBuild());
        log(`dev loop: round ${round}: save → output ${loop.at(-1).toFixed(0)} ms, cargo ${cargo.at(-1).toFixed(0)} ms`);
      }
    } finally {
      await dev.stop();
    }

    const ours = median(loop);
    const theirs = median(cargo);
    return [
      { name: 'sizer (debug)', metric: 'wasi-kit dev: save → new output, median', value: ours, unit: 'ms', baseline: theirs, ratio: ours / theirs },
      { name: 'sizer (debug)', metric: `overhead over cargo, median (target ≤ ${TARGET_MS} ms)`, value: ours - theirs, unit: 'ms' },
      { name: 'sizer (debug)', metric: 'cargo incremental build alone, median', value: theirs, unit: 'ms' },
      { name: 'sizer (debug)', metric: 'wasi-kit dev: start → first output', value: firstOutput, unit: 'ms', baseline: freshCargo, ratio: firstOutput / freshCargo },
      { name: 'sizer (debug)', metric: `first output after cargo's own build (target ≤ ${FIRST_OUTPUT_TARGET_MS} ms)`, value: firstOutput - freshCargo, unit: 'ms' },
      { name: 'sizer (debug)', metric: `… of which Node's own start-up (node -e "", median)`, value: nodeStartUp, unit: 'ms' },
      { name: 'sizer (debug)', metric: `first output after cargo's own build, beyond Node's start-up`, value: firstOutput - freshCargo - nodeStartUp, unit: 'ms' },
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export default { name, run: bench };

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const load = () => loadavg().map((value) => value.toFixed(2)).join(' ');
  process.stderr.write(`load average: ${load()}\n`);
  const rows = await bench({ quick: process.argv.includes('--quick'), log: (line) => process.stderr.write(`${line}\n`) });
  for (const row of rows) {
    const baseline = row.baseline === undefined ? '' : `  (cargo: ${row.baseline.toFixed(0)} ms, ${row.ratio.toFixed(2)}×)`;
    process.stdout.write(`${row.name}: ${row.metric}: ${row.value.toFixed(0)} ${row.unit}${baseline}\n`);
  }
  process.stderr.write(`load average: ${load()}\n`);
}
