import { runProcess } from './child-process.js';
import { CargoBridgeError, TargetNotInstalled } from './errors.js';
import { currentPlatform, DEBIAN_PACKAGES, debianInstall, installHint, preferredTarget, rustupToolchainName, type Platform } from './install-command.js';
import { componentsLacking, wasiTargetsFor, type WasiTarget } from './target.js';
import { cachePath, defaultCacheDir } from './toolchain-cache.js';
import { listToolchains, missingTarget, selectToolchain, type DiscoveryOptions, type PassedOver, type Toolchain, type WasiToolchain } from './toolchain.js';

/** One toolchain as `wasi-kit doctor --json` prints it: a `Toolchain`, field for field, plus what it lacks. */
export interface ToolchainReport extends Toolchain {
  /** The WASI targets this version knows, preferred first. */
  knownTargets: WasiTarget[];
  /** What this toolchain lacks to build for WASI, and the command that adds it; null when nothing. */
  missing: { target: WasiTarget; path: string; command: string } | null;
}

export interface DoctorReport {
  ok: boolean;
  /** Every toolchain found, in the order builds consider them. */
  toolchains: ToolchainReport[];
  /** The toolchain builds use, exactly as `findToolchain()` returns it; null when none can. */
  selected: (WasiToolchain & { passedOver: PassedOver[] }) | null;
  target: WasiTarget | null;
  /** What is missing for wasi-kit to build at all; empty when ok. */
  problems: { message: string; command: string }[];
  /** Where the discovery answer is cached; null when caching is off. */
  cacheFile: string | null;
  /** Whether the selected toolchain builds wasm32-wasip2 components, else what it lacks and the fix; null without one. */
  components: { ok: true } | { ok: false; message: string; command: string } | null;
}

/** Looks afresh (ignoring the cache, then refreshing it) and reports what is there and what is missing. */
export async function diagnose(options: DiscoveryOptions = {}): Promise<DoctorReport> {
  const env = { ...process.env, ...options.env };
  const toolchains = await listToolchains({ ...options, refresh: true });
  const reports = toolchains.map(toReport);
  const cacheDir = options.cacheDir === undefined ? defaultCacheDir(env) : options.cacheDir;
  const cacheFile = cacheDir === false ? null : cachePath(cacheDir);
  try {
    const selected = selectToolchain(toolchains);
    const lacking = componentsLacking(selected, env);
    const components = lacking ? { ok: false as const, message: lacking.message, command: lacking.command } : { ok: true as const };
    return { ok: true, toolchains: reports, selected: { ...selected, passedOver: selected.passedOver ?? [] }, target: selected.target, problems: [], cacheFile, components };
  } catch (error) {
    if (!(error instanceof CargoBridgeError)) throw error;
    const command = error instanceof TargetNotInstalled ? error.command : installHint(toolchains);
    return { ok: false, toolchains: reports, selected: null, target: null, problems: [{ message: error.message, command }], cacheFile, components: null };
  }
}

function toReport(toolchain: Toolchain): ToolchainReport {
  return { ...toolchain, knownTargets: wasiTargetsFor(toolchain.version), missing: missingTarget(toolchain) ?? null };
}

export interface FixStep {
  command: string;
  ok: boolean;
  /** The command's combined output (its last lines), to show when it failed. */
  output: string;
}

export interface FixResult {
  /** Nothing was missing, or a step fixed it and discovery now finds a WASI toolchain. */
  fixed: boolean;
  steps: FixStep[];
  /** When not fixed: the command to run by hand. */
  manual: string | undefined;
  report: DoctorReport;
}

export interface FixOptions extends DiscoveryOptions {
  platform?: Platform;
}

/**
 * Gives this machine a WASI std where it can: `rustup target add` for a rustup toolchain (it needs
 * to download; a failure is reported with the command), else Debian's packages with apt-get when
 * running as root; otherwise it only says what to run.
 */
export async function fix(options: FixOptions = {}): Promise<FixResult> {
  const platform = options.platform ?? currentPlatform();
  const env = { ...process.env, ...options.env };
  const before = await diagnose(options);
  if (before.ok) return { fixed: true, steps: [], manual: undefined, report: before };

  const toolchains = await listToolchains(options);
  const rustup = toolchains.find((t) => rustupToolchainName(t) !== undefined);
  const steps: FixStep[] = [];
  if (rustup) {
    steps.push(await runStep('rustup', ['target', 'add', '--toolchain', rustupToolchainName(rustup)!, preferredTarget(rustup)], env));
  } else if (platform.debian && platform.root) {
    const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () => runStep('apt-get', ['install', '-y', ...DEBIAN_PACKAGES], aptEnv);
    steps.push(await install());
    // A fresh container has no package lists yet: update them once and try again.
    if (!steps[0]!.ok) {
      steps.push(await runStep('apt-get', ['update'], aptEnv));
      if (steps[1]!.ok) steps.push(await install());
    }
  }
  const after = steps.at(-1)?.ok ? await diagnose(options) : before;
  const manual = after.ok ? undefined : rustup || !platform.debian ? installHint(toolchains, platform) : debianInstall(platform);
  return { fixed: after.ok, steps, manual, report: after };
}

async function runStep(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<FixStep> {
  const run = await runProcess(file, args, { env: { ...process.env, ...env, RUSTUP_TOOLCHAIN: undefined }, collect: { all: true } });
  const output = (run.all.trim() || run.shortMessage).split('\n').slice(-10).join('\n');
  return { command: [file, ...args].join(' '), ok: !run.failed, output };
}
