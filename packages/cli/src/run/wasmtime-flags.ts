import { WasiKitError } from '../errors.js';
import { EXIT } from '../output.js';

/**
 * wasmtime's spellings of `run`'s options, translated into wasi-kit's own: `--env NAME` (inherit),
 * `-W timeout=…,max-memory-size=…`, `-S inherit-env`, and a precise hint for what has no
 * counterpart here (`--mapdir`, `-O`/`-C`/`-D`, networking, proposals V8 decides).
 * Keys follow wasmtime's crates/cli-flags (`wasm_options!`, `wasi_options!`).
 */

/** What the wasmtime flags of one command line come to, in `wasi-kit run`'s terms. */
export interface WasmtimeSettings {
  timeout?: string;
  maxMemory?: string;
  /** `-S inherit-env`: the whole host environment, under the `--env` flags. */
  inheritEnv: boolean;
}

/**
 * The `--env` option's parser: `NAME=VALUE` as given; `NAME` alone takes NAME's value from this
 * process's environment and, like wasmtime, leaves it unset in the guest when the host has none.
 */
export function collectEnv(spec: string, previous: string[], hostEnv: NodeJS.ProcessEnv = process.env): string[] {
  if (spec.includes('=')) return [...previous, spec];
  if (!/^[^\s=]+$/.test(spec)) throw new WasiKitError(`--env ${JSON.stringify(spec)}: expected NAME=VALUE, or NAME to pass on the host's value`, { hint: 'for example --env RUST_LOG=debug or --env HOME', exitCode: EXIT.usage });
  const value = hostEnv[spec];
  return value === undefined ? previous : [...previous, `${spec}=${value}`];
}

/** `-W`: wasm options. Only the limits map onto wasi-kit; everything else is V8's to decide. */
const WASM_KEYS: Record<string, (value: string | undefined, settings: WasmtimeSettings) => void> = {
  timeout: (value, settings) => void (settings.timeout = required('-W timeout', value, '2s')),
  'max-memory-size': (value, settings) => void (settings.maxMemory = wasmtimeNumber(required('-W max-memory-size', value, '67108864'))),
};
/** Proposals V8 has had on by default since Node 20: asking for them changes nothing. */
const ALWAYS_ON_PROPOSALS = new Set(['simd', 'bulk-memory', 'multi-value', 'reference-types', 'tail-call']);

/** `-S`: WASI options. wasi-kit is a preview1 host: files, clocks, random, args and env. */
const WASI_KEYS: Record<string, (enabled: boolean, settings: WasmtimeSettings) => void> = {
  'inherit-env': (enabled, settings) => void (settings.inheritEnv = enabled),
};
/** `-S` keys whose default (on) is what wasi-kit always does; turning them off is not possible. */
const WASI_ALWAYS_ON = new Set(['cli', 'common', 'inherit-stdin', 'inherit-stdout', 'inherit-stderr']);
const WASI_NOT_PROVIDED: Record<string, string> = {
  tcp: 'sockets', udp: 'sockets', 'inherit-network': 'sockets', 'allow-ip-name-lookup': 'sockets', network: 'sockets', tcplisten: 'sockets', listenfd: 'sockets',
  http: 'wasi-http', nn: 'wasi-nn', 'nn-graph': 'wasi-nn', threads: 'wasi-threads', keyvalue: 'wasi-keyvalue', config: 'wasi-config', 'config-var': 'wasi-config', tls: 'wasi-tls',
};

/** Reads every `-W` and `-S` value (each a comma-separated list, as wasmtime takes them). */
export function wasmtimeSettings(wasm: string[], wasi: string[]): WasmtimeSettings {
  const settings: WasmtimeSettings = { inheritEnv: false };
  for (const [key, value] of options(wasm)) {
    const apply = WASM_KEYS[key];
    if (apply) apply(value, settings);
    else if (ALWAYS_ON_PROPOSALS.has(key) && isYes(`-W ${key}`, value)) continue;
    else throw usage(`-W ${key}: wasi-kit has no such switch`, ALWAYS_ON_PROPOSALS.has(key) ? `${key} is always on in Node's V8 and cannot be turned off` : `-W takes timeout=DURATION and max-memory-size=BYTES here (also --timeout and --max-memory); Node's V8 compiles the module and decides the rest`);
  }
  for (const [key, value] of options(wasi)) {
    const apply = WASI_KEYS[key];
    if (apply) apply(isYes(`-S ${key}`, value), settings);
    else if (WASI_ALWAYS_ON.has(key)) {
      if (!isYes(`-S ${key}`, value)) throw usage(`-S ${key}=n: wasi-kit cannot turn ${key} off`, `wasi-kit always provides it; leave -S ${key} out`);
    } else if (key === 'preview2') continue; // wasi-kit is a preview1 host either way.
    else throw usage(`-S ${key}: wasi-kit does not provide ${WASI_NOT_PROVIDED[key] ?? `a WASI option named ${key}`}`, 'wasi-kit is a WASI preview1 host (files, clocks, random, args, env); -S takes inherit-env here');
  }
  return settings;
}

