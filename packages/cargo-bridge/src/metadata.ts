import path from 'node:path';
import { CargoBridgeError } from './errors.js';
import type { CargoTarget } from './messages.js';
import { spawnCargo } from './spawn-cargo.js';

/** `cargo metadata --format-version 1` (https://doc.rust-lang.org/cargo/commands/cargo-metadata.html#json-format), the parts we read. */
export interface CargoMetadata {
  packages: CargoPackage[];
  workspace_members: string[];
  workspace_root: string;
  target_directory: string;
  version: 1;
}

export interface CargoPackage {
  name: string;
  version: string;
  id: string;
  manifest_path: string;
  targets: CargoTarget[];
  features: Record<string, string[]>;
  /** `[package.metadata]` as JSON (null when the table is absent). */
  metadata?: Record<string, unknown> | null;
}

export interface MetadataOptions {
  cwd: string;
  /** `--manifest-path`: this crate's Cargo.toml rather than the one cargo finds from `cwd`. */
  manifestPath?: string;
  /** The cargo to run; defaults to `cargo` on PATH. */
  cargo?: string;
  env?: NodeJS.ProcessEnv;
  /** Include dependencies (slower, and may need the network); default false. */
  deps?: boolean;
  signal?: AbortSignal;
}

/** Runs `cargo metadata` in `cwd`; a bad manifest becomes a `CargoBridgeError` with cargo's message (file and line for TOML syntax). */
export async function cargoMetadata(options: MetadataOptions): Promise<CargoMetadata> {
  const args = ['metadata', '--format-version', '1', ...(options.deps ? [] : ['--no-deps']), ...(options.manifestPath ? ['--manifest-path', options.manifestPath] : [])];
  const run = await spawnCargo(options.cargo ?? 'cargo', args, { cwd: options.cwd, env: { ...process.env, ...options.env }, signal: options.signal }).done;
  if (run.failed) throw metadataError(run.stderr, options.cwd, run.shortMessage, run);
  return JSON.parse(run.stdout) as CargoMetadata;
}

/**
 * cargo's "failed to parse manifest at `…/Cargo.toml`" with its TOML parser's "at line 6, column 9"
 * and reason becomes `Cargo.toml:6: reason`; any other failure keeps cargo's first line.
 */
function metadataError(stderr: string, cwd: string, fallback: string, cause: unknown): CargoBridgeError {
  const manifest = /failed to parse manifest at `([^`]+)`/.exec(stderr)?.[1];
  const line = /at line (\d+)/.exec(stderr)?.[1];
  if (manifest !== undefined && line !== undefined) {
    const lines = stderr.split('\n').map((text) => text.trim());
    // After the source excerpt (`6 | …` and the `|  ^` caret line) comes the parser's reason.
    const caret = lines.findLastIndex((text) => /^\|?\s*\^/.test(text) || /^\|\s+\^/.test(text));
    const reason = lines.slice(caret + 1).filter((text) => text !== '').join('; ') || 'invalid TOML';
    const shown = path.relative(process.cwd(), manifest) || manifest;
    return new CargoBridgeError(`${shown}:${line}: ${reason}`, { hint: `fix the TOML syntax in ${path.basename(manifest)}`, cause });
  }
  // cargo's first line, and the innermost "Caused by:" (the actual reason) after it.
  const causes = stderr.split(/\n\s*Caused by:\s*\n/).slice(1);
  const reason = causes.at(-1)?.trim().split('\n')[0]?.trim();
  const message = (stderr.trim().split('\n')[0] || fallback) + (reason ? `: ${reason}` : '');
  return new CargoBridgeError(`cargo metadata failed in ${cwd}: ${message.replace(/^error: /, '')}`, { hint: 'is there a valid Cargo.toml here?', cause });
}

/** The workspace's own packages (members), in the order cargo lists them. */
export function workspaceMembers(metadata: CargoMetadata): CargoPackage[] {
  const members = new Set(metadata.workspace_members);
  return metadata.packages.filter((pkg) => members.has(pkg.id));
}
