import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import initWabt from 'wabt';

type Wabt = Awaited<ReturnType<typeof initWabt>>;
let wabt: Promise<Wabt> | undefined;

/** Compiles WebAssembly text with the `wabt` npm package (what CI has, not /usr/bin/wat2wasm). */
export async function compileWat(name: string, text: string): Promise<Uint8Array> {
  wabt ??= initWabt();
  const module = (await wabt).parseWat(name, text);
  try {
    return new Uint8Array(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

/** Compiles `test/wat/<name>.wat`. */
export async function watModule(name: string): Promise<Uint8Array> {
  const file = fileURLToPath(new URL(`../wat/${name}.wat`, import.meta.url));
  return compileWat(`${name}.wat`, await readFile(file, 'utf8'));
}
