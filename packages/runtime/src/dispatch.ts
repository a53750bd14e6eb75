import type { WasiContext } from './context.js';
import { HostBug, ProcExit, Trap, WasiError } from './failures.js';
import { errnoFromNodeError, isNodeSystemError } from './fs/errno-from-node.js';
import { ENUM_VALUES, FLAG_BITS, isEnumKind, isFlagKind, signatureOf } from './preview1/abi.js';
import { Errno } from './preview1/spec.js';

/** A syscall handler: a plain function of the context and the guest's arguments, returning an errno. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (ctx: WasiContext, ...args: any[]) => number;

/**
 * The one rule for what a handler throws: a WasiError or a Node system error (a known host
 * condition) becomes the errno return value; a Trap or ProcExit unwinds the guest, a Trap tagged
 * with the syscall's name. Anything else is a bug in this host, never a guest's doing: it is
 * rethrown as a HostBug naming the syscall, which the CLI reports as one (exit 70).
 */
function failure(error: unknown, name: string): number {
  if (error instanceof WasiError) return error.errno;
  if (isNodeSystemError(error)) return errnoFromNodeError(error);
  if (error instanceof Trap) {
    if (!error.message.includes(' in ')) error.message = `${error.message} in ${name}`;
    throw error;
  }
  if (error instanceof ProcExit || error instanceof HostBug) throw error;
  throw new HostBug(name, error);
}

/** An argument check, called with the guest's arguments as they are (no array built per call). */
type ArgumentCheck = (a?: unknown, b?: unknown, c?: unknown, d?: unknown, e?: unknown, f?: unknown, g?: unknown, h?: unknown, i?: unknown) => void;

/** The argument at `at` of a fixed-arity call. */
function argumentAt(at: number, a: unknown, b: unknown, c: unknown, d: unknown, e: unknown, f: unknown, g: unknown, h: unknown, i: unknown): number {
  switch (at) {
    case 0: return a as number;
    case 1: return b as number;
    case 2: return c as number;
    case 3: return d as number;
    case 4: return e as number;
    case 5: return f as number;
    case 6: return g as number;
    case 7: return h as number;
    default: return i as number;
  }
}

/**
 * Flag and enum arguments checked from the ABI table before the handler runs, as wiggle does:
 * an unknown flag bit or enum value is EINVAL. Undefined when the function has none (the hot
 * fd_read/fd_write path pays nothing).
 */
function argumentCheck(name: string): ArgumentCheck | undefined {
  const checks: { at: number; valid: (value: number) => boolean }[] = [];
  for (const { kind, at } of signatureOf(name)?.params ?? []) {
    if (isFlagKind(kind)) {
      const invalid = ~((1 << FLAG_BITS[kind].length) - 1);
      checks.push({ at, valid: (value) => (value & invalid) === 0 });
    } else if (isEnumKind(kind)) {
      const count = ENUM_VALUES[kind].length;
      checks.push({ at, valid: (value) => value >>> 0 < count });
    }
  }
  if (checks.length === 0) return undefined;
  return (a, b, c, d, e, f, g, h, i) => {
    // An index loop: before V8 optimises it, for-of walks an iterator object per call.
    for (let k = 0; k < checks.length; k++) {
      const { at, valid } = checks[k]!;
      if (!valid(argumentAt(at, a, b, c, d, e, f, g, h, i))) throw new WasiError(Errno.INVAL);
    }
  };
}

/**
 * Binds a handler to the context as a guest import with the arity the ABI table gives (fixed-arity
 * wrappers: no rest arguments, no per-call allocation, so fd_write and friends stay cheap). Before
 * each call the memory views are refreshed once and, for every call but fd_write (which orders it
 * itself), batched stdio output is written out (fd/output-batch.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function bindSyscall(ctx: WasiContext, name: string, h: Handler): (...args: any[]) => number {
  const signature = signatureOf(name);
  if (signature === undefined) throw new HostBug(name, new Error('not a preview1 function'));
  const memory = ctx.memory;
  const output = ctx.output;
  const flushes = name !== 'fd_write';
  const check = argumentCheck(name);
  const enter = (): void => {
    memory.refresh();
    if (flushes && output.pending !== undefined) output.flush();
  };
  switch (signature.arity) {
    case 0: return () => { try { enter(); return h(ctx); } catch (e) { return failure(e, name); } };
    case 1: return (a: unknown) => { try { enter(); if (check !== undefined) check(a); return h(ctx, a); } catch (e) { return failure(e, name); } };
    case 2: return (a: unknown, b: unknown) => { try { enter(); if (check !== undefined) check(a, b); return h(ctx, a, b); } catch (e) { return failure(e, name); } };
    case 3: return (a: unknown, b: unknown, c: unknown) => { try { enter(); if (check !== undefined) check(a, b, c); return h(ctx, a, b, c); } catch (e) { return failure(e, name); } };
    case 4: return (a: unknown, b: unknown, c: unknown, d: unknown) => { try { enter(); if (check !== undefined) check(a, b, c, d); return h(ctx, a, b, c, d); } catch (e) { return failure(e, name); } };
    case 5: return (a: unknown, b: unknown, c: unknown, d: unknown, e5: unknown) => { try { enter(); if (check !== undefined) check(a, b, c, d, e5); return h(ctx, a, b, c, d, e5); } catch (e) { return failure(e, name); } };
    case 6: return (a: unknown, b: unknown, c: unknown, d: unknown, e5: unknown, f: unknown) => { try { enter(); if (check !== undefined) check(a, b, c, d, e5, f); return h(ctx, a, b, c, d, e5, f); } catch (e) { return failure(e, name); } };
    case 7: return (a: unknown, b: unknown, c: unknown, d: unknown, e5: unknown, f: unknown, g: unknown) => { try { enter(); if (check !== undefined) check(a, b, c, d, e5, f, g); return h(ctx, a, b, c, d, e5, f, g); } catch (e) { return failure(e, name); } };
    case 8: return (a: unknown, b: unknown, c: unknown, d: unknown, e5: unknown, f: unknown, g: unknown, i: unknown) => { try { enter(); if (check !== undefined) check(a, b, c, d, e5, f, g, i); return h(ctx, a, b, c, d, e5, f, g, i); } catch (e) { return failure(e, name); } };
    case 9: return (a: unknown, b: unknown, c: unknown, d: unknown, e5: unknown, f: unknown, g: unknown, i: unknown, j: unknown) => { try { enter(); if (check !== undefined) check(a, b, c, d, e5, f, g, i, j); return h(ctx, a, b, c, d, e5, f, g, i, j); } catch (e) { return failure(e, name); } };
    default: throw new HostBug(name, new Error(`no binder for ${signature.arity} arguments`));
  }
}
