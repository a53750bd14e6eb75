import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { watch, type WatchEvent, type Watcher } from '../src/watch.js';
import { findToolchain, type WasiToolchain } from '../src/toolchain.js';
import { copyFixture, processesMentioning, runWasm } from './helpers/fixtures.js';

let toolchain: WasiToolchain;
beforeAll(async () => {
  toolchain = await findToolchain();
});

/** Records events and lets a test wait for the next one of a kind. */
function recorder() {
  const events: WatchEvent[] = [];
  const waiters: { type: WatchEvent['type']; after: number; resolve: (e: WatchEvent) => void }[] = [];
  return {
    events,
    onEvent(event: WatchEvent) {
      events.push(event);
      for (const waiter of waiters.filter((w) => w.type === event.type && events.length > w.after)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    },
    /** The first event of `type` after the `after`-th event (default: after those seen so far). */
    next(type: WatchEvent['type'], after = events.length): Promise<WatchEvent> {
      const seen = events.slice(after).find((e) => e.type === type);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ type, after, resolve }));
    },
    /** The build events in order (a `changed` per saved file comes before each). */
    types: () => events.map((e) => e.type).filter((type) => type !== 'changed'),
  };
}

const source = (version: number) => `fn main() {\n    println!("ok v${version}");\n}\n`;
let watcher: Watcher | undefined;
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
});

/** Watches a copy of a fixture crate and waits for the first build; `mark` is where later events start. */
async function watchFixture(name: string, options: { debounceMs?: number } = {}) {
  const dir = copyFixture(name);
  const events = recorder();
  watcher = await watch({ cwd: dir, toolchain, progress: false, onEvent: events.onEvent, ...options });
  await events.next('built', 0);
  return { dir, events, watcher, mark: events.events.length };
}

