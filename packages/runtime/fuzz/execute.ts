import { openSync } from 'node:fs';
import { isUserError } from '@wasi-kit/errors';
import { ProcExit } from '../src/failures.js';
import { isTrap } from '../src/guest-trap.js';
import { PREVIEW1_ABI } from '../src/preview1/abi.js';
import { Errno } from '../src/preview1/spec.js';
import { traceImports } from '../src/tools/strace.js';
import { WASI } from '../src/wasi.js';
import { type FuzzCall, type FuzzCase, MEMORY_BYTES, namespaceOf } from './case.js';
import { changes, type FuzzSandbox, GUEST_RO, GUEST_RW, snapshot } from './layout.js';

/** Where a case went wrong, in one line, and at which call (-1: after the calls). */
export interface Finding {
  call: number;
  problem: string;
}

/** How calls ended, over a whole run: a measure of how deep the fuzzer gets. */
export const outcomes = { success: 0, errno: 0, trap: 0, exit: 0 };

/** Makes the calls of a case one by one: the next call may depend on what the last one returned. */
export type CallSource = (index: number) => FuzzCall | undefined;

const HIGHEST_ERRNO = Errno.NOTCAPABLE;
const devNull = openSync('/dev/null', 'w');

/**
 * Runs one case in a fresh WASI instance over the sandbox: every call through the trampoline,
 * every result checked (a witx errno, or a trap, or proc_exit), the trace lines checked when
 * traced, and the files outside the grants compared before and after. The calls made are
 * appended to `fuzzCase.calls`, so a finding can be replayed exactly.
 */
export function runCase(modules: Record<string, WebAssembly.Module>, sandbox: FuzzSandbox, fuzzCase: FuzzCase, source: CallSource, onOpened: (fd: number) => void): Finding | undefined {
  const before = snapshot(sandbox);
  let finding: Finding | undefined;
  const wasi = new WASI({
    version: fuzzCase.unstable ? 'unstable' : 'preview1',
    args: ['fuzz'],
    env: {},
    preopens: { [GUEST_RW]: sandbox.rw, [GUEST_RO]: { path: sandbox.ro, readonly: true } },
    stdin: Uint8Array.of(0x69, 0x6e),
    stdout: devNull,
    stderr: devNull,
    returnOnExit: true,
  });
  let imports = wasi.getImportObject() as Record<string, Record<string, unknown>>;
  let attach: ((instance: WebAssembly.Instance) => void) | undefined;
  if (fuzzCase.traced) {
    const tracer = traceImports(imports, {
      write: (line) => {
        // A trace line is one line of text a guest cannot use to drive the terminal.
        if (/[\u0000-\u001f\u007f-\u009f]/.test(line)) finding ??= { call: fuzzCase.calls.length - 1, problem: `trace line holds a control character: ${JSON.stringify(line)}` };
      },
      close: () => {},
    });
    imports = tracer.imports;
    attach = tracer.attach;
  }

  let instance: WebAssembly.Instance | undefined;
  const drive = (): void => {
    const exports = instance!.exports as Record<string, (...args: (number | bigint)[]) => number>;
    const memory = instance!.exports.memory as WebAssembly.Memory;
    for (let index = 0; ; index++) {
      const call = source(index);
      if (call === undefined) return;
      fuzzCase.calls.push(call);
      const bytes = new Uint8Array(memory.buffer);
      for (const write of call.writes) if (write.at >= 0 && write.at + write.bytes.length <= bytes.length) bytes.set(write.bytes, write.at);
      let result: number;
      try {
        result = exports[call.name]!(...call.args);
      } catch (error) {
        if (error instanceof ProcExit) {
          outcomes.exit++;
          throw error;
        }
        // A trap ends the guest, as it would a real one.
        if (isTrap(error)) {
          outcomes.trap++;
          return;
        }
        finding = { call: index, problem: `host error (exit 70 in wasi-kit run): ${describe(error)}` };
        return;
      }
      if (PREVIEW1_ABI[call.name].result === 'errno' && !(Number.isInteger(result) && result >= 0 && result <= HIGHEST_ERRNO)) {
        finding = { call: index, problem: `returned ${String(result)}, which is not a witx errno` };
        return;
      }
      if (finding !== undefined) return;
      if (result === 0) outcomes.success++;
      else outcomes.errno++;
      if (result === 0 && (call.name === 'path_open' || call.name === 'sock_accept')) {
        const out = (call.args[call.args.length - 1] as number) >>> 0;
        if (out + 4 <= MEMORY_BYTES) onOpened(new DataView(memory.buffer).getUint32(out, true));
      }
    }
  };

  try {
    instance = new WebAssembly.Instance(modules[namespaceOf(fuzzCase)]!, { ...imports, fuzz: { drive } } as WebAssembly.Imports);
    attach?.(instance);
    wasi.start(instance);
  } catch (error) {
    // proc_exit above 125 is the user-facing "outside WASI's 0..125" error: one line, exit 1.
    if (!isUserError(error) && !isTrap(error)) finding ??= { call: fuzzCase.calls.length - 1, problem: `host error (exit 70 in wasi-kit run): ${describe(error)}` };
  }
  if (finding !== undefined) return finding;
  const changed = changes(before, snapshot(sandbox));
  if (changed.length > 0) return { call: -1, problem: `changed outside the grants: ${changed.join('; ')}` };
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
