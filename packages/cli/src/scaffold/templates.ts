import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/**
 * Where the templates sit: `dist/templates` in a built or published CLI (the build copies them
 * there); the repository's `templates/` when running from source.
 */
export function templatesRoot(): string {
  const shipped = fileURLToPath(new URL('../templates/', import.meta.url));
  if (existsSync(shipped)) return shipped;
  return fileURLToPath(new URL('../../../../templates/', import.meta.url));
}

/** One line for the picker and `new --help`; the first entry is the default. */
const DESCRIPTIONS: Record<string, string> = {
  sizer: "lists a directory's files and their sizes",
  hello: 'prints its args, an env var and its stdin',
  wat: 'hand-written .wat modules calling WASI directly (no cargo)',
  'ts-host': 'a TypeScript program that builds and runs a Rust guest',
  workspace: 'two crates in a cargo workspace, built as turbo tasks',
};

export const DEFAULT_TEMPLATE = 'sizer';

/** Template folders, the described ones first in the order above, then any others by name. */
export function listTemplates(root = templatesRoot()): string[] {
  if (!existsSync(root)) return [];
  const names = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  const known = Object.keys(DESCRIPTIONS);
  const rank = (name: string) => (known.includes(name) ? known.indexOf(name) : known.length);
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export function describeTemplate(name: string): string {
  return DESCRIPTIONS[name] ?? '';
}

export function templateDir(name: string, root = templatesRoot()): string {
  return path.join(root, name);
}
