import { appendFileSync, chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { findToolchain } from '@wasi-kit/cargo-bridge';
import { CLI_BIN, tempDir, wasiKit } from './helpers/cli.js';

// `wasi-kit test` and the template's `.cargo/config.toml` runner, with the real cargo and the real runtime.
describe('tests of a scaffolded sizer', () => {
  let projectDir: string;
  beforeAll(async () => {
    const workspace = tempDir('sizer-test');
    const created = await wasiKit(['new', 'sizer', '--template', 'sizer'], { cwd: workspace });
    expect(created.exitCode, created.stderr).toBe(0);
    projectDir = path.join(workspace, 'sizer');
  });

  it('the project carries a .cargo/config.toml whose runner for every WASI target is wasi-kit run', () => {
    const config = readFileSync(path.join(projectDir, '.cargo', 'config.toml'), 'utf8');
    expect(config).toContain('[target.wasm32-wasip1]\nrunner = "wasi-kit run --dir=. --"');
    expect(config).toContain('[target.wasm32-wasi]\nrunner = "wasi-kit run --dir=. --"');
    expect(config).toContain('[target.wasm32-wasip2]\nrunner = "wasi-kit run --dir=. --"');
  });

  it('wasi-kit test runs the unit tests in the sandbox and passes, without wasi-kit on PATH', async () => {
    const run = await wasiKit(['test'], { cwd: projectDir, env: { PATH: '/usr/bin:/bin' } });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('test tests::lists_the_granted_crate_folder_sorted ... ok');
    expect(run.stdout).toContain('test result: ok. 3 passed; 0 failed');
  });

  it('a name filter reaches the test harness', async () => {
    const run = await wasiKit(['test', 'formats_an_entry'], { cwd: projectDir });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 2 filtered out');
    // Harness options work before `--` too, and --exact takes the full name.
    const exact = await wasiKit(['test', '--exact', 'formats_an_entry', '-q'], { cwd: projectDir });
    expect(exact.exitCode, exact.stderr).toBe(0);
    expect(exact.stdout).toContain('test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 3 filtered out');
  });

  it('plain cargo test --target runs under the .cargo/config.toml runner when wasi-kit is on PATH', async () => {
    const toolchain = await findToolchain();
    const bin = path.join(tempDir('path'), 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'wasi-kit'), `#!/bin/sh\nexec '${process.execPath}' '${CLI_BIN}' "$@"\n`);
    chmodSync(path.join(bin, 'wasi-kit'), 0o755);
    const run = await execa(toolchain.cargo, ['test', '--target', toolchain.target], {
      cwd: projectDir,
      env: { PATH: `${bin}:/usr/bin:/bin`, RUSTC: toolchain.rustc, RUSTUP_TOOLCHAIN: undefined },
      reject: false,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('test result: ok. 3 passed; 0 failed');
  });

  it('a panicking test shows its assertion message on the first run, the tests after it still run, exit 101', async () => {
    const broken = path.join(tempDir('sizer-broken'), 'sizer');
    await execa('cp', ['-r', projectDir, broken]);
    appendFileSync(path.join(broken, 'src', 'main.rs'), '\n#[test]\nfn a_broken() {\n    assert_eq!(1 + 1, 3, "arithmetic is off");\n}\n');
    const run = await wasiKit(['test'], { cwd: broken });
    expect(run.exitCode, run.stderr).toBe(101);
    expect(run.stdout).toContain('test a_broken ... FAILED');
    // The template's own tests come after it in the list and still run.
    expect(run.stdout).toContain('test tests::lists_the_granted_crate_folder_sorted ... ok');
    expect(run.stdout).toContain('---- a_broken stdout ----');
    expect(run.stdout).toContain('arithmetic is off');
    // The trap names the test, not Rust's panic machinery.
    expect(run.stdout).toMatch(/wasm trap: .* in function 'sizer::a_broken'/);
    expect(run.stdout).toContain('test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out');
    expect(run.stderr).toContain('tests failed: 3 passed; 1 failed; 0 ignored; 0 filtered out (1 test binary');
    expect(run.stderr).toContain('error: test failed, to rerun pass `-p sizer --bin sizer`');

    const rerun = await wasiKit(['test', '-p', 'sizer', '--bin', 'sizer', 'a_broken'], { cwd: broken });
    expect(rerun.exitCode).toBe(101);
    expect(rerun.stdout).toContain('0 passed; 1 failed; 0 ignored; 0 measured; 3 filtered out');
  });

  it('a bad harness option is one line with a hint, before anything is built', async () => {
    const run = await wasiKit(['test', '--', '--format', 'json'], { cwd: projectDir });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^error: --format json is not supported by wasi-kit test\n/);
    expect(run.stderr).not.toContain('Compiling');
  });
});

// The cargo-bridge fixture whose tests fail in every way a wasm test can, under the built CLI's own launcher.
describe('wasi-kit test on tests that panic, exit, return Err and are ignored', () => {
  it('each failure costs only its test; the output, backtrace and counts say what happened', async () => {
    const crate = path.join(tempDir('failing-tests'), 'failing-tests');
    await execa('cp', ['-r', fileURLToPath(new URL('../../cargo-bridge/test/fixtures/crates/failing-tests', import.meta.url)), crate]);
    const run = await wasiKit(['test', '--no-fail-fast'], { cwd: crate, env: { RUST_BACKTRACE: '1' } });
    expect(run.exitCode, run.stderr).toBe(101);
    expect(run.stdout).toContain('test tests::c_runs_after_the_panic ... ok');
    expect(run.stdout).toContain('test tests::d_is_ignored ... ignored');
    expect(run.stdout).toContain('test result: FAILED. 2 passed; 4 failed; 1 ignored; 0 measured; 0 filtered out');
    const panic = run.stdout.slice(run.stdout.indexOf('---- tests::b_panics_with_a_message stdout ----'), run.stdout.indexOf('---- tests::e_exits stdout ----'));
    expect(panic).toContain('printed before the panic\n');
    expect(panic).toContain('double is broken');
    expect(panic).toMatch(/error while executing at wasm backtrace:\n(?:.*\n)*? +\d+: +0x[0-9a-f]+ - <unknown>!failing_tests::tests::b_panics_with_a_message::h[0-9a-f]{16}\n/);
    expect(panic).toContain("error: wasm trap: wasm `unreachable` instruction executed in function 'failing_tests::tests::b_panics_with_a_message'");
    expect(run.stdout).toContain('---- tests::e_exits stdout ----\nnote: the test exited with code 3 before libtest reported a result\n');
    expect(run.stdout).toContain('Error: "returned an error"');
    expect(run.stdout).toContain('---- tests::g_exits_outside_wasi_statuses stdout ----\nerror: the guest exited with status 200, outside WASI\'s 0..125\n');
    expect(run.stdout).toContain('test doubles_from_outside ... ok');
    expect(run.stdout).toContain('plain test ran with []');
    expect(run.stderr).toContain('tests failed: 4 passed; 4 failed; 1 ignored; 0 filtered out (3 test binaries');
    expect(run.stderr).toContain('error: test failed, to rerun pass `-p failing-tests --lib`');
  });
});
