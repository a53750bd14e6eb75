import { describe, expect, it } from 'vitest';
import { DEBIAN_INSTALL, installCommand, installHint } from '../src/install-command.js';
import type { Toolchain } from '../src/toolchain.js';

const toolchain = (over: Partial<Toolchain>): Toolchain => ({
  name: 'x',
  source: 'env',
  rustc: '/opt/rust/bin/rustc',
  cargo: '/opt/rust/bin/cargo',
  version: { major: 1, minor: 85, patch: 0 },
  versionText: 'rustc 1.85.0',
  sysroot: '/opt/rust',
  target: null,
  ...over,
});
const debianRoot = { debian: true, root: true };
const debianUser = { debian: true, root: false };
const mac = { debian: false, root: false };

describe('the exact command that installs a WASI std', () => {
  it('rustup toolchains: rustup target add --toolchain <name> <the target for its version>', () => {
    expect(installCommand(toolchain({ source: 'rustup', name: 'stable-x86_64-unknown-linux-gnu' }), debianRoot)).toBe('rustup target add --toolchain stable-x86_64-unknown-linux-gnu wasm32-wasip1');
    expect(installCommand(toolchain({ source: 'rustup', name: '1.80', version: { major: 1, minor: 77, patch: 0 } }), mac)).toBe('rustup target add --toolchain 1.80 wasm32-wasi');
  });

  it('Debian\'s rustc in /usr: apt-get as root, sudo apt-get otherwise', () => {
    const system = toolchain({ source: 'system', rustc: '/usr/bin/rustc', sysroot: '/usr', version: { major: 1, minor: 63, patch: 0 } });
    expect(installCommand(system, debianRoot)).toBe(DEBIAN_INSTALL);
    expect(installCommand(system, debianUser)).toBe(`sudo ${DEBIAN_INSTALL}`);
    expect(DEBIAN_INSTALL).toBe('apt-get install -y rustc cargo libstd-rust-dev-wasm32 wasi-libc lld');
  });

  it('no Rust at all: Debian\'s packages on Debian, rustup elsewhere', () => {
    expect(installHint([], debianUser)).toBe(`sudo ${DEBIAN_INSTALL}`);
    expect(installHint([], mac)).toBe('install Rust from https://rustup.rs, then: rustup target add wasm32-wasip1');
  });

  it('prefers fixing a rustup toolchain over the first one found', () => {
    const system = toolchain({ source: 'system', sysroot: '/usr' });
    const rustup = toolchain({ source: 'rustup', name: 'nightly' });
    expect(installHint([system, rustup], debianRoot)).toBe('rustup target add --toolchain nightly wasm32-wasip1');
  });
});
