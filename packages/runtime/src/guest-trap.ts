import { EXIT, UserError } from '@wasi-kit/errors';
import { Trap } from './failures.js';

/** A guest that trapped: one line naming the trap and the function; exits 134 as wasmtime does (128 + SIGABRT). */
export class GuestTrap extends UserError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, exitCode: EXIT.trap });
  }
}

/** V8's RuntimeError messages → wasmtime's trap wording. */
const TRAP_KINDS: [RegExp, string][] = [
  [/^unreachable/, 'unreachable instruction executed'],
  [/memory access out of bounds/, 'out of bounds memory access'],
  [/divide by zero|remainder by zero/, 'integer divide by zero'],
  [/integer overflow|divide result unrepresentable/, 'integer overflow'],
  [/float unrepresentable|invalid conversion/, 'invalid conversion to integer'],
  [/table index is out of bounds|out of bounds table access/, 'undefined element: out of bounds table access'],
  [/null function|signature mismatch/, 'indirect call type mismatch'],
  [/Maximum call stack size exceeded/, 'call stack exhausted'],
  [/array (element )?access out of bounds/, 'out of bounds array access'],
  [/dereferencing a null pointer/, 'null reference'],
];

/** Frames of the language runtime that a trap passes through on its way from user code. */
const RUNTIME_FRAME = /^(std|core|alloc|panic_abort|panic_unwind|__rust|rust_panic|<std|<core|<alloc|abort$|__wasi|_start$|__main)/;

/** Demangles Rust's legacy `_ZN…E` symbols (`_ZN5sizer4main17h0123456789abcdefE` → `sizer::main`). */
export function demangle(symbol: string): string {
  if (!symbol.startsWith('_ZN') || !symbol.endsWith('E')) return symbol;
  const parts: string[] = [];
  let i = 3;
  while (i < symbol.length - 1) {
    const digits = /^\d+/.exec(symbol.slice(i));
    if (digits === null) return symbol;
    const length = Number(digits[0]);
    i += digits[0].length;
    parts.push(symbol.slice(i, i + length));
    i += length;
  }
  if (parts.length > 1 && /^h[0-9a-f]{16}$/.test(parts[parts.length - 1]!)) parts.pop();
  return parts.map((part) => part.replace(/\$LT\$/g, '<').replace(/\$GT\$/g, '>').replace(/\$u20\$/g, ' ').replace(/\$RF\$/g, '&').replace(/\.\./g, '::')).join('::');
}

/** The wasm functions on the stack, innermost first. */
function wasmFrames(stack: string): string[] {
  const frames: string[] = [];
  for (const line of stack.split('\n')) {
    const match = /^\s+at (.+?) \(wasm:\/\/wasm\/[^)]*\)$/.exec(line) ?? /^\s+at (wasm:\/\/wasm\/\S+)$/.exec(line);
    if (match === null) continue;
    const name = match[1]!;
    const indexed = /wasm-function\[(\d+)\]/.exec(name);
    frames.push(name.startsWith('wasm://') ? (indexed ? `wasm-function[${indexed[1]}]` : name) : demangle(name));
  }
  return frames;
}

/** Whether an error thrown out of a guest is a trap (V8's, a host-detected one, or stack exhaustion). */
export function isTrap(error: unknown): boolean {
  return error instanceof WebAssembly.RuntimeError || error instanceof Trap || (error instanceof RangeError && /Maximum call stack size exceeded/.test(error.message));
}

/** Builds the one-line GuestTrap for a trap error. */
export function toGuestTrap(error: Error): GuestTrap {
  let kind: string;
  if (error instanceof Trap) {
    kind = `invalid pointer passed to WASI: ${error.message}`;
  } else {
    const found = TRAP_KINDS.find(([pattern]) => pattern.test(error.message));
    kind = found !== undefined ? found[1] : error.message.split('\n')[0] ?? 'trap';
  }
  const frames = wasmFrames(error.stack ?? '');
  const user = frames.find((frame) => !RUNTIME_FRAME.test(frame)) ?? frames[0];
  return new GuestTrap(`wasm trap: ${kind}${user !== undefined ? ` in function '${user}'` : ''}`, { cause: error });
}
