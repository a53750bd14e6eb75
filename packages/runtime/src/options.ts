import { statSync } from 'node:fs';
import path from 'node:path';
import { UserFacingError } from './failures.js';
import type { StdioSink, StdioSource } from './fd/stdio.js';

export type Preopen = string | { path: string; readonly?: boolean };

/** node:wasi's options, plus read-only preopens and in-memory stdio. */
export interface WASIOptions {
  /** Which namespace `getImportObject()` serves; omitted, both are served and the module picks. */
  version?: 'preview1' | 'unstable';
  args?: string[];
  env?: Record<string, string>;
  /** Guest path → host directory, or `{ path, readonly }`. */
  preopens?: Record<string, Preopen>;
  /** When false, proc_exit ends the Node process (node:wasi's default is also true here). */
  returnOnExit?: boolean;
  stdin?: StdioSource;
  stdout?: StdioSink;
  stderr?: StdioSink;
}

export interface PreopenGrant {
  guestPath: string;
  hostPath: string;
  readonly: boolean;
}

export interface ValidatedOptions {
  version: 'preview1' | 'unstable' | undefined;
  args: string[];
  env: [string, string][];
  preopens: PreopenGrant[];
  returnOnExit: boolean;
  stdin: StdioSource;
  stdout: StdioSink;
  stderr: StdioSink;
}

function optionError(option: string, problem: string, hint?: string): UserFacingError {
  return new UserFacingError(`options.${option}: ${problem}`, hint === undefined ? {} : { hint });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isReadable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { on?: unknown }).on === 'function' && typeof (value as { read?: unknown }).read === 'function';
}

function isWritable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { write?: unknown }).write === 'function';
}

function validateFd(option: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw optionError(option, `${value} is not a file descriptor`);
}

function validatePreopen(guestPath: string, preopen: unknown): PreopenGrant {
  const option = `preopens['${guestPath}']`;
  if (guestPath.length === 0) throw optionError('preopens', 'a guest path is empty');
  const spec = typeof preopen === 'string' ? { path: preopen, readonly: false } : preopen;
  if (!isPlainObject(spec) || typeof spec.path !== 'string') throw optionError(option, 'must be a host directory path or { path, readonly }');
  if (spec.readonly !== undefined && typeof spec.readonly !== 'boolean') throw optionError(`${option}.readonly`, 'must be a boolean');
  const hostPath = path.resolve(spec.path);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(hostPath).isDirectory();
  } catch {
    throw optionError(option, `${spec.path} does not exist`, 'grant an existing directory');
  }
  if (!isDirectory) throw optionError(option, `${spec.path} is not a directory`, 'only directories can be preopened');
  return { guestPath, hostPath, readonly: spec.readonly === true };
}

/** Checks every option and names the offending one in a user-facing error. */
export function validateOptions(given: WASIOptions | undefined): ValidatedOptions {
  const options: WASIOptions = given ?? {};
  if (!isPlainObject(options as unknown)) throw new UserFacingError('options: must be an object');
  const { version, args = [], env = {}, preopens = {}, returnOnExit = true, stdin = 0, stdout = 1, stderr = 2 } = options;
  if (version !== undefined && version !== 'preview1' && version !== 'unstable') throw optionError('version', `must be 'preview1' or 'unstable', not ${JSON.stringify(version)}`);
  if (!Array.isArray(args)) throw optionError('args', 'must be an array of strings');
  args.forEach((arg, i) => {
    if (typeof arg !== 'string') throw optionError(`args[${i}]`, 'must be a string');
    if (arg.includes('\0')) throw optionError(`args[${i}]`, 'must not contain NUL');
  });
  if (!isPlainObject(env)) throw optionError('env', 'must be an object of strings');
  const envEntries = Object.entries(env).map(([key, value]): [string, string] => {
    if (typeof value !== 'string') throw optionError(`env.${key}`, 'must be a string');
    if (key.includes('=') || key.includes('\0') || value.includes('\0')) throw optionError(`env.${key}`, 'must not contain "=" in the name or NUL anywhere');
    return [key, value];
  });
  if (!isPlainObject(preopens)) throw optionError('preopens', 'must be an object of guest path → host directory');
  const grants = Object.entries(preopens).map(([guestPath, preopen]) => validatePreopen(guestPath, preopen));
  if (typeof returnOnExit !== 'boolean') throw optionError('returnOnExit', 'must be a boolean');
  if (typeof stdin === 'number') validateFd('stdin', stdin);
  else if (typeof stdin !== 'string' && !(stdin instanceof Uint8Array) && !isReadable(stdin)) throw optionError('stdin', 'must be a file descriptor, a Readable, a string or a Uint8Array');
  for (const [option, sink] of [['stdout', stdout], ['stderr', stderr]] as const) {
    if (typeof sink === 'number') validateFd(option, sink);
    else if (sink !== 'capture' && !isWritable(sink)) throw optionError(option, "must be a file descriptor, a Writable or 'capture'");
  }
  return { version, args, env: envEntries, preopens: grants, returnOnExit, stdin, stdout, stderr };
}
