import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { TargetNotInstalled, ToolchainNotFound } from '../src/errors.js';
import { findToolchain, listToolchains, missingTarget, type DiscoveryOptions } from '../src/toolchain.js';
import { cachePath } from '../src/toolchain-cache.js';
import { passedOverLine } from '../src/toolchain-notes.js';
import { fakeToolchain } from './helpers/fake-toolchain.js';
import { tempDir } from './helpers/fixtures.js';

const hasRustup = (await execa('rustup', ['--version'], { reject: false })).exitCode === 0;
const hasDebianRust = existsSync('/usr/lib/rustlib/wasm32-wasi/lib');

/** Only the fake: no rustup on PATH, no system folders, its own cache. */
function onlyFake(rustc: string, cacheDir: string | false = false): DiscoveryOptions {
  return { env: { RUSTC: rustc, CARGO: undefined, PATH: '/usr/bin:/bin', RUSTUP_TOOLCHAIN: undefined }, systemBinDirs: [], cacheDir };
}

describe('discovery on this machine', () => {
  it.skipIf(!hasRustup)('lists the rustup default toolchain even though it has no WASI std, and says what is missing', async () => {
    const toolchains = await listToolchains({ cacheDir: false });
    const rustup = toolchains.find((t) => t.source === 'rustup');
    expect(rustup).toBeDefined();
    if (rustup!.target === null) {
      const missing = missingTarget(rustup!);
      expect(missing?.path).toBe(path.join(rustup!.sysroot, 'lib', 'rustlib', missing!.target, 'lib'));
      expect(missing?.command).toBe(`rustup target add --toolchain ${rustup!.name} ${missing!.target}`);
    }
  });

  it.skipIf(!hasDebianRust)('picks a toolchain whose sysroot has the WASI std (Debian 1.63: wasm32-wasi)', async () => {
    const toolchain = await findToolchain({ cacheDir: false });
    expect(existsSync(path.join(toolchain.sysroot, 'lib', 'rustlib', toolchain.target, 'lib'))).toBe(true);
    const debian = (await listToolchains({ cacheDir: false })).find((t) => t.rustc === '/usr/bin/rustc');
    expect(debian).toMatchObject({ source: 'system', target: 'wasm32-wasi', sysroot: '/usr', version: { major: 1, minor: 63 } });
  });
});

