import { describe, expect, it } from 'vitest';
import { WASI } from '../../src/index.js';
import { signatureOf } from '../../src/preview1/abi.js';

/** Every function of wasi_snapshot_preview1.witx, in the witx's order. */
const PREVIEW1 = [
  'args_get', 'args_sizes_get', 'environ_get', 'environ_sizes_get', 'clock_res_get', 'clock_time_get',
  'fd_advise', 'fd_allocate', 'fd_close', 'fd_datasync', 'fd_fdstat_get', 'fd_fdstat_set_flags',
  'fd_fdstat_set_rights', 'fd_filestat_get', 'fd_filestat_set_size', 'fd_filestat_set_times', 'fd_pread',
  'fd_prestat_get', 'fd_prestat_dir_name', 'fd_pwrite', 'fd_read', 'fd_readdir', 'fd_renumber', 'fd_seek',
  'fd_sync', 'fd_tell', 'fd_write', 'path_create_directory', 'path_filestat_get', 'path_filestat_set_times',
  'path_link', 'path_open', 'path_readlink', 'path_remove_directory', 'path_rename', 'path_symlink',
  'path_unlink_file', 'poll_oneoff', 'proc_exit', 'proc_raise', 'sched_yield', 'random_get', 'sock_accept',
  'sock_recv', 'sock_send', 'sock_shutdown',
];

describe('the import records', () => {
  it('wasi_snapshot_preview1 has exactly the witx functions, bound with fixed arity (no rest arguments on the hot path)', () => {
    const imports = new WASI({ version: 'preview1' }).getImportObject().wasi_snapshot_preview1!;
    expect(Object.keys(imports).sort()).toEqual([...PREVIEW1].sort());
    const arity = (name: string) => (imports as unknown as Record<string, (...args: unknown[]) => number>)[name]!.length;
    expect(arity('fd_write')).toBe(4);
    expect(arity('path_filestat_set_times')).toBe(7);
    expect(arity('sched_yield')).toBe(0);
  });

  it('every function is bound with the arity the ABI table gives, path_open (9 wasm arguments) included', () => {
    const imports = new WASI({ version: 'preview1' }).getImportObject().wasi_snapshot_preview1! as unknown as Record<string, (...args: unknown[]) => number>;
    for (const name of PREVIEW1) expect([name, imports[name]!.length]).toEqual([name, signatureOf(name)!.arity]);
    expect(imports.path_open!.length).toBe(9);
  });

  it('wasi_unstable has the same functions except sock_accept, which snapshot 0 lacks', () => {
    const imports = new WASI({ version: 'unstable' }).getImportObject().wasi_unstable!;
    expect(Object.keys(imports).sort()).toEqual(PREVIEW1.filter((name) => name !== 'sock_accept').sort());
  });
});
