import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { watch as chokidarWatch } from 'chokidar';
import { build, type BuildOptions, type BuildResult } from './build.js';
import { buildTargetFor, type WasiTarget } from './target.js';
import { BuildCancelled, CargoBridgeError } from './errors.js';
import { cargoMetadata, type CargoMetadata } from './metadata.js';
import { createRebuildScheduler } from './rebuild-scheduler.js';
import { findToolchain } from './toolchain.js';
import { isIgnored, leadsToWatched, watchPaths, watchRoots } from './watch-paths.js';

export type WatchEvent =
  /** A file was saved: a build in flight is being cancelled, and a new one follows after the quiet time. */
  | { type: 'changed'; file: string }
  /** A build started; `changed` holds the files saved since the last one (empty for the first build). */
  | { type: 'building'; changed: string[] }
  | { type: 'built'; result: BuildResult }
  /** The build failed; `lastResult` (the last good build) still stands. */
  | { type: 'failed'; error: CargoBridgeError }
  /** A save arrived during the build: its cargo was killed and a new build follows. */
  | { type: 'cancelled' };

export interface WatchOptions extends Omit<BuildOptions, 'signal' | 'onDiagnostic'> {
  onEvent: (event: WatchEvent) => void;
  /** Quiet time after the last save before building; default 20 ms (an editor's burst of events for one save). */
  debounceMs?: number;
  /** Build once at start; default true. */
  initialBuild?: boolean;
  /**
   * The target a workspace's config asks for (wasi-kit's `[package.metadata.wasi-kit] target`),
   * read from each `cargo metadata`: the first build starts with `target` beside the first read,
   * and is started again should the config want another. Throwing (a bad config) rejects watch()
   * at start, and fails the cycle after a Cargo.toml edit.
   */
  targetFrom?: (metadata: CargoMetadata) => WasiTarget | undefined;
  /**
   * `cargo metadata` (what to watch) waits for the first build instead of running beside it,
   * where the config cannot change that build's target (dev knows: configWithoutMetadata). On a
   * small machine, beside it, it takes CPU from the build and from the first guest's start.
   */
  metadataAfterFirstBuild?: boolean;
}

export interface Watcher {
  /** The last successful build, kept when later builds fail. */
  readonly lastResult: BuildResult | undefined;
  /** The files being watched. */
  readonly paths: readonly string[];
  /** `cargo metadata` of the workspace, read at start and again only when a Cargo.toml changes. */
  readonly metadata: CargoMetadata;
  /** Stops watching and kills a running cargo; resolves when nothing is left running. */
  close(): Promise<void>;
}

/**
 * Rebuilds on every save (c12's watch.ts, for cargo): chokidar over what `cargo metadata` says the
 * workspace members read, a debounce so a burst of saves is one build, and a save during a build
 * kills that cargo and builds again. Errors before the first watch (no toolchain, bad manifest) reject.
 */
