// Real SQLite (its shell built for WASI by sqlite/build.mjs) beside the journal imitation: one
// transaction per row in rollback-journal (DELETE) mode, as issue 12's outside harness measured
// it, and a read-heavy query mix. Left out, with one line saying why, where the module was not built.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchDir } from '../harness/guests.mjs';
import { skippedFile, sqliteWasm } from '../sqlite/build.mjs';

const inserts = (rows) => Array.from({ length: rows }, (_, i) => `INSERT INTO t(v) VALUES('row ${i} ${'x'.repeat(i % 40)}');`).join('\n');
const TABLE_ROWS = 20_000;

/** The Debian `sqlite3` on PATH, for reference (another version, and POSIX locks where WASI's build takes a lock directory). */
function nativeSqlite() {
  try {
    execFileSync('sqlite3', ['-version'], { stdio: 'ignore' });
    return 'sqlite3';
  } catch {
    return undefined;
  }
}

/** Runs SQL through the module under node:wasi, untimed (the read workload's database). */
function prepareDatabase(dir, sql) {
  writeFileSync(path.join(dir, 'setup.sql'), sql);
  const result = spawnSync(process.execPath, [path.join(benchDir, 'engines', 'node-wasi.mjs'), sqliteWasm, JSON.stringify({ '/db': dir }), '/db/t.db', '.read /db/setup.sql'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`preparing the SQLite database failed:\n${result.stderr}`);
}

function expectStdoutLine(stdout, expected) {
  if (!stdout.split('\n').includes(expected)) throw new Error(`expected "${expected}" on SQLite's stdout, got:\n${stdout.slice(-500)}`);
}

/** A workload running `sql` (written to work.sql in a fresh folder granted as /db) against /db/t.db. */
function shellWorkload(workDir, name, title, sql, expected) {
  const dir = path.join(workDir, name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'work.sql'), sql);
  const native = nativeSqlite();
  return {
    dir,
    title,
    wasm: sqliteWasm,
    args: ['/db/t.db', '.read /db/work.sql'],
    preopens: { '/db': dir },
    native: native === undefined ? null : { command: native, args: [path.join(dir, 't.db'), `.read ${path.join(dir, 'work.sql')}`] },
    check: ({ stdout }) => expectStdoutLine(stdout, expected),
  };
}

export function sqliteWorkloads(size, workDir, log) {
  if (!existsSync(sqliteWasm)) {
    const why = existsSync(skippedFile) ? readFileSync(skippedFile, 'utf8').trim() : 'not built (run `pnpm bench` from the repository root)';
    log(`runtime: the SQLite rows are left out: ${why}`);
    return [];
  }
  const rows = size.sqliteRows;
  const commits = shellWorkload(workDir, 'sqlite-commits', `SQLite: ${rows.toLocaleString('en-US')} rows, one transaction each (DELETE journal, dotfile lock)`,
    `PRAGMA journal_mode=DELETE;\nDROP TABLE IF EXISTS t;\nCREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);\n${inserts(rows)}\nSELECT count(*) FROM t;\n`, String(rows));
  const queries = rows * 2;
  const reads = shellWorkload(workDir, 'sqlite-reads', `SQLite: ${queries.toLocaleString('en-US')} read queries (point, range, aggregate) on a ${TABLE_ROWS.toLocaleString('en-US')}-row table`,
    `${Array.from({ length: queries }, (_, i) => [
      `SELECT v FROM t WHERE id=${(i * 37) % TABLE_ROWS + 1};`,
      `SELECT count(*), max(v) FROM t WHERE k BETWEEN ${(i * 9) % 19_000} AND ${(i * 9) % 19_000 + 50};`,
      `SELECT sum(length(v)) FROM (SELECT v FROM t WHERE id > ${(i * 13) % 19_900} LIMIT 100);`,
    ][i % 3]).join('\n')}\nSELECT 'done';\n`, 'done');
  prepareDatabase(reads.dir, `CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, v TEXT);\nWITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${TABLE_ROWS}) INSERT INTO t SELECT i, (i * 7919) % ${TABLE_ROWS}, printf('value %d %.30c', i, 'v') FROM n;\nCREATE INDEX tk ON t(k);\n`);
  return [commits, reads];
}
