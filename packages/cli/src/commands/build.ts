import path from 'node:path';
import { Option, type Command } from 'commander';
import type { BuildOptions, BuildResult, WasiTarget } from '@wasi-kit/cargo-bridge';
import { loadCargoBridge, loadRuntime } from '../packages.js';
import { isUserError } from '../errors.js';
import { buildDocument } from '../project/build-document.js';
import { buildWithConfig, requireManifest, TARGETS } from '../project/config.js';
import { formatDuration, paint, printJson, printStatus, startProgress, useColour } from '../output.js';

interface BuildCommandOptions {
  release?: boolean;
  json?: boolean;
  target?: WasiTarget;
}

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('build the crate in the current folder for WASI and print the .wasm paths')
    .option('-r, --release', 'build with the release profile')
    .option('--json', 'print one JSON document on stdout (artifacts, diagnostics, timings) for scripts')
    .addOption(new Option('--target <target>', 'wasm32-wasip2 builds WASI 0.2 components (default: the config\'s target, else wasm32-wasip1)').choices(TARGETS))
    .addHelpText(
      'after',
      [
        '',
        'Prints each .wasm path on stdout; cargo\'s warnings and the status line go to stderr.',
        '',
        'Examples:',
        '  $ wasi-kit build',
        '  $ wasi-kit build --release',
        '  $ wasi-kit build --target wasm32-wasip2',
        '  $ wasi-kit build --json | jq -r \'.artifacts[0].wasm\'',
      ].join('\n'),
    )
    .action(async (options: BuildCommandOptions) => {
      if (options.json) return buildJson(options);
      const result = await buildHere(options);
      for (const artifact of result.artifacts) process.stdout.write(`${artifact.wasm}\n`);
      const first = result.artifacts[0];
      if (first) printStatus(paint('dim', `run it: wasi-kit run ${path.relative(process.cwd(), first.wasm)} --dir=. .`));
    });
}

/** Builds with a spinner on a TTY; cargo's warnings go to stderr as cargo rendered them. */
export async function buildHere(options: { release?: boolean; cargoArgs?: string[]; target?: WasiTarget }): Promise<BuildResult> {
  const manifest = requireManifest(process.cwd());
  const progress = startProgress(`building${options.release ? ' (release)' : ''}`);
  let result: BuildResult;
  try {
    // Our progress line instead of cargo's: cargo's stderr is read, its diagnostics printed once.
    result = await buildCrate({ cwd: process.cwd(), release: options.release, cargoArgs: options.cargoArgs, progress: false, color: useColour() }, manifest, options.target);
  } finally {
    progress.stop();
  }
  for (const diagnostic of result.diagnostics) process.stderr.write(diagnostic.rendered);
  printStatus(`${paint('green', 'Built')} ${result.artifacts.length} wasm file(s) for ${result.target} with ${result.toolchain.name} in ${formatDuration(result.durationMs)}`);
  if (result.artifacts.some((artifact) => artifact.optimization)) await printSizes(result);
  return result;
}

/** After a release build: each module's size and what stripping and wasm-opt saved, as vite prints its chunks. */
async function printSizes(result: BuildResult): Promise<void> {
  const { formatBytes } = await loadRuntime();
  const width = Math.max(...result.artifacts.map((artifact) => path.basename(artifact.wasm).length));
  for (const artifact of result.artifacts) {
    const report = artifact.optimization;
    if (!report) continue;
    const saved = report.before === 0 ? 0 : (1 - report.after / report.before) * 100;
    printStatus(
      `  ${path.basename(artifact.wasm).padEnd(width)}  ${paint('bold', formatBytes(report.after).padStart(9))}  ${paint('dim', `from ${formatBytes(report.before)} (stripped ${formatBytes(report.stripped)}, wasm-opt -Oz ${formatBytes(report.after)}): ${saved.toFixed(1)}% smaller`)}`,
    );
  }
}

/** `--json`: the document is printed on success and on failure; the exit code is the same as without. */
async function buildJson(options: BuildCommandOptions): Promise<void> {
  const started = performance.now();
  try {
    const manifest = requireManifest(process.cwd());
    const result = await buildCrate({ cwd: process.cwd(), release: options.release, progress: false, color: false }, manifest, options.target);
    printJson(await buildDocument(result));
  } catch (error) {
    if (isUserError(error)) {
      printJson({
        command: 'build',
        ok: false,
        exitCode: error.exitCode,
        durationMs: Math.round(performance.now() - started),
        error: { message: error.message, hint: error.hint ?? null, rendered: error.details ?? null },
      });
    }
    throw error;
  }
}

/** `--target` as given, else the config's target, read by cargo metadata beside the build. */
async function buildCrate(options: Omit<BuildOptions, 'target'>, manifest: string, target: WasiTarget | undefined): Promise<BuildResult> {
  if (target !== undefined) return (await loadCargoBridge()).build({ ...options, target });
  return (await buildWithConfig(options, manifest)).result;
}
