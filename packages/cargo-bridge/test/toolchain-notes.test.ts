import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { BuildFailed } from '../src/errors.js';
import { findToolchain } from '../src/toolchain.js';
import { olderCompilerHint } from '../src/toolchain-notes.js';
import { tempDir } from './helpers/fixtures.js';

const hasDebianRust = existsSync('/usr/lib/rustlib/wasm32-wasi/lib');

/** A one-file crate written for today's Rust, which Debian's 1.63 cannot build. */
function crate(name: string, files: Record<string, string>): string {
  const dir = path.join(tempDir(name), name);
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  const manifest = `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n`;
  for (const [file, text] of Object.entries({ 'Cargo.toml': manifest, 'src/main.rs': 'fn main() {}\n', ...files })) writeFileSync(path.join(dir, file), text);
  return dir;
}

// Only the system 1.63 (no rustup): what a Debian machine without rustup has.
const debianOnly = { env: { RUSTC: undefined, CARGO: undefined, PATH: '/usr/bin:/bin', RUSTUP_TOOLCHAIN: undefined }, systemBinDirs: ['/usr/bin'], cacheDir: false as const };

describe.skipIf(!hasDebianRust)('a failed build with an older compiler says so', () => {
  it.each([
    ['let-else', { 'src/main.rs': 'fn main() { let Some(x) = std::env::args().nth(1) else { return }; println!("{}", x); }\n' }, /`let\.\.\.else` statements are unstable/],
    ['a version 4 lock file', { 'Cargo.lock': 'version = 4\n\n[[package]]\nname = "lock4"\nversion = "0.1.0"\n' }, /lock file version `4`/],
    ['edition 2024', { 'Cargo.toml': '[package]\nname = "ed2024"\nversion = "0.1.0"\nedition = "2024"\n' }, /`2024` edition/],
  ])('%s: names the toolchain and version, and hints that an older compiler was chosen', async (_name, files, cargoSays) => {
    const error = await build({ cwd: crate('oldrust', files), discovery: debianOnly, env: debianOnly.env }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildFailed);
    const failed = error as BuildFailed;
    expect(failed.rendered).toMatch(cargoSays);
    expect(failed.message).toBe('cargo build failed with system (/usr/bin) rustc 1.63.0 for wasm32-wasi');
    expect(failed.hint).toMatch(/^an older compiler was chosen \(system \(\/usr\/bin\) rustc 1\.63\.0\) and this likely needs a newer Rust/);
  });

  it('an ordinary mistake keeps the ordinary hint', async () => {
    const error = await build({ cwd: crate('typo', { 'src/main.rs': 'fn main() { let x: u8 = "no"; }\n' }), discovery: debianOnly, env: debianOnly.env }).catch((e: unknown) => e);
    expect((error as BuildFailed).hint).toBe('fix the errors above and build again');
    expect((error as BuildFailed).message).toBe(`cargo build failed with system (/usr/bin) rustc 1.63.0 for wasm32-wasi`);
  });

  it('the toolchain chosen is the one findToolchain reports', async () => {
    expect((await findToolchain(debianOnly)).rustc).toBe('/usr/bin/rustc');
  });
});

describe('the older-compiler hint names the newer toolchain that was passed over', () => {
  const chosen = {
    name: 'system (/usr/bin)', source: 'system' as const, rustc: '/usr/bin/rustc', cargo: '/usr/bin/cargo', version: { major: 1, minor: 63, patch: 0 },
    versionText: 'rustc 1.63.0', sysroot: '/usr', target: 'wasm32-wasi' as const,
    passedOver: [{ name: 'stable', version: { major: 1, minor: 95, patch: 0 }, reason: 'no wasm32-wasip1 std', fix: 'rustup target add --toolchain stable wasm32-wasip1' }],
  };
  it('with its exact fix', () => {
    expect(olderCompilerHint('error[E0658]: `let...else` statements are unstable', chosen)).toBe(
      'an older compiler was chosen and a newer Rust likely accepts this: wasi-kit used system (/usr/bin) rustc 1.63.0 because stable rustc 1.95.0 has no wasm32-wasip1 std; add it: rustup target add --toolchain stable wasm32-wasip1',
    );
  });
  it('and says nothing about a plain type error', () => {
    expect(olderCompilerHint('error[E0308]: mismatched types', chosen)).toBeUndefined();
  });
});
