import type { StdioStream } from '../fd/stdio.js';
import type { PreopenGrant } from '../options.js';
import { cliInterfaces } from './wasi/cli.js';
import { clockAndRandomInterfaces } from './wasi/clocks-random.js';
import { filesystemInterfaces, openPreopens, OpenFds } from './wasi/filesystem.js';
import { IoError, InputStream, OutputStream, Pollable, poll } from './wasi/io.js';
import { socketInterfaces } from './wasi/sockets.js';
import { parseInterfaceName, type WorldItem } from './world.js';

/** Everything one component run is given; `close()` releases the host fds it opened. */
export interface ComponentHost {
  /** jco's instantiate() imports: unversioned interface name → its functions and resource classes. */
  imports: Record<string, Record<string, unknown>>;
  close(): void;
}

export interface ComponentHostOptions {
  args: string[];
  env: [string, string][];
  preopens: PreopenGrant[];
  stdio: readonly [StdioStream, StdioStream, StdioStream];
}

function ioInterfaces() {
  return {
    'wasi:io/error': { Error: IoError },
    'wasi:io/poll': { Pollable, poll },
    'wasi:io/streams': { InputStream, OutputStream },
  };
}

/** WASI 0.2 is additive across its minor releases: a host of 0.2.x serves every 0.2 import. */
const SERVED_MAJOR_MINOR = '0.2';

/** The interfaces this host serves, without versions. */
export const SERVED_INTERFACES: ReadonlySet<string> = new Set(
  Object.keys({ ...ioInterfaces(), ...socketInterfaces(), ...clockAndRandomInterfaces(), ...filesystemInterfaces([]), ...cliInterfaces({ args: [], env: [], stdio: [] as never }) }),
);

/** The imports of a world this host cannot serve: unknown interfaces, other WASI versions, bare functions. */
export function unservedImports(imports: WorldItem[]): WorldItem[] {
  return imports.filter((item) => {
    const name = parseInterfaceName(item.name);
    if (item.kind !== 'instance' || name === undefined) return true;
    if (!SERVED_INTERFACES.has(`${name.namespace}:${name.package}/${name.interface}`)) return true;
    return name.version === undefined || !(name.version === SERVED_MAJOR_MINOR || name.version.startsWith(`${SERVED_MAJOR_MINOR}.`));
  });
}

export function createComponentHost(options: ComponentHostOptions): ComponentHost {
  const open = new OpenFds();
  try {
    const preopens = openPreopens(options.preopens, open);
    const imports = {
      ...ioInterfaces(),
      ...cliInterfaces(options),
      ...clockAndRandomInterfaces(),
      ...filesystemInterfaces(preopens),
      ...socketInterfaces(),
    };
    return { imports, close: () => open.closeAll() };
  } catch (error) {
    open.closeAll();
    throw error;
  }
}
