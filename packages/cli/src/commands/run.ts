import path from 'node:path';
import { Option, type Command } from 'commander';
import { run } from '@wasi-kit/runtime';
import { parseDirSpec, parseEnvSpec } from '../dir-spec.js';

interface RunCommandOptions {
  dir: string[];
  env: string[];
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a WASI module in the sandbox; arguments after the file go to the guest')
    .argument('<file>', 'the .wasm module to run')
    .argument('[args...]', 'arguments for the guest (put -- before any that start with -)')
    .addOption(new Option('--dir <host[::guest]>', 'grant a host directory to the guest, at the guest path if given').default([]).argParser(collect))
    .addOption(new Option('--env <key=value>', 'set an environment variable in the guest').default([]).argParser(collect))
    .addHelpText('after', '\nExamples:\n  $ wasi-kit run target/wasm32-wasip1/debug/sizer.wasm --dir=. .\n  $ wasi-kit run app.wasm --dir ./data::/data -- --verbose /data')
    .action(async (file: string, args: string[], options: RunCommandOptions) => {
      const preopens = Object.fromEntries(options.dir.map((spec) => parseDirSpec(spec)).map((grant) => [grant.guest, grant.host]));
      const env = Object.fromEntries(options.env.map(parseEnvSpec));
      const { exitCode } = await run(path.resolve(file), { args: [file, ...args], env, preopens });
      process.exitCode = exitCode;
    });
}
