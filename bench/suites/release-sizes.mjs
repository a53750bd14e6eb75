// Release sizes of every template's wasm, built as a user would get them: a fresh copy of the
// template, `build({ release: true })` (cargo's release profile, then strip + wasm-opt -Oz).
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from '@wasi-kit/cargo-bridge';
import { benchDir } from '../harness/guests.mjs';

export const title = 'Release sizes of the templates';

const templatesDir = path.resolve(benchDir, '..', 'templates');
const LOCAL_STATE = new Set(['target', 'node_modules', '.turbo', 'dist']);
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

/** @param {{ workDir: string, log: (line: string) => void }} options */
export async function bench({ workDir, log }) {
  const rows = [];
  const templates = readdirSync(templatesDir).filter((name) => existsSync(path.join(templatesDir, name, 'Cargo.toml'))).sort();
  for (const template of templates) {
    log(`release sizes: ${template}`);
    const copy = path.join(workDir, 'templates', template);
    cpSync(path.join(templatesDir, template), copy, { recursive: true, filter: (file) => !LOCAL_STATE.has(path.basename(file)) });
    const result = await build({ cwd: copy, release: true, progress: false });
    for (const artifact of result.artifacts) {
      const shipped = statSync(artifact.wasm).size;
      const before = artifact.optimization?.before;
      rows.push([template, `${artifact.name}.wasm`, before === undefined ? 'n/a' : kib(before), kib(shipped), before === undefined ? '' : `${((1 - shipped / before) * 100).toFixed(0)}%`]);
    }
  }
  return {
    title,
    description: 'Each template copied fresh and built with `wasi-kit build --release` (cargo-bridge `build({ release: true })`).',
    headers: ['template', 'module', 'cargo --release', 'shipped (stripped + wasm-opt -Oz)', 'saved'],
    rows,
  };
}
