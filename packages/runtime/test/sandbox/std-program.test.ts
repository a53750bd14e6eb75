import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildProbes } from '../helpers/probes.js';
import { runGuest } from '../helpers/run-guest.js';
import { makeSandbox, type SandboxLayout } from '../helpers/sandbox-layout.js';

describe('ordinary std programs (wasi-libc path lookup) are confined the same way', () => {
  let sandbox: SandboxLayout;
  beforeAll(() => buildProbes().then(() => undefined));
  beforeEach(async () => {
    sandbox = await makeSandbox();
    await sandbox.link('/etc', 'etclink');
    await sandbox.link('..', 'up');
  });
  afterEach(() => sandbox.remove());

  it('std::fs::read_to_string cannot read through `..`, absolute paths outside preopens, or escaping symlinks', async () => {
    const escaped = /^err 63$/; // EPERM, as wasmtime
    const { stdout } = await runGuest({
      module: 'std-read',
      args: ['/sb/file.txt', '/sb/../outside.txt', '/sb/etclink/hostname', '/sb/up/outside.txt', '/etc/hostname', `${sandbox.base}/outside.txt`],
      preopens: { '/sb': sandbox.root },
    });
    const [inside, dotdot, middle, up, etc, hostAbsolute] = stdout.split('\n');
    expect(inside).toBe('ok inside');
    expect(dotdot).toMatch(escaped);
    expect(middle).toMatch(escaped);
    expect(up).toMatch(escaped);
    // No preopen covers these paths: Rust's std fails them before asking the host.
    expect(etc).toMatch(/^err /);
    expect(hostAbsolute).toMatch(/^err /);
    for (const canary of sandbox.canaries) expect(stdout).not.toContain(canary);
  });
});
