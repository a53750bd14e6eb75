import type { WasiContext } from './context.js';
import { Trap, WasiError } from './failures.js';
import { errnoFromNodeError, isNodeSystemError } from './fs/errno-from-node.js';

/** A syscall handler: a plain function of the context and the guest's arguments, returning an errno. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (ctx: WasiContext, ...args: any[]) => number;

/**
 * The failure boundary: a WasiError (or a Node system error) becomes the errno return value;
 * a Trap or ProcExit propagates and unwinds the guest. A Trap is tagged with the syscall's name.
 */
function failure(error: unknown, name: string): number {
  if (error instanceof WasiError) return error.errno;
  if (isNodeSystemError(error)) return errnoFromNodeError(error);
  if (error instanceof Trap && !error.message.includes(' in ')) error.message = `${error.message} in ${name}`;
  throw error;
}

/**
 * Binds a handler to the context as a guest import. Fixed-arity wrappers (no rest arguments, no
 * per-call allocation) keep fd_write and friends cheap. Before each call the memory views are
 * refreshed once and, for every call but fd_write (which orders it itself), batched stdio output
 * is written out (fd/output-batch.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function bindSyscall(ctx: WasiContext, name: string, h: Handler): (...args: any[]) => number {
  const memory = ctx.memory;
  const output = ctx.output;
  const flushes = name !== 'fd_write';
  const enter = (): void => {
    memory.refresh();
    if (flushes && output.pending !== undefined) output.flush();
  };
  switch (h.length - 1) {
    case 0: return () => { try { enter(); return h(ctx); } catch (e) { return failure(e, name); } };
    case 1: return (a: unknown) => { try { enter(); return h(ctx, a); } catch (e) { return failure(e, name); } };
    case 2: return (a: unknown, b: unknown) => { try { enter(); return h(ctx, a, b); } catch (e) { return failure(e, name); } };
    case 3: return (a: unknown, b: unknown, c: unknown) => { try { enter(); return h(ctx, a, b, c); } catch (e) { return failure(e, name); } };
    case 4: return (a: unknown, b: unknown, c: unknown, d: unknown) => { try { enter(); return h(ctx, a, b, c, d); } catch (e) { return failure(e, name); } };
    case 5: return (a: unknown, b: unknown, c: unknown, d: unknown, e5: unknown) => { try { enter(); return h(ctx, a, b, c, d, e5); } catch (e) { return failure(e, name); } };
    case 6: return (a: unknown, b: unknown, c: unknown, d: unknown, e5: unknown, f: unknown) => { try { enter(); return h(ctx, a, b, c, d, e5, f); } catch (e) { return failure(e, name); } };
    case 7: return (a: unknown, b: unknown, c: unknown, d: unknown, e5: unknown, f: unknown, g: unknown) => { try { enter(); return h(ctx, a, b, c, d, e5, f, g); } catch (e) { return failure(e, name); } };
    default: return (...args: unknown[]) => { try { enter(); return h(ctx, ...args); } catch (e) { return failure(e, name); } };
  }
}
