import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, wasiKit } from './helpers/cli.js';

const WAT = fileURLToPath(new URL('./fixtures/wat/', import.meta.url));

describe('wasi-kit inspect', () => {
  it('shows WASI imports, exports with signatures, memory and custom sections', async () => {
    const run = await wasiKit(['inspect', 'reactor.wat'], { cwd: WAT });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      expect.stringMatching(/^reactor\.wat: core module \(version 1\), \d+B$/),
      'WASI: wasi_snapshot_preview1, 2 function(s): fd_write, proc_exit',
      'other imports: none',
      'exports:',
      '  memory memory',
      '  func   _initialize () -> ()',
      '  func   greet () -> i32',
      '  func   quit (i32) -> ()',
      'memory:',
      '  min 1 page (64KiB), no maximum',
      'custom sections:',
      expect.stringMatching(/^ {2}name {2}\d+B \(\d+ bytes\)$/),
    ]);
  });

  it('--json reports the same in a form scripts can read', async () => {
    const run = await wasiKit(['inspect', '--json', 'unknown-imports.wat'], { cwd: WAT });
    expect(run.exitCode, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      format: 'core',
      version: 1,
      wasi: [{ namespace: 'wasi_snapshot_preview1', functions: ['fd_wrte'] }],
      otherImports: [{ module: 'env', name: 'log_number', kind: 'func', signature: '(i32) -> ()' }],
      exports: [{ name: 'memory', kind: 'memory' }, { name: '_start', kind: 'func', signature: '() -> ()' }],
      memories: [{ min: 1, shared: false, memory64: false, minBytes: 65536 }],
    });
  });

  it('tells a component-model binary from a core module and lists its (empty) world', async () => {
    const file = path.join(tempDir('inspect'), 'app.component.wasm');
    writeFileSync(file, new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]));
    const run = await wasiKit(['inspect', '--json', file]);
    expect(JSON.parse(run.stdout)).toMatchObject({ format: 'component', version: 0x0d, layer: 1, world: { imports: [], exports: [] } });
    const text = await wasiKit(['inspect', file]);
    expect(text.stdout.split('\n')).toEqual([`${file}: component (layer 1, version 0xd), 8B`, 'imports: none', 'exports: none']);
  });

  it('refuses a file that is not wasm with one line', async () => {
    const file = path.join(tempDir('inspect'), 'notes.wasm');
    writeFileSync(file, 'notes\n');
    const run = await wasiKit(['inspect', file]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr.split('\n')[0]).toBe(`error: ${file} is not a WebAssembly module: it looks like a text file (starting "notes")`);
  });

  describe('a Rust module built with cargo (the sizer template)', () => {
    let wasm: string;
    beforeAll(async () => {
      const workspace = tempDir('inspect-sizer');
      expect((await wasiKit(['new', 'sizer'], { cwd: workspace })).exitCode).toBe(0);
      const built = await wasiKit(['build'], { cwd: path.join(workspace, 'sizer') });
      expect(built.exitCode, built.stderr).toBe(0);
      wasm = built.stdout.trim();
    });

    it('lists the preview1 functions std uses, _start, its memory and its debug sections', async () => {
      const report = JSON.parse((await wasiKit(['inspect', '--json', wasm])).stdout);
      expect(report.format).toBe('core');
      expect(report.wasi).toHaveLength(1);
      expect(report.wasi[0].namespace).toBe('wasi_snapshot_preview1');
      expect(report.wasi[0].functions).toEqual(expect.arrayContaining(['fd_write', 'path_open', 'fd_readdir', 'proc_exit', 'fd_prestat_get']));
      expect(report.otherImports).toEqual([]);
      expect(report.exports).toContainEqual({ name: '_start', kind: 'func', signature: '() -> ()' });
      expect(report.memories[0].min).toBeGreaterThanOrEqual(16);
      expect(report.customSections.map((section: { name: string }) => section.name)).toEqual(expect.arrayContaining(['.debug_info', 'name', 'producers']));
    });
  });
});
