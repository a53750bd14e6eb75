import type { ImportsOf, PREVIEW1_ABI } from './abi.js';

/**
 * The `wasi_snapshot_preview1` import record as a guest sees it (i32 → number, i64 → bigint,
 * every function returning an errno; proc_exit never returns), derived from the ABI table.
 */
export type Preview1Imports = ImportsOf<typeof PREVIEW1_ABI>;

/** `wasi_unstable` (snapshot 0): the same functions minus sock_accept, with the layouts in unstable.ts. */
export type UnstableImports = Omit<Preview1Imports, 'sock_accept'>;
