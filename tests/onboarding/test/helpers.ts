import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = realpathSync(fileURLToPath(new URL('../../../', import.meta.url)));

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `wasi-kit-onboarding-${prefix}-`));
}

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
