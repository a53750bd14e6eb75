import { UserFacingError } from './failures.js';

/**
 * The one place that words errors about the module itself (not the guest's behaviour). Each is
 * user-facing: one line, plus a hint the CLI prints under it.
 */

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // V8 prefixes "WebAssembly.Module(): " / "WebAssembly.compile(): "; the rest is the useful part.
  return (message.split('\n')[0] ?? '').replace(/^WebAssembly\.\w+\(\): /, '');
}

/** The file could not be read. */
export function unreadableModule(label: string, error: unknown): UserFacingError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : firstLine(error);
  return new UserFacingError(`cannot read ${label}: ${reason}`, { cause: error, hint: 'pass the path of a .wasm file' });
}

/** The bytes are not a WebAssembly module, or not a valid one. */
export function invalidModule(label: string, bytes: Uint8Array, error: unknown): UserFacingError {
  const isWasm = WASM_MAGIC.every((byte, i) => bytes[i] === byte);
  if (!isWasm) {
    return new UserFacingError(`${label} is not a WebAssembly module (it does not start with \\0asm)`, {
      cause: error,
      hint: 'pass a compiled .wasm file, e.g. target/wasm32-wasip1/debug/<name>.wasm',
    });
  }
  return new UserFacingError(`${label} is not a valid WebAssembly module: ${firstLine(error)}`, { cause: error, hint: 'rebuild the module; it may be truncated or corrupted' });
}

/** Instantiation failed: an import the host does not provide, or a bad memory/table import. */
export function unlinkableModule(label: string, error: unknown): UserFacingError {
  return new UserFacingError(`${label} cannot be instantiated: ${firstLine(error)}`, {
    cause: error,
    hint: 'wasi-kit provides the wasi_snapshot_preview1 and wasi_unstable imports only',
  });
}

/** The module is not a WASI command (no `_start`) or exports no memory. */
export function notACommand(label: string, missing: '_start' | 'memory'): UserFacingError {
  return new UserFacingError(
    missing === '_start' ? `${label} is not a WASI command: it exports no _start function` : `${label} exports no memory, which WASI needs`,
    { hint: missing === '_start' ? 'build a binary crate (src/main.rs) for wasm32-wasip1' : 'WASI modules must export their linear memory as "memory"' },
  );
}
