import { readFileSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, wasiKit } from './helpers/cli.js';
import { LiveCli } from './helpers/live-process.js';

/** Command lines of this machine's processes that name `dir` (cargo, rustc, build scripts), from /proc. */
async function processesMentioning(dir: string): Promise<string[]> {
  const lines: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const args = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (args.includes(dir)) lines.push(args.replaceAll('\0', ' '));
  }
  return lines;
}

/** Polls a condition that the system reaches on its own (a process starting or going away). */
async function until(condition: () => Promise<boolean>, attempts = 240): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the condition never held');
}

// The inner loop as a person uses it: dev running, the source edited, broken and fixed again.
describe('dev: build, run, watch, repeat', () => {
  let projectDir: string;
  let main: string;

  beforeAll(async () => {
    const workspace = tempDir('dev');
    const created = await wasiKit(['new', 'looper', '--template', 'hello'], { cwd: workspace });
    expect(created.exitCode, created.stderr).toBe(0);
    projectDir = path.join(workspace, 'looper');
    main = path.join(projectDir, 'src', 'main.rs');
  });

  function edit(from: string, to: string): void {
    const source = readFileSync(main, 'utf8');
    expect(source).toContain(from);
    writeFileSync(main, source.replace(from, to));
  }

  it('reruns on a save, shows cargo errors, survives a failing, a trapping and a stuck guest, and stops cleanly on Ctrl-C', async () => {
    const dev = new LiveCli(['dev', '--env', 'GREETING=from the flag', '--', 'flag-arg'], projectDir);
    try {
      let at = await dev.waitFor(/looper says hi\nargs: \["flag-arg"\]\nGREETING: from the flag\nstdin: "" \(0 bytes\)\n/);
      at = await dev.waitFor(/✓ built in \S+ · ran in \S+ · exit 0 · watching for changes\n/, at);

      edit('says hi', 'says hello again');
      at = await dev.waitFor(/looper says hello again\n/, at);
      at = await dev.waitFor(/exit 0 · watching for changes\n/, at);

      edit('println!("{} says hello again", env!("CARGO_PKG_NAME"));', 'let x: u32 = "broken";');
      at = await dev.waitFor(/error\[E0308\]: mismatched types[\s\S]*src\/main\.rs:\d+/, at);
      at = await dev.waitFor(/✗ build failed in \S+ · waiting for changes\n/, at);

      edit('let x: u32 = "broken";', 'std::process::exit(3);');
      at = await dev.waitFor(/✗ built in \S+ · ran in \S+ · exit 3 · watching for changes\n/, at);

      edit('std::process::exit(3);', 'panic!("boom");');
      at = await dev.waitFor(/panicked at[\s\S]*boom[\s\S]*✗ built in \S+ · ran in \S+ · trapped \(exit 134\) · watching for changes\n/, at);

      // A guest that never ends is stopped when the next build lands.
      edit('panic!("boom");', 'println!("spinning"); loop { std::hint::spin_loop(); }');
      at = await dev.waitFor(/spinning\n/, at);
      edit('println!("spinning"); loop { std::hint::spin_loop(); }', 'println!("{} is fixed", env!("CARGO_PKG_NAME"));');
      at = await dev.waitFor(/■ built in \S+ · stopped after \S+\n/, at);
      at = await dev.waitFor(/looper is fixed\n[\s\S]*exit 0 · watching for changes\n/, at);
      expect(dev.output).not.toMatch(/\n\s+at /);

      dev.process.kill('SIGINT');
      const result = await dev.process;
      expect(result.exitCode).toBe(0);
      expect(dev.output.slice(at)).toContain('dev stopped');
    } finally {
      dev.process.kill('SIGKILL');
    }
  });

  it('reads the config in Cargo.toml again when it changes', async () => {
    const dir = path.join(tempDir('dev-reconfig'), 'conf');
    expect((await wasiKit(['new', dir, '--template', 'hello'])).exitCode).toBe(0);
    const dev = new LiveCli(['dev'], dir);
    try {
      const at = await dev.waitFor(/args: \["one", "two"\]\nGREETING: hello from Cargo.toml\n[\s\S]*watching for changes\n/);
      const manifest = path.join(dir, 'Cargo.toml');
      writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('GREETING = "hello from Cargo.toml"', 'GREETING = "edited"').replace('args = ["one", "two"]', 'args = ["three"]'));
      await dev.waitFor(/args: \["three"\]\nGREETING: edited\n[\s\S]*exit 0 · watching for changes\n/, at);
      dev.process.kill('SIGINT');
      expect((await dev.process).exitCode).toBe(0);
    } finally {
      dev.process.kill('SIGKILL');
    }
  });

  it('Ctrl-C during a build stops cargo and what it started, and exits 0', async () => {
    const dir = path.join(tempDir('dev-interrupt'), 'slow');
    expect((await wasiKit(['new', dir, '--template', 'hello'])).exitCode).toBe(0);
    // A build script that would keep cargo busy for five minutes.
    writeFileSync(path.join(dir, 'build.rs'), 'fn main() { std::thread::sleep(std::time::Duration::from_secs(300)); }\n');
    const dev = new LiveCli(['dev'], dir);
    try {
      await until(async () => (await processesMentioning(dir)).some((line) => line.includes('build-script-build')));
      dev.process.kill('SIGINT');
      const result = await dev.process;
      expect(result.exitCode).toBe(0);
      expect(dev.output).toContain('dev stopped');
      await until(async () => (await processesMentioning(dir)).length === 0);
    } finally {
      dev.process.kill('SIGKILL');
    }
  });

  it('refuses invalid config before building, with one line naming the key', async () => {
    const dir = tempDir('dev-config');
    expect((await wasiKit(['new', 'bad', '--template', 'hello'], { cwd: dir })).exitCode).toBe(0);
    const manifest = path.join(dir, 'bad', 'Cargo.toml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('dirs = ["."]', 'dirs = [".", 7]'));
    const run = await wasiKit(['dev'], { cwd: path.join(dir, 'bad') });
    expect(run.exitCode).toBe(1);
    expect(run.stderr.split('\n').filter((line) => line.startsWith('error:'))).toEqual(['error: Cargo.toml: package.metadata.wasi-kit.dirs[1]: expected a string, found 7']);
  });
});
