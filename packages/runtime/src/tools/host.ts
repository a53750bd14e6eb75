import { WASI } from 'node:wasi';

// The one place the tools meet the WASI host: they only use its node:wasi-shaped public API
// (constructor options, getImportObject, start, initialize), never its internals.

export interface WasiHostOptions {
  version: 'preview1' | 'unstable';
  args: string[];
  env: Record<string, string>;
  preopens: Record<string, string>;
  stdin?: number;
  stdout?: number;
  stderr?: number;
}

export interface WasiHost {
  getImportObject(): Record<string, Record<string, unknown>>;
  start(instance: WebAssembly.Instance): number | undefined;
  initialize(instance: object): void;
}

export function createWasiHost(options: WasiHostOptions): WasiHost {
  return new WASI({ ...options, returnOnExit: true }) as unknown as WasiHost;
}
