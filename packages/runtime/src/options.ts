import { statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '@wasi-kit/errors';
import type { StdioSink, StdioSource } from './fd/stdio.js';

export type Preopen = string | { path: string; readonly?: boolean };

/** One grant of an ordered preopen list; `label` is how the user wrote it, for messages (`--dir data`). */
export interface PreopenEntry {
  guest: string;
  host: string;
  readonly?: boolean;
  label?: string;
}

/**
 * Guest path → host directory (node:wasi's shape; fds follow JS key order, which puts integer-like
 * keys such as "1" first), or an ordered list: fds 3, 4, … in exactly the order given.
 */
export type Preopens = Record<string, Preopen> | readonly PreopenEntry[];

/** node:wasi's options, plus read-only preopens and in-memory stdio. */
export interface WASIOptions {
  /** Which namespace `getImportObject()` serves; omitted, both are served and the module picks. */
  version?: 'preview1' | 'unstable';
  args?: string[];
  /** Variables with an undefined value are left out, as node:wasi does (so `process.env` can be passed). */
  env?: Record<string, string | undefined>;
  /** Guest path → host directory, or `{ path, readonly }`; or an ordered list of grants. */
  preopens?: Preopens;
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

/** An option of the wrong type; `code` is node:wasi's for the same mistake, for callers that check it. */
function optionError(option: string, problem: string, hint?: string, code = 'ERR_INVALID_ARG_TYPE'): UserError {
  return new UserError(`options.${option}: ${problem}`, { hint, code });
}

/** An option of the right type whose value cannot be used. */
function optionValueError(option: string, problem: string, hint?: string): UserError {
  return optionError(option, problem, hint, 'ERR_INVALID_ARG_VALUE');
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
  if (!Number.isInteger(value) || value < 0) throw optionValueError(option, `${value} is not a file descriptor`);
}

/** A record's entries, or a list's, as the list the fd table is built from. */
function preopenEntries(preopens: unknown): { option: string; spec: unknown; guest: unknown }[] {
  if (Array.isArray(preopens)) {
    return preopens.map((entry: unknown, i) => ({ option: `preopens[${i}]`, spec: isPlainObject(entry) ? { path: entry.host, readonly: entry.readonly, label: entry.label } : entry, guest: isPlainObject(entry) ? entry.guest : undefined }));
  }
  if (!isPlainObject(preopens)) throw optionError('preopens', 'must be an object of guest path → host directory, or a list of { guest, host, readonly }');
  return Object.entries(preopens).map(([guest, spec]) => ({ option: `preopens['${guest}']`, spec, guest }));
}

function validatePreopen({ option, spec: given, guest }: { option: string; spec: unknown; guest: unknown }): PreopenGrant {
  if (typeof guest !== 'string') throw optionError(option, 'the guest path must be a non-empty string');
  if (guest.length === 0) throw optionValueError(option, 'the guest path must be a non-empty string');
  if (guest.includes('\0')) throw optionValueError(option, 'the guest path must not contain NUL');
  const spec = typeof given === 'string' ? { path: given, readonly: false } : given;
  if (!isPlainObject(spec) || typeof spec.path !== 'string') throw optionError(option, 'must be a host directory path or { path, readonly }');
  if (spec.readonly !== undefined && typeof spec.readonly !== 'boolean') throw optionError(`${option}.readonly`, 'must be a boolean');
  // A grant the user wrote (`--dir data`) is named as they wrote it; otherwise by the option.
  const problem = (text: string, hint: string) => (typeof spec.label === 'string' ? new UserError(`${spec.label}: ${text}`, { hint }) : optionValueError(option, text, hint));
  const hostPath = path.resolve(spec.path);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(hostPath).isDirectory();
  } catch {
    throw problem(`${typeof spec.label === 'string' ? hostPath : spec.path} does not exist`, 'grant a directory that exists');
  }
  if (!isDirectory) throw problem(`${typeof spec.label === 'string' ? hostPath : spec.path} is not a directory`, 'grant a directory, not a file');
  return { guestPath: guest, hostPath, readonly: spec.readonly === true };
}

/** What node:wasi passes for an argument or an environment value: String(value); a symbol has none. */
function asString(value: unknown, option: string): string {
  if (typeof value === 'symbol') throw optionError(option, 'must be a string');
  return String(value);
}

/** Checks every option and names the offending one in a user-facing error. */
export function validateOptions(given: WASIOptions | undefined): ValidatedOptions {
  const options: WASIOptions = given === undefined ? {} : given;
  if (!isPlainObject(options as unknown)) throw new UserError('options: must be an object', { code: 'ERR_INVALID_ARG_TYPE' });
  const { version, args = [], env = {}, preopens = {}, returnOnExit = true, stdin = 0, stdout = 1, stderr = 2 } = options;
  if (version !== undefined && typeof version !== 'string') throw optionError('version', `must be 'preview1' or 'unstable', not ${typeof version}`);
  if (version !== undefined && version !== 'preview1' && version !== 'unstable') throw optionValueError('version', `must be 'preview1' or 'unstable', not ${JSON.stringify(version)}`);
  if (!Array.isArray(args)) throw optionError('args', 'must be an array of strings');
  // As node:wasi: arguments and values are passed as String() gives them, an undefined value is left out.
  const argStrings = args.map((arg: unknown, i) => {
    const text = asString(arg, `args[${i}]`);
    if (text.includes('\0')) throw optionValueError(`args[${i}]`, 'must not contain NUL');
    return text;
  });
  if (!isPlainObject(env)) throw optionError('env', 'must be an object of strings');
  const envEntries = Object.entries(env as Record<string, unknown>).flatMap(([key, given]): [string, string][] => {
    if (given === undefined) return [];
    const value = asString(given, `env.${key}`);
    if (key.includes('=') || key.includes('\0') || value.includes('\0')) throw optionValueError(`env.${key}`, 'must not contain "=" in the name or NUL anywhere');
    return [[key, value]];
  });
  const grants = preopenEntries(preopens).map(validatePreopen);
  if (typeof returnOnExit !== 'boolean') throw optionError('returnOnExit', 'must be a boolean');
  if (typeof stdin === 'number') validateFd('stdin', stdin);
  else if (typeof stdin !== 'string' && !(stdin instanceof Uint8Array) && !isReadable(stdin)) throw optionError('stdin', 'must be a file descriptor, a Readable, a string or a Uint8Array');
  for (const [option, sink] of [['stdout', stdout], ['stderr', stderr]] as const) {
    if (typeof sink === 'number') validateFd(option, sink);
    else if (sink !== 'capture' && !isWritable(sink)) throw optionError(option, "must be a file descriptor, a Writable or 'capture'");
  }
  return { version, args: argStrings, env: envEntries, preopens: grants, returnOnExit, stdin, stdout, stderr };
}
