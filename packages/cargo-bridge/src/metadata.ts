import { execa } from 'execa';
import { CargoBridgeError } from './errors.js';
import type { CargoTarget } from './messages.js';

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
}

export interface MetadataOptions {
  cwd: string;
  /** The cargo to run; defaults to `cargo` on PATH. */
  cargo?: string;
  env?: NodeJS.ProcessEnv;
  /** Include dependencies (slower, and may need the network); default false. */
  deps?: boolean;
  signal?: AbortSignal;
}

/** Runs `cargo metadata` in `cwd`; a bad manifest becomes a `CargoBridgeError` with cargo's message. */
export async function cargoMetadata(options: MetadataOptions): Promise<CargoMetadata> {
  const args = ['metadata', '--format-version', '1', ...(options.deps ? [] : ['--no-deps'])];
  const run = await execa(options.cargo ?? 'cargo', args, {
    cwd: options.cwd,
    env: { ...options.env, RUSTUP_TOOLCHAIN: undefined },
    reject: false,
    stdin: 'ignore',
    cancelSignal: options.signal,
  });
  if (run.failed) {
    const message = String(run.stderr ?? '').trim().split('\n')[0] || run.shortMessage || '';
    throw new CargoBridgeError(`cargo metadata failed in ${options.cwd}: ${message.replace(/^error: /, '')}`, { hint: 'is there a valid Cargo.toml here?', cause: run });
  }
  return JSON.parse(String(run.stdout)) as CargoMetadata;
}

/** The workspace's own packages (members), in the order cargo lists them. */
export function workspaceMembers(metadata: CargoMetadata): CargoPackage[] {
  const members = new Set(metadata.workspace_members);
  return metadata.packages.filter((pkg) => members.has(pkg.id));
}
