import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, wasiKit } from './helpers/cli.js';

// The documents npm scripts parse: their shape is an interface, so it is pinned here.
describe('--json on build and run', () => {
  let projectDir: string;

  beforeAll(async () => {
    const workspace = tempDir('json');
    expect((await wasiKit(['new', 'jsonic', '-t', 'hello'], { cwd: workspace })).exitCode).toBe(0);
    projectDir = path.join(workspace, 'jsonic');
    const main = path.join(projectDir, 'src', 'main.rs');
    // One warning, so the diagnostics array has something in it.
    writeFileSync(main, readFileSync(main, 'utf8').replace('fn main() {', 'fn main() {\n    let unused = 1;'));
  });

  it('build --json: artifacts, diagnostics, toolchain and timings, and nothing else on stdout', async () => {
    const run = await wasiKit(['build', '--json'], { cwd: projectDir });
    expect(run.exitCode, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc).toEqual({
      command: 'build',
      ok: true,
      exitCode: 0,
      durationMs: expect.any(Number),
      target: expect.stringMatching(/^wasm32-wasip?1?$/),
      toolchain: { name: expect.any(String), version: expect.stringMatching(/^\d+\.\d+\.\d+$/) },
      artifacts: [{ name: 'jsonic', kind: ['bin'], wasm: expect.stringMatching(/\/jsonic\.wasm$/), fresh: expect.any(Boolean) }],
      diagnostics: expect.any(Array),
    });
    // rustc adds a summary ("1 warning emitted") with no file; the first one is ours.
    expect(doc.diagnostics[0]).toEqual({ level: 'warning', message: 'unused variable: `unused`', file: 'src/main.rs', line: 10, column: 9 });
    for (const diagnostic of doc.diagnostics) expect(Object.keys(diagnostic).sort()).toEqual(['column', 'file', 'level', 'line', 'message']);
    // stderr carries only the note about toolchains passed over (on machines where one is).
    expect(run.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('note: passing over '))).toEqual([]);
  });

  it('build --json on a failed build: ok false, cargo\'s rendered errors, exit 1', async () => {
    const broken = path.join(tempDir('json-broken'), 'broken');
    expect((await wasiKit(['new', broken, '-t', 'hello'])).exitCode).toBe(0);
    writeFileSync(path.join(broken, 'src', 'main.rs'), 'fn main() {\n    let x: u32 = "no";\n}\n');
    const run = await wasiKit(['build', '--json'], { cwd: broken });
    expect(run.exitCode).toBe(1);
    const doc = JSON.parse(run.stdout);
    expect(doc).toEqual({
      command: 'build',
      ok: false,
      exitCode: 1,
      durationMs: expect.any(Number),
      error: { message: expect.stringMatching(/^cargo build failed with .* rustc \d+\.\d+\.\d+ for wasm32-wasip?1?$/), hint: expect.any(String), rendered: expect.stringContaining('error[E0308]: mismatched types') },
    });
    expect(run.stderr).toContain('error: cargo build failed with ');
  });

  it('run --bin --json: the build, the guest\'s captured output, exit code and timings', async () => {
    const run = await wasiKit(['run', '--bin', 'jsonic', '--json', '--env', 'GREETING=json', '--', 'x'], { cwd: projectDir, input: 'in' });
    expect(run.exitCode, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc).toEqual({
      command: 'run',
      ok: true,
      exitCode: 0,
      durationMs: expect.any(Number),
      build: expect.objectContaining({ command: 'build', ok: true, artifacts: [expect.objectContaining({ name: 'jsonic' })] }),
      run: {
        file: expect.stringMatching(/\/jsonic\.wasm$/),
        args: ['x'],
        durationMs: expect.any(Number),
        stdout: 'jsonic says hi\nargs: ["x"]\nGREETING: json\nstdin: "in" (2 bytes)\n',
        stderr: '',
      },
    });
  });

  it('run FILE --json passes the guest\'s exit code through, with no build', async () => {
    const wat = path.join(tempDir('json-wat'), 'exit.wat');
    writeFileSync(wat, '(module (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32))) (memory (export "memory") 1) (func (export "_start") (call $exit (i32.const 7))))');
    const run = await wasiKit(['run', wat, '--json']);
    expect(run.exitCode).toBe(7);
    expect(JSON.parse(run.stdout)).toEqual(runFileDocument(7, { file: wat, stdout: '', stderr: '' }));
  });

  it.each([[[]], [['--timeout', '10s']]])('run --json keeps what a guest printed before it trapped (%j: in this process, and across the child process)', async (flags) => {
    const wat = path.join(tempDir('json-trap'), 'trap.wat');
    writeFileSync(
      wat,
      `(module (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32))) (memory (export "memory") 1) (data (i32.const 16) "before\\n")
        (func (export "_start") (i32.store (i32.const 0) (i32.const 16)) (i32.store (i32.const 4) (i32.const 7)) (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))) unreachable))`,
    );
    const run = await wasiKit(['run', wat, '--json', ...flags]);
    expect(run.exitCode).toBe(134);
    expect(JSON.parse(run.stdout)).toEqual({
      ...runFileDocument(134, { file: wat, stdout: 'before\n', stderr: '' }),
      error: expect.objectContaining({ message: expect.stringMatching(/^wasm trap: wasm `unreachable` instruction executed/) }),
    });
  });
});

/** What `run FILE --json` prints for a guest run without arguments (no build). */
function runFileDocument(exitCode: number, run: { file: string; stdout: string; stderr: string }) {
  return { command: 'run', ok: exitCode === 0, exitCode, durationMs: expect.any(Number), build: null, run: { args: [], durationMs: expect.any(Number), ...run } };
}