describe('watch', () => {
  it('cargo metadata after the first build: a save made before the watcher was ready still rebuilds', async () => {
    const dir = copyFixture('ok');
    // As a crate is there before dev starts: only what is saved after watch() began counts.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const events = recorder();
    let saved = false;
    watcher = await watch({
      cwd: dir,
      toolchain,
      progress: false,
      metadataAfterFirstBuild: true,
      onEvent(event) {
        events.onEvent(event);
        // The first build has started; no file is watched yet. (A few ms later: a file's mtime
        // comes from the kernel's coarse clock, which may trail Date.now() by a tick.)
        if (event.type === 'building' && !saved) {
          saved = true;
          setTimeout(() => writeFileSync(path.join(dir, 'src', 'main.rs'), source(2)), 30);
        }
      },
    });
    const second = await events.next('built', events.events.findIndex((e) => e.type === 'built') + 1);
    expect(events.events.filter((e) => e.type === 'changed')).toEqual([{ type: 'changed', file: path.join(dir, 'src', 'main.rs') }]);
    const wasm = (second as Extract<WatchEvent, { type: 'built' }>).result.artifacts[0]!.wasm;
    expect((await runWasm(wasm)).stdout).toBe('ok v2\n');
  });

  it('without a first build: a save made while watch() starts is built', async () => {
    const dir = copyFixture('ok');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const events = recorder();
    const starting = watch({ cwd: dir, toolchain, progress: false, initialBuild: false, onEvent: events.onEvent });
    // cargo metadata is still running: no file is watched yet (30 ms: the kernel's coarse mtime clock).
    await new Promise((resolve) => setTimeout(resolve, 30));
    writeFileSync(path.join(dir, 'src', 'main.rs'), source(3));
    watcher = await starting;
    const built = await events.next('built', 0);
    expect(events.events.filter((e) => e.type === 'changed')).toEqual([{ type: 'changed', file: path.join(dir, 'src', 'main.rs') }]);
    expect(built.type === 'built' && (await runWasm(built.result.artifacts[0]!.wasm)).stdout).toBe('ok v3\n');
  });

  it('a save the moment watch() resolves is built: every watched file is watched by then', async () => {
    // The fixture has no build.rs, examples/, benches/ nor tests/: given such missing paths,
    // chokidar said ready before it had read src/, and this save was lost.
    const dir = copyFixture('ok');
    const events = recorder();
    watcher = await watch({ cwd: dir, toolchain, progress: false, initialBuild: false, onEvent: events.onEvent });
    writeFileSync(path.join(dir, 'src', 'main.rs'), source(4));
    const built = await events.next('built', 0);
    expect(events.events.filter((e) => e.type === 'changed')).toEqual([{ type: 'changed', file: path.join(dir, 'src', 'main.rs') }]);
    expect(built.type === 'built' && (await runWasm(built.result.artifacts[0]!.wasm)).stdout).toBe('ok v4\n');
  });

  it('a burst of 20 saves gives exactly one rebuild, whose output is the last save', async () => {
    const dir = copyFixture('ok');
    const events = recorder();
    watcher = await watch({ cwd: dir, toolchain, progress: false, onEvent: events.onEvent });
    const first = await events.next('built', 0);
    expect(first.type === 'built' && (await runWasm(first.result.artifacts[0]!.wasm)).stdout).toBe('ok v0\n');
    expect(watcher.paths).toContain(path.join(dir, 'src'));

    const mark = events.events.length;
    for (let version = 1; version <= 20; version++) writeFileSync(path.join(dir, 'src', 'main.rs'), source(version));
    const built = await events.next('built', mark);
    // Let a second, unwanted build show itself: far more than the debounce for it to start.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = events.events.slice(mark).filter((event) => event.type !== 'changed');
    expect(after.map((event) => event.type)).toEqual(['building', 'built']);
    const building = after[0];
    expect(building?.type === 'building' && building.changed).toEqual([path.join(dir, 'src', 'main.rs')]);
    expect(built.type === 'built' && (await runWasm(built.result.artifacts[0]!.wasm)).stdout).toBe('ok v20\n');
    expect(watcher.lastResult).toBe(built.type === 'built' ? built.result : undefined);
  });

  it('a lone save has cargo compiling before the quiet time ends, and that build is the cycle\'s', async () => {
    // A quiet time far longer than the compile, so rustc can only be running if it started early.
    const { dir, events, mark } = await watchFixture('ok', { debounceMs: 60_000 });
    writeFileSync(path.join(dir, 'src', 'main.rs'), source(7));
    await waitFor(() => processesMentioning(dir).some((p) => p.includes('rustc')));
    // Nothing but the save itself has been reported: the build is the early one, not a cycle yet.
    expect(events.events.slice(mark).map((event) => event.type)).toEqual(['changed']);
    await watcher!.close();
    watcher = undefined;
    // Closing drops the early build with everything it started.
    expect(processesMentioning(dir)).toEqual([]);
  });

  it('a lone save, once quiet, is one building and one built of the new source', async () => {
    const { dir, events, mark } = await watchFixture('ok');
    writeFileSync(path.join(dir, 'src', 'main.rs'), source(8));
    const built = await events.next('built', mark);
    expect(events.events.slice(mark).filter((event) => event.type !== 'changed').map((event) => event.type)).toEqual(['building', 'built']);
    expect(built.type === 'built' && (await runWasm(built.result.artifacts[0]!.wasm)).stdout).toBe('ok v8\n');
  });

  it('a failing save reports failed and keeps the last good build; the next good save builds again', async () => {
    const started = await watchFixture('ok');
    const { dir, events } = started;
    const good = started.watcher.lastResult;

    let mark = started.mark;
    writeFileSync(path.join(dir, 'src', 'main.rs'), 'fn main() { let x: u32 = "no"; }\n');
    const failed = await events.next('failed', mark);
    expect(failed.type === 'failed' && failed.error.name).toBe('BuildFailed');
    expect(started.watcher.lastResult).toBe(good);

    mark = events.events.length;
    writeFileSync(path.join(dir, 'src', 'main.rs'), source(2));
    const built = await events.next('built', mark);
    expect(built.type === 'built' && (await runWasm(built.result.artifacts[0]!.wasm)).stdout).toBe('ok v2\n');
  });

  it('a build.rs or examples/ created after the watch started is watched too', async () => {
    const { dir, events } = await watchFixture('ok');
    let mark = events.events.length;
    writeFileSync(path.join(dir, 'build.rs'), 'fn main() {}\n');
    expect(await events.next('building', mark)).toEqual({ type: 'building', changed: [path.join(dir, 'build.rs')] });
    await events.next('built', mark);

    mark = events.events.length;
    mkdirSync(path.join(dir, 'examples'));
    writeFileSync(path.join(dir, 'examples', 'extra.rs'), 'fn main() {}\n');
    // One cycle, for the file: the new folder alone is no reason to build.
    const extra = path.join(dir, 'examples', 'extra.rs');
    expect(await events.next('building', mark)).toEqual({ type: 'building', changed: [extra] });
  });

  it('a save during a long build kills that cargo and builds the new source; close() leaves nothing running', async () => {
    const dir = copyFixture('slow-build');
    writeFileSync(path.join(dir, 'slow'), '');
    const events = recorder();
    watcher = await watch({ cwd: dir, toolchain, progress: false, onEvent: events.onEvent });
    await events.next('building', 0);
    await waitFor(() => processesMentioning(dir).some((p) => p.includes('build-script-build')));

    rmSync(path.join(dir, 'slow'));
    writeFileSync(path.join(dir, 'src', 'main.rs'), 'fn main() {\n    println!("slow-build v1");\n}\n');
    const built = await events.next('built', 0);
    expect(events.types()).toEqual(['building', 'cancelled', 'building', 'built']);
    expect(built.type === 'built' && (await runWasm(built.result.artifacts[0]!.wasm)).stdout).toBe('slow-build v1\n');

    await watcher.close();
    expect(processesMentioning(dir)).toEqual([]);
  });

  it('close() during a build kills cargo and everything it started', async () => {
    const dir = copyFixture('slow-build');
    writeFileSync(path.join(dir, 'slow'), '');
    const events = recorder();
    watcher = await watch({ cwd: dir, toolchain, progress: false, onEvent: events.onEvent });
    await waitFor(() => processesMentioning(dir).some((p) => p.includes('build-script-build')));
    await watcher.close();
    expect(processesMentioning(dir)).toEqual([]);
    expect(events.types()).toEqual(['building', 'cancelled']);
  });
});

describe('watch in a process that is interrupted', () => {
  it('SIGINT during a build kills cargo and its build script, and the signal still ends the process', async () => {
    const dir = copyFixture('slow-build');
    writeFileSync(path.join(dir, 'slow'), '');
    const script = fileURLToPath(new URL('./helpers/watch-until-signal.mjs', import.meta.url));
    const child = execa(process.execPath, [script, dir], { reject: false });
    await waitFor(() => processesMentioning(dir).some((p) => p.includes('build-script-build')));
    child.kill('SIGINT');
    const result = await child;
    expect(result.signal).toBe('SIGINT');
    expect(result.stdout).toBe('building');
    expect(processesMentioning(dir)).toEqual([]);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}
