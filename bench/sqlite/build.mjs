// Builds SQLite's shell for wasm32-wasi (preview1) for `pnpm bench`'s SQLite rows, with the C
// compiler and wasi-libc the machine has (Debian: `apt-get install -y clang wasi-libc lld
// libclang-rt-14-dev-wasm32`). The source is never vendored: it is the amalgamation that node-sqlite3
// ships in its npm package (deps/sqlite-autoconf-*.tar.gz), fetched with `npm pack` at a pinned
// version and checked against a pinned SHA-256. Where anything is missing this prints one line
// saying what, and the bench leaves the rows out. The output is reused while the recipe is unchanged.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const sqliteDir = fileURLToPath(new URL('./', import.meta.url));
const target = path.join(sqliteDir, 'target');
export const sqliteWasm = path.join(target, 'sqlite3.wasm');
/** Why the last build made no module (read by suites/runtime.mjs for its "left out" line). */
export const skippedFile = path.join(target, 'skipped.txt');
const stampFile = path.join(target, 'sqlite3.wasm.recipe');

const PACKAGE = 'sqlite3@6.0.1';
const PACKAGE_SHA256 = 'ab8d044a93e05bd031d7ea75547c7fa60387cdc259d27f93c0e3e2832c4b1df9';
const AMALGAMATION = 'sqlite-autoconf-3520000';

// WASI preview1 has no threads, no dlopen, no system(), no signals or process clocks (emulated by
// wasi-libc's libraries); SQLite's own WASI support (SQLITE_WASI, from __wasi__) picks the
// unix-dotfile VFS (a lock directory per transaction) and leaves WAL's shared memory out, so WAL
// needs PRAGMA locking_mode=EXCLUSIVE.
const DEFINES = ['-DSQLITE_THREADSAFE=0', '-DSQLITE_OMIT_LOAD_EXTENSION', '-DSQLITE_NOHAVE_SYSTEM', '-D_WASI_EMULATED_SIGNAL', '-D_WASI_EMULATED_PROCESS_CLOCKS', '-D_WASI_EMULATED_GETPID', '-D_WASI_EMULATED_MMAN'];
const LIBS = ['-lwasi-emulated-signal', '-lwasi-emulated-process-clocks', '-lwasi-emulated-getpid', '-lwasi-emulated-mman'];

class Skip extends Error {}

function run(command, args, options = {}) {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

/** A clang that links a wasm32-wasi program (wasi-libc, wasm-ld and the wasm32 builtins all present). */
function findClang(scratch) {
  const candidates = [process.env.WASI_CC, 'clang', ...Array.from({ length: 8 }, (_, i) => `clang-${21 - i}`)].filter(Boolean);
  const probe = path.join(scratch, 'probe.c');
  writeFileSync(probe, 'int main(void) { return 0; }\n');
  let reason = 'no clang on PATH (WASI_CC names one)';
  for (const clang of candidates) {
    try {
      run(clang, ['--version']);
    } catch {
      continue;
    }
    try {
      run(clang, ['--target=wasm32-wasi', '-O2', probe, '-o', path.join(scratch, 'probe.wasm')]);
      return clang;
    } catch (error) {
      const line = String(error.stderr ?? '').split('\n').find((text) => /error/i.test(text)) ?? 'cannot link for wasm32-wasi';
      reason = `${clang} cannot build for wasm32-wasi: ${line.trim()}`;
    }
  }
  throw new Skip(`${reason}; on Debian: apt-get install -y clang wasi-libc lld libclang-rt-14-dev-wasm32`);
}

/** The amalgamation (sqlite3.c, shell.c) from the pinned npm package, unpacked in `scratch`. */
function fetchSource(scratch) {
  try {
    run('npm', ['pack', PACKAGE, '--silent', '--pack-destination', scratch], { cwd: scratch });
  } catch (error) {
    throw new Skip(`npm pack ${PACKAGE} failed (${String(error.stderr ?? error.message).trim().split('\n').pop()})`);
  }
  const tarball = path.join(scratch, readdirSync(scratch).find((name) => name.endsWith('.tgz')) ?? 'missing.tgz');
  const digest = createHash('sha256').update(readFileSync(tarball)).digest('hex');
  if (digest !== PACKAGE_SHA256) throw new Error(`${PACKAGE}'s tarball has SHA-256 ${digest}, not the pinned ${PACKAGE_SHA256}`);
  run('tar', ['-xzf', tarball, '-C', scratch]);
  run('tar', ['-xzf', path.join(scratch, 'package', 'deps', `${AMALGAMATION}.tar.gz`), '-C', scratch]);
  return path.join(scratch, AMALGAMATION);
}

/** Builds target/sqlite3.wasm unless the one there was built by the same recipe; returns its path, or undefined (skipped). */
export function buildSqlite(log = (line) => console.log(line)) {
  const shim = path.join(sqliteDir, 'wasi-shim.c');
  const recipe = createHash('sha256').update(JSON.stringify([PACKAGE, PACKAGE_SHA256, DEFINES, LIBS, readFileSync(shim, 'utf8')])).digest('hex');
  if (existsSync(sqliteWasm) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === recipe) return sqliteWasm;
  mkdirSync(target, { recursive: true });
  rmSync(sqliteWasm, { force: true });
  rmSync(stampFile, { force: true });
  const scratch = path.join(tmpdir(), `wasi-kit-sqlite-${process.pid}`);
  mkdirSync(scratch, { recursive: true });
  try {
    const clang = findClang(scratch);
    const source = fetchSource(scratch);
    log(`sqlite: building ${AMALGAMATION} for wasm32-wasi with ${clang} (about a minute)`);
    const flags = ['--target=wasm32-wasi', '-O2', ...DEFINES];
    // shell.c trips clang's warnings about headers wasi-libc trims; they change nothing here.
    run(clang, [...flags, '-w', `-I${source}`, path.join(source, 'sqlite3.c'), path.join(source, 'shell.c'), shim, '-o', `${sqliteWasm}.tmp`, ...LIBS]);
    renameSync(`${sqliteWasm}.tmp`, sqliteWasm);
    writeFileSync(stampFile, recipe);
    rmSync(skippedFile, { force: true });
    return sqliteWasm;
  } catch (error) {
    if (!(error instanceof Skip)) throw error;
    writeFileSync(skippedFile, `${error.message}\n`);
    log(`sqlite: not built, the bench leaves its rows out: ${error.message}`);
    return undefined;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
