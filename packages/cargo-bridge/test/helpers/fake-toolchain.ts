import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './fixtures.js';

export interface FakeToolchain {
  dir: string;
  rustc: string;
  cargo: string;
  sysroot: string;
  /** Every invocation of the fake rustc is appended here, one line each. */
  log: string;
}

/**
 * A `rustc` shell script that prints `version` and a sysroot laid out with a `lib/rustlib/<t>/lib`
 * for each of `targets`: enough for discovery, which only asks rustc and looks at folders.
 */
export function fakeToolchain(version: string, targets: string[]): FakeToolchain {
  const dir = tempDir(`rustc-${version}`);
  const sysroot = path.join(dir, 'sysroot');
  for (const target of ['x86_64-unknown-linux-gnu', ...targets]) mkdirSync(path.join(sysroot, 'lib', 'rustlib', target, 'lib'), { recursive: true });
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  const log = path.join(dir, 'rustc.log');
  const rustc = path.join(bin, 'rustc');
  writeFileSync(
    rustc,
    [
      '#!/bin/sh',
      `echo "$*" >> '${log}'`,
      'case "$1" in',
      `  --version) echo "rustc ${version} (fake0000 2025-01-01)" ;;`,
      `  --print) echo '${sysroot}' ;;`,
      '  *) exit 1 ;;',
      'esac',
      '',
    ].join('\n'),
  );
  const cargo = path.join(bin, 'cargo');
  writeFileSync(cargo, '#!/bin/sh\necho "cargo (fake)"\n');
  chmodSync(rustc, 0o755);
  chmodSync(cargo, 0o755);
  return { dir, rustc, cargo, sysroot, log };
}

/** A `rustup` that knows one toolchain and cannot download anything (like this machine). */
export function fakeRustup(toolchainName: string, rustc: string): string {
  const bin = path.join(tempDir('rustup'), 'bin');
  mkdirSync(bin);
  const rustup = path.join(bin, 'rustup');
  writeFileSync(
    rustup,
    [
      '#!/bin/sh',
      'case "$1 $2" in',
      `  "toolchain list") echo "${toolchainName} (default)" ;;`,
      `  "which --toolchain") echo '${rustc}' ;;`,
      `  "target add") echo "error: could not download file from 'https://static.rust-lang.org/dist/channel-rust-stable.toml.sha256'" >&2; exit 1 ;;`,
      '  *) exit 1 ;;',
      'esac',
      '',
    ].join('\n'),
  );
  chmodSync(rustup, 0o755);
  return bin;
}
