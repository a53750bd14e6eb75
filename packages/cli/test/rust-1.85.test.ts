import { chmodSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, tempDir, wasiKit } from './helpers/cli.js';
import { LiveCli } from './helpers/live-process.js';

// The second toolchain CI exercises: Rust 1.85 (wasm32-wasip1 by default, wasm32-wasip2 components
// on request), beside the system's 1.63 that every other suite uses. WASI_KIT_RUST_185 names the
// folder holding its cargo and rustc; CI unpacks Debian trixie's there (scripts/ci/install-rust-1.85.sh).

const RUST_185 = process.env.WASI_KIT_RUST_185;
if (!RUST_185) {
  console.log('skipped: the Rust 1.85 suite (wasip1 and wasip2 builds, doctor, a p2 dev loop); set WASI_KIT_RUST_185 to a folder with the cargo and rustc of Rust 1.85, as CI does');
}

/** Builds and runs use the 1.85 toolchain, with a toolchain cache of their own. */
const env185 = (): Record<string, string> => ({
  RUSTC: path.join(RUST_185!, 'rustc'),
  CARGO: path.join(RUST_185!, 'cargo'),
  WASI_KIT_CACHE_DIR: cacheDir,
});
let cacheDir: string;

const COMPONENT_PREAMBLE = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];
const CORE_PREAMBLE = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const preamble = (file: string) => [...readFileSync(file).subarray(0, 8)];

async function scaffold(template: string, name: string): Promise<string> {
  const workspace = tempDir(`rust185-${template}`);
  const created = await wasiKit(['new', name, '--template', template], { cwd: workspace });
  expect(created.exitCode, created.stderr).toBe(0);
  return path.join(workspace, name);
}

async function build(projectDir: string, args: string[] = []): Promise<string[]> {
  const built = await wasiKit(['build', ...args], { cwd: projectDir, env: env185() });
  expect(built.exitCode, built.stderr).toBe(0);
  expect(built.stderr).toContain(`with RUSTC=${env185().RUSTC} `);
  return built.stdout.trim().split('\n');
}

