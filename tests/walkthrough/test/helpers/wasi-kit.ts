import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** The CLI as this package installed it (`wasi-kit: workspace:*`), run the way a user's shell runs it. */
export const CLI_BIN = fileURLToPath(new URL('../../node_modules/wasi-kit/bin/wasi-kit.js', import.meta.url));

/** The walkthrough's source files: `examples/sizer` and `examples/wat` at the repository root. */
export const EXAMPLES = fileURLToPath(new URL('../../../../examples/', import.meta.url));

/** This package's folder, where `pnpm run list-folder` runs. */
export const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));

export interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Output exactly as printed (final newlines kept: the docs page shows them), without colour and
 * without the wasm backtrace a RUST_BACKTRACE in the shell would add to a trap.
 */
async function runCommand(file: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  const result = await execa(file, args, { reject: false, cwd, env: { NO_COLOR: '1', RUST_BACKTRACE: undefined, ...env }, stripFinalNewline: false });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** `wasi-kit ARGS…` in `cwd`, with `env` added to the inherited environment. */
export function wasiKit(args: string[], cwd: string, env?: Record<string, string>): Promise<Run> {
  return runCommand(process.execPath, [CLI_BIN, ...args], cwd, env);
}

/** Any other command a reader of the walkthrough types (`cargo run ./`, `pnpm run …`). */
export function shell(command: string, args: string[], cwd: string): Promise<Run> {
  return runCommand(command, args, cwd);
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `wasi-kit-${prefix}-`));
}
