import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, wasiKit } from './helpers/cli.js';
import { hasScript, wasiKitOnTerminal } from './helpers/terminal.js';

describe('new: templates, names and the next commands', () => {
  it('without --template and without a terminal, copies sizer and prints the next two commands', async () => {
    const workspace = tempDir('new-default');
    const run = await wasiKit(['new', 'lister'], { cwd: workspace });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual(['Created lister from the sizer template. Next:', '  cd lister', '  wasi-kit dev --dir=. -- .']);
    expect(readFileSync(path.join(workspace, 'lister', 'src', 'main.rs'), 'utf8')).toContain('<input_folder>');
  });

  it.each([
    ['hello', 'wasi-kit dev --dir=.', ['.gitignore', 'Cargo.lock', 'Cargo.toml', 'README.md', 'src']],
    ['wat', 'wasi-kit run writer.wat', ['README.md', 'mkdir.wat', 'writer.wat']],
    ['ts-host', 'npm install && npm start', ['.gitignore', 'Cargo.lock', 'Cargo.toml', 'README.md', 'host', 'package.json', 'src', 'tsconfig.json']],
  ])('--template %s copies the template and says what to type next', async (template, next, files) => {
    const workspace = tempDir(`new-${template}`);
    const run = await wasiKit(['new', 'my_app', '--template', template], { cwd: workspace });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr.split('\n').slice(1)).toEqual(['  cd my_app', `  ${next}`]);
    expect(readdirSync(path.join(workspace, 'my_app')).sort()).toEqual(files);
  });

  it('renames the crate in Cargo.toml and Cargo.lock with a TOML-aware edit', async () => {
    const workspace = tempDir('new-rename');
    expect((await wasiKit(['new', 'nested/dir/tool-x', '-t', 'hello'], { cwd: workspace })).exitCode).toBe(0);
    const dir = path.join(workspace, 'nested/dir/tool-x');
    const manifest = readFileSync(path.join(dir, 'Cargo.toml'), 'utf8');
    expect(manifest).toMatch(/^\[package\]\nname = "tool-x"\n/);
    expect(manifest).toContain('[package.metadata.wasi-kit]');
    expect(readFileSync(path.join(dir, 'Cargo.lock'), 'utf8')).toContain('[[package]]\nname = "tool-x"\n');
  });

  it('refuses an unknown template, naming the ones there are, and creates nothing', async () => {
    const workspace = tempDir('new-unknown');
    const run = await wasiKit(['new', 'x', '--template', 'nope'], { cwd: workspace });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^error: unknown template "nope"\nhint: choose one of: sizer, hello, wat, ts-host/);
    expect(readdirSync(workspace)).toEqual([]);
  });

  it('refuses a name cargo would reject', async () => {
    const run = await wasiKit(['new', '9lives'], { cwd: tempDir('new-badname') });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('error: "9lives" cannot be a crate name: the name cannot start with a digit\nhint: pick a name like my-tool');
  });

  it('lists the templates in --help', async () => {
    const run = await wasiKit(['new', '--help']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/Templates:\n {2}sizer {6}lists a directory's files and their sizes\n {2}hello/);
    expect(run.stdout).toContain('Examples:');
  });
});

describe.runIf(hasScript)('new on a terminal asks which template', () => {
  it('takes a number', async () => {
    const workspace = tempDir('new-tty');
    const run = await wasiKitOnTerminal(['new', 'picked'], { cwd: workspace, input: '2\n', env: { NO_COLOR: '1' } });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.stdout).toContain('Which template?');
    expect(run.stdout).toMatch(/ {2}1\) sizer +lists a directory's files/);
    expect(run.stdout).toContain('Created picked from the hello template.');
    expect(readFileSync(path.join(workspace, 'picked', 'Cargo.toml'), 'utf8')).toContain('[package.metadata.wasi-kit]');
  });

  it('asks again after an answer that is not a template, then takes a name', async () => {
    const workspace = tempDir('new-tty-name');
    const run = await wasiKitOnTerminal(['new', 'picked'], { cwd: workspace, input: 'nine\nwat\n', env: { NO_COLOR: '1' } });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.stdout).toContain('"nine" is not one of the templates');
    expect(existsSync(path.join(workspace, 'picked', 'writer.wat'))).toBe(true);
  });

  it('does not ask when the target folder is already taken', async () => {
    const workspace = tempDir('new-tty-taken');
    await wasiKit(['new', 'taken'], { cwd: workspace });
    const run = await wasiKitOnTerminal(['new', 'taken'], { cwd: workspace, env: { NO_COLOR: '1' } });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).not.toContain('Which template?');
    expect(run.stdout).toContain('taken is not empty');
  });
});
