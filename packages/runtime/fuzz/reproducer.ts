import { PREVIEW1_ABI } from '../src/preview1/abi.js';
import { type FuzzCase, MEMORY_PAGES, namespaceOf } from './case.js';
import { GUEST_RO, GUEST_RW } from './layout.js';
import { importDeclarations, wasmParams } from './trampoline.js';

function dataString(bytes: Uint8Array): string {
  return [...bytes].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
}

/**
 * A case as a standalone command module: each call's memory set-up (passive data segments copied
 * with memory.init) and the call itself, with the exact argument values. `wasi-kit run` runs it.
 */
export function reproducerWat(fuzzCase: FuzzCase): string {
  const segments: string[] = [];
  const body: string[] = [];
  for (const call of fuzzCase.calls) {
    for (const write of call.writes) {
      const id = segments.length;
      segments.push(`  (data $d${id} "${dataString(write.bytes)}")`);
      body.push(`    (memory.init $d${id} (i32.const ${write.at}) (i32.const 0) (i32.const ${write.bytes.length}))`);
    }
    const types = wasmParams(call.name);
    const args = call.args.map((value, i) => `(${types[i]}.const ${typeof value === 'bigint' ? BigInt.asIntN(64, value) : value | 0})`).join(' ');
    const invoke = `(call $${call.name} ${args})`;
    body.push(PREVIEW1_ABI[call.name].result === 'errno' ? `    (drop ${invoke})` : `    ${invoke}`);
  }
  return `;; ${fuzzCase.label}
(module
${importDeclarations(namespaceOf(fuzzCase))}
  (memory (export "memory") ${MEMORY_PAGES})
${segments.join('\n')}
  (func (export "_start")
${body.join('\n')}))
`;
}

/** The command that runs a reproducer against a copy of the fuzzer's sandbox. */
export function reproducerCommand(watFile: string, rw: string, ro: string, traced: boolean): string {
  return `wasi-kit run${traced ? ' --trace' : ''} --dir ${rw}::${GUEST_RW} --dir ${ro}::${GUEST_RO}::ro ${watFile}`;
}