describe.skipIf(!RUST_185)('Rust 1.85: discovery, doctor, templates for wasm32-wasip1 and wasm32-wasip2, a p2 dev loop', () => {
  beforeAll(() => {
    cacheDir = tempDir('rust185-cache');
  });

  it('doctor finds it, says it builds wasm32-wasip1 and components, and is content', async () => {
    const json = await wasiKit(['doctor', '--json'], { env: env185() });
    expect(json.exitCode, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as { ok: boolean; target: string; selected: { version: { major: number; minor: number }; target: string; cargo: string }; components: unknown };
    expect(report.ok).toBe(true);
    expect(report.components).toEqual({ ok: true });
    expect(report.target).toBe('wasm32-wasip1');
    expect(report.selected.version).toMatchObject({ major: 1, minor: 85 });
    expect(report.selected.cargo).toBe(path.join(RUST_185!, 'cargo'));
    const text = await wasiKit(['doctor'], { env: env185() });
    expect(text.stdout).toMatch(/✓ RUSTC=\S+ CARGO=\S+ +rustc 1\.85\.\d+ +wasm32-wasip1 +← used/);
    expect(text.stdout).toMatch(/^ok: builds use .* \(rustc 1\.85\.\d+\) for wasm32-wasip1\ncomponents: it builds wasm32-wasip2 too \(--target wasm32-wasip2\)$/m);
  });

  it('hello builds as a wasip1 module by default and as a wasip2 component on request; both print the same', async () => {
    const projectDir = await scaffold('hello', 'greeter');
    const [p1] = await build(projectDir);
    expect(p1).toBe(path.join(projectDir, 'target', 'wasm32-wasip1', 'debug', 'greeter.wasm'));
    expect(preamble(p1!)).toEqual(CORE_PREAMBLE);
    const [p2] = await build(projectDir, ['--target', 'wasm32-wasip2']);
    expect(p2).toBe(path.join(projectDir, 'target', 'wasm32-wasip2', 'debug', 'greeter.wasm'));
    expect(preamble(p2!)).toEqual(COMPONENT_PREAMBLE);
    const expected = ['greeter says hi', 'args: ["a", "b c"]', 'GREETING: hi there', 'stdin: "piped text\\n" (11 bytes)'].join('\n');
    for (const wasm of [p1!, p2!]) {
      const run = await wasiKit(['run', wasm, '--env', 'GREETING=hi there', '--', 'a', 'b c'], { input: 'piped text\n' });
      expect(run, wasm).toEqual({ exitCode: 0, stdout: expected, stderr: '' });
    }
  });

  it('the sizer walkthrough as a component: the same listing as the module, its world, and cargo run through the runner', async () => {
    const projectDir = await scaffold('sizer', 'sizer');
    const [p1] = await build(projectDir);
    const [p2] = await build(projectDir, ['--target', 'wasm32-wasip2']);
    const names = readdirSync(projectDir).sort();
    for (const wasm of [p1!, p2!]) {
      const run = await wasiKit(['run', wasm, '--dir=.', '.'], { cwd: projectDir });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stdout.split('\n').map((line) => /^filename: "(.*)", filesize: \d+ bytes$/.exec(line)?.[1]), wasm).toEqual(names);
    }
    // Without a grant the component has no filesystem at all, and says so itself, as the module does.
    const ungranted = await wasiKit(['run', p2!, '.'], { cwd: projectDir });
    expect(ungranted.exitCode).toBe(1);
    expect(ungranted.stderr).toContain('failed to find a pre-opened file descriptor through which "." could be opened');

    const inspect = await wasiKit(['inspect', p2!]);
    expect(inspect.exitCode, inspect.stderr).toBe(0);
    expect(inspect.stdout).toMatch(/imports:[\s\S]*wasi:filesystem\/preopens@0\.2\.\d+[\s\S]*exports:\n +instance wasi:cli\/run@0\.2\.\d+/);

    // The template's .cargo/config.toml runner: plain `cargo run --target wasm32-wasip2` runs the component.
    const bin = path.join(tempDir('rust185-path'), 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'wasi-kit'), `#!/bin/sh\nexec '${process.execPath}' '${CLI_BIN}' "$@"\n`);
    chmodSync(path.join(bin, 'wasi-kit'), 0o755);
    const cargoRun = await execa(path.join(RUST_185!, 'cargo'), ['run', '--quiet', '--target', 'wasm32-wasip2', '--', '.'], {
      cwd: projectDir,
      env: { PATH: `${bin}:/usr/bin:/bin`, RUSTC: path.join(RUST_185!, 'rustc') },
      reject: false,
    });
    expect(cargoRun.exitCode, cargoRun.stderr).toBe(0);
    expect(cargoRun.stdout).toContain('filename: "Cargo.toml"');
  });

  it('the workspace template builds every member with it', async () => {
    const projectDir = await scaffold('workspace', 'monorepo');
    const built = await build(projectDir);
    expect(built.map((wasm) => path.relative(projectDir, wasm)).sort()).toEqual(['target/wasm32-wasip1/debug/count.wasm', 'target/wasm32-wasip1/debug/greet.wasm']);
  });

  it('wasi-kit test follows the configured wasm32-wasip2 target: the unit tests run as components', async () => {
    const projectDir = await scaffold('sizer', 'sizer');
    const manifest = path.join(projectDir, 'Cargo.toml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('args = ["."]', 'args = ["."]\ntarget = "wasm32-wasip2"'));
    const run = await wasiKit(['test'], { cwd: projectDir, env: env185() });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('test result: ok. 3 passed; 0 failed');
    expect(readdirSync(path.join(projectDir, 'target', 'wasm32-wasip2', 'debug', 'deps')).some((name) => name.endsWith('.wasm'))).toBe(true);
  });

  it('dev on a wasm32-wasip2 project: a save rebuilds the component and reruns it', async () => {
    const projectDir = await scaffold('hello', 'looper');
    const manifest = path.join(projectDir, 'Cargo.toml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('args = ["one", "two"]', 'args = ["one", "two"]\ntarget = "wasm32-wasip2"'));
    const main = path.join(projectDir, 'src', 'main.rs');
    const dev = new LiveCli(['dev'], projectDir, env185());
    try {
      let at = await dev.waitFor(/looper says hi\nargs: \["one", "two"\]\nGREETING: hello from Cargo.toml\n/);
      at = await dev.waitFor(/✓ built in \S+ · ran in \S+ · exit 0 · watching for changes\n/, at);
      expect(preamble(path.join(projectDir, 'target', 'wasm32-wasip2', 'debug', 'looper.wasm'))).toEqual(COMPONENT_PREAMBLE);

      writeFileSync(main, readFileSync(main, 'utf8').replace('says hi', 'says hello, component'));
      at = await dev.waitFor(/looper says hello, component\n/, at);
      at = await dev.waitFor(/exit 0 · watching for changes\n/, at);

      writeFileSync(main, readFileSync(main, 'utf8').replace('println!("{} says hello, component", env!("CARGO_PKG_NAME"));', 'std::process::exit(3);'));
      // WASI 0.2's exit takes ok or err: exit(3) is err, status 1 (wasmtime's answer too).
      at = await dev.waitFor(/✗ built in \S+ · ran in \S+ · exit 1 · watching for changes\n/, at);
      expect(dev.output).not.toMatch(/\n\s+at /);

      dev.process.kill('SIGINT');
      expect((await dev.process).exitCode).toBe(0);
    } finally {
      dev.process.kill('SIGKILL');
    }
  });
});
