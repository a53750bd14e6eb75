import type { WasiContext } from '../context.js';
import { bindSyscall } from '../dispatch.js';
import { args_get, args_sizes_get, environ_get, environ_sizes_get } from './args-env.js';
import { clock_res_get, clock_time_get } from './clock.js';
import { fd_pread, fd_pwrite, fd_read, fd_seek, fd_tell, fd_write } from './fd-io.js';
import {
  fd_advise, fd_allocate, fd_close, fd_datasync, fd_fdstat_get, fd_fdstat_set_flags, fd_fdstat_set_rights,
  fd_filestat_get, fd_filestat_set_size, fd_filestat_set_times, fd_renumber, fd_sync,
} from './fd-meta.js';
import { fd_prestat_dir_name, fd_prestat_get } from './fd-prestat.js';
import { fd_readdir } from './fd-readdir.js';
import type { Preview1Imports } from './imports.js';
import { path_filestat_get, path_filestat_set_times, path_readlink } from './path-meta.js';
import { path_create_directory, path_link, path_remove_directory, path_rename, path_symlink, path_unlink_file } from './path-mutate.js';
import { path_open } from './path-open.js';
import { poll_oneoff } from './poll.js';
import { proc_exit, proc_raise, sched_yield } from './proc.js';
import { random_get } from './random.js';
import { sock_accept, sock_recv, sock_send, sock_shutdown } from './sock.js';

/** A handler for every import: `(ctx, …the import's parameters)`. A missing or misspelled one fails to compile. */
export type HandlerTable<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (ctx: WasiContext, ...args: A) => R : never };

export const preview1Handlers: HandlerTable<Preview1Imports> = {
  args_get, args_sizes_get, environ_get, environ_sizes_get,
  clock_res_get, clock_time_get,
  fd_advise, fd_allocate, fd_close, fd_datasync, fd_fdstat_get, fd_fdstat_set_flags, fd_fdstat_set_rights,
  fd_filestat_get, fd_filestat_set_size, fd_filestat_set_times, fd_pread, fd_prestat_get, fd_prestat_dir_name,
  fd_pwrite, fd_read, fd_readdir, fd_renumber, fd_seek, fd_sync, fd_tell, fd_write,
  path_create_directory, path_filestat_get, path_filestat_set_times, path_link, path_open, path_readlink,
  path_remove_directory, path_rename, path_symlink, path_unlink_file,
  poll_oneoff, proc_exit, proc_raise, sched_yield, random_get,
  sock_accept, sock_recv, sock_send, sock_shutdown,
};

/**
 * Binds a handler table to a context: the import record a module instantiates against. Each
 * function is bound when first read (instantiation reads only what the module imports, a handful
 * of the 46), then kept as a plain property: binding them all cost more than the rest of start-up
 * in the WASI constructor. Assigning a property replaces it, as on a plain object.
 */
export function bindHandlers<T>(ctx: WasiContext, handlers: HandlerTable<T>): T {
  const record: Record<string, unknown> = {};
  const settle = (name: string, value: unknown): void => {
    Object.defineProperty(record, name, { value, writable: true, enumerable: true, configurable: true });
  };
  for (const [name, handler] of Object.entries(handlers)) {
    Object.defineProperty(record, name, {
      get() {
        const bound = bindSyscall(ctx, name, handler as never);
        settle(name, bound);
        return bound;
      },
      set(value: unknown) {
        settle(name, value);
      },
      enumerable: true,
      configurable: true,
    });
  }
  return record as T;
}

/** The `wasi_snapshot_preview1` import record for a context. */
export function preview1Imports(ctx: WasiContext): Preview1Imports {
  return bindHandlers(ctx, preview1Handlers);
}
