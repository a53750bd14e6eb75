import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface CacheServer {
  /** Base URL for TURBO_API, e.g. `http://127.0.0.1:41234`. */
  url: string;
  close(): Promise<void>;
}

export interface CacheServerOptions {
  storagePath: string;
  token: string;
}

/** The server's own bin, resolved through its package.json so no PATH lookup is involved. */
function serverEntry(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('turborepo-remote-cache/package.json');
  const manifest = require(manifestPath) as { bin: Record<string, string> };
  const bin = manifest.bin['turborepo-remote-cache'];
  if (!bin) throw new Error('turborepo-remote-cache has no bin named turborepo-remote-cache');
  return path.resolve(path.dirname(manifestPath), bin);
}

/**
 * Starts a real self-hosted Turborepo remote cache (ducktors' turborepo-remote-cache) on
 * 127.0.0.1 with local-disk storage. PORT=0 lets the OS pick a free port; the server's
 * "Server listening at …" log line says which.
 */
export async function startCacheServer(options: CacheServerOptions): Promise<CacheServer> {
  const child = spawn(process.execPath, [serverEntry()], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      TURBO_TOKEN: options.token,
      STORAGE_PROVIDER: 'local',
      STORAGE_PATH: options.storagePath,
      STORAGE_PATH_USE_TMP_FOLDER: 'false',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await listeningUrl(child);
  return {
    url,
    async close() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function listeningUrl(child: ChildProcess): Promise<string> {
  const log: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => log.push(String(chunk)));
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, 'exit').then(([code]) => `exited with ${String(code)}`);
  const listening = (async () => {
    for await (const line of lines) {
      log.push(line);
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (match?.[1]) return match[1];
    }
    return 'closed its output';
  })();
  const outcome = await Promise.race([listening, exited]);
  // Keep draining the request log so the server never blocks on a full pipe.
  child.stdout!.resume();
  if (!outcome.startsWith('http')) throw new Error(`turborepo-remote-cache ${outcome} before listening:\n${log.join('\n')}`);
  return outcome;
}
