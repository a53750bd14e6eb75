// Dev-loop latency: from saving main.rs to the new output of the rebuilt guest, through
// cargo-bridge's watch() (chokidar, 100 ms debounce, cargo build, parse) and the wasi-kit
// runtime, against cargo's own incremental build of the same edit in a twin copy of the project,
// measured in the same run and alternated round by round so machine load hits both alike.
// Target: at most 150 ms over cargo. Run alone: `node bench/dev-loop.mjs [--quick]` (after `pnpm build`).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { findToolchain, watch } from '@wasi-kit/cargo-bridge';
import { run } from '@wasi-kit/runtime';

export const name = 'dev-loop';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = path.join(ROOT, 'packages', 'cli', 'bin', 'wasi-kit.js');
const TARGET_MS = 150;
const exec = promisify(execFile);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** main.rs with a first line of output that names the edit. */
const edited = (source, round) => source.replace('fn main() {\n', `fn main() {\n    println!("edit {}", ${round});\n`);

/** @param {{ quick?: boolean, log?: (line: string) => void }} [options] */
export async function bench({ quick = false, log = () => {} } = {}) {
  const rounds = quick ? 4 : 12;
  const work = mkdtempSync(path.join(tmpdir(), 'wasi-kit-dev-loop-'));
  try {
    await exec(process.execPath, [CLI, 'new', 'sizer', '--template', 'sizer'], { cwd: work });
    const watched = path.join(work, 'sizer');
    const twin = path.join(work, 'twin');
    cpSync(watched, twin, { recursive: true });
    const source = readFileSync(path.join(watched, 'src', 'main.rs'), 'utf8');
    const toolchain = await findToolchain();
    const { RUSTUP_TOOLCHAIN, ...env } = process.env;
    const cargoBuild = () => exec(toolchain.cargo, ['build', '--target', toolchain.target, '--quiet'], { cwd: twin, env: { ...env, RUSTC: toolchain.rustc } });
    await cargoBuild();

    let onBuilt = () => {};
    const watcher = await watch({
      cwd: watched,
      toolchain,
      progress: false,
      onEvent(event) {
        if (event.type === 'built') onBuilt(event.result);
        if (event.type === 'failed') throw new Error(`dev-loop: the sizer did not build: ${event.error.message}`);
      },
    });
    await new Promise((resolve) => (onBuilt = resolve));
    log(`dev loop: ${rounds} edits of the sizer with ${toolchain.name} (${toolchain.target})`);

    const loop = [];
    const cargo = [];
    const build = [];
    try {
      for (let round = 1; round <= rounds; round++) {
        // wasi-kit: save → watch rebuilds → the runtime runs the new module → its first line is this edit.
        const built = new Promise((resolve) => (onBuilt = resolve));
        const saved = performance.now();
        writeFileSync(path.join(watched, 'src', 'main.rs'), edited(source, round));
        const result = await built;
        const buildDone = performance.now();
        const wasm = result.artifacts.find((a) => a.name === 'sizer').wasm;
        const output = await run(wasm, { args: ['sizer', '.'], preopens: { '.': watched }, capture: true });
        const shown = performance.now();
        if (!output.stdout.startsWith(`edit ${round}\n`)) throw new Error(`dev-loop: round ${round} printed ${JSON.stringify(output.stdout.slice(0, 40))}`);
        loop.push(shown - saved);
        build.push(buildDone - saved);

        // cargo alone: the same edit, its incremental build, nothing else.
        writeFileSync(path.join(twin, 'src', 'main.rs'), edited(source, round));
        const started = performance.now();
        await cargoBuild();
        cargo.push(performance.now() - started);
        log(`dev loop: round ${round}: save → output ${loop.at(-1).toFixed(0)} ms, cargo ${cargo.at(-1).toFixed(0)} ms`);
      }
    } finally {
      await watcher.close();
    }

    const ours = median(loop);
    const theirs = median(cargo);
    const overhead = ours - theirs;
    return [
      { name: 'sizer (debug)', metric: 'save → new output, median', value: ours, unit: 'ms', baseline: theirs, ratio: ours / theirs },
      { name: 'sizer (debug)', metric: 'save → build done, median', value: median(build), unit: 'ms', baseline: theirs, ratio: median(build) / theirs },
      { name: 'sizer (debug)', metric: `overhead over cargo, median (target ≤ ${TARGET_MS} ms)`, value: overhead, unit: 'ms' },
      { name: 'sizer (debug)', metric: 'cargo incremental build alone, median', value: theirs, unit: 'ms' },
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export default { name, run: bench };

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await bench({ quick: process.argv.includes('--quick'), log: (line) => process.stderr.write(`${line}\n`) });
  for (const row of rows) {
    const baseline = row.baseline === undefined ? '' : `  (cargo: ${row.baseline.toFixed(0)} ms, ${row.ratio.toFixed(2)}×)`;
    process.stdout.write(`${row.name}: ${row.metric}: ${row.value.toFixed(0)} ${row.unit}${baseline}\n`);
  }
  const overhead = rows.find((row) => row.metric.startsWith('overhead'));
  process.exitCode = overhead.value <= TARGET_MS ? 0 : 1;
}
