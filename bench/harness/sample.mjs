// Times one fresh child process from spawn to exit. Its stdout goes straight to /dev/null (or
// is captured when a check needs it); stderr is captured for the guest's summary line.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

const devNull = openSync('/dev/null', 'w');
process.on('exit', () => closeSync(devNull));

/**
 * @param {{ command: string, args: string[], cwd?: string, captureStdout?: boolean }} process
 * @returns {Promise<{ ms: number, stdout: string, stderr: string }>}
 */
export function sample({ command, args, cwd, captureStdout = false }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, stdio: ['ignore', captureStdout ? 'pipe' : devNull, 'pipe'] });
    const stdout = [];
    const stderr = [];
    child.stdout?.on('data', (chunk) => stdout.push(chunk));
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
