import { Option, type Command } from 'commander';
import type { CargoMetadata, Watcher } from '@wasi-kit/cargo-bridge';
import { loadCargoBridge } from '../packages.js';
import { EXIT, paint, printStatus, useColour } from '../output.js';
import { requireManifest } from '../project/config.js';
import { resolveGuestSettings } from '../project/guest-settings.js';
import { listenForKeys } from '../dev/keys.js';
import { DevSession } from '../dev/session.js';
import { KEYS_HELP } from '../dev/status-line.js';
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
        'Each save stops a guest that is still running and rebuilds. A failed build shows cargo\'s',
        'errors and waits for the next save; a guest that traps or exits non-zero is reported and the',
        'loop goes on. The guest\'s stdin is empty. On a terminal: r reruns, c clears, q quits, h helps.',
        'Ctrl-C stops cargo and the guest and exits 0. No binary, or several without --bin, ends dev.',
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
  // Bad flags fail now, once, rather than on every cycle; the config is checked once cargo has read it.
  const manifest = requireManifest(cwd);
  resolveGuestSettings(undefined, flags, cwd);

  let fail: (error: unknown) => void = () => undefined;
  let quit: () => void = () => undefined;
  const ended = new Promise<void>((resolve, reject) => {
    fail = reject;
    quit = resolve;
  });
  // Listening before the first build: Ctrl-C at any moment takes the same clean way out.
  let stopping = false;
  const onInterrupt = () => {
    // A second Ctrl-C while shutting down means "now".
    if (stopping) process.exit(EXIT.interrupted);
    stopping = true;
    quit();
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);

  const keys = Boolean(process.stdin.isTTY);
  printStatus(paint('dim', `dev: building, then rebuilding on every save; ${keys ? `${KEYS_HELP} · ` : ''}Ctrl-C to stop`));
  let watcher: Watcher | undefined;
  // The first build starts before watch() resolves (cargo metadata runs beside it, or after it for
  // a crate without a config); each metadata watch() reads reaches the session as soon as it is
  // read, not once the file watcher is ready.
  let latestMetadata: CargoMetadata | undefined;
  let metadataRead: (metadata: CargoMetadata) => void = () => undefined;
  const firstMetadata = new Promise<CargoMetadata>((resolve) => (metadataRead = resolve));
  // The terminal goes to raw mode before any guest runner starts: a Node process restores, as it
  // exits, the terminal mode it found when it started, and would turn raw mode off under dev.
  let session: DevSession | undefined;
  const releaseKeys = listenForKeys({
    rerun: () => void session?.rerun().catch(fail),
    clear: () => process.stdout.write('\x1b[2J\x1b[3J\x1b[H'),
    quit: onInterrupt,
    help: () => printStatus(paint('dim', `${KEYS_HELP} (Ctrl-C quits too)`)),
  });
  // The runtime and the first guest's runner load while cargo builds, not before it starts.
  session = new DevSession({ cwd, bin: options.bin, flags, metadata: async () => latestMetadata ?? (await firstMetadata), fatal: fail });
  try {
    const { configWithoutMetadata, projectConfig, watch } = await loadCargoBridge();
    watcher = await watch({
      cwd,
      // Without a config, nothing cargo metadata says can change the first build or guest: it waits.
      metadataAfterFirstBuild: configWithoutMetadata(manifest) !== undefined,
      release: options.release,
      progress: false,
      color: useColour(),
      cargoArgs: options.bin ? ['--bin', options.bin] : [],
      // A broken [package.metadata.wasi-kit] fails here, once, before any cycle reads it; later edits are re-read on each build.
      targetFrom: (metadata) => {
        // Kept even when invalid: each cycle then says what is wrong, rather than running the old config.
        latestMetadata = metadata;
        metadataRead(metadata);
        return projectConfig(metadata, manifest).target;
      },
      onEvent(event) {
        if (event.type === 'changed') session.changed();
        else if (event.type === 'building') session.building(event.changed);
        else if (event.type === 'built') session.built(event.result).catch(fail);
        else if (event.type === 'failed') session.failed(event.error);
      },
    });
    await ended;
  } finally {
    releaseKeys();
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
    session.stop();
    await watcher?.close();
  }
}
