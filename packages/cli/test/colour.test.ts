import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, wasiKit } from './helpers/cli.js';
import { hasScript, wasiKitOnTerminal } from './helpers/terminal.js';

const SGR = /\x1b\[[0-9;]*m/;

describe('colour and progress: only on a terminal, never with NO_COLOR', () => {
  it('prints no escape codes at all into a pipe, even without NO_COLOR', async () => {
    const workspace = tempDir('colour-pipe');
    const created = await wasiKit(['new', 'plain', '-t', 'hello'], { cwd: workspace, env: { NO_COLOR: undefined, FORCE_COLOR: undefined } });
    const failed = await wasiKit(['new', '9bad'], { cwd: workspace, env: { NO_COLOR: undefined, FORCE_COLOR: undefined } });
    const built = await wasiKit(['build'], { cwd: path.join(workspace, 'plain'), env: { NO_COLOR: undefined, FORCE_COLOR: undefined } });
    expect(built.exitCode, built.stderr).toBe(0);
    for (const run of [created, failed, built]) expect(`${run.stdout}${run.stderr}`).not.toContain('\x1b[');
    expect(built.stderr).not.toContain('building');
  });
});

describe.runIf(hasScript)('on a terminal', () => {
  let projectDir: string;

  beforeAll(async () => {
    const workspace = tempDir('colour-tty');
    expect((await wasiKit(['new', 'painted', '-t', 'hello'], { cwd: workspace })).exitCode).toBe(0);
    projectDir = path.join(workspace, 'painted');
  });

  it('colours the status and the error label', async () => {
    const created = await wasiKitOnTerminal(['new', 'shiny', '-t', 'hello'], { cwd: tempDir('colour-on'), env: { NO_COLOR: undefined } });
    expect(created.stdout).toContain('\x1b[32mCreated\x1b[39m');
    const failed = await wasiKitOnTerminal(['new', '9bad'], { cwd: tempDir('colour-on'), env: { NO_COLOR: undefined } });
    expect(failed.stdout).toContain('\x1b[31merror:\x1b[39m');
  });

  it('uses no colour with NO_COLOR set, on the same terminal', async () => {
    const created = await wasiKitOnTerminal(['new', 'shiny', '-t', 'hello'], { cwd: tempDir('colour-off'), env: { NO_COLOR: '1' } });
    const failed = await wasiKitOnTerminal(['new', '9bad'], { cwd: tempDir('colour-off'), env: { NO_COLOR: '1' } });
    const built = await wasiKitOnTerminal(['build'], { cwd: projectDir, env: { NO_COLOR: '1' } });
    expect(created.stdout).toContain('Created shiny');
    expect(failed.stdout).toContain('error: "9bad" cannot be a crate name');
    for (const run of [created, failed, built]) expect(run.stdout).not.toMatch(SGR);
  });

  it('shows a progress line while building, and clears it', async () => {
    const built = await wasiKitOnTerminal(['build'], { cwd: projectDir, env: { NO_COLOR: '1' } });
    expect(built.exitCode, built.stdout).toBe(0);
    expect(built.stdout).toMatch(/\r⠋ building \S+\x1b\[K/);
    expect(built.stdout).toMatch(/\r\x1b\[KBuilt 1 wasm file\(s\)/);
  });
});
