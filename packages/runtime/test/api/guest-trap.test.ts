import { describe, expect, it } from 'vitest';
import { Trap } from '../../src/failures.js';
import { formatBacktrace, isTrap, toGuestTrap, wasmFrames, withDeepStacks } from '../../src/guest-trap.js';

/** A RuntimeError whose stack is V8's text for these frames (innermost first). */
function trapWith(message: string, frames: string[]): WebAssembly.RuntimeError {
  const error = new WebAssembly.RuntimeError(message);
  error.stack = [`RuntimeError: ${message}`, ...frames.map((frame) => `    at ${frame}`)].join('\n');
  return error;
}

// The frames V8 reports for a failing assert_eq! in a Rust 1.63 wasm32-wasi test binary.
const PANIC_FRAMES = [
  '__rust_start_panic (wasm://wasm/032ef732:wasm-function[786]:0x49787)',
  'rust_panic (wasm://wasm/032ef732:wasm-function[638]:0x41568)',
  '_ZN3std9panicking20rust_panic_with_hook17h6ac9107c42850161E (wasm://wasm/032ef732:wasm-function[637]:0x4152c)',
  '_ZN3std9panicking19begin_panic_handler28_$u7b$$u7b$closure$u7d$$u7d$17h8ef066ac4d1e7406E (wasm://wasm/032ef732:wasm-function[713]:0x44940)',
  '_ZN3std10sys_common9backtrace26__rust_end_short_backtrace17h42ab4cf7df7f372fE (wasm://wasm/032ef732:wasm-function[712]:0x4487f)',
  'rust_begin_unwind (wasm://wasm/032ef732:wasm-function[632]:0x40c63)',
  '_ZN4core9panicking9panic_fmt17h768731f43edd91bfE (wasm://wasm/032ef732:wasm-function[943]:0x532a4)',
  '_ZN4core9panicking19assert_failed_inner17hbd6c5b2b95f83365E (wasm://wasm/032ef732:wasm-function[945]:0x534f6)',
  '_ZN4core9panicking13assert_failed17h135e4860c49572d2E (wasm://wasm/032ef732:wasm-function[141]:0x4473)',
  '_ZN13failing_tests5tests23b_panics_with_a_message17hb6e4572336c73bffE (wasm://wasm/032ef732:wasm-function[145]:0x47f2)',
  '_ZN4core3ops8function6FnOnce9call_once17h0d3c4a2f5e6b7c8dE (wasm://wasm/032ef732:wasm-function[150]:0x4900)',
  'file:///x/run.js:10:5',
];

describe('GuestTrap messages', () => {
  it("names the user's function below Rust's panic machinery, demangled without its hash", () => {
    const trap = toGuestTrap(trapWith('unreachable', PANIC_FRAMES));
    expect(trap.message).toBe("wasm trap: wasm `unreachable` instruction executed in function 'failing_tests::tests::b_panics_with_a_message'");
    expect(trap.details).toBeUndefined();
    expect(trap.exitCode).toBe(134);
  });

  it('names v0-mangled and trait-impl functions of the user, skipping the standard library', () => {
    const trap = toGuestTrap(trapWith('unreachable', [
      'rust_begin_unwind (wasm://wasm/0012abcd:wasm-function[1]:0x10)',
      '_RNvNtCs1234_4core9panicking9panic_fmt (wasm://wasm/0012abcd:wasm-function[2]:0x20)',
      '_ZN51_$LT$sizer..Entry$u20$as$u20$core..fmt..Display$GT$3fmt17h0123456789abcdefE (wasm://wasm/0012abcd:wasm-function[3]:0x30)',
    ]));
    expect(trap.message).toBe("wasm trap: wasm `unreachable` instruction executed in function '<sizer::Entry as core::fmt::Display>::fmt'");
  });

  it.each([
    ['a std trait impl for a primitive, and allocation failure', ['_ZN4core9panicking9panic_fmt17h768731f43edd91bfE', 'rust_oom', '__rg_oom', '_ZN63_$LT$u8$u20$as$u20$alloc..vec..spec_from_elem..SpecFromElem$GT$9from_elem17h0123456789abcdefE', '_ZN12limits_probe4main17h0123456789abcdefE'], 'limits_probe::main'],
    ['std generic impls, closures and the test harness', ['_ZN81_$LT$alloc..vec..Vec$LT$T$C$A$GT$$u20$as$u20$core..ops..index..Index$LT$I$GT$$GT$5index17h0123456789abcdefE', '_ZN3app6lookup28_$u7b$$u7b$closure$u7d$$u7d$17h0123456789abcdefE'], 'app::lookup::{{closure}}'],
    ['a user type\'s impl of a user trait', ['_ZN4core6option15Option$LT$T$GT$6unwrap17h0123456789abcdefE', '_ZN45_$LT$app..Config$u20$as$u20$app..Validate$GT$5check17h0123456789abcdefE'], '<app::Config as app::Validate>::check'],
  ])('skips %s', (_, symbols, user) => {
    const trap = toGuestTrap(trapWith('unreachable', symbols.map((symbol, i) => `${symbol} (wasm://wasm/0012abcd:wasm-function[${i}]:0x${(i + 16).toString(16)})`)));
    expect(trap.message).toBe(`wasm trap: wasm \`unreachable\` instruction executed in function '${user}'`);
  });

  it('prints the backtrace in wasmtime\'s shape when asked, hashes kept, unnamed functions by index', () => {
    const trap = toGuestTrap(trapWith('unreachable', PANIC_FRAMES.slice(8, 10)), { backtrace: true });
    expect(trap.details).toBe(
      [
        'error while executing at wasm backtrace:',
        '    0:   0x4473 - <unknown>!core::panicking::assert_failed::h135e4860c49572d2',
        '    1:   0x47f2 - <unknown>!failing_tests::tests::b_panics_with_a_message::hb6e4572336c73bff',
        '',
      ].join('\n'),
    );
    // The frames of wasmtime's own trap_display_pretty test, as V8 reports that module.
    const frames = wasmFrames(['RuntimeError: unreachable', '    at m.die (wasm://wasm/m-80b87b6e:wasm-function[0]:0x23)', '    at m (wasm://wasm/m-80b87b6e:wasm-function[1]:0x27)', '    at m.foo (wasm://wasm/m-80b87b6e:wasm-function[2]:0x2c)', '    at wasm://wasm/80b87b6e:wasm-function[3]:0x31'].join('\n'));
    expect(formatBacktrace(frames)).toBe(['error while executing at wasm backtrace:', '    0:     0x23 - m!die', '    1:     0x27 - m!<wasm function 1>', '    2:     0x2c - m!foo', '    3:     0x31 - <unknown>!<wasm function 3>'].join('\n'));
  });

  it('words V8 trap kinds as wasmtime does and falls back to the index', () => {
    const trap = toGuestTrap(trapWith('divide by zero', ['wasm://wasm/0012abcd:wasm-function[7]:0x99']));
    expect(trap.message).toBe("wasm trap: integer divide by zero in function '<wasm function 7>'");
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

  it('keeps enough frames to reach the user below the panic machinery, and restores the limit', () => {
    const before = Error.stackTraceLimit;
    const depth = (n: number): Error => (n === 0 ? new Error('deep') : depth(n - 1));
    const frames = withDeepStacks(() => depth(40)).stack!.split('\n').length - 1;
    expect(frames).toBeGreaterThan(40);
    expect(Error.stackTraceLimit).toBe(before);
  });
});
