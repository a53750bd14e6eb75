/** Rust's switch for backtraces: RUST_BACKTRACE set to anything but `0` (`1`, `full`) asks for the wasm backtrace on a trap. */
export function backtraceRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.RUST_BACKTRACE;
  return value !== undefined && value !== '' && value !== '0';
}
