// The WASI-with-Wasmtime walkthrough, step by step, with wasi-kit (docs/walkthrough.md).
// The steps run in order, as a reader would type them: a fresh `wasi-kit new sizer` in a temp
// folder, a temp copy of examples/wat, the built CLI as a subprocess, the real cargo.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedListing, writeSampleFolder } from './helpers/listing.js';
import { EXAMPLES, PACKAGE_DIR, shell, tempDir, wasiKit } from './helpers/wasi-kit.js';

/** The listing of the sample folder, as the docs page shows it. */
const SAMPLE_LISTING = [
  'filename: "empty.log", filesize: 0 bytes\n',
  'filename: "hello.txt", filesize: 13 bytes\n',
  'filename: "numbers.csv", filesize: 6 bytes\n',
].join('');

const HOORAY = "Hooray it's WASI\n";

const DOCS_PAGE = path.join(EXAMPLES, '..', 'docs', 'walkthrough.md');

/** Outputs the steps printed that docs/walkthrough.md must show verbatim (checked last). */
const shownOnDocsPage: string[] = [];

/** stdout then stderr, as a terminal shows them; a newer toolchain's target folder named as in the docs. */
function asOnDocsPage(run: { stdout: string; stderr: string }): string {
  return `${run.stdout}${run.stderr}`.replaceAll('wasm32-wasip1', 'wasm32-wasi');
}

/** Every file of a project folder (build output left out), path → contents. */
function projectFiles(root: string, dir = root): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'target') for (const [name, text] of projectFiles(root, full)) files.set(name, text);
    } else {
      files.set(path.relative(root, full), readFileSync(full, 'utf8'));
    }
  }
  return files;
}

