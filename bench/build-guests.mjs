// Builds the benchmark guests (bench/guests) in release mode: `wasm` with cargo-bridge (the
// toolchain wasi-kit users get), `native` with the default cargo on PATH (the baseline).
// Run through turbo (`pnpm bench`), which caches both by the guests' sources. `sqlite` builds
// SQLite's shell for WASI with clang where the machine can (sqlite/build.mjs; it keeps its own
// output while its recipe is unchanged, as turbo cannot see whether clang is installed).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from '@wasi-kit/cargo-bridge';
import { buildSqlite } from './sqlite/build.mjs';

const guests = fileURLToPath(new URL('./guests/', import.meta.url));
const kind = process.argv[2];

if (kind === 'wasm') {
  const result = await build({ cwd: guests, release: true });
  for (const artifact of result.artifacts) console.log(artifact.wasm);
} else if (kind === 'native') {
  // A toolchain chosen for WASI (RUSTC/CARGO) must not leak into the native baseline.
  const env = { ...process.env };
  delete env.RUSTC;
  delete env.CARGO;
  const cargo = spawnSync('cargo', ['build', '--release', '--bins'], { cwd: guests, env, stdio: 'inherit' });
  process.exitCode = cargo.status ?? 1;
} else if (kind === 'sqlite') {
  const wasm = buildSqlite();
  if (wasm !== undefined) console.log(wasm);
} else {
  console.error('usage: node build-guests.mjs wasm|native|sqlite');
  process.exitCode = 2;
}
