import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const workspaceTemplate = path.join(repoRoot, 'templates', 'workspace');

/** Build state a developer's machine has and a fresh CI checkout does not. */
const LOCAL_STATE = new Set(['target', 'node_modules', '.turbo']);

export interface Checkout {
  /** The project root, `<base>/project` in every checkout, so relative layouts match. */
  dir: string;
  /** A `cargo` that appends one line per invocation to a log and then runs the real one. */
  cargo: string;
  /** The logged invocations that compile (`cargo build`); `cargo metadata` reads config, it builds nothing. */
  cargoBuilds(): string[];
}

/**
 * A clean clone of the workspace template: its files only (as `wasi-kit new` writes them,
 * `_gitignore` → `.gitignore`), committed to a new git repository, nothing built or cached.
 */
export async function cloneTemplate(base: string, realCargo: string): Promise<Checkout> {
  const dir = path.join(base, 'project');
  cpSync(workspaceTemplate, dir, { recursive: true, filter: (file) => !LOCAL_STATE.has(path.basename(file)) });
  renameSync(path.join(dir, '_gitignore'), path.join(dir, '.gitignore'));
  const git = (...args: string[]) => execa('git', ['-c', 'user.name=wasi-kit', '-c', 'user.email=ci@wasi-kit.invalid', ...args], { cwd: dir });
  await git('init', '--quiet');
  await git('add', '--all');
  await git('commit', '--quiet', '--message', 'scaffold');

  const tools = path.join(base, 'tools');
  mkdirSync(tools, { recursive: true });
  const log = path.join(tools, 'cargo-calls.log');
  const cargo = path.join(tools, 'cargo');
  writeFileSync(cargo, `#!/bin/sh\nprintf '%s %s\\n' "$PWD" "$*" >> ${JSON.stringify(log)}\nexec ${JSON.stringify(realCargo)} "$@"\n`);
  chmodSync(cargo, 0o755);
  const cargoBuilds = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((line) => / build( |$)/.test(line)) : []);
  return { dir, cargo, cargoBuilds };
}
