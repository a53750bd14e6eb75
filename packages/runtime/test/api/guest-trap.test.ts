import { describe, expect, it } from 'vitest';
import { Trap } from '../../src/failures.js';
import { demangle, isTrap, toGuestTrap } from '../../src/guest-trap.js';

describe('GuestTrap messages', () => {
  it('demangles Rust legacy symbols and drops the hash', () => {
    expect(demangle('_ZN5sizer4main17h0123456789abcdefE')).toBe('sizer::main');
    expect(demangle('_ZN4core9panicking5panic17h0123456789abcdefE')).toBe('core::panicking::panic');
    expect(demangle('plain_name')).toBe('plain_name');
  });

  it("names the first frame that is not Rust's runtime", () => {
    const error = new WebAssembly.RuntimeError('unreachable');
    error.stack = [
      'RuntimeError: unreachable',
      '    at __rust_start_panic (wasm://wasm/0012abcd:wasm-function[40]:0x1234)',
      '    at _ZN4core9panicking5panic17h0123456789abcdefE (wasm://wasm/0012abcd:wasm-function[41]:0x1300)',
      '    at _ZN5sizer4main17h0123456789abcdefE (wasm://wasm/0012abcd:wasm-function[12]:0x400)',
      '    at _start (wasm://wasm/0012abcd:wasm-function[3]:0x100)',
    ].join('\n');
    expect(toGuestTrap(error).message).toBe("wasm trap: unreachable instruction executed in function 'sizer::main'");
  });

  it('words V8 trap kinds as wasmtime does and falls back to the function index', () => {
    const error = new WebAssembly.RuntimeError('divide by zero');
    error.stack = 'RuntimeError: divide by zero\n    at wasm://wasm/0012abcd:wasm-function[7]:0x99';
    expect(toGuestTrap(error).message).toBe("wasm trap: integer divide by zero in function 'wasm-function[7]'");
    const oob = new WebAssembly.RuntimeError('memory access out of bounds');
    oob.stack = 'RuntimeError: memory access out of bounds';
    expect(toGuestTrap(oob).message).toBe('wasm trap: out of bounds memory access');
  });

  it('recognises traps: V8 runtime errors, host Traps and stack exhaustion, not other errors', () => {
    expect(isTrap(new WebAssembly.RuntimeError('unreachable'))).toBe(true);
    expect(isTrap(new Trap('out-of-bounds pointer'))).toBe(true);
    expect(isTrap(new RangeError('Maximum call stack size exceeded'))).toBe(true);
    expect(isTrap(new TypeError('x is not a function'))).toBe(false);
    const trap = toGuestTrap(new RangeError('Maximum call stack size exceeded'));
    expect(trap.message).toBe('wasm trap: call stack exhausted');
    expect(trap.exitCode).toBe(134);
  });
});
