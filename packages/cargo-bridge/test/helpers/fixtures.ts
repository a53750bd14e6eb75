import { closeSync, cpSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WASI } from 'node:wasi';

export const FIXTURES = fileURLToPath(new URL('../fixtures/crates/', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `cargo-bridge-${prefix}-`));
}

/** A fresh copy of `test/fixtures/crates/<name>` (without any target/), to build and edit. */
export function copyFixture(name: string, from = path.join(FIXTURES, name)): string {
  const dir = path.join(tempDir(name), name);
  cpSync(from, dir, { recursive: true, filter: (file) => path.basename(file) !== 'target' });
  return dir;
}

/** Runs a WASI command module with node's WASI and returns what it printed. */
export async function runWasm(file: string, options: { args?: string[]; preopens?: Record<string, string> } = {}): Promise<{ exitCode: number; stdout: string }> {
  const out = path.join(tempDir('stdout'), 'stdout');
  const fd = openSync(out, 'w');
  try {
    const wasi = new WASI({ version: 'preview1', args: [path.basename(file), ...(options.args ?? [])], preopens: options.preopens ?? {}, stdout: fd, returnOnExit: true });
    const module = await WebAssembly.compile(readFileSync(file));
    const instance = await WebAssembly.instantiate(module, wasi.getImportObject() as WebAssembly.Imports);
    const exitCode = wasi.start(instance);
    return { exitCode, stdout: readFileSync(out, 'utf8') };
  } finally {
    closeSync(fd);
    rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

/**
 * Command lines of live processes that mention `dir` (cargo, rustc, build scripts working on it).
 * A process already killed is not live: SIGKILL is delivered asynchronously, so right after a
 * group kill (and after cargo's own exit) a build script may still wait, SIGKILL pending, for a
 * CPU to die on, or be on its way out; it never runs its own code again. A zombie is gone too.
 */
export function processesMentioning(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    if (Number(pid) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmdline.includes(dir) && !dead(pid)) found.push(`${pid}: ${cmdline}`);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

const SIGKILL_BIT = 1n << 8n; // signal 9, bit 8 of /proc's pending masks
const PF_EXITING = 0x4; // proc(5) /proc/pid/stat flags: the process has begun to exit

/** A zombie, a process in its exit, or one with SIGKILL pending (for itself or its thread group). */
function dead(pid: string): boolean {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  if (/^State:\s+[ZX]/m.test(status)) return true;
  const pending = [/^SigPnd:\s+([0-9a-f]+)$/m, /^ShdPnd:\s+([0-9a-f]+)$/m].map((field) => BigInt(`0x${field.exec(status)?.[1] ?? '0'}`));
  if (pending.some((mask) => (mask & SIGKILL_BIT) !== 0n)) return true;
  // stat's comm may hold spaces and parentheses: the fields after it start past the last ')'.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const flags = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[6]);
  return (flags & PF_EXITING) !== 0;
}
