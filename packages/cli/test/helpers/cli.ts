import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** The built CLI, as users run it. */
export const CLI_BIN = fileURLToPath(new URL('../../bin/wasi-kit.js', import.meta.url));

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
}

/**
 * Runs the built CLI as a subprocess, without colour and without the wasm backtrace a
 * RUST_BACKTRACE in the developer's shell would add to traps, unless the test's env asks for them.
 */
export async function wasiKit(args: string[], options: CliOptions = {}): Promise<CliRun> {
  const result = await execa(process.execPath, [CLI_BIN, ...args], {
    reject: false,
    cwd: options.cwd,
    env: { NO_COLOR: '1', RUST_BACKTRACE: undefined, ...options.env },
    input: options.input,
    stripFinalNewline: true,
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `wasi-kit-${prefix}-`));
}
