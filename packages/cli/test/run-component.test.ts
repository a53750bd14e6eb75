import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { componentNew, parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, wasiKit } from './helpers/cli.js';

// The sizer walkthrough with the program as a WASI 0.2 component: Rust 1.63 builds only
// preview1, so the built sizer is wrapped with wasmtime's preview1 adapter (what
// `jco new --wasi-command` does), giving a real component that imports wasi:cli,
// wasi:filesystem, … and exports wasi:cli/run.
const ADAPTER = fileURLToPath(new URL('../../runtime/test/component/fixtures/wasi_snapshot_preview1.command.wasm', import.meta.url));

describe('wasi-kit run COMPONENT: the sizer walkthrough as a component', () => {
  let projectDir: string;
  let module: string;
  let component: string;
  let cacheDir: string;

  beforeAll(async () => {
    const workspace = tempDir('sizer-p2');
    expect((await wasiKit(['new', 'sizer'], { cwd: workspace })).exitCode).toBe(0);
    projectDir = path.join(workspace, 'sizer');
    const built = await wasiKit(['build'], { cwd: projectDir });
    expect(built.exitCode, built.stderr).toBe(0);
    module = built.stdout.trim();
    component = path.join(workspace, 'sizer.component.wasm');
    writeFileSync(component, await componentNew(readFileSync(module), [['wasi_snapshot_preview1', readFileSync(ADAPTER)]]));
    cacheDir = tempDir('component-cache');
  });

  it('lists a granted folder exactly as the preview1 module does', async () => {
    const fixture = tempDir('fixture');
    writeFileSync(path.join(fixture, 'a.txt'), 'hello\n');
    writeFileSync(path.join(fixture, 'kilo.dat'), Buffer.alloc(1024, 7));
    const env = { WASI_KIT_CACHE_DIR: cacheDir };
    const asModule = await wasiKit(['run', module, `--dir=${fixture}::/data::ro`, '/data'], { env });
    const asComponent = await wasiKit(['run', component, `--dir=${fixture}::/data::ro`, '/data'], { env });
    expect(asComponent).toEqual(asModule);
    expect(asComponent.stdout).toBe(['filename: "a.txt", filesize: 6 bytes', 'filename: "kilo.dat", filesize: 1024 bytes'].join('\n'));
  });

  it('--dir=. with . lists the project, and without a grant the guest fails as the module does', async () => {
    const env = { WASI_KIT_CACHE_DIR: cacheDir };
    const listed = await wasiKit(['run', component, '--dir=.', '.'], { cwd: projectDir, env });
    expect(listed.exitCode, listed.stderr).toBe(0);
    expect(listed.stdout).toBe((await wasiKit(['run', module, '--dir=.', '.'], { cwd: projectDir, env })).stdout);
    const refused = await wasiKit(['run', component, '.'], { cwd: projectDir, env });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('failed to find a pre-opened file descriptor through which "." could be opened');
  });

  it('--json captures the component\'s output', async () => {
    const run = await wasiKit(['run', '--json', component, '--dir=.', '.'], { cwd: projectDir, env: { WASI_KIT_CACHE_DIR: cacheDir } });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.stringify(JSON.parse(run.stdout))).toContain('filename: \\"Cargo.toml\\"');
  });

  it('inspect shows the world: wasi:* imports with versions, and the wasi:cli/run export', async () => {
    const run = await wasiKit(['inspect', component]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^imports:$/m);
    expect(run.stdout).toMatch(/^ {2}instance +wasi:filesystem\/preopens@0\.2\.\d+$/m);
    expect(run.stdout).toMatch(/^ {2}instance +wasi:cli\/run@0\.2\.\d+$/m);
    const json = JSON.parse((await wasiKit(['inspect', '--json', component])).stdout) as { world: { imports: { name: string; kind: string }[] } };
    expect(json.world.imports.some((item) => /^wasi:cli\/environment@0\.2\.\d+$/.test(item.name) && item.kind === 'instance')).toBe(true);
  });

  it('--timeout stops a component that never returns (exit 124)', async () => {
    const spinning = path.join(tempDir('spin'), 'spin.wasm');
    writeFileSync(spinning, await parse(`(component
      (core module $m (func (export "run") (result i32) (loop $l (br $l)) (i32.const 0)))
      (core instance $i (instantiate $m))
      (func $run (result (result)) (canon lift (core func $i "run")))
      (instance $r (export "run" (func $run)))
      (export "wasi:cli/run@0.2.0" (instance $r)))`));
    const run = await wasiKit(['run', '--timeout', '300ms', spinning], { env: { WASI_KIT_CACHE_DIR: cacheDir } });
    expect(run.exitCode).toBe(124);
    expect(run.stderr.trim()).toBe('error: guest ran longer than 300ms; stopped');
  });
});
