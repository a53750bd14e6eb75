import path from 'node:path';
import type { PreopenEntry } from '@wasi-kit/runtime';
import { WasiKitError } from './errors.js';

/**
 * One `--dir HOST[::GUEST][::ro]` grant, parsed once into the runtime's ordered preopen entry.
 * `HOST[::GUEST]` is wasmtime's spelling; the `::ro` suffix is the one wasmtime's maintainers
 * proposed for read-only preopens (bytecodealliance/wasmtime#9608). The runtime checks that HOST
 * is a directory (once, when the guest starts) and names the grant by `label` if it is not.
 */
export type DirGrant = Required<PreopenEntry>;

const EXAMPLES = 'for example --dir=. or --dir=./data::/data or --dir=./assets::/assets::ro';

/**
 * Parses one grant; a relative HOST is resolved against `cwd`. The mode and GUEST are taken from
 * the right, so a HOST whose name holds `::` still works when GUEST is given (`a::b::/data`).
 */
export function parseDirSpec(spec: string, cwd = process.cwd(), label = '--dir'): DirGrant {
  const parts = spec.split('::');
  const last = parts.at(-1) ?? '';
  // A short word in the third place is a mistyped mode (`::rx`), not a guest path.
  if (parts.length >= 3 && last !== 'ro' && last !== 'rw' && /^[a-z]{1,3}$/i.test(last)) {
    throw new WasiKitError(`${label} ${spec}: unknown mode "${last}"`, { hint: 'the mode is ro (read-only) or rw (the default)' });
  }
  const mode = parts.length >= 3 && (parts.at(-1) === 'ro' || parts.at(-1) === 'rw') ? parts.pop() : undefined;
  const guest = parts.length >= 2 ? parts.pop() : undefined;
  const host = parts.join('::');
  if (host === '' || guest === '') throw new WasiKitError(`${label} ${spec}: expected HOST, HOST::GUEST or HOST::GUEST::ro`, { hint: EXAMPLES });
  if (mode === undefined && (guest === 'ro' || guest === 'rw')) {
    // `data::ro` would silently mount at the guest path "ro"; the mode always comes third.
    throw new WasiKitError(`${label} ${spec}: "${guest}" is in the GUEST place`, { hint: `to grant ${host} read-only at its own name, write ${host}::${host}::${guest}` });
  }
  return { host: path.resolve(cwd, host), guest: guest ?? host, readonly: mode === 'ro', label: `${label} ${spec}` };
}

/** `--env KEY=VALUE`. */
export function parseEnvSpec(spec: string): [string, string] {
  const at = spec.indexOf('=');
  if (at <= 0) throw new WasiKitError(`--env ${spec}: expected KEY=VALUE`, { hint: 'for example --env RUST_LOG=debug' });
  return [spec.slice(0, at), spec.slice(at + 1)];
}