/** wasmtime's removed `--mapdir GUEST::HOST`, and the option families wasi-kit has no use for. */
function refuseWasmtimeOnly(options: { mapdir?: string; optimize?: string; codegen?: string; debug?: string }): void {
  if (options.mapdir !== undefined) {
    const [guest, host] = options.mapdir.split('::');
    const example = guest && host ? `--dir ${host}::${guest}` : '--dir HOST::GUEST';
    throw usage(`--mapdir is wasmtime's old spelling (GUEST::HOST); wasi-kit grants directories with --dir HOST::GUEST`, `use ${example} (the host folder comes first; ::ro makes it read-only)`);
  }
  const [flag, value] = options.optimize !== undefined ? ['-O', options.optimize] : options.codegen !== undefined ? ['-C', options.codegen] : options.debug !== undefined ? ['-D', options.debug] : [];
  if (flag !== undefined) throw usage(`${flag} ${value}: wasmtime's compiler and debug options have no counterpart in wasi-kit`, 'Node\'s V8 compiles the module; for a wasm backtrace use --backtrace or RUST_BACKTRACE=1, for WASI calls --trace');
}

/** Merges the wasmtime settings into `run`'s own options; giving a limit both ways must agree. */
function mergeLimit(name: string, own: string | undefined, wasmtime: string | undefined): string | undefined {
  if (own !== undefined && wasmtime !== undefined && own !== wasmtime) throw usage(`${name} ${own} and its -W spelling (${wasmtime}) disagree`, `give ${name} once`);
  return own ?? wasmtime;
}

/** The host environment as `--env` specs, for `-S inherit-env` (the command line's `--env` come after and win). */
function hostEnvSpecs(hostEnv: NodeJS.ProcessEnv = process.env): string[] {
  return Object.entries(hostEnv).flatMap(([key, value]) => (value === undefined || key === '' ? [] : [`${key}=${value}`]));
}

function* options(lists: string[]): Generator<[string, string | undefined]> {
  for (const list of lists) {
    for (const item of list.split(',')) {
      if (item.trim() === '') continue;
      const at = item.indexOf('=');
      // wasmtime writes keys with dashes; its TOML config, with underscores.
      const key = (at === -1 ? item : item.slice(0, at)).trim().replace(/_/g, '-');
      yield [key, at === -1 ? undefined : item.slice(at + 1).trim()];
    }
  }
}

/** wasmtime's boolean values: nothing, y, yes, true / n, no, false. */
function isYes(flag: string, value: string | undefined): boolean {
  if (value === undefined || value === 'y' || value === 'yes' || value === 'true') return true;
  if (value === 'n' || value === 'no' || value === 'false') return false;
  throw usage(`${flag}=${value}: expected y or n`, `for example ${flag}=y`);
}

function required(flag: string, value: string | undefined, example: string): string {
  if (value === undefined || value === '') throw usage(`${flag} needs a value`, `for example ${flag}=${example}`);
  return value;
}

/** wasmtime's integers: `_` separators are ignored and `0x` means hex. */
function wasmtimeNumber(text: string): string {
  const plain = text.replace(/_/g, '');
  return /^0x[0-9a-f]+$/i.test(plain) ? String(parseInt(plain.slice(2), 16)) : plain;
}

function usage(message: string, hint: string): WasiKitError {
  return new WasiKitError(message, { hint, exitCode: EXIT.usage });
}

/** The wasmtime spellings `run` registers, as commander hands them over. */
export interface WasmtimeFlagOptions {
  wasm: string[];
  wasi: string[];
  mapdir?: string;
  optimize?: string;
  codegen?: string;
  debug?: string;
  env: string[];
  timeout?: string;
  maxMemory?: string;
}

/** `run`'s options with the wasmtime spellings folded into wasi-kit's own `--env`, `--timeout`, `--max-memory`. */
export function applyWasmtimeFlags<T extends WasmtimeFlagOptions>(options: T, hostEnv: NodeJS.ProcessEnv = process.env): T {
  refuseWasmtimeOnly(options);
  const settings = wasmtimeSettings(options.wasm, options.wasi);
  return {
    ...options,
    env: settings.inheritEnv ? [...hostEnvSpecs(hostEnv), ...options.env] : options.env,
    timeout: mergeLimit('--timeout', options.timeout, settings.timeout),
    maxMemory: mergeLimit('--max-memory', options.maxMemory, settings.maxMemory),
  };
}
