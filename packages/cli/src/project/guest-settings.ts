import path from 'node:path';
import type { ProjectConfig } from '@wasi-kit/cargo-bridge';
import { parseDirSpec, parseEnvSpec, type DirGrant } from '../dir-spec.js';

/** What the command line said about the guest; `args` is undefined when none were given. */
export interface GuestFlags {
  dir: string[];
  env: string[];
  args: string[] | undefined;
}

/** Everything the guest gets: ordered directory grants, environment and arguments (without argv[0]). */
export interface GuestSettings {
  grants: DirGrant[];
  env: Record<string, string>;
  args: string[];
}

/**
 * Flags over config: `--dir` adds to the config's `dirs` and replaces a config grant of the same
 * guest path; `--env K=V` replaces that one key; any guest argument on the command line replaces
 * the config's whole `args` list. Config dirs are relative to the Cargo.toml, flags to the cwd.
 * Grants keep the order they were written in (config first): that order is the guest's fd order.
 */
export function resolveGuestSettings(config: ProjectConfig | undefined, flags: GuestFlags, cwd = process.cwd()): GuestSettings {
  const root = config ? path.dirname(config.manifest) : cwd;
  const manifest = config ? path.relative(cwd, config.manifest) || 'Cargo.toml' : '';
  const configGrants = (config?.dirs ?? []).map((spec, index) => parseDirSpec(spec, root, `${manifest}: package.metadata.wasi-kit.dirs[${index}]:`));
  const flagGrants = flags.dir.map((spec) => parseDirSpec(spec, cwd));
  const byGuest = new Map<string, DirGrant>();
  for (const grant of [...configGrants, ...flagGrants]) {
    byGuest.delete(grant.guest);
    byGuest.set(grant.guest, grant);
  }
  return {
    grants: [...byGuest.values()],
    env: { ...config?.env, ...Object.fromEntries(flags.env.map(parseEnvSpec)) },
    args: flags.args !== undefined && flags.args.length > 0 ? flags.args : (config?.args ?? []),
  };
}
