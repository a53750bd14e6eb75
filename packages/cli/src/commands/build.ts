import path from 'node:path';
import type { Command } from 'commander';
import { build, type BuildResult } from '@wasi-kit/cargo-bridge';
import { paint, printStatus } from '../output.js';

interface BuildCommandOptions {
  release?: boolean;
}

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('build the crate in the current folder for WASI and print the .wasm paths')
    .option('-r, --release', 'build with the release profile')
    .addHelpText('after', '\nExamples:\n  $ wasi-kit build\n  $ wasi-kit build --release')
    .action(async (options: BuildCommandOptions) => {
      const result = await buildHere(options);
      for (const artifact of result.artifacts) process.stdout.write(`${artifact.wasm}\n`);
      const first = result.artifacts[0];
      if (first) printStatus(paint('dim', `run it: wasi-kit run ${path.relative(process.cwd(), first.wasm)} --dir=. .`));
    });
}

/** Builds the crate in the working directory; cargo's warnings go to stderr as cargo rendered them. */
export async function buildHere(options: BuildCommandOptions): Promise<BuildResult> {
  const result = await build({ cwd: process.cwd(), release: options.release });
  for (const diagnostic of result.diagnostics) process.stderr.write(diagnostic.rendered);
  printStatus(`${paint('green', 'Built')} ${result.artifacts.length} wasm file(s) for ${result.target} with ${result.toolchain.name} in ${(result.durationMs / 1000).toFixed(2)}s`);
  return result;
}
