import { chmodSync, chownSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { REPO, shellBlocks, tempDir } from './helpers.js';

/**
 * The README as a new user follows it: the set-up puts `wasi-kit` on PATH, then a NEW login shell
 * types the Quick start. The user is a fresh one with an empty home, so nothing of this machine's
 * own set-up counts: uid 65534 when this runs as root (as in CI) and that user can reach the clone;
 * else this user, with the link step told to use the fresh home (root would link /usr/local/bin).
 */
const NOBODY = 65534;
const AS_NOBODY = ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'];
const CLI = path.join(REPO, 'packages/cli/bin/wasi-kit.js');
const asNobody = process.getuid?.() === 0 && (await execa(AS_NOBODY[0]!, [...AS_NOBODY.slice(1), 'test', '-r', CLI], { reject: false })).exitCode === 0;

function freshHome(): string {
  const home = tempDir('home');
  chmodSync(home, 0o755);
  if (asNobody) chownSync(home, NOBODY, NOBODY);
  return home;
}

/** `bash -lc script` (a login shell) or plain `bash -c` with only HOME (and for bash -c a minimal PATH) from outside. */
function shell(home: string, script: string, options: { login: boolean }) {
  const binDir = asNobody ? [] : [`WASI_KIT_BIN_DIR=${home}/.local/bin`];
  const env = ['env', '-i', `HOME=${home}`, ...binDir, ...(options.login ? [] : ['PATH=/usr/bin:/bin']), 'bash', options.login ? '-lc' : '-c', script];
  const argv = asNobody ? [...AS_NOBODY, ...env] : env;
  return execa(argv[0]!, argv.slice(1), { reject: false, all: true, cwd: home });
}

const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');

describe('the README on a fresh machine', () => {
  it('after the set-up, a new login shell finds wasi-kit and the Quick start works as typed', async () => {
    const home = freshHome();
    // The step of scripts/setup.sh that puts wasi-kit on PATH (the rest installs and builds, done already).
    const link = await shell(home, `bash ${REPO}/scripts/link-cli.sh`, { login: false });
    expect(link.exitCode, link.all).toBe(0);
    expect(link.all).toContain(`linked ${home}/.local/bin/wasi-kit -> ${CLI}`);

    const [quickStart, stepByStep, expected] = shellBlocks(readme, 'Quick start');
    // `wasi-kit dev` runs until Ctrl-C; its build-and-run is what the step-by-step block does.
    const typed = [...quickStart!.filter((line) => !line.startsWith('wasi-kit dev')), ...stepByStep!];
    expect(typed[0]).toBe('wasi-kit new sizer');
    const session = await shell(home, ['set -e', 'command -v wasi-kit', ...typed].join('\n'), { login: true });
    expect(session.exitCode, session.all).toBe(0);
    const lines = String(session.all).split('\n');
    expect(lines[0]).toBe(path.join(home, '.local/bin/wasi-kit'));
    const listed = (text: string[]) => text.map((line) => /^filename: "([^"]+)"/.exec(line)?.[1]).filter(Boolean);
    expect(listed(lines)).toEqual(listed(expected!));
    expect(listed(lines)).toContain('Cargo.toml');
  });

  it('running the set-up again changes nothing and says nothing about PATH', async () => {
    const home = freshHome();
    expect((await shell(home, `bash ${REPO}/scripts/link-cli.sh`, { login: false })).exitCode).toBe(0);
    const profile = readFileSync(path.join(home, '.profile'), 'utf8');
    const again = await shell(home, `bash ${REPO}/scripts/link-cli.sh`, { login: true });
    expect(again.exitCode, again.all).toBe(0);
    expect(again.all).toBe('');
    expect(readFileSync(path.join(home, '.profile'), 'utf8')).toBe(profile);
  });
});
