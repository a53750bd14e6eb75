import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type Options } from 'execa';

/** The built CLI, as users run it. */
export const CLI_BIN = fileURLToPath(new URL('../../bin/wasi-kit.js', import.meta.url));

export function wasiKit(args: string[], options: Options = {}) {
  return execa(process.execPath, [CLI_BIN, ...args], { reject: false, env: { NO_COLOR: '1' }, ...options });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `wasi-kit-${prefix}-`));
}
