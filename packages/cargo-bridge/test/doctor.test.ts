import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose, fix } from '../src/doctor.js';
import { DEBIAN_INSTALL } from '../src/install-command.js';
import { findToolchain } from '../src/toolchain.js';
import { fakeRustup, fakeToolchain } from './helpers/fake-toolchain.js';
import { tempDir } from './helpers/fixtures.js';

function machine(rustupBin: string) {
  return { env: { PATH: `${rustupBin}:/usr/bin:/bin`, RUSTC: undefined, CARGO: undefined, RUSTUP_TOOLCHAIN: undefined }, systemBinDirs: [], cacheDir: tempDir('doctor-cache') };
}

describe('diagnose', () => {
  it('reports a usable toolchain as selected, with nothing missing', async () => {
    const fake = fakeToolchain('1.80.0', ['wasm32-wasip1']);
    const report = await diagnose(machine(fakeRustup('fake-1.80', fake.rustc)));
    expect(report).toMatchObject({ ok: true, target: 'wasm32-wasip1', problems: [], selected: { name: 'fake-1.80', version: { major: 1, minor: 80, patch: 0 }, target: 'wasm32-wasip1', passedOver: [] } });
    expect(report.toolchains[0]).toMatchObject({ knownTargets: ['wasm32-wasip1', 'wasm32-wasi'], target: 'wasm32-wasip1', missing: null });
  });

  it('selected is findToolchain() field for field; every entry is a Toolchain plus what it lacks', async () => {
    const missing = fakeToolchain('1.85.0', []);
    const usable = fakeToolchain('1.80.0', ['wasm32-wasip1']);
    const options = { ...machine(fakeRustup('fake-1.85', missing.rustc)), systemBinDirs: [path.dirname(usable.rustc)] };
    const report = await diagnose(options);
    const found = await findToolchain(options);
    expect(JSON.parse(JSON.stringify(report.selected))).toEqual(JSON.parse(JSON.stringify(found)));
    const { knownTargets, missing: lacks, ...toolchain } = report.toolchains[0]!;
    expect(Object.keys(toolchain).sort()).toEqual(Object.keys(found).filter((key) => key !== 'passedOver').sort());
    expect(knownTargets).toEqual(['wasm32-wasip1']);
    expect(lacks?.command).toBe('rustup target add --toolchain fake-1.85 wasm32-wasip1');
    expect(found.passedOver).toEqual([{ name: 'fake-1.85', version: { major: 1, minor: 85, patch: 0 }, reason: 'no wasm32-wasip1 std', fix: 'rustup target add --toolchain fake-1.85 wasm32-wasip1' }]);
  });

  it('reports what is missing and the command when no toolchain has a WASI std', async () => {
    const fake = fakeToolchain('1.85.0', []);
    const report = await diagnose(machine(fakeRustup('fake-1.85', fake.rustc)));
    expect(report).toMatchObject({ ok: false, selected: null, target: null });
    expect(report.problems).toEqual([{ message: expect.stringContaining('no WASI std'), command: 'rustup target add --toolchain fake-1.85 wasm32-wasip1' }]);
    expect(report.toolchains[0]?.missing).toEqual({ target: 'wasm32-wasip1', path: `${fake.sysroot}/lib/rustlib/wasm32-wasip1/lib`, command: 'rustup target add --toolchain fake-1.85 wasm32-wasip1' });
  });
});

describe('fix', () => {
  it('does nothing when a toolchain can already build', async () => {
    const fake = fakeToolchain('1.83.0', ['wasm32-wasi']);
    const result = await fix({ ...machine(fakeRustup('fake-1.83', fake.rustc)), platform: { debian: true, root: true } });
    expect(result).toMatchObject({ fixed: true, steps: [], manual: undefined });
  });

  it('tries rustup target add; when rustup cannot download, reports the failure and the command to run', async () => {
    const fake = fakeToolchain('1.85.0', []);
    const result = await fix({ ...machine(fakeRustup('fake-1.85', fake.rustc)), platform: { debian: true, root: true } });
    expect(result.fixed).toBe(false);
    expect(result.steps).toEqual([{ command: 'rustup target add --toolchain fake-1.85 wasm32-wasip1', ok: false, output: expect.stringContaining('could not download') }]);
    expect(result.manual).toBe('rustup target add --toolchain fake-1.85 wasm32-wasip1');
  });

  it('without rustup and not root on Debian, runs nothing and prints the sudo apt-get command', async () => {
    const fake = fakeToolchain('1.85.0', []);
    const result = await fix({ env: { PATH: '/usr/bin:/bin', RUSTC: fake.rustc, RUSTUP_TOOLCHAIN: undefined }, systemBinDirs: [], cacheDir: false, platform: { debian: true, root: false } });
    expect(result).toMatchObject({ fixed: false, steps: [], manual: `sudo ${DEBIAN_INSTALL}` });
  });

  it('on Debian as root without rustup: apt-get install, and after a failure apt-get update and install again', async () => {
    const fake = fakeToolchain('1.85.0', []);
    // An apt-get whose install needs the lists an update fetches, and then "installs" the WASI std.
    const bin = path.join(tempDir('apt'), 'bin');
    mkdirSync(bin);
    const lists = path.join(bin, 'lists');
    writeFileSync(
      path.join(bin, 'apt-get'),
      [
        '#!/bin/sh',
        `if [ "$1" = update ]; then touch '${lists}'; exit 0; fi`,
        `if [ ! -e '${lists}' ]; then echo "E: Unable to locate package libstd-rust-dev-wasm32" >&2; exit 100; fi`,
        `mkdir -p '${fake.sysroot}/lib/rustlib/wasm32-wasip1/lib'`,
        '',
      ].join('\n'),
    );
    chmodSync(path.join(bin, 'apt-get'), 0o755);
    const result = await fix({ env: { PATH: `${bin}:/usr/bin:/bin`, RUSTC: fake.rustc, RUSTUP_TOOLCHAIN: undefined }, systemBinDirs: [], cacheDir: false, platform: { debian: true, root: true } });
    expect(result.steps.map((step) => [step.command, step.ok])).toEqual([
      [`apt-get install -y ${DEBIAN_INSTALL.split(' ').slice(3).join(' ')}`, false],
      ['apt-get update', true],
      [`apt-get install -y ${DEBIAN_INSTALL.split(' ').slice(3).join(' ')}`, true],
    ]);
    expect(result.steps[0]?.output).toContain('Unable to locate package');
    expect(result).toMatchObject({ fixed: true, manual: undefined, report: { ok: true, target: 'wasm32-wasip1' } });
  });
});
