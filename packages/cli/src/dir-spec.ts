import { statSync } from 'node:fs';
import path from 'node:path';
import type { Preopen } from '@wasi-kit/runtime';
import { WasiKitError } from './errors.js';

/**
 * One `--dir HOST[::GUEST][::ro]` grant. `HOST[::GUEST]` is wasmtime's spelling; the `::ro`
 * suffix is the one wasmtime's maintainers proposed for read-only preopens
 * (bytecodealliance/wasmtime#9608), so the same spec reads the same way in both tools.
 */
export interface DirGrant {
  host: string;
  guest: string;
  readonly: boolean;
}

/** The runtime's `preopens` option: guest path → host directory, or `{ path, readonly }`. */
export type Preopens = Record<string, Preopen>;

const EXAMPLES = 'for example --dir=. or --dir=./data::/data or --dir=./assets::/assets::ro';

/** Parses one grant; a relative HOST is resolved against `cwd` and must be an existing directory. */
export function parseDirSpec(spec: string, cwd = process.cwd(), label = '--dir'): DirGrant {
  const parts = spec.split('::');
  const [host = '', guest, mode, ...rest] = parts;
  if (host === '' || guest === '' || rest.length > 0 || (mode !== undefined && mode !== 'ro' && mode !== 'rw')) {
    throw new WasiKitError(`${label} ${spec}: expected HOST, HOST::GUEST or HOST::GUEST::ro`, { hint: EXAMPLES });
  }
  if (mode === undefined && (guest === 'ro' || guest === 'rw')) {
    // `data::ro` would silently mount at the guest path "ro"; the mode always comes third.
    throw new WasiKitError(`${label} ${spec}: "${guest}" is in the GUEST place`, { hint: `to grant ${host} read-only at its own name, write ${host}::${host}::${guest}` });
  }
  const absolute = path.resolve(cwd, host);
  let isDirectory = false;
  try {
    isDirectory = statSync(absolute).isDirectory();
  } catch {
    throw new WasiKitError(`${label} ${spec}: ${absolute} does not exist`, { hint: 'grant a directory that exists' });
  }
  if (!isDirectory) throw new WasiKitError(`${label} ${spec}: ${absolute} is not a directory`, { hint: 'grant a directory, not a file' });
  return { host: absolute, guest: guest ?? host, readonly: mode === 'ro' };
}

/** Grants as the runtime takes them; a later grant of the same guest path wins. */
export function toPreopens(grants: DirGrant[]): Preopens {
  const preopens: Preopens = {};
  for (const grant of grants) preopens[grant.guest] = grant.readonly ? { path: grant.host, readonly: true } : grant.host;
  return preopens;
}

export function parseEnvSpec(spec: string): [string, string] {
  const at = spec.indexOf('=');
  if (at <= 0) throw new WasiKitError(`--env ${spec}: expected KEY=VALUE`, { hint: 'for example --env RUST_LOG=debug' });
  return [spec.slice(0, at), spec.slice(at + 1)];
}
