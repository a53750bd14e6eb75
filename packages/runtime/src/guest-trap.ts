import { EXIT, UserError } from '@wasi-kit/errors';
import { demangle } from './demangle.js';
import { Trap } from './failures.js';

/** One wasm function on the stack at a trap, from V8's stack trace. */
export interface WasmFrame {
  /** The name section's name, as stored (mangled); undefined for an unnamed function. */
  name: string | undefined;
  funcIndex: number;
  /** Byte offset of the trapping instruction (or call) in the module. */
  offset: number | undefined;
  /** The module's own name (name section), when it has one. */
  module: string | undefined;
}

/**
 * A guest that trapped: one line naming the trap and the user's function; exits 134 as wasmtime
 * does (128 + SIGABRT). `backtrace` is wasmtime's wasm backtrace; the error's `details` hold it when
 * it was asked for, and the CLI prints them above the error line.
 */
export class GuestTrap extends UserError {
  readonly frames: WasmFrame[];
  readonly backtrace: string;
  constructor(message: string, options: { cause?: unknown; frames?: WasmFrame[]; showBacktrace?: boolean } = {}) {
    const frames = options.frames ?? [];
    const backtrace = formatBacktrace(frames);
    super(message, { cause: options.cause, exitCode: EXIT.trap, details: options.showBacktrace && frames.length > 0 ? `${backtrace}\n` : undefined });
    this.frames = frames;
    this.backtrace = backtrace;
  }
}

/** V8's RuntimeError messages → wasmtime's trap wording (wasmtime-environ's `Trap` Display). */
const TRAP_KINDS: [RegExp, string][] = [
  [/^unreachable|`unreachable` instruction/, 'wasm `unreachable` instruction executed'],
  [/memory access out of bounds/, 'out of bounds memory access'],
  [/divide by zero|remainder by zero/, 'integer divide by zero'],
  [/integer overflow|divide result unrepresentable/, 'integer overflow'],
  [/float unrepresentable|invalid conversion/, 'invalid conversion to integer'],
  [/table index is out of bounds|out of bounds table access/, 'undefined element: out of bounds table access'],
  [/null function|uninitialized element/, 'uninitialized element'],
  [/signature mismatch|indirect call type mismatch/, 'indirect call type mismatch'],
  [/Maximum call stack size exceeded|call stack exhausted/, 'call stack exhausted'],
  [/array (element )?access out of bounds/, 'out of bounds array access'],
  [/dereferencing a null pointer/, 'null reference'],
];

/** Crates of Rust's standard library and the runtime pieces linked into every wasm32-wasi binary. */
const STD_CRATES = /^(?:std|core|alloc|panic_abort|panic_unwind|dlmalloc|test|compiler_builtins|hashbrown|std_detect|libc|wasi|rustc_std_workspace_\w+)$/;
/** Unmangled symbols of Rust's panic and allocation-failure machinery and of the C runtime (start-up, abort). */
const RUNTIME_SYMBOL = /^(?:__rust|__rg_|__rdl_|rust_oom$|rust_panic|rust_begin_unwind$|abort$|__wasi|_start|__main|__original_main$|_Exit$|exit$)/;

/**
 * Whether a (demangled) function belongs to the machinery a trap passes through on its way from
 * user code: `<u8 as alloc::…>::from_elem` does, `<app::Entry as core::fmt::Display>::fmt` does not.
 */
function isRuntimeFrame(name: string): boolean {
  if (RUNTIME_SYMBOL.test(name)) return true;
  const impl = implParts(name);
  if (impl) return !isUserPath(impl.type) && !(impl.trait !== undefined && isUserPath(impl.trait));
  const crate = crateOf(name);
  return crate !== undefined && STD_CRATES.test(crate);
}

/** `<TYPE as TRAIT>::f` or `<TYPE>::f` → its TYPE and TRAIT, angle brackets balanced. */
function implParts(name: string): { type: string; trait: string | undefined } | undefined {
  if (!name.startsWith('<')) return undefined;
  let depth = 0;
  for (let i = 0; i < name.length; i++) {
    if (name[i] === '<') depth++;
    else if (name[i] === '>' && --depth === 0) {
      const inner = name.slice(1, i);
      let level = 0;
      for (let j = 0; j < inner.length; j++) {
        if (inner[j] === '<') level++;
        else if (inner[j] === '>') level--;
        else if (level === 0 && inner.startsWith(' as ', j)) return { type: inner.slice(0, j), trait: inner.slice(j + 4) };
      }
      return { type: inner, trait: undefined };
    }
  }
  return undefined;
}

