/**
 * Every exit code wasi-kit itself gives, in one table; a guest's own exit code is passed through.
 * 124 is timeout(1)'s, 130 the shell's 128 + SIGINT, 134 wasmtime's for a trap (128 + SIGABRT).
 */
export const EXIT = {
  ok: 0,
  /** A build failed, or the input was wrong in a way the message explains. */
  failure: 1,
  /** The command line itself was wrong (unknown command or option). */
  usage: 2,
  /** An unexpected internal error: a wasi-kit bug. */
  internal: 70,
  /** `--timeout` stopped the guest. */
  timeout: 124,
  /** Ctrl-C during `run`, or a second Ctrl-C while `dev` shuts down. */
  interrupted: 130,
  /** The guest trapped. */
  trap: 134,
} as const;

/** wasmtime refuses guest exit statuses above 125: shells reserve 126+ for exec failures and signals. */
export const MAX_GUEST_EXIT = 125;
