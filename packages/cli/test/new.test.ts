import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_BIN, tempDir, wasiKit } from './helpers/cli.js';
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

  it.each([[''], ['  ']])('refuses an empty NAME (%j), as cargo new does, and creates nothing in the folder it runs in', async (name) => {
    const workspace = tempDir('new-empty');
    const run = await wasiKit(['new', name], { cwd: workspace });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe('error: wasi-kit new was given an empty NAME\nhint: wasi-kit new my-tool   (or `wasi-kit new .` for this folder)');
    expect(readdirSync(workspace)).toEqual([]);
  });

  it('refuses a name cargo would reject', async () => {
    const run = await wasiKit(['new', '9lives'], { cwd: tempDir('new-badname') });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('error: "9lives" cannot be a crate name: the name cannot start with a digit\nhint: pick a name like my-tool');
  });

  it.each([
    ['-x', 'the name must start with a letter or "_"'],
    ['yield', '"yield" is a Rust keyword'],
    ['build', '"build" is one of cargo\'s build directory names, which a binary cannot have'],
    ['test', '"test" is a name cargo reserves'],
  ])('refuses %s as cargo new does, and creates nothing', async (name, reason) => {
    const workspace = tempDir('new-reserved');
    const run = await wasiKit(['new', '--', name], { cwd: workspace });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(`error: "${name}" cannot be a crate name: ${reason}\nhint: pick a name like my-tool`);
    expect(readdirSync(workspace)).toEqual([]);
  });

  it.each([['/proc/wasi-kit-none'], ['/proc/wasi-kit-none/deeper']])('refuses a folder it cannot create (%s) in one line, where Node\'s mkdir -p would never return', async (target) => {
    const run = await wasiKit(['new', target]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(`error: cannot create ${target}: no such file or directory (ENOENT)\nhint: choose a folder you can write to`);
  });

  it('lists the templates in --help', async () => {
    const run = await wasiKit(['new', '--help']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/Templates:\n {2}sizer {6}lists a directory's files and their sizes\n {2}hello/);
    expect(run.stdout).toContain('Examples:');
  });
});

