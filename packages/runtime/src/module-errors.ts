import { EXIT, MAX_GUEST_EXIT, printable, UserError } from '@wasi-kit/errors';

/**
 * The one place that words errors about a module and its run: each is a `UserError`, one line
 * plus a hint, the same whichever entry point (library `run()`, `wasi-kit run`, a worker, a child)
 * met it. Names and messages that come from the module are passed through `printable()`.
 */

/** The bytes are not a wasm binary at all (text, ELF, empty…). */
export class NotWasm extends UserError {}
/** A wasm binary V8 refuses to compile, a file too large to be one, or one that cannot be read. */
export class InvalidModule extends UserError {}
/** The module file cannot be read (missing, a directory, no permission). */
export class UnreadableModule extends UserError {}
/** A component-model binary (preamble layer 1), which a preview1 host cannot run. */
export class ComponentModule extends UserError {}
/** A .wat file that does not parse or validate; the message starts with `file:line:col`. */
export class WatSyntaxError extends UserError {}
/** Imports the host does not provide, or a link error. */
export class UnknownImports extends UserError {}
/** No `_start` to run and no invoke, or no exported memory. */
export class NotACommand extends UserError {}
/** An invoke named a missing export or gave arguments that do not fit its signature. */
export class InvokeMismatch extends UserError {}
/** `maxMemory` is smaller than the memory the module needs at start. */
export class MemoryCapTooSmall extends UserError {}
/** The request itself is wrong (an option a transport cannot carry, a bad limit). */
export class InvalidRequest extends UserError {}

export class GuestTimeout extends UserError {
  constructor(limit: string) {
    super(`guest ran longer than ${limit}; stopped`, { exitCode: EXIT.timeout });
  }
}

export class GuestInterrupted extends UserError {
  constructor() {
    super('interrupted; guest stopped', { exitCode: EXIT.interrupted });
  }
}

/** wasmtime refuses statuses above 125 too; the run layer (not `WASI.start()`) applies the rule. */
export class ExitStatusOutOfRange extends UserError {
  constructor(code: number) {
    super(`the guest exited with status ${code}, outside WASI's 0..${MAX_GUEST_EXIT}`, { hint: 'wasmtime refuses such statuses too; exit with a code below 126' });
  }
}

/** V8 prefixes "WebAssembly.Module(): " / "WebAssembly.instantiate(): "; the rest is the useful part. */
export function v8Reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return printable((message.split('\n')[0] ?? '').replace(/^WebAssembly\.\w+\(\): /, ''));
}

/** A hint stays a line: a reactor can export hundreds of functions. */
const LISTED_EXPORTS = 12;

export function notACommand(label: string, missing: '_start' | 'memory', exportedFunctions: string[] = []): NotACommand {
  if (missing === 'memory') return new NotACommand(`${label} exports no memory, which WASI needs`, { hint: 'WASI modules export their linear memory as "memory"' });
  const functions = exportedFunctions.slice(0, LISTED_EXPORTS).map(printable);
  if (exportedFunctions.length > LISTED_EXPORTS) functions.push(`and ${exportedFunctions.length - LISTED_EXPORTS} more (wasi-kit inspect lists them)`);
  return new NotACommand(`${label} has no _start export, so it is not a WASI command`, {
    hint: functions.length > 0 ? `call one of its exports with --invoke NAME [ARGS…]: ${functions.join(', ')}` : 'build a binary crate (src/main.rs) for wasm32-wasip1',
  });
}
