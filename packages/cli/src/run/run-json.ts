import type { GuestOutput } from '@wasi-kit/errors';
import { isUserError } from '../errors.js';
import { printJson } from '../output.js';
import { buildDocument } from '../project/build-document.js';
import { resolveRunTarget, type RunTarget, type RunTargetOptions } from '../project/run-target.js';
import { guestRequest, runRequest, type RunGuestOptions } from './run-guest.js';

/**
 * `run --json`: the same request as `run`, with the guest's output captured, and one JSON document:
 * exit code, timings, stdout and stderr (and the build, with --bin). A user error is reported in
 * the document too, and still exits with its code.
 */
export async function runJson(file: string | undefined, args: string[], options: RunGuestOptions & RunTargetOptions): Promise<void> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let build = null;
  let target: RunTarget | undefined;
  let runStarted = 0;
  try {
    target = await resolveRunTarget(file, args, options);
    build = target.build ? await buildDocument(target.build) : null;
    const request = guestRequest(target.file, target.settings, { ...options, capture: true });
    runStarted = performance.now();
    const result = await runRequest(request);
    printJson({
      command: 'run',
      ok: result.exitCode === 0,
      exitCode: result.exitCode,
      durationMs: elapsed(),
      build,
      run: { ...runDocument(target, runStarted, { stdout: result.stdout ?? '', stderr: result.stderr ?? '' }), ...(result.results ? { results: result.results.map(String) } : {}) },
    });
    process.exitCode = result.exitCode;
  } catch (error) {
    if (isUserError(error)) {
      // A guest that trapped (or exited above 125) still printed what it printed before.
      const run = error.guestOutput && target ? runDocument(target, runStarted, error.guestOutput) : null;
      printJson({ command: 'run', ok: false, exitCode: error.exitCode, durationMs: elapsed(), build, run, error: { message: error.message, hint: error.hint ?? null, rendered: error.details ?? null } });
    }
    throw error;
  }
}

function runDocument(target: RunTarget, started: number, output: GuestOutput) {
  return { file: target.file, args: target.settings.args, durationMs: Math.round(performance.now() - started), ...output };
}
