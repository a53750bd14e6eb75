import { Option, type Command } from 'commander';
import { isUserError, WasiKitError } from '../errors.js';
import type { RunGuestOptions } from '../run/run-guest.js';
import { resolveRunTarget, type RunTargetOptions } from '../project/run-target.js';
import { guestOptionTip } from '../run/guest-options.js';
import { applyWasmtimeFlags, collectEnv, type WasmtimeFlagOptions } from '../run/wasmtime-flags.js';
import { addUsageTip } from '../usage.js';

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerRun(program: Command): void {
  const run = program
    .command('run')
    .description('run a WASI module (.wasm or .wat) in the sandbox; arguments after the file go to the guest. Inside a crate, without a file: build its binary and run it with the arguments, as cargo run does')
    .argument('[file]', 'the .wasm or .wat module to run (with --bin, a guest argument)')
    .argument('[args...]', 'arguments for the guest, or for the --invoke function (put -- before any that start with -)')
    .addOption(new Option('--dir <host[::guest][::ro]>', 'grant a host directory to the guest, at the guest path if given; read-only with ::ro').default([]).argParser(collect))
    .addOption(new Option('--env <key[=value]>', 'set an environment variable in the guest; NAME alone passes on the host\'s value').default([]).argParser((spec: string, previous: string[]) => collectEnv(spec, previous)))
    .option('--invoke <name>', 'call this exported function instead of _start and print its results')
    .option('--trace', 'log every WASI call and its errno to stderr (also WASI_KIT_LOG=trace)')
    .option('--trace-file <path>', 'write the --trace log to this file instead of stderr')
    .option('--timeout <duration>', 'stop the guest after this long, e.g. 500ms, 2s, 1m, or 2 (seconds) (exit code 124)')
    .option('--max-memory <size>', 'cap the guest\'s memory, e.g. 64MiB, 1G; memory.grow past it returns -1')
    .addOption(new Option('-W, --wasm <key=value,...>', 'wasmtime\'s wasm options: timeout=DURATION, max-memory-size=BYTES').default([]).argParser(collect))
    .addOption(new Option('-S, --wasi <key[=y|n],...>', 'wasmtime\'s WASI options: inherit-env (the whole host environment; --env wins)').default([]).argParser(collect))
    .option('--backtrace', 'print the wasm backtrace when the guest traps (also RUST_BACKTRACE=1)')
    .option('--argv0 <name>', 'the guest\'s argv[0] (default: the module\'s file name)')
    .addOption(new Option('--mapdir <guest::host>').hideHelp())
    .addOption(new Option('-O, --optimize <options>').hideHelp())
    .addOption(new Option('-C, --codegen <options>').hideHelp())
    .addOption(new Option('-D, --debug <options>').hideHelp())
    .option('--bin <name>', 'build this binary of the crate here first, run it with [package.metadata.wasi-kit] defaults')
    .option('-r, --release', 'when run builds the crate: build with the release profile')
    .option('--json', 'capture the guest\'s output and print one JSON document (exit code, timings, stdout, stderr)')
    .addHelpText(
      'after',
      [
        '\nExamples:',
        '  $ wasi-kit run target/wasm32-wasip1/debug/sizer.wasm --dir=. .',
        '  $ wasi-kit run app.wasm --dir ./data::/data -- --verbose /data',
        '  $ wasi-kit run --invoke add math.wat 2 40',
        '  $ wasi-kit run --trace --timeout 2s --max-memory 64MiB app.wasm',
        '  $ wasi-kit run                           # inside a crate: cargo build, then run its binary with Cargo.toml defaults',
        '  $ wasi-kit run --dir=. -- .              # the same, with "." for the guest (as wasi-kit dev --dir=. -- .)',
        '  $ wasi-kit run --bin hello -- a b        # the same for one binary of several, with guest arguments',
        '  $ wasi-kit run app.wasm --json | jq .exitCode',
        '  $ wasi-kit run -W timeout=2,max-memory-size=67108864 -S inherit-env app.wasm   # wasmtime\'s spellings',
      ].join('\n'),
    )
    .action(async (file: string | undefined, args: string[], flags: RunGuestOptions & RunTargetOptions & WasmtimeFlagOptions) => {
      const options = withGuestOptionTip(run, () => applyWasmtimeFlags(flags));
      if (options.json) return (await import('../run/run-json.js')).runJson(file, args, options);
      const target = await resolveRunTarget(file, args, options);
      const { guestRequest, reportResult, runRequest } = await import('../run/run-guest.js');
      await reportResult(await runRequest(guestRequest(target.file, target.settings, options)));
    });
  addUsageTip(run, (error) => {
    const unknown = /^error: unknown option '([^']+)'/.exec(error)?.[1];
    return unknown === undefined ? undefined : guestOptionTip(run, process.argv, (token) => token === unknown);
  });
}

/**
 * wasmtime's flags that wasi-kit refuses (`-W ignore`, `-S t.py`, `-O`) are Python's too: refused
 * after the module, they get the tip to pass them to the guest instead of wasmtime's story.
 */
function withGuestOptionTip<T>(run: Command, apply: () => T): T {
  try {
    return apply();
  } catch (error) {
    if (!isUserError(error)) throw error;
    const flagOf = (token: string) => run.options.find((option) => option.long === token.split('=')[0] || option.short === token.slice(0, 2))?.short;
    const tip = guestOptionTip(run, process.argv, (token) => {
      const flag = flagOf(token);
      return flag !== undefined && (error.message.startsWith(`${flag} `) || error.message.startsWith(`${flag}=`));
    });
    if (tip === undefined) throw error;
    throw new WasiKitError(error.message, { hint: tip, exitCode: error.exitCode, cause: error });
  }
}
