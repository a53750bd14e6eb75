import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, wasiKit } from './helpers/cli.js';
import { LiveCli } from './helpers/live-process.js';
import { hasScript } from './helpers/terminal.js';

// dev as a person sees it on a terminal: what each cycle is about, that the guest is running,
// and keys that act at once.
describe.skipIf(!hasScript)('dev on a terminal', () => {
  it('heads each cycle with its cause, shows the running guest, and answers h, r, c and q', async () => {
    const dir = path.join(tempDir('dev-keys'), 'keys');
    expect((await wasiKit(['new', dir, '--template', 'hello'])).exitCode).toBe(0);
    const dev = new LiveCli(['dev'], dir, {}, { terminal: true });
    try {
      let at = await dev.waitFor(/r rerun · c clear · q quit · h help/);
      at = await dev.waitFor(/── first build ──[\s\S]*▶ running keys\.wasm\r?\n[\s\S]*keys says hi[\s\S]*watching for changes/, at);

      dev.type('h');
      at = await dev.waitFor(/keys: r rerun · c clear · q quit · h help \(Ctrl-C quits too\)/, at);

      dev.type('r');
      at = await dev.waitFor(/── rerun ──\r?\n▶ running keys\.wasm\r?\n[\s\S]*keys says hi[\s\S]*watching for changes/, at);

      const main = path.join(dir, 'src', 'main.rs');
      writeFileSync(main, readFileSync(main, 'utf8').replace('says hi', 'says hello'));
      at = await dev.waitFor(/── src\/main\.rs changed ──[\s\S]*keys says hello[\s\S]*watching for changes/, at);

      dev.type('c');
      at = await dev.waitFor(/\x1b\[2J/, at);

      dev.type('q');
      const result = await dev.process;
      expect(result.exitCode, dev.output).toBe(0);
      expect(dev.output.slice(at)).toContain('dev stopped');
      expect(dev.output).not.toMatch(/\n\s+at /);
    } finally {
      dev.process.kill('SIGKILL');
    }
  });
});

describe('dev and a choice no save can make', () => {
  it('a workspace with several binaries and no --bin: one line and the hint, then dev ends', async () => {
    const dir = path.join(tempDir('dev-several'), 'several');
    expect((await wasiKit(['new', dir, '--template', 'workspace'])).exitCode).toBe(0);
    const run = await wasiKit(['dev'], { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(1);
    const errors = run.stderr.split('\n').filter((line) => /^(error|hint):/.test(line));
    expect(errors[0]).toMatch(/^error: this workspace has several binaries: \w+, \w+$/);
    expect(errors[1]).toMatch(/^hint: choose one with --bin \w+$/);
  });
});
