import { WatSyntaxError } from '../module-errors.js';

// The proposals V8 in Node 20 runs by default; wabt needs to be told to accept them.
const FEATURES = {
  mutable_globals: true,
  sat_float_to_int: true,
  sign_extension: true,
  multi_value: true,
  bulk_memory: true,
  reference_types: true,
  simd: true,
};

/** Compiles WebAssembly text to a binary in memory; errors become one `file:line:col: message` line. */
export async function compileWat(displayName: string, text: string): Promise<Uint8Array<ArrayBuffer>> {
  // Loaded only when a .wat is run: wabt is a 1 MB+ module and start-up time matters.
  const wabt = await (await import('wabt')).default();
  let module: ReturnType<typeof wabt.parseWat> | undefined;
  try {
    module = wabt.parseWat(displayName, text, FEATURES);
    module.resolveNames();
    module.validate();
    // Keep the names section so traps and traces can name `$functions`.
    const { buffer } = module.toBinary({ write_debug_names: true });
    return new Uint8Array(buffer);
  } catch (error) {
    throw new WatSyntaxError(firstDiagnostic(displayName, error), { hint: 'fix the WebAssembly text; wasi-kit compiles .wat files with wabt' });
  } finally {
    module?.destroy();
  }
}

/** wabt reports `parseWat failed:\nfile:3:17: error: message\n<source line>\n<carets>`. */
function firstDiagnostic(displayName: string, error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  for (const line of text.split('\n')) {
    const match = /^(.*):(\d+):(\d+): error: (.*)$/.exec(line);
    if (match) return `${displayName}:${match[2]}:${match[3]}: ${match[4]}`;
  }
  return `${displayName}: ${text.split('\n').find((line) => line.trim() !== '' && !line.endsWith('failed:')) ?? text}`;
}
