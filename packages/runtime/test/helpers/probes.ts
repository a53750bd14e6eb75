import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from '@wasi-kit/cargo-bridge';

/** The cargo workspace holding every Rust probe, one `[[bin]]` per behaviour. */
export const probeCrate = fileURLToPath(new URL('../guests/rust/', import.meta.url));

export type ProbeName =
  | 'args-env'
  | 'clocks'
  | 'poll-sleep'
  | 'race-reader'
  | 'random'
  | 'readdir-walk'
  | 'std-files'
  | 'std-read'
  | 'stdio-echo'
  | 'syscall-script';

let built: Promise<Map<string, string>> | undefined;

/** Builds all probes with the real cargo once per test worker; cargo's lock serialises workers. */
export function buildProbes(): Promise<Map<string, string>> {
  built ??= build({ cwd: probeCrate }).then((result) => new Map(result.artifacts.map((a) => [a.name, a.wasm])));
  return built;
}

/** Path of the built `.wasm` of one probe. */
export async function probeWasm(name: ProbeName): Promise<string> {
  const wasm = (await buildProbes()).get(name);
  if (!wasm) throw new Error(`probe ${name} was not built: is it a [[bin]] in ${path.join(probeCrate, 'src/bin')}?`);
  return wasm;
}
