import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { wat } from '../api/wat.js';
import { componentFile } from '../helpers/component.js';
import { tempDir } from '../preview1/harness.js';

// Node tracks the fds a worker_threads Worker opens through fs, and warns ("File descriptor N
// closed but not opened in unmanaged mode") when fs.closeSync closes one it did not open. The
// native strategy opens guest files with the addon, so each host fd must be closed by its opener.
const bundle = pathToFileURL(fileURLToPath(new URL('../../dist/bundle/runtime.js', import.meta.url))).href;

// path_open + fd_close of a file and of a directory, 20 times each, then one file left open for
// the runtime to close at exit; a failing call exits with 10 + its step.
const OPEN_CLOSE = `(module
  (import "wasi_snapshot_preview1" "path_open" (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "file")
  (data (i32.const 32) "dir")
  (func $check (param $errno i32) (param $step i32)
    (if (local.get $errno) (then (call $exit (i32.add (i32.const 10) (local.get $step))))))
  (func (export "_start") (local $i i32)
    (loop $again
      (call $check (call $open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 4) (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0)) (i32.const 0))
      (call $check (call $close (i32.load (i32.const 0))) (i32.const 1))
      (call $check (call $open (i32.const 3) (i32.const 0) (i32.const 32) (i32.const 3) (i32.const 2) (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 0)) (i32.const 2))
      (call $check (call $close (i32.load (i32.const 0))) (i32.const 3))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (i32.const 20))))
    (call $check (call $open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 4) (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0)) (i32.const 4))))`;

describe('host fds in a worker_threads Worker', () => {
  it.each([
    ['native', 'module'],
    ['procfs', 'module'],
    ['native', 'component'],
  ])('the %s strategy closes each fd of a %s through its opener: no "closed but not opened" warning', async (strategy, kind) => {
    const root = tempDir('worker-close');
    writeFileSync(path.join(root, 'file'), 'x');
    mkdirSync(path.join(root, 'dir'));
    const core = path.join(root, 'open-close.wasm');
    writeFileSync(core, await wat(OPEN_CLOSE));
    // The component is the same module behind the preview1 adapter: wasi:filesystem's open-at and drop.
    const module = kind === 'component' ? await componentFile(core, 'open-close-p2.wasm') : core;
    const inWorker = `
      const { run } = await import(${JSON.stringify(bundle)});
      const { exitCode } = await run(${JSON.stringify(module)}, { preopens: { '/': ${JSON.stringify(root)} } });
      console.log('exit ' + exitCode);`;
    const main = `
      import { Worker } from 'node:worker_threads';
      new Worker(${JSON.stringify(`(async () => {${inWorker}})()`)}, { eval: true });`;
    const env = { ...process.env, WASI_KIT_NATIVE: strategy === 'native' ? '1' : '0' };
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', main], { encoding: 'utf8', env });
    expect(result.stdout.trim()).toBe('exit 0');
    expect(result.stderr).not.toMatch(/Warning|closed but not opened/);
    expect(result.status).toBe(0);
  });
});
