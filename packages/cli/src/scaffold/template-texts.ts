import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Files whose prose and examples name the project (`# hello`, `run --bin hello`, a usage line). */
const TEXT_FILE = /\.(md|rs|ts|toml)$/;

/**
 * The name a template's texts use for the project: its crate's `[package] name`, else its npm
 * name (the workspace template). None for a template that names no project (wat).
 */
export function templateProjectName(templateDir: string): string | undefined {
  const manifest = path.join(templateDir, 'Cargo.toml');
  if (existsSync(manifest)) {
    const name = /^\[package\][^[]*?^name\s*=\s*"([^"]+)"/m.exec(readFileSync(manifest, 'utf8'))?.[1];
    if (name) return name;
  }
  const npm = path.join(templateDir, 'package.json');
  if (existsSync(npm)) return (JSON.parse(readFileSync(npm, 'utf8')) as { name?: string }).name;
  return undefined;
}

/**
 * Replaces the template's project name with the new one where it stands as a whole name (not
 * inside `hello_world` or `sizer-x`) in the project's text files. In a Cargo.toml only comments
 * change: its keys are left to the TOML-aware rename, as Cargo.lock and package.json are.
 */
export function renameInTexts(dir: string, from: string, to: string): void {
  const wholeName = new RegExp(`(?<![\\w-])${from.replace(/-/g, '\\-')}(?![\\w-])`, 'g');
  for (const file of textFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    const renamed =
      path.basename(file) === 'Cargo.toml'
        ? text.replace(/#.*$/gm, (comment) => comment.replace(wholeName, to))
        : text.replace(wholeName, to);
    if (renamed !== text) writeFileSync(file, renamed);
  }
}

function textFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && TEXT_FILE.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}
