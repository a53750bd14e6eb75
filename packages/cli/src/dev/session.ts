import type { BuildResult, CargoBridgeError } from '@wasi-kit/cargo-bridge';
import { asUserError } from '../errors.js';
import { paint, printError, printStatus, type Progress, startProgress } from '../output.js';
import { pickBinary, packageManifest } from '../project/binary.js';
import { findManifest, loadProjectConfig } from '../project/config.js';
import { resolveGuestSettings, type GuestFlags } from '../project/guest-settings.js';
import { startGuest, type RunningGuest } from './guest-process.js';
import { statusLine } from './status-line.js';

export interface DevOptions {
  cwd: string;
  bin?: string;
  flags: GuestFlags;
}

/**
 * What `dev` does with each event of the watcher: a build starts → spinner; a build lands →
 * stop the guest still running, run the new one, print one status line when it ends; a build
 * fails → cargo's errors and a status line, and the last guest keeps whatever it was doing.
 */
export class DevSession {
  private guest: RunningGuest | undefined;
  private progress: Progress | undefined;
  private generation = 0;
  private buildStarted = performance.now();

  constructor(private readonly options: DevOptions) {}

  building(): void {
    this.stopProgress();
    this.buildStarted = performance.now();
    // A spinner would tangle with the output of a guest that is still running.
    this.progress = this.guest ? undefined : startProgress('building');
  }

  async built(result: BuildResult): Promise<void> {
    this.stopProgress();
    const generation = ++this.generation;
    await this.stopGuest();
    for (const diagnostic of result.diagnostics) process.stderr.write(diagnostic.rendered);
    let settings;
    let wasm;
    try {
      const artifact = pickBinary(result.artifacts, this.options.bin);
      wasm = artifact.wasm;
      // Config is read again each cycle: editing Cargo.toml's metadata takes effect on the next save.
      const manifest = packageManifest(artifact) ?? findManifest(this.options.cwd);
      settings = resolveGuestSettings(manifest ? loadProjectConfig(manifest) : undefined, this.options.flags, this.options.cwd);
    } catch (error) {
      const userError = asUserError(error);
      if (!userError) throw error;
      printError(userError.message, userError.hint);
      return;
    }
    if (generation !== this.generation) return;
    const guest = startGuest(wasm, settings, { cwd: this.options.cwd });
    this.guest = guest;
    const exit = await guest.exited;
    if (this.guest === guest) this.guest = undefined;
    const buildMs = result.durationMs;
    printStatus(
      exit.exitCode === undefined
        ? statusLine({ kind: 'stopped', buildMs, runMs: exit.durationMs })
        : statusLine({ kind: 'ran', buildMs, runMs: exit.durationMs, exitCode: exit.exitCode }),
    );
  }

  /** cargo's rendered errors when it ran; otherwise (a bad manifest, say) the one-line message and hint. */
  failed(error: CargoBridgeError): void {
    this.stopProgress();
    const rendered = (error as { rendered?: unknown }).rendered;
    if (typeof rendered === 'string' && rendered !== '') process.stderr.write(rendered.endsWith('\n') ? rendered : `${rendered}\n`);
    else printError(error.message, error.hint);
    printStatus(statusLine({ kind: 'build-failed', buildMs: performance.now() - this.buildStarted }));
  }

  /** Ctrl-C: the guest goes now; the caller closes the watcher, which stops cargo. */
  async stop(): Promise<void> {
    this.stopProgress();
    this.generation++;
    await this.stopGuest();
    printStatus(paint('dim', 'dev stopped'));
  }

  private stopProgress(): void {
    this.progress?.stop();
    this.progress = undefined;
  }

  private async stopGuest(): Promise<void> {
    const guest = this.guest;
    this.guest = undefined;
    if (guest) await guest.stop();
  }
}