/** The crate a path starts with, past references, pointers, slices and `dyn`; undefined for a primitive or generic. */
function crateOf(path: string): string | undefined {
  const bare = path.replace(/^(?:&(?:'\w+ )?(?:mut )?|\*(?:const|mut) |\[|\(|dyn )*/, '');
  return /^([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(bare)?.[1];
}

function isUserPath(path: string): boolean {
  const crate = crateOf(path);
  return crate !== undefined && !STD_CRATES.test(crate);
}

/** The wasm functions on the stack, innermost first. */
export function wasmFrames(stack: string): WasmFrame[] {
  const frames: WasmFrame[] = [];
  for (const line of stack.split('\n')) {
    // `at NAME (wasm://wasm/[MODULE-]HASH:wasm-function[I]:0xOFF)`, or without NAME for an unnamed function.
    const match = /^\s+at (?:(.+?) \()?wasm:\/\/wasm\/(?:(.+)-)?[0-9a-f]+:wasm-function\[(\d+)\](?::(0x[0-9a-f]+))?\)?$/.exec(line);
    if (match === null) continue;
    const [, label, module, index, offset] = match;
    // V8 prefixes a named module's function names with `MODULE.`, and shows the module name alone for unnamed ones.
    let name = label;
    if (module !== undefined && name !== undefined) name = name === module ? undefined : name.startsWith(`${module}.`) ? name.slice(module.length + 1) : name;
    frames.push({ name, funcIndex: Number(index), offset: offset === undefined ? undefined : Number(offset), module });
  }
  return frames;
}

/** How wasmtime names a frame's function: demangled (hashes kept), or `<wasm function N>`. */
function functionName(frame: WasmFrame, hash: boolean): string {
  return frame.name === undefined ? `<wasm function ${frame.funcIndex}>` : demangle(frame.name, { hash });
}

/** wasmtime's `WasmBacktrace` display: `  0:  0x1d5f1 - <unknown>!__rust_start_panic`, one line per frame. */
export function formatBacktrace(frames: WasmFrame[]): string {
  const lines = frames.map((frame, i) => {
    const offset = frame.offset === undefined ? '' : `${`0x${frame.offset.toString(16)}`.padStart(8)} - `;
    return `  ${String(i).padStart(3)}: ${offset}${frame.module ?? '<unknown>'}!${functionName(frame, true)}`;
  });
  return ['error while executing at wasm backtrace:', ...lines].join('\n');
}

/** Whether an error thrown out of a guest is a trap (V8's, a host-detected one, or stack exhaustion). */
export function isTrap(error: unknown): boolean {
  return error instanceof WebAssembly.RuntimeError || error instanceof Trap || (error instanceof RangeError && /Maximum call stack size exceeded/.test(error.message));
}

/** Builds the one-line GuestTrap for a trap error; with `backtrace`, the wasm backtrace is printed too. */
export function toGuestTrap(error: Error, options: { backtrace?: boolean } = {}): GuestTrap {
  let kind: string;
  if (error instanceof Trap) {
    kind = `invalid pointer passed to WASI: ${error.message}`;
  } else {
    // jco (components) words V8's messages as wasmtime does, behind a "wasm trap: " prefix.
    const message = error.message.replace(/^wasm trap: /, '');
    const found = TRAP_KINDS.find(([pattern]) => pattern.test(message));
    kind = found !== undefined ? found[1] : message.split('\n')[0] ?? 'trap';
  }
  const frames = wasmFrames(error.stack ?? '');
  const names = frames.map((frame) => functionName(frame, false));
  const user = names.find((name) => !isRuntimeFrame(name)) ?? names[0];
  return new GuestTrap(`wasm trap: ${kind}${user !== undefined ? ` in function '${user}'` : ''}`, { cause: error, frames, showBacktrace: options.backtrace });
}

/** Frames V8 keeps in a trap's stack: Rust's panic machinery alone is ~10 deep, V8's default. */
const TRAP_STACK_FRAMES = 100;

/** Runs guest code with a stack trace limit deep enough to reach the user's frames at a trap. */
export function withDeepStacks<T>(body: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Math.max(limit, TRAP_STACK_FRAMES);
  try {
    return body();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
