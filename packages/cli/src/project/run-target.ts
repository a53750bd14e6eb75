import path from 'node:path';
import { asUserError, WasiKitError } from '../errors.js';
import { EXIT, printJson, startProgress, useColour } from '../output.js';
import { startGuest } from '../dev/guest-process.js';
import { buildDocument } from './build-document.js';
import { buildBinary, packageManifest } from './binary.js';
import { findManifest, loadProjectConfig, requireManifest } from './config.js';
import { resolveGuestSettings, type GuestSettings } from './guest-settings.js';
import type { BuildResult } from '@wasi-kit/cargo-bridge';

/** The options of `wasi-kit run` this module reads; the rest are the runtime-tools' own. */
export interface RunTargetOptions {
  dir: string[];
  env: string[];
  bin?: string;
  release?: boolean;
  json?: boolean;
  invoke?: string;
  trace?: boolean;
  traceFile?: string;
  timeout?: string;
  maxMemory?: string;
  backtrace?: boolean;
  argv0?: string;
}

/** What to run: a file as given, or the wasm of a `--bin` just built, with config merged in. */
export interface RunTarget {
  file: string;
  args: string[];
  /** `--dir` and `--env` specs, config first and flags after, so flags win. */
  dir: string[];
  env: string[];
  build: BuildResult | undefined;
}

/**
 * `run FILE [ARGS]` passes its flags through; `run --bin NAME [ARGS]` builds first (every
 * positional is then a guest argument) and takes defaults from `[package.metadata.wasi-kit]`.
 */
export async function resolveRunTarget(file: string | undefined, args: string[], options: RunTargetOptions): Promise<RunTarget> {
  if (options.bin === undefined) {
    if (file === undefined) throw new WasiKitError('run needs a FILE or --bin NAME', { hint: 'for example: wasi-kit run app.wasm, or wasi-kit run --bin app inside a crate', exitCode: EXIT.usage });
    if (options.release) throw new WasiKitError('--release only applies with --bin', { hint: 'wasi-kit run --bin NAME --release' });
    return { file, args, dir: options.dir, env: options.env, build: undefined };
  }
  const cwd = process.cwd();
  requireManifest(cwd);
  const guestArgs = file === undefined ? args : [file, ...args];
  const progress = options.json ? { stop() {} } : startProgress(`building ${options.bin}`);
  let built;
  try {
    built = await buildBinary({ cwd, release: options.release, bin: options.bin, color: !options.json && useColour() });
  } finally {
    progress.stop();
  }
  if (!options.json) for (const diagnostic of built.result.diagnostics) process.stderr.write(diagnostic.rendered);
  const manifest = packageManifest(built.artifact) ?? findManifest(cwd);
  const settings = resolveGuestSettings(manifest ? loadProjectConfig(manifest) : undefined, { dir: options.dir, env: options.env, args: guestArgs }, cwd);
  return { file: built.artifact.wasm, args: settings.args, dir: grantSpecs(settings), env: Object.entries(settings.env).map(([k, v]) => `${k}=${v}`), build: built.result };
}

function grantSpecs(settings: GuestSettings): string[] {
  return settings.grants.map((grant) => `${grant.host}::${grant.guest}${grant.readonly ? '::ro' : ''}`);
}

/**
 * `run --json`: the guest runs as a child `wasi-kit run` with its output captured, and one JSON
 * document reports it: exit code, timings, stdout and stderr (and the build, with --bin).
 */
export async function runJson(file: string | undefined, args: string[], options: RunTargetOptions): Promise<void> {
  const started = performance.now();
  let target: RunTarget;
  try {
    target = await resolveRunTarget(file, args, options);
  } catch (error) {
    const userError = asUserError(error);
    if (userError) {
      const rendered = (error as { rendered?: unknown }).rendered;
      printJson({ command: 'run', ok: false, exitCode: userError.exitCode, durationMs: Math.round(performance.now() - started), build: null, run: null, error: { message: userError.message, hint: userError.hint ?? null, rendered: typeof rendered === 'string' ? rendered : null } });
    }
    throw error;
  }
  const runFlags = [
    ...target.dir.map((spec) => `--dir=${spec}`),
    ...target.env.map((spec) => `--env=${spec}`),
    ...(options.invoke ? ['--invoke', options.invoke] : []),
    ...(options.trace ? ['--trace'] : []),
    ...(options.traceFile ? ['--trace-file', path.resolve(options.traceFile)] : []),
    ...(options.timeout ? ['--timeout', options.timeout] : []),
    ...(options.maxMemory ? ['--max-memory', options.maxMemory] : []),
    ...(options.backtrace ? ['--backtrace'] : []),
    ...(options.argv0 !== undefined ? ['--argv0', options.argv0] : []),
  ];
  const exit = await startGuest(target.file, { grants: [], env: {}, args: target.args }, { capture: true, inheritStdin: true, runFlags }).exited;
  const exitCode = exit.exitCode ?? EXIT.failure;
  printJson({
    command: 'run',
    ok: exitCode === 0,
    exitCode,
    durationMs: Math.round(performance.now() - started),
    build: target.build ? await buildDocument(target.build) : null,
    run: { file: target.file, args: target.args, durationMs: Math.round(exit.durationMs), stdout: exit.stdout ?? '', stderr: exit.stderr ?? '' },
  });
  process.exitCode = exitCode;
}
