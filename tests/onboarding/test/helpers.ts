import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const REPO = realpathSync(fileURLToPath(new URL('../../../', import.meta.url)));

const made: string[] = [];

/** A fresh folder, removed when the test file ends (an npm project with the packed tarballs installed is ~260 MB). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `wasi-kit-onboarding-${prefix}-`));
  made.push(dir);
  return dir;
}

// Registered as the test file imports this module (each file gets its own copy of it).
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The ```sh blocks of one `## Section` of a markdown file, each as its command lines (comments and blank lines dropped). */
export function shellBlocks(markdown: string, section: string): string[][] {
  const start = markdown.indexOf(`\n## ${section}\n`);
  if (start < 0) throw new Error(`no "## ${section}" section`);
  const end = markdown.indexOf('\n## ', start + 1);
  const body = markdown.slice(start, end < 0 ? undefined : end);
  return [...body.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((match) =>
    (match[2] ?? '')
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      .filter((line) => line !== ''),
  );
}
