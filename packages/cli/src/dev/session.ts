import path from 'node:path';
import type { BuildResult, CargoBridgeError, CargoMetadata } from '@wasi-kit/cargo-bridge';
import type { GuestRunner, RunResult } from '@wasi-kit/runtime';
import { isUserError, type UserError } from '../errors.js';
import { paint, printError, printStatus, printUserError, type Progress, startProgress } from '../output.js';
import { loadCargoBridge, loadRunner } from '../packages.js';
import { BinaryChoiceError, pickBinary, packageManifest } from '../project/binary.js';
import { resolveGuestSettings, type GuestFlags } from '../project/guest-settings.js';
import { guestRequest } from '../run/run-guest.js';
import { cycleHeader, runningLine, statusLine } from './status-line.js';

export interface DevOptions {
  cwd: string;
  bin?: string;
  flags: GuestFlags;
  /** The workspace's cargo metadata, re-read by the watcher only when a Cargo.toml changes. */
  metadata: () => Promise<CargoMetadata>;
  /** A mistake no save can fix (no binary, several binaries): dev ends with it. */
  fatal: (error: UserError) => void;
}

type RunnerHost = Awaited<ReturnType<typeof loadRunner>>;

/** The runner bin/early-runner.js started for `dev` before the CLI loaded, if it did: taken once. */
function takeEarlyRunner(): GuestRunner | undefined {
  const global = globalThis as { [key: symbol]: GuestRunner | undefined };
  const key = Symbol.for('wasi-kit.early-runner');
  const runner = global[key];
  delete global[key];
  return runner;
}

/**
 * What `dev` does with each event of the watcher. The next guest's runner (a child process with
 * the runtime loaded, waiting for its request over IPC) is started ahead, so a save pays for cargo
 * and the guest, not for a Node start-up. A save stops the running guest at once; a build that
 * lands runs the new guest; a failed build shows cargo's errors and the last guest stays stopped.
 */
export class DevSession {
  /** The next guest's runner, started ahead; undefined while its successor is not started yet. */
  private warm: GuestRunner | undefined;
  private guest: { runner: GuestRunner; stopped: boolean } | undefined;
  private progress: Progress | undefined;
  private generation = 0;
  private buildStarted = performance.now();
  private lastBuild: BuildResult | undefined;
  private ended = false;

  /** The runner transport's host side, loading beside the first build; the first runner starts once it has loaded. */
  private readonly runnerHost: Promise<RunnerHost>;

  constructor(private readonly options: DevOptions) {
    this.warm = takeEarlyRunner();
    this.runnerHost = loadRunner();
    this.runnerHost.then(
      (host) => {
        if (!this.ended && !this.guest) this.warm ??= this.startRunner(host);
      },
      () => undefined,
    );
  }

  /** A save: the guest still running is stopped now, not when the next build lands. */
  changed(): void {
    this.generation++;
    this.stopGuest();
  }

  building(changed: string[]): void {
    this.stopProgress();
    this.buildStarted = performance.now();
    printStatus(cycleHeader(changed, this.options.cwd));
    this.progress = startProgress('building');
  }

  async built(result: BuildResult): Promise<void> {
    this.stopProgress();
    this.lastBuild = result;
    for (const diagnostic of result.diagnostics) process.stderr.write(diagnostic.rendered);
    await this.runGuest(result);
  }

  /** The `r` key: run the last good build again, without building. */
  async rerun(): Promise<void> {
    if (!this.lastBuild) return;
    this.generation++;
    this.stopGuest();
    printStatus(cycleHeader([], this.options.cwd, 'rerun'));
    await this.runGuest(this.lastBuild);
  }

  /** cargo's rendered errors when it ran; otherwise (a bad manifest, say) the one-line message and hint. */
  failed(error: CargoBridgeError): void {
    this.stopProgress();
    printUserError(error);
    printStatus(statusLine({ kind: 'build-failed', buildMs: performance.now() - this.buildStarted }));
  }

  /** Ctrl-C or `q`: the guest and the warm runner go now; the caller closes the watcher, which stops cargo. */
  stop(): void {
    this.stopProgress();
    this.generation++;
    this.stopGuest();
    this.ended = true;
    this.warm?.kill();
    this.warm = undefined;
    printStatus(paint('dim', 'dev stopped'));
  }

  private async runGuest(result: BuildResult): Promise<void> {
    const generation = ++this.generation;
    this.stopGuest();
    let request;
    try {
      const artifact = pickBinary(result.artifacts, this.options.bin);
      const { packageConfig } = await loadCargoBridge();
      // cargo metadata (beside or after the first build) often ends after it: not waited for when the manifest holds no config.
      const config = await packageConfig(packageManifest(artifact), this.options.metadata);
      const settings = resolveGuestSettings(config, this.options.flags, this.options.cwd);
      request = guestRequest(path.relative(this.options.cwd, artifact.wasm) || artifact.wasm, settings, {});
    } catch (error) {
      if (!isUserError(error)) throw error;
      // No binary, or several: no save fixes that, so say so and end rather than wait silently.
      if (error instanceof BinaryChoiceError) return this.options.fatal(error);
      printError(error.message, error.hint);
      return;
    }
    if (generation !== this.generation) return;

    const host = await this.runnerHost;
    if (generation !== this.generation) return;
    // The warm runner, unless it died while idle (killed from outside, say): then a fresh one.
    const warm = this.warm;
    this.warm = undefined;
    const runner = warm?.alive ? warm : this.startRunner(host);
    const guest = { runner, stopped: false };
    this.guest = guest;
    printStatus(runningLine(request.module as string));
    const started = performance.now();
    let outcome: RunResult | Error;
    try {
      outcome = await runner.run(request);
    } catch (error) {
      outcome = error as Error;
    }
    if (this.guest === guest) this.guest = undefined;
    const runMs = performance.now() - started;
    // The next guest's runner starts once this one is done, not beside it: on a busy machine its
    // Node start-up would take CPU from the guest the user is waiting for.
    if (!this.ended) this.warm ??= this.startRunner(host);
    const buildMs = result.durationMs;
    if (guest.stopped) return printStatus(statusLine({ kind: 'stopped', buildMs, runMs }));
    if (outcome instanceof Error) {
      if (!isUserError(outcome)) throw outcome;
      printUserError(outcome);
      return printStatus(statusLine({ kind: 'ran', buildMs, runMs, exitCode: outcome.exitCode }));
    }
    printStatus(statusLine({ kind: 'ran', buildMs, runMs, exitCode: outcome.exitCode }));
  }

  private startRunner(host: RunnerHost): GuestRunner {
    // The guest's stdin is empty in dev: the terminal's keys are dev's own.
    return host.startRunner({ stdin: 'ignore', cwd: this.options.cwd });
  }

  private stopProgress(): void {
    this.progress?.stop();
    this.progress = undefined;
  }

  private stopGuest(): void {
    const guest = this.guest;
    this.guest = undefined;
    if (!guest) return;
    guest.stopped = true;
    guest.runner.kill();
  }
}
