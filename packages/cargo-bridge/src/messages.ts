/** Cargo's `--message-format=json` lines, typed (https://doc.rust-lang.org/cargo/reference/external-tools.html#json-messages). */

export interface CargoTarget {
  kind: string[];
  crate_types: string[];
  name: string;
  src_path: string;
}

export interface ArtifactMessage {
  reason: 'compiler-artifact';
  package_id: string;
  manifest_path?: string;
  target: CargoTarget;
  profile: { opt_level: string; debuginfo?: number | string | null; test: boolean };
  features: string[];
  filenames: string[];
  executable: string | null;
  fresh: boolean;
}

export interface DiagnosticSpan {
  file_name: string;
  line_start: number;
  column_start: number;
  is_primary: boolean;
}

export interface CompilerMessage {
  reason: 'compiler-message';
  package_id: string;
  target: CargoTarget;
  message: {
    message: string;
    level: 'error' | 'warning' | 'note' | 'help' | 'failure-note' | 'error: internal compiler error';
    code: { code: string } | null;
    rendered: string | null;
    spans: DiagnosticSpan[];
  };
}

export interface BuildFinishedMessage {
  reason: 'build-finished';
  success: boolean;
}

export type CargoMessage = ArtifactMessage | CompilerMessage | BuildFinishedMessage;

const KNOWN_REASONS = new Set(['compiler-artifact', 'compiler-message', 'build-finished']);

/** Parses one stdout line; other reasons (build scripts, plain text) give undefined. */
export function parseCargoMessage(line: string): CargoMessage | undefined {
  if (!line.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const reason = (value as { reason?: unknown }).reason;
  return typeof reason === 'string' && KNOWN_REASONS.has(reason) ? (value as CargoMessage) : undefined;
}
