import { paint } from './output.js';

/** cargo-bridge's TOOLCHAIN_CHANNEL, named here so start-up need not load cargo-bridge. */
const TOOLCHAIN_CHANNEL = 'wasi-kit:toolchain';

let subscribed = false;

/**
 * Prints cargo-bridge's notes about the toolchain it chose (which one it passed over, why, the
 * fix) for every command that builds, once per process: `dev` rebuilds on every save. Subscribed
 * when cargo-bridge is loaded (packages.ts): a `wasi-kit run app.wasm` never loads the channel module
 * (fetched here, not imported: the bundle runs every module's imports at start-up).
 */
export function printToolchainNotices(): void {
  if (subscribed) return;
  subscribed = true;
  const printed = new Set<string>();
  process.getBuiltinModule('node:diagnostics_channel').subscribe(TOOLCHAIN_CHANNEL, (message) => {
    for (const line of (message as { lines?: string[] }).lines ?? []) {
      if (printed.has(line)) continue;
      printed.add(line);
      process.stderr.write(`${paint('yellow', 'note:')} ${line}\n`);
    }
  });
}
