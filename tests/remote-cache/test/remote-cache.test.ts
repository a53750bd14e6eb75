import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findToolchain } from '@wasi-kit/cargo-bridge';
import { startCacheServer, type CacheServer } from './cache-server.js';
import { cloneTemplate, type Checkout } from './checkout.js';
import { buildWasm, type RemoteCache, type TurboRun } from './turbo.js';

const CRATES = ['count', 'greet'];
const taskIds = CRATES.map((crate) => `${crate}#build:wasm`);

/** Every file under `dir`, relative to it, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** The task outputs: `target/<wasi triple>/release/<crate>.wasm`, not cargo's deps/ copies. */
function releaseWasm(checkout: Checkout): Map<string, Buffer> {
  const target = path.join(checkout.dir, 'target');
  const isOutput = (file: string) => /^wasm32-wasi[^/]*\/release\/[^/]+\.wasm$/.test(file.split(path.sep).join('/'));
  return new Map(filesUnder(target).filter(isOutput).map((file) => [file, readFileSync(path.join(target, file))]));
}

function statusOf(run: TurboRun, taskId: string) {
  const task = run.tasks.find((t) => t.taskId === taskId);
  if (!task) throw new Error(`${taskId} is not in the run summary: ${run.tasks.map((t) => t.taskId).join(', ')}`);
  return { status: task.cache.status, source: task.cache.source, hash: task.hash };
}

describe('the workspace template through a self-hosted turbo remote cache', () => {
  const base = mkdtempSync(path.join(tmpdir(), 'wasi-kit-remote-cache-'));
  let server: CacheServer;
  let cache: RemoteCache;
  let rustc: string;
  let realCargo: string;
  let a: Checkout;
  let runA: TurboRun;

  beforeAll(async () => {
    const toolchain = await findToolchain();
    rustc = toolchain.rustc;
    realCargo = toolchain.cargo;
    const token = 'wasi-kit-test-token';
    server = await startCacheServer({ storagePath: path.join(base, 'cache-storage'), token });
    cache = { url: server.url, token, team: 'team_wasi_kit' };

    a = await cloneTemplate(path.join(base, 'checkout-a'), realCargo);
    runA = await buildWasm(a.dir, cache, { rustc, cargo: a.cargo });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('checkout A misses, runs cargo once per crate, and uploads the .wasm files', () => {
    for (const id of taskIds) expect(statusOf(runA, id).status).toBe('MISS');
    expect(a.cargoBuilds()).toHaveLength(CRATES.length);
    expect([...releaseWasm(a).keys()].map((file) => path.basename(file)).sort()).toEqual(CRATES.map((crate) => `${crate}.wasm`));
    expect(filesUnder(path.join(base, 'cache-storage')).filter((file) => file.endsWith(taskHashFile(runA, 'greet#build:wasm')))).toHaveLength(1);
  });

  it('clean checkout B gets every wasm build as a remote hit: identical bytes, cargo never run, nothing else in target/', async () => {
    const b = await cloneTemplate(path.join(base, 'checkout-b'), realCargo);
    const runB = await buildWasm(b.dir, cache, { rustc, cargo: b.cargo });

    for (const id of taskIds) {
      expect(statusOf(runB, id)).toEqual({ status: 'HIT', source: 'REMOTE', hash: statusOf(runA, id).hash });
    }
    expect(runB.output).toContain('cache hit, replaying logs');
    expect(runB.output).toContain('FULL TURBO');
    expect(b.cargoBuilds()).toEqual([]);
    // Only the restored outputs: no fingerprints, deps or incremental state that a cargo run leaves.
    expect(filesUnder(path.join(b.dir, 'target'))).toEqual([...releaseWasm(a).keys()].sort());
    expect(releaseWasm(b)).toEqual(releaseWasm(a));
  });

  it('an edited crate misses and rebuilds alone while its unchanged sibling is still a hit', async () => {
    const c = await cloneTemplate(path.join(base, 'checkout-c'), realCargo);
    const main = path.join(c.dir, 'crates', 'greet', 'src', 'main.rs');
    writeFileSync(main, readFileSync(main, 'utf8').replace('Hello, world!', 'Hello, cache!'));
    const runC = await buildWasm(c.dir, cache, { rustc, cargo: c.cargo });

    expect(statusOf(runC, 'greet#build:wasm').status).toBe('MISS');
    expect(statusOf(runC, 'count#build:wasm')).toMatchObject({ status: 'HIT', source: 'REMOTE' });
    expect(c.cargoBuilds()).toHaveLength(1);
    expect(c.cargoBuilds()[0]).toContain(path.join('crates', 'greet'));
  });
});

/** The remote cache stores one artifact per task hash. */
function taskHashFile(run: TurboRun, taskId: string): string {
  return statusOf(run, taskId).hash;
}
