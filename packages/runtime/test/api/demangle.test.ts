import { describe, expect, it } from 'vitest';
import { demangle } from '../../src/demangle.js';

// Vectors from rustc-demangle's own tests (src/legacy.rs, src/v0.rs): `{}` is { hash: true }, `{:#}` is { hash: false }.
const plain = (symbol: string) => demangle(symbol, { hash: false });

describe('demangle: legacy _ZN…E', () => {
  it.each([
    ['_ZN4testE', 'test'],
    ['_ZN4test1a2bcE', 'test::a::bc'],
    ['_ZN4$RP$E', ')'],
    ['_ZN8$RF$testE', '&test'],
    ['_ZN8$BP$test4foobE', '*test::foob'],
    ['_ZN9$u20$test4foobE', ' test::foob'],
    ['_ZN35Bar$LT$$u5b$u32$u3b$$u20$4$u5d$$GT$E', 'Bar<[u32; 4]>'],
    ['_ZN12test$BP$test4foobE', 'test*test::foob'],
    ['__ZN4core5slice89_$LT$impl$u20$core..iter..traits..IntoIterator$u20$for$u20$$RF$$u27$a$u20$$u5b$T$u5d$$GT$9into_iter17h450e234d27262170E', "core::slice::<impl core::iter::traits::IntoIterator for &'a [T]>::into_iter::h450e234d27262170"],
    ['ZN12test$RF$test4foobE', 'test&test::foob'],
    ['_ZN13_$LT$test$GT$E', '<test>'],
    ['_ZN28_$u7b$$u7b$closure$u7d$$u7d$E', '{{closure}}'],
    ['_ZN3fooE.llvm.9D1C9369', 'foo'],
    ['_ZN3fooE.llvm.9D1C9369@@16', 'foo'],
    ['_ZN4core5slice77_$LT$impl$u20$core..ops..index..IndexMut$LT$I$GT$$u20$for$u20$$u5b$T$u5d$$GT$9index_mut17haf9727c2edfbc47bE.exit.i.i', 'core::slice::<impl core::ops::index::IndexMut<I> for [T]>::index_mut::haf9727c2edfbc47b.exit.i.i'],
  ])('%s', (symbol, expected) => expect(demangle(symbol)).toBe(expected));

  it.each([
    ['_ZN3foo17h05af221e174051e9E', 'foo'],
    ['_ZN3foo3barE', 'foo::bar'],
    ['_ZN3foo20h05af221e174051e9abcE', 'foo'],
    ['_ZN17h05af221e174051e93fooE', 'h05af221e174051e9::foo'],
    ['_ZN3foo17hg5af221e174051e9E', 'foo::hg5af221e174051e9'],
    ['_ZN13failing_tests5tests23b_panics_with_a_message17hb6e4572336c73bffE', 'failing_tests::tests::b_panics_with_a_message'],
  ])('%s without its hash', (symbol, expected) => expect(plain(symbol)).toBe(expected));
});

describe('demangle: v0 _R…', () => {
  it.each([
    ['_RNvC6_123foo3bar', '123foo::bar'],
    ['_RNqCs4fqI2P2rA04_11utf8_identsu30____7hkackfecea1cbdathfdh9hlq6y', 'utf8_idents::საჭმელად_გემრიელი_სადილი'],
    ['_RNCNCNgCs6DXkGYLi8lr_2cc5spawn00B5_', 'cc::spawn::{closure#0}::{closure#0}'],
    ['_RNCINkXs25_NgCsbmNqQUJIY6D_4core5sliceINyB9_4IterhENuNgNoBb_4iter8iterator8Iterator9rpositionNCNgNpB9_6memchr7memrchrs_0E0Bb_', '<core::slice::Iter<u8> as core::iter::iterator::Iterator>::rposition::<core::slice::memchr::memrchr::{closure#1}>::{closure#0}'],
    ['_RINbNbCskIICzLVDPPb_5alloc5alloc8box_freeDINbNiB4_5boxed5FnBoxuEp6OutputuEL_ECs1iopQbuBiw2_3std', 'alloc::alloc::box_free::<dyn alloc::boxed::FnBox<(), Output = ()>>'],
    ['_RMC0INtC8arrayvec8ArrayVechKj7b_E', '<arrayvec::ArrayVec<u8, 123>>'],
    ['_RIC0Kj7b_E', '::<123>'],
    ['_RIC0Kanb_E', '::<-11>'],
    ['_RIC0Kc76_E', "::<'v'>"],
    ['_RIC0Kca_E', "::<'\\n'>"],
    ['_RIC0Ke616263_E', '::<{*"abc"}>'],
    ['_RIC0KRe616263_E', '::<"abc">'],
    ['_RIC0KRRRh0_E', '::<{&&&0}>'],
    ['_RIC0KAh1_h2_h3_EE', '::<{[1, 2, 3]}>'],
    ['_RIC0KTj0_EE', '::<{(0,)}>'],
    ['_RIC0KVNvINtNtC4core6option6OptionjE4SomeTj0_EE', '::<{core::option::Option::<usize>::Some(0)}>'],
    ['_RIC0KVNtC3foo3BarS1sRe616263_2chc78_5sliceRAh1_h2_h3_EEE', '::<{foo::Bar { s: "abc", ch: \'x\', slice: &[1, 2, 3] }}>'],
    ['_RMC0TTTpB5_EB4_EB3_E', '<(((_, _), (_, _)), ((_, _), (_, _)))>'],
    ['_RC3foo.llvm.9D1C9369', 'foo'],
    ['_RNvNtNtNtNtCs92dm3009vxr_4rand4rngs7adapter9reseeding4fork23FORK_HANDLER_REGISTERED.0.0', 'rand::rngs::adapter::reseeding::fork::FORK_HANDLER_REGISTERED.0.0'],
    ['_RMC0FG_RL0_hEu', "<for<'a> fn(&'a u8)>"],
    ['_RMC0FUKCEu', '<unsafe extern "C" fn()>'],
    ['_RMC0DNtC5krate5TraitEL_', '<dyn krate::Trait>'],
  ])('%s', (symbol, expected) => expect(plain(symbol)).toBe(expected));

  it('keeps crate disambiguators and constant types with the hash, as wasmtime prints them', () => {
    expect(demangle('_RNvCs1234_7mycrate4main')).toBe('mycrate[3c1c0]::main');
    expect(demangle('_RIC0Kj7b_E')).toBe('::<123usize>');
    expect(demangle('_RC4f128')).toBe('f128');
  });

  it('leaves anything else as it is', () => {
    for (const symbol of ['main', '__rust_start_panic', '_ZN3foo', '_ZN3fooEjunk', '_RNvC', '_Rx', '_RBz_', 'wasm-function[3]']) expect(demangle(symbol)).toBe(symbol);
  });
});
