import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WasiKitError } from '../errors.js';
import { templateDir } from './templates.js';

/** One change `init` made to a crate, or why it left a file alone. */
export interface AdoptStep {
  file: string;
  changed: boolean;
  what: string;
}

const WASI_TARGETS = /wasm32-wasi(p1|p2)?\b/;
const METADATA_TABLE = /^\s*\[package\.metadata\.wasi-kit\]|^\s*metadata\.wasi-kit\b|^\s*\[package\.metadata\][^[]*^\s*wasi-kit\s*[.=]/m;

/**
 * Adds what `wasi-kit new` would have written to an existing crate: the `[package.metadata.wasi-kit]`
 * table (the folder granted as `.`) and the cargo runner for both WASI targets. Anything already
 * there is kept as it is; running it again changes nothing.
 */
export function adoptCrate(dir: string): AdoptStep[] {
  const manifest = path.join(dir, 'Cargo.toml');
  if (!existsSync(manifest)) {
    throw new WasiKitError(`no Cargo.toml in ${dir}; wasi-kit init adds wasi-kit to an existing crate`, {
      hint: 'create one here with `wasi-kit new .` (or `cargo init`, then wasi-kit init)',
    });
  }
  return [addMetadata(manifest), addRunner(dir)];
}

function addMetadata(manifest: string): AdoptStep {
  const toml = readFileSync(manifest, 'utf8');
  if (!/^\s*\[package\]/m.test(toml)) {
    return { file: 'Cargo.toml', changed: false, what: 'a workspace root; [package.metadata.wasi-kit] belongs in each member crate' };
  }
  if (METADATA_TABLE.test(toml)) return { file: 'Cargo.toml', changed: false, what: 'already has [package.metadata.wasi-kit]' };
  const table = [
    '',
    '# Defaults for `wasi-kit dev` and `wasi-kit run --bin`; flags on the command line win.',
    '[package.metadata.wasi-kit]',
    'dirs = ["."]',
    '',
  ].join('\n');
  writeAtomically(manifest, `${toml.replace(/\n*$/, '\n')}${table}`);
  return { file: 'Cargo.toml', changed: true, what: 'added [package.metadata.wasi-kit] (dirs = ["."])' };
}

function addRunner(dir: string): AdoptStep {
  const file = ['config.toml', 'config'].map((name) => path.join(dir, '.cargo', name)).find((candidate) => existsSync(candidate)) ?? path.join(dir, '.cargo', 'config.toml');
  const shown = path.relative(dir, file);
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (WASI_TARGETS.test(existing)) return { file: shown, changed: false, what: 'already configures the WASI targets; left as it is' };
  // The same runner tables `new` writes, from the sizer template: one source for both.
  const runner = readFileSync(path.join(templateDir('sizer'), '_cargo', 'config.toml'), 'utf8');
  mkdirSync(path.dirname(file), { recursive: true });
  writeAtomically(file, existing === '' ? runner : `${existing.replace(/\n*$/, '\n')}\n${runner}`);
  return { file: shown, changed: true, what: 'added the wasi-kit runner for cargo run/test --target wasm32-wasip1, wasm32-wasi and wasm32-wasip2' };
}

function writeAtomically(file: string, text: string): void {
  const temp = `${file}.wasi-kit-${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}