describe('new into an existing folder', () => {
  it('`new .` fills the current folder in place: the folder itself is never replaced', async () => {
    const dir = path.join(tempDir('new-dot'), 'here-tool');
    mkdirSync(dir);
    const inode = statSync(dir).ino;
    const run = await wasiKit(['new', '.'], { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr.split('\n')).toEqual(['Created here-tool from the sizer template. Next:', '  wasi-kit dev --dir=. -- .']);
    expect(statSync(dir).ino).toBe(inode);
    expect(readdirSync(dir).sort()).toEqual(['.cargo', '.gitignore', 'Cargo.lock', 'Cargo.toml', 'src']);
    expect(readFileSync(path.join(dir, 'Cargo.toml'), 'utf8')).toContain('name = "here-tool"');
    const built = await wasiKit(['build'], { cwd: dir });
    expect(built.exitCode, built.stderr).toBe(0);
  });

  it('accepts a folder holding only .git, and leaves .git as it was', async () => {
    const dir = path.join(tempDir('new-git'), 'with-git');
    mkdirSync(path.join(dir, '.git'), { recursive: true });
    writeFileSync(path.join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    const run = await wasiKit(['new', 'with-git', '-t', 'hello'], { cwd: path.dirname(dir) });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(readFileSync(path.join(dir, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    expect(existsSync(path.join(dir, 'src', 'main.rs'))).toBe(true);
  });

  it('refuses a folder with other files, pointing to init, and changes nothing', async () => {
    const dir = tempDir('new-dot-full');
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const run = await wasiKit(['new', '.'], { cwd: dir });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(`error: ${dir} is not empty; wasi-kit new writes only into a new or empty folder\nhint: choose another name, or to add wasi-kit to the crate already there: wasi-kit init`);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('without NAME and without a terminal, says so in one line and exits 2', async () => {
    const run = await wasiKit(['new'], { cwd: tempDir('new-noname') });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe('error: wasi-kit new needs a NAME when it cannot ask (stdin is not a terminal)\nhint: wasi-kit new my-tool   (or `wasi-kit new .` for this folder)');
  });
});

describe('texts inside a template name the new project', () => {
  it.each([
    ['hello', 'README.md', '# my_app\n', /--bin hello\b/],
    ['hello', 'src/main.rs', '`wasi-kit run --bin my_app', /--bin hello\b/],
    ['sizer', 'src/main.rs', 'unwrap_or("my_app")', /\bsizer\b/],
    ['ts-host', 'README.md', '# my_app\n', /ts-host/],
    ['workspace', 'README.md', '# my_app\n', /wasi-kit-workspace/],
  ])('%s: %s', async (template, file, expected, leftover) => {
    const workspace = tempDir(`new-texts-${template}`);
    expect((await wasiKit(['new', 'my_app', '-t', template], { cwd: workspace })).exitCode).toBe(0);
    const text = readFileSync(path.join(workspace, 'my_app', file), 'utf8');
    expect(text).toContain(expected);
    expect(text).not.toMatch(leftover);
  });

  it('package.json of ts-host and workspace points the wasi-kit packages at this installation', async () => {
    const workspace = tempDir('new-deps');
    expect((await wasiKit(['new', 'ws', '-t', 'workspace'], { cwd: workspace })).exitCode).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(workspace, 'ws', 'package.json'), 'utf8'));
    expect(manifest.name).toBe('ws');
    expect(manifest.devDependencies['wasi-kit']).toBe(`file:${realpathSync(path.dirname(path.dirname(CLI_BIN)))}`);
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

  it('moves with the arrow keys and picks with Enter, never echoing escape codes', async () => {
    const workspace = tempDir('new-tty-arrows');
    const run = await wasiKitOnTerminal(['new', 'picked'], { cwd: workspace, env: { NO_COLOR: '1' }, typing: [{ after: /wasi-kit workspace|two crates/, keys: '\x1b[B\x1b[B\x1b[A\x1b[B\r' }] });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.stdout).toContain('Created picked from the wat template.');
    expect(run.stdout).not.toContain('^[');
    expect(existsSync(path.join(workspace, 'picked', 'writer.wat'))).toBe(true);
  });

  it.each([
    ['Ctrl-D', '\x04', 1],
    ['Esc', '\x1b', 1],
    ['Ctrl-C', '\x03', 130],
  ])('%s at the picker cancels and creates nothing', async (_key, keys, exitCode) => {
    const workspace = tempDir('new-tty-cancel');
    const run = await wasiKitOnTerminal(['new', 'never'], { cwd: workspace, env: { NO_COLOR: '1' }, typing: [{ after: /two crates/, keys }] });
    expect(run.exitCode, run.stdout).toBe(exitCode);
    expect(run.stdout).toContain('error: cancelled; nothing was created');
    expect(readdirSync(workspace)).toEqual([]);
  });

  it('without NAME asks for it (Enter would take wasi-project), then for the template', async () => {
    const workspace = tempDir('new-tty-askname');
    const run = await wasiKitOnTerminal(['new'], { cwd: workspace, env: { NO_COLOR: '1' }, typing: [{ after: /Project name: \(wasi-project\)/, keys: 'asked-for\r' }, { after: /two crates/, keys: '\r' }] });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.stdout).toContain('Created asked-for from the sizer template.');
    expect(readFileSync(path.join(workspace, 'asked-for', 'Cargo.toml'), 'utf8')).toContain('name = "asked-for"');
  });

  it('Ctrl-D at the name prompt cancels and creates nothing', async () => {
    const workspace = tempDir('new-tty-askname-eof');
    const run = await wasiKitOnTerminal(['new'], { cwd: workspace, env: { NO_COLOR: '1' }, typing: [{ after: /Project name:/, keys: '\x04' }] });
    expect(run.exitCode, run.stdout).toBe(1);
    expect(run.stdout).toContain('error: cancelled; nothing was created');
    expect(readdirSync(workspace)).toEqual([]);
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
