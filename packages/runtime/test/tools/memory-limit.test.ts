import { describe, expect, it } from 'vitest';
import { MemoryCapTooSmall } from '../../src/module-errors.js';
import { capMemory, PAGE_SIZE } from '../../src/tools/memory-limit.js';
import { readModule, type CoreModuleInfo } from '../../src/tools/module-reader.js';
import { compileWat } from '../../src/tools/wat.js';

// grow(n) returns memory.grow's result: the old size in pages, or -1 when refused.
const GROWER = (limits: string) => `(module (memory (export "memory") ${limits})
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`;

async function capped(limits: string, maxBytes: number) {
  const bytes = await compileWat('grower.wat', GROWER(limits));
  const patched = capMemory(bytes, readModule(bytes) as CoreModuleInfo, maxBytes, 'grower.wat', `${maxBytes}`);
  const { instance } = await WebAssembly.instantiate(patched);
  return { patched, grow: instance.exports.grow as (pages: number) => number };
}

describe('capMemory', () => {
  it('makes memory.grow return -1 past the cap and succeed up to it', async () => {
    const { grow } = await capped('1', 4 * PAGE_SIZE);
    expect(grow(2)).toBe(1);
    expect(grow(2)).toBe(-1);
    expect(grow(1)).toBe(3);
    expect(grow(1)).toBe(-1);
  });

  it('keeps a module\'s own smaller maximum', async () => {
    const { patched, grow } = await capped('1 2', 64 * PAGE_SIZE);
    expect((readModule(patched) as CoreModuleInfo).memories).toEqual([{ min: 1, max: 2, shared: false, memory64: false }]);
    expect(grow(2)).toBe(-1);
  });

  it('rounds the cap down to whole 64 KiB pages', async () => {
    const { patched } = await capped('1', 3 * PAGE_SIZE + 1000);
    expect((readModule(patched) as CoreModuleInfo).memories[0]?.max).toBe(3);
  });

  it('refuses a cap below the initial size, naming both', async () => {
    await expect(capped('17', 16 * PAGE_SIZE)).rejects.toThrow(MemoryCapTooSmall);
    await expect(capped('17', 16 * PAGE_SIZE)).rejects.toThrow(/needs 17 pages \(1\.06MiB\) of memory at start, more than --max-memory 1048576 \(16 pages\)/);
  });

  it('leaves a module without memory unchanged', async () => {
    const bytes = await compileWat('none.wat', '(module (func (export "f")))');
    expect(capMemory(bytes, readModule(bytes) as CoreModuleInfo, PAGE_SIZE, 'none.wat', '64KiB')).toBe(bytes);
  });
});
