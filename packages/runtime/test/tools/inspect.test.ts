import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidModule, NotWasm } from '../../src/module-errors.js';
import { inspectFile } from '../../src/tools/inspect.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const write = (name: string, content: string | Uint8Array) => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'wasi-kit-inspect-')), name);
  writeFileSync(file, content);
  return file;
};

describe('inspectFile', () => {
  it('separates WASI imports by namespace from other imports', async () => {
    const file = write('mixed.wat', `(module
      (import "wasi_unstable" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
      (import "env" "memory" (memory 2 4))
      (import "env" "tick" (func (param i64) (result f64))))`);
    const report = await inspectFile(file);
    expect(report.wasi).toEqual([
      { namespace: 'wasi_unstable', functions: ['fd_write'] },
      { namespace: 'wasi_snapshot_preview1', functions: ['proc_exit'] },
    ]);
    expect(report.otherImports).toEqual([
      { module: 'env', name: 'memory', kind: 'memory' },
      { module: 'env', name: 'tick', kind: 'func', signature: '(i64) -> f64' },
    ]);
    expect(report.memories).toEqual([{ min: 2, max: 4, shared: false, memory64: false, importedFrom: 'env.memory', minBytes: 131072, maxBytes: 262144 }]);
  });

  it('reports exports of every kind', async () => {
    const report = await inspectFile(fixture('math.wat'));
    expect(report.exports.map((entry) => entry.kind)).toEqual(['func', 'func', 'func', 'func', 'func', 'global']);
    expect(report.format).toBe('core');
  });

  it('reads an empty component: its preamble and an empty world', async () => {
    const report = await inspectFile(write('c.wasm', new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0])));
    expect(report).toMatchObject({ format: 'component', version: 13, layer: 1, exports: [], wasi: [], world: { imports: [], exports: [] } });
  });

  it('gives V8\'s message for a module it cannot read', async () => {
    const cut = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 7, 20, 1]);
    await expect(inspectFile(write('cut.wasm', cut))).rejects.toThrow(InvalidModule);
    await expect(inspectFile(write('text.wasm', 'hello'))).rejects.toThrow(NotWasm);
  });
});
