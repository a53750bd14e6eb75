import { beforeAll, describe, it } from 'vitest';
import { buildProbes } from '../helpers/probes.js';
import { runGuest } from '../helpers/run-guest.js';

describe('args_* and environ_*', () => {
  beforeAll(() => buildProbes().then(() => undefined));

  it('sizes count NUL-terminated UTF-8 bytes and the strings come back in order', async () => {
    const args = ['a b', 'ünï', '', '--flag=1'];
    const env = { HOME: '/home/guest', EMPTY: '', WITH_EQUALS: 'x=y', UTF: 'ö' };
    const argv = ['args-env.wasm', ...args];
    const vars = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    const bytes = (list: string[]) => list.reduce((n, s) => n + Buffer.byteLength(s) + 1, 0);
    await runGuest({
      module: 'args-env',
      args,
      env,
      expectStdout: [
        `arg count=${argv.length} bytes=${bytes(argv)}`,
        ...argv.map((a) => `arg ${a}`),
        `env count=${vars.length} bytes=${bytes(vars)}`,
        ...vars.map((v) => `env ${v}`),
      ],
    });
  });

  it('as node:wasi: an argument or a value is what String() makes of it, and a variable set to undefined is left out', async () => {
    const args = [7, true] as unknown as string[];
    const env = { N: 3, GONE: undefined, S: 's' } as unknown as Record<string, string>;
    await runGuest({ module: 'args-env', args, env, expectStdout: ['arg count=3 bytes=21', 'arg args-env.wasm', 'arg 7', 'arg true', 'env count=2 bytes=8', 'env N=3', 'env S=s'] });
  });

  it('no env means zero environment variables (the host environment does not leak in)', async () => {
    await runGuest({ module: 'args-env', expectStdout: ['arg count=1 bytes=14', 'arg args-env.wasm', 'env count=0 bytes=0'] });
  });
});
