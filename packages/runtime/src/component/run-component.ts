import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { StdioStream } from '../fd/stdio.js';
import { ProcExit } from '../failures.js';
import { isTrap, toGuestTrap, withDeepStacks } from '../guest-trap.js';
import { validateOptions, type WASIOptions } from '../options.js';
import { isUserError, printable, withGuestOutput } from '@wasi-kit/errors';
import { InvalidModule, NotACommand, UnknownImports, v8Reason } from '../module-errors.js';
import { capMemory } from '../tools/memory-limit.js';
import { readModule } from '../tools/module-reader.js';
import { compileModule } from '../tools/module-source.js';
import { createComponentHost, unservedImports } from './host-imports.js';
import { transpiledComponent } from './transpile-cache.js';
import { parseInterfaceName, readComponentWorld, type ComponentWorld } from './world.js';

export interface ComponentRunOptions extends Pick<WASIOptions, 'args' | 'env' | 'preopens' | 'stdin' | 'stdout' | 'stderr'> {
  /** Cap every core module's memory; `label` is how the user wrote the size, for messages. */
  maxMemory?: { bytes: number; label: string };
  /** Called right before the component's code starts running (after compile and instantiate). */
  onStart?: () => void;
  /** Where transpiled components are cached (default: componentCacheDir()). */
  cacheDir?: string;
  /** On a trap, wasmtime's wasm backtrace goes in the GuestTrap's details (as for a module). */
  backtrace?: boolean;
}

export interface ComponentRunResult {
  exitCode: number;
  /** What `'capture'` sinks collected ('' otherwise). */
  stdout: string;
  stderr: string;
}

type RunExport = { run(): void };
type Instantiate = (
  getCoreModule: (name: string) => Promise<WebAssembly.Module>,
  imports: Record<string, Record<string, unknown>>,
) => Promise<Record<string, unknown>>;

/**
 * Runs a WASI 0.2 command component (`wasi:cli/run`) in the same sandbox as a module: the same
 * args, env, preopens (read-only ones too), stdio and limits. Resolves with the exit code; rejects
 * with a one-line UserError for a component the host cannot run and a GuestTrap for a trap.
 */
export async function runComponent(file: string, bytes: Uint8Array<ArrayBuffer>, options: ComponentRunOptions = {}): Promise<ComponentRunResult> {
  const world = readWorld(file, bytes);
  const unserved = unservedImports(world.imports);
  if (unserved.length > 0) {
    const named = unserved.map((item) => (item.kind === 'instance' ? item.name : `${item.name} (${item.kind})`));
    throw new UnknownImports(`${file} imports ${printable(named.join(', '))}, which wasi-kit does not provide`, {
      hint: 'wasi-kit serves wasi:cli, wasi:filesystem, wasi:io, wasi:clocks, wasi:random and wasi:sockets (refused) at 0.2.x',
    });
  }
  const runExport = world.exports.find((item) => isCliRun(item.name));
  if (runExport === undefined) {
    const exported = printable(world.exports.map((item) => item.name).join(', ')) || 'nothing';
    throw new NotACommand(`${file} is a component without a wasi:cli/run export, so it is not a WASI command (it exports ${exported})`, {
      hint: 'build a binary crate for wasm32-wasip2, whose main() becomes wasi:cli/run',
    });
  }

  const validated = validateOptions({ args: options.args ?? [path.basename(file)], env: options.env, preopens: options.preopens, stdin: options.stdin, stdout: options.stdout, stderr: options.stderr });
  const stdio = [StdioStream.fromSource(validated.stdin), StdioStream.toSink(validated.stdout), StdioStream.toSink(validated.stderr)] as const;
  await stdio[0].drain();

  const { jsFile, dir } = await transpiledComponent(bytes, options.cacheDir).catch((error: unknown) => {
    throw new InvalidModule(`${file} is not a valid component: ${v8Reason(error)}`, { hint: 'the file may be truncated or corrupt; rebuild it', cause: error });
  });
  const { instantiate } = (await import(pathToFileURL(jsFile).href)) as { instantiate: Instantiate };
  const getCoreModule = async (name: string) => {
    let core = new Uint8Array(await readFile(path.join(dir, name)));
    if (options.maxMemory) {
      const info = readModule(core);
      if (info.format === 'core') core = capMemory(core, info, options.maxMemory.bytes, file, options.maxMemory.label);
    }
    return compileModule(`${file} (${name})`, core);
  };

  const captured = () => ({ stdout: stdio[1].captured(), stderr: stdio[2].captured() });
  /**
   * A trap, or a canonical ABI fault jco's glue found in what the guest passed, as a GuestTrap;
   * anything else is rethrown. A captured run keeps what the guest printed before it.
   */
  const guestFault = (error: unknown): unknown => {
    const fault = isTrap(error) || isCanonicalAbiFault(error, jsFile) ? toGuestTrap(error as Error, { backtrace: options.backtrace === true }) : error;
    return options.stdout === 'capture' ? withGuestOutput(fault, captured()) : fault;
  };

  const host = createComponentHost({ args: validated.args, env: validated.env, preopens: validated.preopens, stdio });
  try {
    let exports: Record<string, unknown>;
    try {
      exports = await instantiate(getCoreModule, host.imports);
    } catch (error) {
      if (isUserError(error)) throw error;
      if (error instanceof WebAssembly.LinkError) throw new UnknownImports(`${file} cannot be linked: ${v8Reason(error)}`, { cause: error });
      // Start functions run during instantiation: a trap there is the guest's.
      throw guestFault(error);
    }
    const run = exports[runExport.name] as RunExport;
    options.onStart?.();
    try {
      withDeepStacks(() => run.run());
      return { exitCode: 0, ...captured() };
    } catch (error) {
      if (error instanceof ProcExit) return { exitCode: error.code, ...captured() };
      // `run` returned err: a failed command, exit status 1 as wasmtime gives it.
      if (isComponentError(error)) return { exitCode: 1, ...captured() };
      throw guestFault(error);
    }
  } finally {
    host.close();
  }
}

function readWorld(file: string, bytes: Uint8Array): ComponentWorld {
  try {
    return readComponentWorld(bytes);
  } catch (error) {
    throw new InvalidModule(`${file} is not a valid component: ${v8Reason(error)}`, { hint: 'the file may be truncated or corrupt; rebuild it', cause: error });
  }
}

function isCliRun(name: string): boolean {
  const parsed = parseInterfaceName(name);
  return parsed !== undefined && parsed.namespace === 'wasi' && parsed.package === 'cli' && parsed.interface === 'run' && (parsed.version ?? '').startsWith('0.2');
}

/**
 * The canonical ABI traps on values a guest cannot pass (a variant discriminant or enum case out of
 * range, a string or list outside memory, a handle it does not own); jco's generated glue throws a
 * plain TypeError or RangeError for each. Thrown there (the first frame with a file is the
 * transpiled component's own module), it is the guest's fault; thrown in wasi-kit's host code, a bug.
 */
function isCanonicalAbiFault(error: unknown, glueFile: string): boolean {
  if (!(error instanceof TypeError || error instanceof RangeError) || typeof error.stack !== 'string') return false;
  const thrownIn = /\((file:\/\/[^)]*?|\/[^)]*?):\d+:\d+\)$/m.exec(error.stack)?.[1];
  return thrownIn !== undefined && (thrownIn === pathToFileURL(glueFile).href || thrownIn === glueFile);
}

/** jco throws a ComponentError carrying the `err` payload when an export returns `err`. */
function isComponentError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ComponentError';
}
