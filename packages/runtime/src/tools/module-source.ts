import { readFile } from 'node:fs/promises';
import { InvalidModule, NotWasm, ToolError } from './errors.js';
import { describeNonWasm } from './file-kind.js';
import { readPreamble } from './module-reader.js';

/**
 * Reads a module for running or inspecting: a `.wat` is compiled in memory, a binary is checked to
 * be a core wasm module or a component. Every way this fails is a one-line `ToolError` that says
 * what the file is.
 */
export async function loadModuleBytes(file: string): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await readModuleFile(file);
  if (/\.wat$/i.test(file)) {
    const { compileWat } = await import('./wat.js');
    return compileWat(file, new TextDecoder().decode(bytes));
  }
  checkWasmBinary(file, bytes);
  return bytes;
}

export function checkWasmBinary(file: string, bytes: Uint8Array): void {
  const preamble = readPreamble(bytes);
  if (!preamble) {
    const kind = describeNonWasm(bytes);
    const hint = kind.startsWith('WebAssembly text')
      ? `rename it to ${file.replace(/\.[^./]*$/, '')}.wat and wasi-kit compiles it in memory`
      : 'pass a .wasm built for WASI (wasi-kit build) or a .wat file';
    throw new NotWasm(`${file} is not a WebAssembly module: it looks like ${kind}`, { hint });
  }
  // Components are run by the component host (component/run-component.ts).
  if (preamble.format === 'component') return;
  if (preamble.version !== 1) {
    throw new InvalidModule(`${file} is not a valid WebAssembly module: unsupported binary version ${preamble.version}`, { hint: 'wasi-kit runs version 1 core modules' });
  }
}

/** WebAssembly.compile with V8's validation message on one line. */
export async function compileModule(file: string, bytes: Uint8Array<ArrayBuffer>): Promise<WebAssembly.Module> {
  try {
    return await WebAssembly.compile(bytes);
  } catch (error) {
    if (!(error instanceof WebAssembly.CompileError)) throw error;
    const reason = error.message.replace(/^WebAssembly\.compile\(\): /, '').split('\n')[0];
    throw new InvalidModule(`${file} is not a valid WebAssembly module: ${reason}`, { hint: 'the file may be truncated or corrupt; rebuild it', cause: error });
  }
}

async function readModuleFile(file: string): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ToolError(`${file}: no such file`, { hint: 'check the path; build the module first with wasi-kit build' });
    if (code === 'EISDIR') throw new ToolError(`${file} is a directory, not a module`, { hint: 'pass the .wasm or .wat file inside it' });
    if (code === 'EACCES') throw new ToolError(`${file}: permission denied`);
    throw error;
  }
}
