import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { DoctorReport, FixResult, RustVersion, ToolchainReport } from '@wasi-kit/cargo-bridge';
import { cliPackage, putOnPathCommand } from '../installation.js';
import { loadCargoBridge, loadRuntime } from '../packages.js';
import { EXIT, paint, printJson } from '../output.js';

interface DoctorCommandOptions {
  json?: boolean;
  fix?: boolean;
}

/** `cargo run/test --target …` use the `.cargo/config.toml` runner, which calls `wasi-kit` from PATH. */
interface RunnerReport {
  onPath: boolean;
  path: string | null;
  /** The command that puts this wasi-kit on PATH. */
  command: string;
}

/** The Node running wasi-kit against the oldest one the CLI's `engines` allows (and CI tests). */
interface NodeReport {
  version: string;
  floor: string;
  ok: boolean;
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('show the Rust toolchains found, the one builds use, its WASI target, and what is missing')
    .option('--json', 'print the report as one JSON document')
    .option('--fix', 'install what is missing where possible (rustup target add; apt-get on Debian as root), else print the command')
    .addHelpText('after', '\nExit code 0 when a toolchain can build for WASI, 1 when not.\n\nExamples:\n  $ wasi-kit doctor\n  $ wasi-kit doctor --json | jq .selected\n  $ sudo wasi-kit doctor --fix')
    .action(async (options: DoctorCommandOptions) => {
      const { diagnose, fix, formatVersion } = await loadCargoBridge();
      const fixed = options.fix ? await fix() : undefined;
      const report = fixed?.report ?? (await diagnose());
      const runner = findRunner();
      const node = nodeReport();
      const sandbox = (await loadRuntime()).sandboxDescription();
      if (options.json) printJson({ ...report, node, runner, sandbox, ...(fixed ? { fix: { fixed: fixed.fixed, steps: fixed.steps, manual: fixed.manual ?? null } } : {}) });
      else printReport(report, node, runner, fixed, formatVersion);
      if (!options.json) process.stdout.write(paint('dim', `runtime sandbox: ${sandbox} (how guest paths are resolved beneath each --dir)\n`, process.stdout));
      process.exitCode = report.ok ? EXIT.ok : EXIT.failure;
    });
}

function printReport(report: DoctorReport, node: NodeReport, runner: RunnerReport, fixed: FixResult | undefined, formatVersion: (version: RustVersion) => string): void {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const colour = (style: Parameters<typeof paint>[0], text: string) => paint(style, text, process.stdout);
  out(
    node.ok
      ? `Node ${node.version} ${colour('dim', `(wasi-kit needs ${node.floor} or newer)`)}`
      : `${colour('yellow', 'warning:')} Node ${node.version} is older than ${node.floor}, the oldest wasi-kit is tested on; install a current Node (22 or 24 LTS)`,
  );
  out(report.toolchains.length === 0 ? 'Rust toolchains: none found (looked at RUSTC, rustup and /usr/bin, /usr/local/bin)' : 'Rust toolchains (the first with a WASI std is used):');
  for (const toolchain of report.toolchains) {
    const used = report.selected?.rustc === toolchain.rustc;
    out(`  ${toolchain.target ? colour('green', '✓') : colour('red', '✗')} ${toolchain.name}  rustc ${formatVersion(toolchain.version)}  ${describeTarget(toolchain)}${used ? colour('bold', '  ← used') : ''}`);
    out(colour('dim', `      rustc ${toolchain.rustc}  cargo ${toolchain.cargo}  sysroot ${toolchain.sysroot}`));
    if (toolchain.missing) {
      out(`      missing: the ${toolchain.missing.target} std (${toolchain.missing.path})`);
      out(`      add it:  ${toolchain.missing.command}`);
    }
  }
  out();
  if (report.selected) out(`${colour('green', 'ok:')} builds use ${report.selected.name} (rustc ${formatVersion(report.selected.version)}) for ${report.selected.target}`);
  for (const passed of report.selected?.passedOver ?? []) {
    out(`${colour('yellow', 'passed over:')} ${passed.name} (rustc ${formatVersion(passed.version)}): ${passed.reason}; to use it: ${passed.fix}`);
  }
  if (report.components?.ok) out(colour('dim', 'components: it builds wasm32-wasip2 too (--target wasm32-wasip2)'));
  else if (report.components) out(colour('dim', `components (--target wasm32-wasip2, optional): ${report.components.message}; ${report.components.command}`));
  for (const problem of report.problems) {
    out(`${colour('red', 'missing:')} ${problem.message}`);
    out(`${colour('dim', 'fix:')} ${problem.command}${fixed ? '' : '   (or: wasi-kit doctor --fix)'}`);
  }
  for (const step of fixed?.steps ?? []) {
    out(`${step.ok ? colour('green', 'ran:') : colour('red', 'failed:')} ${step.command}`);
    if (!step.ok && step.output) out(step.output.replace(/^/gm, '    '));
  }
  if (fixed && !fixed.fixed && fixed.manual) out(`run it yourself (it may need the network or root): ${fixed.manual}`);
  out(
    runner.onPath
      ? colour('dim', `cargo runner: wasi-kit is on PATH (${runner.path}), so cargo run/test --target ${report.target ?? '<wasi>'} use it`)
      : `cargo runner: wasi-kit is not on PATH; plain cargo run/test --target … need it (wasi-kit test does not). Put it there: ${runner.command}`,
  );
}

function describeTarget(toolchain: ToolchainReport): string {
  if (toolchain.target) return toolchain.target;
  return `no WASI std (knows ${toolchain.knownTargets.join(', ')})`;
}

function findRunner(): RunnerReport {
  const command = putOnPathCommand();
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, process.platform === 'win32' ? 'wasi-kit.cmd' : 'wasi-kit');
    try {
      accessSync(candidate, constants.X_OK);
      return { onPath: true, path: candidate, command };
    } catch {
      // not in this folder
    }
  }
  return { onPath: false, path: null, command };
}

/** This Node against the floor of the CLI's `engines.node` (`>=20.19`). */
export function nodeReport(version = process.versions.node, range = enginesNode()): NodeReport {
  const floor = (/(\d+)\.(\d+)(?:\.(\d+))?/.exec(range) ?? []).slice(1, 4).map((part) => Number(part ?? 0));
  const current = version.split('.').map(Number);
  const difference = floor.map((part, i) => (current[i] ?? 0) - part).find((diff) => diff !== 0) ?? 0;
  return { version, floor: floor.length === 3 ? floor.join('.') : '0.0.0', ok: difference >= 0 };
}

function enginesNode(): string {
  return (JSON.parse(readFileSync(path.join(cliPackage().dir, 'package.json'), 'utf8')) as { engines?: { node?: string } }).engines?.node ?? '';
}
