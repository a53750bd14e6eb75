import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { DoctorReport, FixResult, ToolchainReport } from '@wasi-kit/cargo-bridge';
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
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('show the Rust toolchains found, the one builds use, its WASI target, and what is missing')
    .option('--json', 'print the report as one JSON document')
    .option('--fix', 'install what is missing where possible (rustup target add; apt-get on Debian as root), else print the command')
    .addHelpText('after', '\nExit code 0 when a toolchain can build for WASI, 1 when not.\n\nExamples:\n  $ wasi-kit doctor\n  $ wasi-kit doctor --json | jq .selected\n  $ sudo wasi-kit doctor --fix')
    .action(async (options: DoctorCommandOptions) => {
      const { diagnose, fix } = await loadCargoBridge();
      const fixed = options.fix ? await fix() : undefined;
      const report = fixed?.report ?? (await diagnose());
      const runner = findRunner();
      const sandbox = (await loadRuntime()).sandboxDescription();
      if (options.json) printJson({ ...report, runner, sandbox, ...(fixed ? { fix: { fixed: fixed.fixed, steps: fixed.steps, manual: fixed.manual ?? null } } : {}) });
      else printReport(report, runner, fixed);
      if (!options.json) process.stdout.write(paint('dim', `runtime sandbox: ${sandbox} (how guest paths are resolved beneath each --dir)\n`, process.stdout));
      process.exitCode = report.ok ? EXIT.ok : EXIT.failure;
    });
}

function printReport(report: DoctorReport, runner: RunnerReport, fixed: FixResult | undefined): void {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const colour = (style: Parameters<typeof paint>[0], text: string) => paint(style, text, process.stdout);
  out(report.toolchains.length === 0 ? 'Rust toolchains: none found (looked at RUSTC, rustup and /usr/bin, /usr/local/bin)' : 'Rust toolchains (the first with a WASI std is used):');
  for (const toolchain of report.toolchains) {
    const used = report.selected?.rustc === toolchain.rustc;
    out(`  ${toolchain.target ? colour('green', '✓') : colour('red', '✗')} ${toolchain.name}  rustc ${toolchain.version}  ${describeTarget(toolchain)}${used ? colour('bold', '  ← used') : ''}`);
    out(colour('dim', `      rustc ${toolchain.rustc}  cargo ${toolchain.cargo}  sysroot ${toolchain.sysroot}`));
    if (toolchain.missing) {
      out(`      missing: the ${toolchain.missing.target} std (${toolchain.missing.path})`);
      out(`      add it:  ${toolchain.missing.command}`);
    }
  }
  out();
  if (report.selected) out(`${colour('green', 'ok:')} builds use ${report.selected.name} (rustc ${report.selected.version}) for ${report.selected.target}`);
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
      : colour('dim', 'cargo runner: wasi-kit is not on PATH; plain cargo run/test --target … need it (npm i -g wasi-kit); wasi-kit test does not'),
  );
}

function describeTarget(toolchain: ToolchainReport): string {
  if (toolchain.target) return toolchain.target;
  return `no WASI std (knows ${toolchain.knownTargets.join(', ')})`;
}

function findRunner(): RunnerReport {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, process.platform === 'win32' ? 'wasi-kit.cmd' : 'wasi-kit');
    try {
      accessSync(candidate, constants.X_OK);
      return { onPath: true, path: candidate };
    } catch {
      // not in this folder
    }
  }
  return { onPath: false, path: null };
}