describe('the WASI walkthrough with wasi-kit', () => {
  let workspace: string;
  let project: string;
  let wat: string;
  let sample: string;
  /** The WASI build of sizer: absolute, and as `wasi-kit build` users type it from the project. */
  let wasm = '';
  let wasmFromProject = '';

  beforeAll(() => {
    workspace = tempDir('walkthrough');
    project = path.join(workspace, 'sizer');
    wat = path.join(workspace, 'wat');
    cpSync(path.join(EXAMPLES, 'wat'), wat, { recursive: true });
    sample = writeSampleFolder(path.join(workspace, 'data'));
  });

  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  describe('step 1: a Rust program that lists a folder, native and WASI', () => {
    it('`wasi-kit new sizer` creates the project that examples/sizer holds', async () => {
      const created = await wasiKit(['new', 'sizer'], workspace);
      expect(created.exitCode, created.stderr).toBe(0);
      expect(created.stderr).toContain('Created sizer from the sizer template');
      shownOnDocsPage.push(asOnDocsPage(created));
      // examples/sizer is exactly a scaffold: if the template changes, the example must follow.
      expect(projectFiles(project)).toEqual(projectFiles(path.join(EXAMPLES, 'sizer')));
      expect(readFileSync(path.join(project, 'Cargo.lock'), 'utf8')).toMatch(/^version = 3$/m);
    });

    it('`cargo run ./` runs it natively and lists the project folder', async () => {
      const native = await shell('cargo', ['run', './'], project);
      expect(native.exitCode, native.stderr).toBe(0);
      expect(readdirSync(project).sort()).toEqual(['.cargo', '.gitignore', 'Cargo.lock', 'Cargo.toml', 'src', 'target']);
      expect(native.stdout).toBe(expectedListing(project));
      expect(native.stdout).toContain(`filename: "Cargo.toml", filesize: ${statSync(path.join(project, 'Cargo.toml')).size} bytes\n`);
    });

    it('`wasi-kit build` builds it for WASI and prints the .wasm path', async () => {
      const built = await wasiKit(['build'], project);
      expect(built.exitCode, built.stderr).toBe(0);
      wasm = built.stdout.trim();
      expect(wasm).toMatch(/[/\\]target[/\\]wasm32-wasip?1?[/\\]debug[/\\]sizer\.wasm$/);
      expect(readFileSync(wasm).subarray(0, 4)).toEqual(Buffer.from('\0asm', 'latin1'));
      wasmFromProject = path.relative(project, wasm);
    });
  });

  describe('step 2: without a granted folder', () => {
    it('no argument: the guest prints its usage line, `<program> <input_folder>`', async () => {
      const run = await wasiKit(['run', wasmFromProject], project);
      expect(run).toEqual({ exitCode: 1, stdout: '', stderr: 'sizer.wasm <input_folder>\n' });
      shownOnDocsPage.push(asOnDocsPage(run));
    });

    it('`./` without --dir: Rust std finds no pre-opened file descriptor that can open it', async () => {
      const run = await wasiKit(['run', wasmFromProject, './'], project);
      expect(run).toEqual({
        exitCode: 1,
        stdout: '',
        stderr: 'error: cannot read "./": failed to find a pre-opened file descriptor through which "./" could be opened\n',
      });
      shownOnDocsPage.push(asOnDocsPage(run));
    });
  });

  describe('step 3: with a granted folder', () => {
    it('--dir=/abs/folder with that folder as the argument lists it', async () => {
      const run = await wasiKit(['run', `--dir=${sample}`, wasmFromProject, sample], project);
      expect(run).toEqual({ exitCode: 0, stdout: SAMPLE_LISTING, stderr: '' });
      shownOnDocsPage.push(asOnDocsPage(run));
    });

    it('--dir=. with `.` lists the current folder', async () => {
      const run = await wasiKit(['run', '--dir=.', wasm, '.'], sample);
      expect(run).toEqual({ exitCode: 0, stdout: SAMPLE_LISTING, stderr: '' });
    });

    it('the grant is the folder, not the machine: its parent is refused with EPERM (63), as in wasmtime', async () => {
      const run = await wasiKit(['run', '--dir=.', wasm, '..'], sample);
      expect(run).toEqual({ exitCode: 1, stdout: '', stderr: 'error: cannot read "..": Operation not permitted (os error 63)\n' });
      shownOnDocsPage.push(asOnDocsPage(run));
    });
  });

  describe('step 4: writer.wat calls fd_write by hand', () => {
    it('`wasi-kit run writer.wat` prints the line', async () => {
      const run = await wasiKit(['run', 'writer.wat'], wat);
      expect(run).toEqual({ exitCode: 0, stdout: HOORAY, stderr: '' });
    });

    it('the count at unaligned offset 18: the text is written, then the store traps, as wasmtime does', async () => {
      const run = await wasiKit(['run', 'writer-unaligned.wat'], wat);
      // fd_write has written the 17 bytes before it stores the count; storing a u32 at 18 traps
      // (witx: "If a misaligned pointer is passed to a function, the function shall trap").
      expect(run.stdout).toBe(HOORAY);
      expect(run.exitCode).toBe(134);
      // One line: the trap, the pointer, the syscall and the guest function it was called from.
      expect(run.stderr).toMatch(/^error: wasm trap: [^\n]*misaligned pointer 0x12 \(needs 4-byte alignment\) in fd_write in function 'main'\n$/);
      shownOnDocsPage.push(asOnDocsPage(run));
    });
  });

  describe('step 5: --trace shows the WASI calls', () => {
    it('the fd_write call with decoded arguments, the bytes written and ESUCCESS', async () => {
      const run = await wasiKit(['run', '--trace', 'writer.wat'], wat);
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toBe(HOORAY);
      expect(run.stderr).toBe('fd_write(fd=1, iovs=0x0, iovs_len=1 [17], nwritten=0x14) -> ESUCCESS (nwritten=17)\n');
      shownOnDocsPage.push(asOnDocsPage(run));
    });

    it('WASI_KIT_LOG=trace turns the same trace on', async () => {
      const run = await wasiKit(['run', 'writer.wat'], wat, { WASI_KIT_LOG: 'trace' });
      expect(run).toEqual({ exitCode: 0, stdout: HOORAY, stderr: 'fd_write(fd=1, iovs=0x0, iovs_len=1 [17], nwritten=0x14) -> ESUCCESS (nwritten=17)\n' });
    });

    it('on the unaligned writer, the trace names the call that trapped', async () => {
      const run = await wasiKit(['run', '--trace', 'writer-unaligned.wat'], wat);
      expect(run.exitCode).toBe(134);
      expect(run.stderr.split('\n')[0]).toBe('fd_write(fd=1, iovs=0x0, iovs_len=1 [17], nwritten=0x12) -> trap: misaligned pointer 0x12 (needs 4-byte alignment) in fd_write');
      shownOnDocsPage.push(asOnDocsPage(run));
    });
  });

  describe('step 6: creator.wat calls path_create_directory on fd 3', () => {
    it('with --dir=. it creates ./wasi-folder', async () => {
      expect(existsSync(path.join(wat, 'wasi-folder'))).toBe(false);
      const run = await wasiKit(['run', '--dir=.', 'creator.wat'], wat);
      expect(run).toEqual({ exitCode: 0, stdout: '', stderr: '' });
      expect(statSync(path.join(wat, 'wasi-folder')).isDirectory()).toBe(true);
    });

    it('"../some_folder" gets EPERM (63) and nothing is created outside', async () => {
      const parentBefore = readdirSync(workspace).sort();
      const run = await wasiKit(['run', '--dir=.', 'creator-outside.wat'], wat);
      expect(run).toEqual({ exitCode: 63, stdout: '', stderr: '' });
      expect(existsSync(path.join(workspace, 'some_folder'))).toBe(false);
      expect(readdirSync(workspace).sort()).toEqual(parentBefore);
    });

    it('--trace names the refused call and its errno', async () => {
      const run = await wasiKit(['run', '--trace', '--dir=.', 'creator-outside.wat'], wat);
      expect(run.exitCode).toBe(63);
      expect(run.stderr).toContain('path_create_directory(fd=3, path="../some_folder") -> EPERM\n');
      shownOnDocsPage.push(asOnDocsPage(run));
      expect(existsSync(path.join(workspace, 'some_folder'))).toBe(false);
    });

    it('a zero-length path gets ENOENT (44) and creates nothing', async () => {
      const before = readdirSync(wat).sort();
      const run = await wasiKit(['run', '--dir=.', 'creator-empty.wat'], wat);
      expect(run).toEqual({ exitCode: 44, stdout: '', stderr: '' });
      expect(readdirSync(wat).sort()).toEqual(before);
      const traced = await wasiKit(['run', '--trace', '--dir=.', 'creator-empty.wat'], wat);
      expect(traced.stderr).toContain('path_create_directory(fd=3, path="") -> ENOENT\n');
      shownOnDocsPage.push(asOnDocsPage(traced));
    });

    it('without --dir there is no fd 3: EBADF (8)', async () => {
      const run = await wasiKit(['run', 'creator.wat'], wat);
      expect(run).toEqual({ exitCode: 8, stdout: '', stderr: '' });
    });
  });

  describe('step 7: the npm-script route, from TypeScript', () => {
    it('`pnpm run list-folder` imports @wasi-kit/runtime, runs sizer with a preopen and gets the listing as a string', async () => {
      const run = await shell('pnpm', ['--silent', 'run', 'list-folder', wasm, sample], PACKAGE_DIR);
      expect(run).toEqual({ exitCode: 0, stdout: `sizer listed 3 entries of data:\n${SAMPLE_LISTING}`, stderr: '' });
      shownOnDocsPage.push(asOnDocsPage(run));
    });
  });

  describe('docs/walkthrough.md', () => {
    it('shows, verbatim, the outputs the steps above printed', () => {
      const page = readFileSync(DOCS_PAGE, 'utf8');
      expect(shownOnDocsPage.length).toBeGreaterThanOrEqual(11);
      for (const output of shownOnDocsPage) expect(page, 'an output the walkthrough printed is not on its docs page').toContain(output);
    });
  });
});
