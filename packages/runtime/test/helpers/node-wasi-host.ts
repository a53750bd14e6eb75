import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { WASI } from 'node:wasi';
import type { GuestOutput, GuestRunOptions } from './run-guest.js';

/**
 * Runs a guest under node:wasi with the same options, for `WASI_KIT_TEST_HOST=node`: the
 * escape suite must fail there (node documents its WASI as no sandbox). Read-only preopens
 * are passed as plain ones because node has no such thing.
 */
export async function runUnderNodeWasi(bytes: Uint8Array, options: GuestRunOptions): Promise<GuestOutput> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'wasi-kit-node-host-'));
  const files = { stdin: path.join(scratch, 'stdin'), stdout: path.join(scratch, 'stdout'), stderr: path.join(scratch, 'stderr') };
  writeFileSync(files.stdin, options.stdin ?? '');
  const fds = { stdin: openSync(files.stdin, 'r'), stdout: openSync(files.stdout, 'w'), stderr: openSync(files.stderr, 'w') };
  try {
    const preopens = Object.fromEntries(
      Object.entries(options.preopens ?? {}).map(([guest, host]) => [guest, typeof host === 'string' ? host : host.path]),
    );
    const module = await WebAssembly.compile(new Uint8Array(bytes));
    const version = WebAssembly.Module.imports(module).some((i) => i.module === 'wasi_unstable') ? 'unstable' : 'preview1';
    const wasi = new WASI({ version, args: options.args ?? [], env: options.env ?? {}, preopens, returnOnExit: true, ...fds });
    const instance = await WebAssembly.instantiate(module, wasi.getImportObject() as WebAssembly.Imports);
    let exitCode: number;
    try {
      exitCode = wasi.start(instance);
    } catch (error) {
      if (!(error instanceof WebAssembly.RuntimeError)) throw error;
      exitCode = 134;
    }
    return { exitCode, stdout: readFileSync(files.stdout, 'utf8'), stderr: readFileSync(files.stderr, 'utf8') };
  } finally {
    for (const fd of Object.values(fds)) closeSync(fd);
    await rm(scratch, { recursive: true, force: true });
  }
}
