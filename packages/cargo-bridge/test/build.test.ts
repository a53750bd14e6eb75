import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../src/build.js';
import { BuildCancelled, BuildFailed } from '../src/errors.js';
import { findToolchain, type WasiToolchain } from '../src/toolchain.js';
import { copyFixture, processesMentioning, runWasm } from './helpers/fixtures.js';

let toolchain: WasiToolchain;
beforeAll(async () => {
  toolchain = await findToolchain();
});

const names = (result: BuildResult) => result.artifacts.map((a) => a.name).sort();

describe('a two-crate workspace', () => {
  let dir: string;
  let all: BuildResult;
  beforeAll(async () => {
    dir = copyFixture('workspace');
    all = await build({ cwd: dir, toolchain, progress: false });
  });

  it('builds every bin of every member, each a .wasm under target/<wasi>/debug', () => {
    expect(names(all)).toEqual(['app', 'greet', 'tally']);
    for (const artifact of all.artifacts) {
      expect(artifact.kind).toEqual(['bin']);
      expect(artifact.wasm).toBe(path.join(dir, 'target', toolchain.target, 'debug', `${artifact.name}.wasm`));
      expect(artifact.bytes).toBe(readFileSync(artifact.wasm).length);
    }
    expect(all.artifacts.find((a) => a.name === 'greet')?.packageId).toMatch(/^greet 0\.1\.0|greet#0\.1\.0/);
    expect(all.target).toBe(toolchain.target);
    expect(all.durationMs).toBeGreaterThan(0);
    expect(all.diagnostics).toEqual([]);
  });

  it('the artifacts run and print what their sources say', async () => {
    const app = all.artifacts.find((a) => a.name === 'app')!;
    expect(await runWasm(app.wasm)).toEqual({ exitCode: 0, stdout: 'app: hello, app\n' });
  });

  it('-p selects one package, and --features reaches it', async () => {
    const result = await build({ cwd: dir, toolchain, progress: false, packages: ['greet'], features: ['loud'] });
    expect(names(result)).toEqual(['greet']);
    expect((await runWasm(result.artifacts[0]!.wasm)).stdout).toBe('HELLO, GREET\n');
  });

  it('examples are artifacts too, with kind example', async () => {
    const result = await build({ cwd: dir, toolchain, progress: false, packages: ['app'], examples: true });
    const demo = result.artifacts.find((a) => a.name === 'demo');
    expect(demo?.kind).toEqual(['example']);
    expect(demo?.wasm).toBe(path.join(dir, 'target', toolchain.target, 'debug', 'examples', 'demo.wasm'));
    expect((await runWasm(demo!.wasm)).stdout).toBe('demo: hello, demo\n');
  });

  it('a second build with nothing changed reports its artifacts as fresh', async () => {
    const again = await build({ cwd: dir, toolchain, progress: false });
    expect(names(again)).toEqual(names(all));
    expect(again.artifacts.every((a) => a.fresh)).toBe(true);
  });
});

describe('a crate that does not compile', () => {
  it('throws BuildFailed with cargo\'s rendered error and typed diagnostics, warnings included', async () => {
    const dir = copyFixture('compile-error');
    const seen: string[] = [];
    const error = await build({ cwd: dir, toolchain, progress: false, onDiagnostic: (d) => seen.push(d.level) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildFailed);
    const failed = error as BuildFailed;
    expect(failed.rendered).toContain('error[E0308]: mismatched types');
    expect(failed.rendered).toContain('src/main.rs:3:');
    expect(failed.rendered).not.toContain('\u001b[');
    expect(failed.hint).toBe('fix the errors above and build again');
    const mismatch = failed.diagnostics.find((d) => d.code === 'E0308');
    expect(mismatch).toMatchObject({ level: 'error', message: 'mismatched types', file: 'src/main.rs', line: 3 });
    const parens = failed.diagnostics.find((d) => d.level === 'warning');
    expect(parens).toMatchObject({ message: 'unnecessary parentheses around assigned value', file: 'src/main.rs', line: 2, column: 19 });
    expect(parens?.rendered).toContain('warning: unnecessary parentheses around assigned value');
    expect(seen).toEqual(failed.diagnostics.map((d) => d.level));
  });

  it('an onDiagnostic that throws rejects the build with its error, once, and leaves no cargo running', async () => {
    const dir = copyFixture('compile-error');
    let calls = 0;
    const stop = new Error('listener failed');
    const error = await build({
      cwd: dir,
      toolchain,
      progress: false,
      onDiagnostic: () => {
        calls++;
        throw stop;
      },
    }).catch((e: unknown) => e);
    expect(error).toBe(stop);
    expect(calls).toBe(1);
    expect(processesMentioning(dir)).toEqual([]);
  });

  it('color: true gives cargo\'s ANSI-coloured rendering', async () => {
    const dir = copyFixture('compile-error');
    const error = (await build({ cwd: dir, toolchain, progress: false, color: true }).catch((e: unknown) => e)) as BuildFailed;
    expect(error.rendered).toContain('\u001b[');
  });
});

describe('cancellation', () => {
  it('aborting the signal kills cargo and its build script, and rejects with BuildCancelled', async () => {
    const dir = copyFixture('slow-build');
    writeFileSync(path.join(dir, 'slow'), '');
    const controller = new AbortController();
    const building = build({ cwd: dir, toolchain, progress: false, signal: controller.signal });
    await waitFor(() => processesMentioning(dir).some((p) => p.includes('build-script-build')));
    controller.abort();
    await expect(building).rejects.toBeInstanceOf(BuildCancelled);
    expect(processesMentioning(dir)).toEqual([]);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}
