import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Trap, WasiError } from '../../src/failures.js';
import { GuestMemory } from '../../src/memory/guest-memory.js';
import { Errno } from '../../src/preview1/spec.js';

describe('GuestMemory', () => {
  const attached = (pages = 1) => {
    const wasm = new WebAssembly.Memory({ initial: pages, maximum: 4 });
    const memory = new GuestMemory();
    memory.attach(wasm);
    return { wasm, memory };
  };

  it('reads and writes little-endian integers', () => {
    const { memory } = attached();
    memory.setU32(8, 0x01020304);
    expect(memory.u8[8]).toBe(4);
    expect(memory.getU32(8)).toBe(0x01020304);
    memory.setU64(16, 2n ** 63n + 5n);
    expect(memory.getU64(16)).toBe(2n ** 63n + 5n);
    memory.setU64Number(24, 2 ** 40 + 3);
    expect(memory.getU64(24)).toBe(2n ** 40n + 3n);
    memory.setU16(32, 0xbeef);
    expect(memory.getU16(32)).toBe(0xbeef);
  });

  it('traps on out-of-bounds and misaligned pointers, including negative i32 pointers', () => {
    const { memory } = attached();
    expect(() => memory.getU32(65_534)).toThrow(Trap);
    expect(() => memory.getU32(2)).toThrow(/misaligned/);
    expect(() => memory.getU64(12)).toThrow(/misaligned/);
    expect(() => memory.bytes(-16, 4)).toThrow(Trap);
    expect(() => memory.bytes(65_536, 1)).toThrow(Trap);
    expect(memory.bytes(65_536, 0).length).toBe(0);
  });

  it('sees memory.grow after refresh()', () => {
    const { wasm, memory } = attached();
    wasm.grow(1);
    memory.refresh();
    memory.setU32(70_000, 9);
    expect(new DataView(wasm.buffer).getUint32(70_000, true)).toBe(9);
  });

  it('sees every grow: a memory that started empty, grow(0), and a shared memory (which grows without detaching)', () => {
    const empty = attached(0);
    empty.memory.refresh();
    expect(() => empty.memory.getU32(0)).toThrow(Trap);
    empty.wasm.grow(1);
    empty.memory.refresh();
    empty.memory.setU32(4, 7);
    expect(new DataView(empty.wasm.buffer).getUint32(4, true)).toBe(7);
    // grow(0) detaches the old buffer too: writes must land in the current one.
    empty.wasm.grow(0);
    empty.memory.refresh();
    empty.memory.setU32(8, 11);
    expect(new DataView(empty.wasm.buffer).getUint32(8, true)).toBe(11);

    // Shared, from this realm and from another one (a vm context's classes).
    const otherRealm = runInNewContext('WebAssembly') as typeof WebAssembly;
    for (const Memory of [WebAssembly.Memory, otherRealm.Memory]) {
      const wasm = new Memory({ initial: 1, maximum: 4, shared: true });
      const memory = new GuestMemory();
      memory.attach(wasm);
      expect(() => memory.getU32(70_000)).toThrow(Trap);
      wasm.grow(1);
      memory.refresh();
      memory.setU32(70_000, 9);
      expect(new DataView(wasm.buffer).getUint32(70_000, true)).toBe(9);
    }
  });

  it('decodes guest strings as strict UTF-8 (invalid bytes are EILSEQ)', () => {
    const { memory } = attached();
    memory.write(100, Buffer.from('héllo'));
    expect(memory.readString(100, 6)).toBe('héllo');
    memory.write(200, Uint8Array.of(0xff, 0xfe));
    expect(() => memory.readString(200, 2)).toThrow(WasiError);
    try {
      memory.readString(200, 2);
    } catch (error) {
      expect((error as WasiError).errno).toBe(Errno.ILSEQ);
    }
  });

  it('before a memory is attached (a start section calling WASI), any pointer traps, naming why', () => {
    const memory = new GuestMemory();
    // refresh() runs before every syscall: proc_exit, which needs no memory, must still work.
    expect(() => memory.refresh()).not.toThrow();
    // With node:wasi's code for a call before start().
    expect(() => memory.getU32(0)).toThrow(new Trap('the module has no exported memory attached to the WASI instance', 'ERR_WASI_NOT_STARTED'));
    expect(() => memory.getU32(0)).toThrow(expect.objectContaining({ code: 'ERR_WASI_NOT_STARTED' }));
  });
});
