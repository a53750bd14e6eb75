import { Option, type Command } from 'commander';
import { loadCargoBridge } from '../packages.js';
import { EXIT, paint, printStatus, useColour } from '../output.js';
import { configuredTarget, loadProjectConfig, requireManifest } from '../project/config.js';
import { resolveGuestSettings } from '../project/guest-settings.js';
import { DevSession } from '../dev/session.js';
import { collectEnv } from '../run/wasmtime-flags.js';

interface DevCommandOptions {
  dir: string[];
  env: string[];
  release?: boolean;
  bin?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerDev(program: Command): void {
  program
    .command('dev')
    .description('build, run and rebuild on every save: the inner loop')
    .argument('[args...]', 'arguments for the guest (put -- before them); replace the config\'s args')
    .addOption(new Option('--dir <host[::guest][::ro]>', 'grant a host directory to the guest (repeatable; adds to the config\'s dirs)').default([]).argParser(collect))
    .addOption(new Option('--env <key[=value]>', 'set an environment variable in the guest (repeatable; overrides the config\'s env); NAME alone passes on the host\'s value').default([]).argParser((spec: string, previous: string[]) => collectEnv(spec, previous)))
    .option('-r, --release', 'build with the release profile')
    .option('--bin <name>', 'the binary to run when the crate or workspace has several')
    .addHelpText(
      'after',
      [
        '',
        'Each save rebuilds; a new build stops a guest that is still running. A failed build shows',
        'cargo\'s errors and waits for the next save; a guest that traps or exits non-zero is reported',
        'and the loop goes on. The guest\'s stdin is empty. Ctrl-C stops cargo and the guest and exits 0.',
        'Defaults come from [package.metadata.wasi-kit] in Cargo.toml (dirs, env, args); flags win.',
        '',
        'Examples:',
        '  $ wasi-kit dev --dir=.',
        '  $ wasi-kit dev --dir=./data::/data::ro --env RUST_BACKTRACE=1 -- /data',
        '  $ wasi-kit dev --release --bin server',
      ].join('\n'),
    )
    .action(async (args: string[], options: DevCommandOptions) => dev(args, options));
}

async function dev(args: string[], options: DevCommandOptions): Promise<void> {
  const cwd = process.cwd();
  const flags = { dir: options.dir, env: options.env, args: args.length > 0 ? args : undefined };
  // Bad flags or config fail now, once, rather than on every cycle.
  const manifest = requireManifest(cwd);
  resolveGuestSettings(loadProjectConfig(manifest), flags, cwd);

  const session = new DevSession({ cwd, bin: options.bin, flags });
  let fail: (error: unknown) => void = () => undefined;
  let interrupted: () => void = () => undefined;
  const ended = new Promise<void>((resolve, reject) => {
    fail = reject;
    interrupted = resolve;
  });
  // Listening before the first build: Ctrl-C at any moment takes the same clean way out.
  let stopping = false;
  const onInterrupt = () => {
    // A second Ctrl-C while shutting down means "now".
    if (stopping) process.exit(EXIT.interrupted);
    stopping = true;
    interrupted();
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);

  printStatus(paint('dim', 'dev: building, then rebuilding on every save; Ctrl-C to stop'));
  const { watch } = await loadCargoBridge();
  const watcher = await watch({
    cwd,
    release: options.release,
    progress: false,
    color: useColour(),
    cargoArgs: options.bin ? ['--bin', options.bin] : [],
    target: configuredTarget(cwd),
    onEvent(event) {
      if (event.type === 'building') session.building();
      else if (event.type === 'built') session.built(event.result).catch(fail);
      else if (event.type === 'failed') session.failed(event.error);
    },
  });
  try {
    await ended;
  } finally {
    await Promise.all([session.stop(), watcher.close()]);
  }
}
