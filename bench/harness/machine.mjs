// What the numbers were measured on: they mean little without it.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { findToolchain } from '@wasi-kit/cargo-bridge';

function firstLine(command, args) {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0].trim();
  } catch {
    return 'unavailable';
  }
}

export async function describeMachine() {
  const cpus = os.cpus();
  const wasm = await findToolchain().then(
    (toolchain) => `${toolchain.versionText} (${toolchain.target})`,
    () => 'none found',
  );
  const commit = firstLine('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = firstLine('git', ['status', '--porcelain', '--untracked-files=no']) !== '' ? ' + uncommitted changes' : '';
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    rustcWasm: wasm,
    rustcNative: firstLine('rustc', ['--version']),
    loadAverage: os.loadavg().map((load) => load.toFixed(2)).join(' '),
    commit: `${commit}${dirty}`,
  };
}
