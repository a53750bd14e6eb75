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

export function listTemplates(root = templatesRoot()): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function templateDir(name: string, root = templatesRoot()): string {
  return path.join(root, name);
}
