import { statSync } from 'node:fs';
import path from 'node:path';
import { WasiKitError } from './errors.js';

/** One `--dir HOST[::GUEST]` grant, wasmtime's spelling. */
export interface DirGrant {
  host: string;
  guest: string;
}

export function parseDirSpec(spec: string, cwd = process.cwd()): DirGrant {
  const [host = '', guest, ...rest] = spec.split('::');
  if (host === '' || rest.length > 0 || guest === '') {
    throw new WasiKitError(`--dir ${spec}: expected HOST or HOST::GUEST`, { hint: 'for example --dir=. or --dir=./data::/data' });
  }
  const absolute = path.resolve(cwd, host);
  let isDirectory = false;
  try {
    isDirectory = statSync(absolute).isDirectory();
  } catch {
    throw new WasiKitError(`--dir ${spec}: ${absolute} does not exist`, { hint: 'grant a directory that exists' });
  }
  if (!isDirectory) throw new WasiKitError(`--dir ${spec}: ${absolute} is not a directory`, { hint: 'grant a directory, not a file' });
  return { host: absolute, guest: guest ?? host };
}

export function parseEnvSpec(spec: string): [string, string] {
  const at = spec.indexOf('=');
  if (at <= 0) throw new WasiKitError(`--env ${spec}: expected KEY=VALUE`, { hint: 'for example --env RUST_LOG=debug' });
  return [spec.slice(0, at), spec.slice(at + 1)];
}
