import { printable } from '@wasi-kit/errors';
import { InvokeMismatch } from '../module-errors.js';
import { formatFuncType, type CoreModuleInfo, type FuncType, type ValueType } from './module-reader.js';

export type WasmValue = number | bigint;

/** The value types a command-line argument can be parsed into and a result printed from. */
const COMMAND_LINE_TYPES: readonly ValueType[] = ['i32', 'i64', 'f32', 'f64'];

/** Checks `--invoke NAME ARGS…` against the export's signature and parses each argument by its type. */
export function parseInvocation(file: string, info: CoreModuleInfo, requested: string, texts: string[]): { type: FuncType; args: WasmValue[] } {
  const listing = `exported functions: ${listFunctions(info)}`;
  const exported = info.exports.find((candidate) => candidate.name === requested);
  const name = printable(requested);
  if (!exported) throw new InvokeMismatch(`${file} has no export "${name}"; ${listing}`, { hint: 'call one of them with --invoke NAME [ARGS…]' });
  if (exported.kind !== 'func' || !exported.type) {
    throw new InvokeMismatch(`export "${name}" of ${file} is a ${exported.kind}, not a function; ${listing}`, { hint: 'call a function with --invoke NAME [ARGS…]' });
  }
  const type = exported.type;
  const foreign = [...type.params, ...type.results].find((valueType) => !COMMAND_LINE_TYPES.includes(valueType));
  if (foreign !== undefined) {
    throw new InvokeMismatch(`${name}${formatFuncType(type)} uses ${foreign}, which cannot be passed to or printed from the command line; ${listing}`, {
      hint: 'invoke a function whose parameters and results are i32, i64, f32 or f64',
    });
  }
  const signature = `${name}${formatFuncType(type)}`;
  if (texts.length !== type.params.length) {
    const wanted = type.params.length === 1 ? '1 argument' : `${type.params.length} arguments`;
    throw new InvokeMismatch(`${signature} takes ${wanted}, got ${texts.length}; ${listing}`, { hint: `for example: --invoke ${name} ${type.params.map(example).join(' ')}`.trimEnd() });
  }
  const args = type.params.map((param, i) => {
    const value = parseValue(param, texts[i]!);
    if (value === undefined) {
      throw new InvokeMismatch(`${signature}: argument ${i + 1} "${texts[i]}" is not a valid ${param}; ${listing}`, { hint: `for example: --invoke ${name} ${type.params.map(example).join(' ')}` });
    }
    return value;
  });
  return { type, args };
}

/** Wasm results arrive as a value, an array (multi-value) or undefined; print each on its own line. */
export function resultValues(raw: unknown, type: FuncType): WasmValue[] {
  if (type.results.length === 0) return [];
  const values = type.results.length === 1 ? [raw] : (raw as unknown[]);
  return values.map((value) => (typeof value === 'bigint' || typeof value === 'number' ? value : Number(value)));
}

export function formatValue(value: WasmValue): string {
  return String(value);
}

const INTEGER = /^[+-]?(0x[0-9a-f]+|[0-9]+)$/i;

export function parseValue(type: ValueType, text: string): WasmValue | undefined {
  switch (type) {
    case 'i32': {
      const value = parseInteger(text, 32);
      return value === undefined ? undefined : Number(value);
    }
    case 'i64':
      return parseInteger(text, 64);
    case 'f32':
    case 'f64':
      return parseFloatText(text);
    default:
      return undefined; // v128 and references cannot be written on a command line
  }
}

/** Accepts the signed and the unsigned range (wasm integers have no sign), as wasmtime does. */
function parseInteger(text: string, bits: 32 | 64): bigint | undefined {
  if (!INTEGER.test(text)) return undefined;
  const negative = text.startsWith('-');
  const magnitude = BigInt(text.replace(/^[+-]/, ''));
  const value = negative ? -magnitude : magnitude;
  if (value < -(1n << BigInt(bits - 1)) || value >= 1n << BigInt(bits)) return undefined;
  return BigInt.asIntN(bits, value);
}

function parseFloatText(text: string): number | undefined {
  const lower = text.toLowerCase().replace(/^\+/, '');
  if (lower === 'nan' || lower === '-nan') return Number.NaN;
  if (lower === 'inf' || lower === 'infinity') return Number.POSITIVE_INFINITY;
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  if (!/^-?([0-9]+\.?[0-9]*|\.[0-9]+)(e[+-]?[0-9]+)?$/.test(lower)) return undefined;
  return Number(lower);
}

function example(type: ValueType): string {
  return type === 'f32' || type === 'f64' ? '1.5' : '1';
}

function listFunctions(info: CoreModuleInfo): string {
  const functions = info.exports.filter((candidate) => candidate.kind === 'func' && candidate.type);
  if (functions.length === 0) return '(none)';
  return functions.map((exported) => `${printable(exported.name)}${formatFuncType(exported.type!)}`).join(', ');
}
