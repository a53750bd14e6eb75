import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { componentNew } from '@bytecodealliance/jco-transpile/wasm-tools';

/**
 * Real WASI 0.2 components from real preview1 guests: Rust 1.63 builds only wasm32-wasi, so the
 * probes are wrapped with wasmtime's preview1 adapter (the one jco ships; see fixtures/README.md),
 * which is what `jco new --wasi-command` does. The result imports wasi:cli, wasi:filesystem, … and
 * exports wasi:cli/run, exactly as a wasm32-wasip2 build does.
 */
const ADAPTER = fileURLToPath(new URL('../component/fixtures/wasi_snapshot_preview1.command.wasm', import.meta.url));

/** One scratch folder per test worker for component files. */
export const componentScratch = mkdtempSync(path.join(tmpdir(), 'wasi-kit-components-'));

const made = new Map<string, Promise<Uint8Array>>();

/** The component for a core module (a path or bytes), made once per worker. */
export function componentOf(module: string | Uint8Array): Promise<Uint8Array> {
  const cacheKey = typeof module === 'string' ? module : createHash('sha256').update(module).digest('hex');
  let component = made.get(cacheKey);
  if (component === undefined) {
    component = (async () => {
      const core = typeof module === 'string' ? await readFile(module) : module;
      return componentNew(core, [['wasi_snapshot_preview1', await readFile(ADAPTER)]]);
    })();
    made.set(cacheKey, component);
  }
  return component;
}

/** Writes the component of a core module to a `.wasm` file and returns its path. */
export async function componentFile(module: string, name = path.basename(module)): Promise<string> {
  const file = path.join(componentScratch, name);
  await writeFile(file, await componentOf(module));
  return file;
}

/** A component from component-model WAT (wasm-tools' parser, as `jco parse` uses). */
export async function componentFromWat(wat: string): Promise<Uint8Array> {
  const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
  return parse(wat);
}

/** The error-code a host call fails with (jco passes a thrown string to the guest as `err`), or 'ok'. */
export function errorCodeOf(call: () => unknown): string {
  try {
    call();
    return 'ok';
  } catch (error) {
    if (typeof error === 'string') return error;
    throw error;
  }
}