export async function watch(options: WatchOptions): Promise<Watcher> {
  const { onEvent, debounceMs = 20, initialBuild = true, targetFrom, metadataAfterFirstBuild = false, ...buildOptions } = options;
  // To the microsecond (Date.now() rounds down): a file written just before must count as before.
  const startedAt = performance.timeOrigin + performance.now();
  const env = { ...process.env, ...options.env };
  const toolchain = options.toolchain ?? (await findToolchain({ ...options.discovery, env }));
  const metadataOptions = { cwd: options.cwd, cargo: toolchain.cargo, env: { ...env, RUSTC: toolchain.rustc } };
  let lastResult: BuildResult | undefined;
  let closed = false;
  let target = options.target;

  /**
   * A lone save starts cargo at once instead of after the quiet time: when no other change comes
   * within it, the scheduled rebuild takes that build over, so a save waits for neither the
   * debounce nor cargo's start-up. Another change cancels it unseen (no event), and the debounce
   * decides as before. (cargo needs tens of ms to reach the sources, and chokidar drops a file's
   * events within 5 ms of each other, so the rest of an editor's one save lands before it reads.)
   * A Cargo.toml edit is never built early: the metadata and target are read first.
   */
  let early: { controller: AbortController; result: Promise<BuildResult> } | undefined;
  function startEarlyBuild(): void {
    const controller = new AbortController();
    const result = build({ ...buildOptions, target, toolchain, env, signal: controller.signal });
    // Whoever takes it over sees its outcome; a dropped one was cancelled on purpose.
    result.catch(() => undefined);
    early = { controller, result };
  }
  function dropEarlyBuild(): void {
    early?.controller.abort();
    early = undefined;
  }
  function takeEarlyBuild(signal: AbortSignal): Promise<BuildResult> | undefined {
    const taken = early;
    early = undefined;
    if (!taken) return undefined;
    const abort = () => taken.controller.abort();
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    return taken.result.finally(() => signal.removeEventListener('abort', abort));
  }

  let firstBuildEnded: () => void = () => undefined;
  const firstBuild = new Promise<void>((resolve) => (firstBuildEnded = resolve));

  async function rebuild(files: string[], signal: AbortSignal): Promise<void> {
    try {
      if (files.some((file) => path.basename(file) === 'Cargo.toml')) {
        await refreshPaths();
        if (targetFrom) target = targetFrom(metadata);
      }
      onEvent({ type: 'building', changed: files });
      const result = await (takeEarlyBuild(signal) ?? build({ ...buildOptions, target, toolchain, env, signal }));
      lastResult = result;
      onEvent({ type: 'built', result });
    } catch (error) {
      if (error instanceof BuildCancelled || signal.aborted) onEvent({ type: 'cancelled' });
      else if (error instanceof CargoBridgeError) onEvent({ type: 'failed', error });
      else throw error;
    } finally {
      firstBuildEnded();
    }
  }

  const scheduler = createRebuildScheduler({
    quietMs: debounceMs,
    job: rebuild,
    // An unexpected error is a bug: surface it instead of swallowing it in the chain.
    onError: (error) => process.nextTick(() => { throw error; }),
  });
  // The first build needs no metadata: it runs while cargo metadata and the watcher start.
  if (initialBuild) scheduler.runNow();

  let metadata: CargoMetadata;
  try {
    if (initialBuild && metadataAfterFirstBuild) await firstBuild;
    metadata = await cargoMetadata(metadataOptions);
    const started = target;
    if (targetFrom) target = targetFrom(metadata);
    // The config wants another target than the first build's: that build starts again.
    if (initialBuild && buildTargetFor(toolchain, target) !== buildTargetFor(toolchain, started)) scheduler.restart();
  } catch (error) {
    await scheduler.close();
    throw error;
  }
  const paths = new Set(watchPaths(metadata));
  const fsWatcher = chokidarWatch(watchRoots(paths), {
    ignoreInitial: true,
    ignored: (file: string) => isIgnored(file, metadata.target_directory) || !leadsToWatched(file, paths),
  });

  /**
   * The first watched file (not Cargo.lock, which cargo itself writes) saved since watch() began: a
   * save, late. Not when the watcher already reported a change while it started (it watches each
   * file before it is ready): that save is scheduled once already.
   */
  function savedBeforeWatching(): void {
    if (watcherReported) return;
    for (const watched of paths) {
      for (const file of filesAt(watched)) {
        if (path.basename(file) === 'Cargo.lock' || isIgnored(file, metadata.target_directory)) continue;
        const mtimeMs = mtimeOf(file);
        if (mtimeMs === undefined || mtimeMs < startedAt) continue;
        lateSave = { file, mtimeMs };
        onEvent({ type: 'changed', file });
        scheduler.changed(file);
        return;
      }
    }
  }

  /**
   * The save savedBeforeWatching reported, until the watcher's first event for that file: a save
   * made once chokidar watched the file, but before it said ready, comes from both (chokidar stats
   * a file before it reports it). The same mtime is the same save; a newer one is a new save.
   */
  let lateSave: { file: string; mtimeMs: number } | undefined;
  function reportedLate(file: string): boolean {
    const late = lateSave;
    if (late?.file !== file) return false;
    lateSave = undefined;
    return mtimeOf(file) === late.mtimeMs;
  }

  /** A member added to the workspace brings new paths to watch. */
  async function refreshPaths(): Promise<void> {
    metadata = await cargoMetadata(metadataOptions);
    const added = watchPaths(metadata).filter((p) => !paths.has(p));
    for (const p of added) paths.add(p);
    if (added.length > 0) fsWatcher.add(watchRoots(added));
  }

  let watcherReported = false;
  fsWatcher.on('all', (event, file) => {
    // A new folder changes nothing cargo reads until a file lands in it, which is its own event:
    // building for the folder alone split `mkdir examples && write examples/x.rs` into two cycles.
    if (closed || event === 'addDir' || reportedLate(file)) return;
    watcherReported = true;
    onEvent({ type: 'changed', file });
    if (early) dropEarlyBuild();
    else if (scheduler.idle && path.basename(file) !== 'Cargo.toml') startEarlyBuild();
    scheduler.changed(file);
  });

  await new Promise<void>((resolve, reject) => {
    fsWatcher.once('ready', resolve);
    fsWatcher.once('error', reject);
  });
  // A save made after watch() began (while the first build, or cargo metadata, ran) but before
  // the watcher was ready has no event.
  savedBeforeWatching();
  // Later watcher errors (a folder made unreadable, too many watches) are reported, not thrown.
  fsWatcher.on('error', (error) => {
    if (!closed) onEvent({ type: 'failed', error: new CargoBridgeError(`watching ${options.cwd} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error }) });
  });
  return {
    get lastResult() {
      return lastResult;
    },
    get paths() {
      return [...paths];
    },
    get metadata() {
      return metadata;
    },
    async close() {
      closed = true;
      const dropped = early?.result;
      dropEarlyBuild();
      await Promise.allSettled([scheduler.close(), fsWatcher.close(), dropped]);
    },
  };
}

/** A file's modification time; undefined for a folder or what is gone. */
function mtimeOf(file: string): number | undefined {
  try {
    const stat = statSync(file);
    return stat.isFile() ? stat.mtimeMs : undefined;
  } catch {
    return undefined;
  }
}

/** A watched path's files: itself, or what is under it. */
function filesAt(watched: string): string[] {
  try {
    if (!statSync(watched).isDirectory()) return [watched];
    return readdirSync(watched, { recursive: true }).map((name) => path.join(watched, String(name)));
  } catch {
    return [];
  }
}
