// Times one fresh child process from spawn to exit. Its stdout goes straight to /dev/null, or
// to a pipe this process drains ('pipe'), or is kept when a check needs it ('capture'); stderr
// is captured for the guest's summary line.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

const devNull = openSync('/dev/null', 'w');
process.on('exit', () => closeSync(devNull));

/**
 * @param {{ command: string, args: string[], cwd?: string, env?: Record<string, string>, stdout?: 'null' | 'pipe' | 'capture' }} process
 * @returns {Promise<{ ms: number, stdout: string, stderr: string }>}
 */
export function sample({ command, args, cwd, env, stdout: sink = 'null' }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env: env === undefined ? undefined : { ...process.env, ...env }, stdio: ['ignore', sink === 'null' ? devNull : 'pipe', 'pipe'] });
    const stdout = [];
    const stderr = [];
    if (sink === 'capture') child.stdout.on('data', (chunk) => stdout.push(chunk));
    else child.stdout?.resume();
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = performance.now() - started;
      const result = { ms, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() };
      if (code === 0) resolve(result);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${signal ?? code}:\n${result.stderr}`));
    });
  });
}
