import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';

export interface RunOptions {
  args?: string[];
  env?: Record<string, string>;
  /** Guest path → host directory. */
  preopens?: Record<string, string>;
}

export interface RunResult {
  exitCode: number;
}

/** Runs a WASI preview1 command module to completion and resolves with its exit code. */
export async function run(fileOrBytes: string | Uint8Array, options: RunOptions = {}): Promise<RunResult> {
  const bytes: Uint8Array<ArrayBuffer> = typeof fileOrBytes === "string" ? await readFile(fileOrBytes) : new Uint8Array(fileOrBytes);
  const module = await WebAssembly.compile(bytes);
  const wasi = new WASI({ version: 'preview1', args: options.args ?? [], env: options.env ?? {}, preopens: options.preopens ?? {}, returnOnExit: true });
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject() as WebAssembly.Imports);
  return { exitCode: wasi.start(instance) };
}
