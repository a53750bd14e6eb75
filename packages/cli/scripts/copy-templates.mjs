// Ships the repository's templates inside the CLI package (create-vite style), so the built CLI
// finds them from any working directory and from a published tarball alike.
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const source = path.resolve(here, '../../../templates');
const destination = path.resolve(here, '../dist/templates');
const skipped = new Set(['target', 'node_modules', 'dist', '.turbo']);

rmSync(destination, { recursive: true, force: true });
cpSync(source, destination, { recursive: true, filter: (file) => !skipped.has(path.basename(file)) });