describe('discovery on faked sysroots names the target by version', () => {
  it.each([
    ['1.80.0', ['wasm32-wasip1'], 'wasm32-wasip1'],
    ['1.80.0', ['wasm32-wasi'], 'wasm32-wasi'],
    ['1.83.0', ['wasm32-wasi'], 'wasm32-wasi'],
    ['1.86.0', ['wasm32-wasip1'], 'wasm32-wasip1'],
    ['1.70.0', ['wasm32-wasi'], 'wasm32-wasi'],
  ])('rustc %s with %j → %s', async (version, targets, expected) => {
    const fake = fakeToolchain(version, targets);
    const toolchain = await findToolchain(onlyFake(fake.rustc));
    expect(toolchain).toMatchObject({ source: 'env', rustc: fake.rustc, cargo: fake.cargo, sysroot: fake.sysroot, target: expected });
  });

  it.each([
    ['1.85.0', [], 'wasm32-wasip1'],
    // 1.84 removed the old name: a leftover wasm32-wasi std does not count.
    ['1.85.0', ['wasm32-wasi'], 'wasm32-wasip1'],
    // wasm32-wasip1 did not exist before 1.78.
    ['1.77.0', ['wasm32-wasip1'], 'wasm32-wasi'],
  ])('rustc %s with %j → TargetNotInstalled naming %s and the install command', async (version, targets, needed) => {
    const fake = fakeToolchain(version, targets);
    const error = await findToolchain(onlyFake(fake.rustc)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetNotInstalled);
    const command = `rustup target add ${needed}`;
    expect((error as TargetNotInstalled).command).toBe(command);
    expect((error as TargetNotInstalled).message).toContain(`rustc ${version}`);
    expect((error as TargetNotInstalled).message).toContain(command);
    expect((error as TargetNotInstalled).hint).toBe('or unset RUSTC and CARGO to let wasi-kit choose another toolchain');
  });

  it('a rustc inside a rustup toolchain folder gets the --toolchain form of the command', async () => {
    const fake = fakeToolchain('1.85.0', []);
    const missing = missingTarget({ ...(await listToolchains(onlyFake(fake.rustc)))[0]!, rustc: '/home/u/.rustup/toolchains/1.85-x86_64-unknown-linux-gnu/bin/rustc' });
    expect(missing?.command).toBe('rustup target add --toolchain 1.85-x86_64-unknown-linux-gnu wasm32-wasip1');
  });

  it('an explicit RUSTC without a WASI std is refused with the fix, even when another toolchain could build', async () => {
    const explicit = fakeToolchain('1.85.0', []);
    const other = fakeToolchain('1.80.0', ['wasm32-wasip1']);
    const error = await findToolchain({ ...onlyFake(explicit.rustc), systemBinDirs: [path.dirname(other.rustc)] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetNotInstalled);
    expect((error as TargetNotInstalled).message).toBe(`RUSTC=${explicit.rustc} rustc 1.85.0 has no WASI std (wasm32-wasip1); install it with: rustup target add wasm32-wasip1`);
  });

  it('an explicit CARGO alone brings the rustc beside it', async () => {
    const fake = fakeToolchain('1.80.0', ['wasm32-wasip1']);
    const toolchain = await findToolchain({ env: { RUSTC: undefined, CARGO: fake.cargo, PATH: '/usr/bin:/bin', RUSTUP_TOOLCHAIN: undefined }, systemBinDirs: [], cacheDir: false });
    expect(toolchain).toMatchObject({ source: 'env', name: `CARGO=${fake.cargo}`, rustc: fake.rustc, cargo: fake.cargo, target: 'wasm32-wasip1' });
  });

  it.each([
    ['RUSTC that does not run', { RUSTC: '/nonexistent/rustc' }, /^RUSTC=\/nonexistent\/rustc: cannot run \/nonexistent\/rustc --version$/],
    ['CARGO with no rustc beside it', { CARGO: '/nonexistent/cargo' }, /^CARGO=\/nonexistent\/cargo is set but there is no rustc beside it$/],
  ])('an explicit %s is refused with the fix, not skipped', async (_name, env, message) => {
    const error = await findToolchain({ env: { RUSTC: undefined, CARGO: undefined, PATH: '/usr/bin:/bin', ...env }, systemBinDirs: [], cacheDir: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolchainNotFound);
    expect((error as ToolchainNotFound).message).toMatch(message);
    expect((error as ToolchainNotFound).hint).toMatch(/unset/);
  });

  it('lists the toolchains passed over on the way to the one used, each with its fix', async () => {
    const newer = fakeToolchain('1.85.0', []);
    const older = fakeToolchain('1.80.0', ['wasm32-wasi']);
    const toolchain = await findToolchain({ env: { RUSTC: undefined, CARGO: undefined, PATH: '/usr/bin:/bin', RUSTUP_TOOLCHAIN: undefined }, systemBinDirs: [path.dirname(newer.rustc), path.dirname(older.rustc)], cacheDir: false });
    expect(toolchain.rustc).toBe(older.rustc);
    expect(toolchain.passedOver).toEqual([{ name: `system (${path.dirname(newer.rustc)})`, version: { major: 1, minor: 85, patch: 0 }, reason: 'no wasm32-wasip1 std', fix: 'rustup target add wasm32-wasip1' }]);
    expect(passedOverLine(toolchain.passedOver!, toolchain)).toBe(
      `passing over system (${path.dirname(newer.rustc)}) rustc 1.85.0 (no wasm32-wasip1 std); using system (${path.dirname(older.rustc)}) rustc 1.80.0. To use system (${path.dirname(newer.rustc)}): rustup target add wasm32-wasip1`,
    );
  });

  it('no Rust at all → ToolchainNotFound with a hint', async () => {
    const error = await findToolchain({ env: { RUSTC: undefined, PATH: '/nonexistent' }, systemBinDirs: [], cacheDir: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolchainNotFound);
    expect((error as ToolchainNotFound).hint).toMatch(/rustup|apt-get/);
  });
});

describe('the discovery cache', () => {
  const rustcRuns = (log: string) => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').length : 0);

  it('answers from the cache without running rustc while nothing changed', async () => {
    const fake = fakeToolchain('1.80.0', ['wasm32-wasip1']);
    const cacheDir = tempDir('cache');
    const first = await findToolchain(onlyFake(fake.rustc, cacheDir));
    expect(existsSync(cachePath(cacheDir))).toBe(true);
    const runs = rustcRuns(fake.log);
    expect(runs).toBeGreaterThan(0);
    const second = await findToolchain(onlyFake(fake.rustc, cacheDir));
    expect(second).toEqual(first);
    expect(rustcRuns(fake.log)).toBe(runs);
  });

  it('is invalidated when a target is added to the sysroot', async () => {
    const fake = fakeToolchain('1.85.0', []);
    const cacheDir = tempDir('cache');
    await expect(findToolchain(onlyFake(fake.rustc, cacheDir))).rejects.toBeInstanceOf(TargetNotInstalled);
    mkdirSync(path.join(fake.sysroot, 'lib', 'rustlib', 'wasm32-wasip1', 'lib'), { recursive: true });
    expect((await findToolchain(onlyFake(fake.rustc, cacheDir))).target).toBe('wasm32-wasip1');
  });

  it('is invalidated when rustc itself changes, and when RUSTC points elsewhere', async () => {
    const fake = fakeToolchain('1.80.0', ['wasm32-wasip1']);
    const cacheDir = tempDir('cache');
    await findToolchain(onlyFake(fake.rustc, cacheDir));
    const runs = rustcRuns(fake.log);
    appendFileSync(fake.rustc, '# upgraded\n');
    await findToolchain(onlyFake(fake.rustc, cacheDir));
    expect(rustcRuns(fake.log)).toBeGreaterThan(runs);

    const other = fakeToolchain('1.83.0', ['wasm32-wasi']);
    expect((await findToolchain(onlyFake(other.rustc, cacheDir))).target).toBe('wasm32-wasi');
  });

  it('a cache that cannot be written leaves nothing behind, and discovery still answers', async () => {
    const fake = fakeToolchain('1.80.0', ['wasm32-wasip1']);
    const cacheDir = tempDir('cache');
    // toolchains.json is a folder with an entry: the write of the copy beside it succeeds, the rename over it fails.
    mkdirSync(path.join(cachePath(cacheDir), 'taken'), { recursive: true });
    expect((await findToolchain(onlyFake(fake.rustc, cacheDir))).target).toBe('wasm32-wasip1');
    expect(readdirSync(cacheDir)).toEqual([path.basename(cachePath(cacheDir))]);
  });

  it('keeps one answer per environment, so two environments taking turns both stay cached', async () => {
    const fake = fakeToolchain('1.80.0', ['wasm32-wasip1']);
    const other = fakeToolchain('1.83.0', ['wasm32-wasi']);
    const cacheDir = tempDir('cache');
    await findToolchain(onlyFake(fake.rustc, cacheDir));
    await findToolchain(onlyFake(other.rustc, cacheDir));
    const runs = [rustcRuns(fake.log), rustcRuns(other.log)];
    for (let turn = 0; turn < 2; turn++) {
      expect((await findToolchain(onlyFake(fake.rustc, cacheDir))).target).toBe('wasm32-wasip1');
      expect((await findToolchain(onlyFake(other.rustc, cacheDir))).target).toBe('wasm32-wasi');
    }
    expect([rustcRuns(fake.log), rustcRuns(other.log)]).toEqual(runs);
  });
});
