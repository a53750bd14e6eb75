import { isPair, isWide, PREVIEW1_ABI, type Preview1Name, signatureOf } from '../src/preview1/abi.js';
import { compileWat } from '../src/tools/wat.js';
import { MEMORY_PAGES } from './case.js';

/** The wasm parameter types of a preview1 function, from the ABI table. */
export function wasmParams(name: Preview1Name): ('i32' | 'i64')[] {
  const types: ('i32' | 'i64')[] = [];
  for (const { kind } of signatureOf(name)!.params) {
    if (isWide(kind)) types.push('i64');
    else if (isPair(kind)) types.push('i32', 'i32');
    else types.push('i32');
  }
  return types;
}

/** The functions a namespace has: snapshot 0 lacks sock_accept. */
export function functionsOf(namespace: string): Preview1Name[] {
  return (Object.keys(PREVIEW1_ABI) as Preview1Name[]).filter((name) => namespace !== 'wasi_unstable' || name !== 'sock_accept');
}

export function importDeclarations(namespace: string): string {
  return functionsOf(namespace).map((name) => {
    const result = PREVIEW1_ABI[name].result === 'errno' ? ' (result i32)' : '';
    return `  (import "${namespace}" "${name}" (func $${name} (param ${wasmParams(name).join(' ')})${result}))`;
  }).join('\n');
}

/**
 * A module that imports every preview1 function and exports each one again through a wasm
 * function, so the fuzzer's calls cross the same JS↔wasm boundary a guest's do (i32 wrap, i64
 * as BigInt). `_start` calls the host's `fuzz.drive`, which makes the case's calls.
 */
export async function trampolineModule(namespace: string): Promise<WebAssembly.Module> {
  const forwards = functionsOf(namespace).map((name) => {
    const params = wasmParams(name);
    const result = PREVIEW1_ABI[name].result === 'errno' ? ' (result i32)' : '';
    const gets = params.map((_, i) => `(local.get ${i})`).join(' ');
    return `  (func (export "${name}") (param ${params.join(' ')})${result} (call $${name} ${gets}))`;
  }).join('\n');
  const text = `(module
${importDeclarations(namespace)}
  (import "fuzz" "drive" (func $drive))
  (memory (export "memory") ${MEMORY_PAGES})
${forwards}
  (func (export "_start") (call $drive)))`;
  return new WebAssembly.Module(await compileWat(`fuzz-${namespace}.wat`, text));
}
