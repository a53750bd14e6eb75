/** The two names the WASI preview1 target has had. */
export type WasiTarget = 'wasm32-wasip1' | 'wasm32-wasi';

export interface RustVersion {
  major: number;
  minor: number;
  patch: number;
}

export function parseRustcVersion(text: string): RustVersion | undefined {
  const match = /rustc (\d+)\.(\d+)\.(\d+)/.exec(text);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/**
 * Targets a compiler of this version knows, preferred first: `wasm32-wasip1` arrived in 1.78
 * and `wasm32-wasi` was removed in 1.84.
 */
export function wasiTargetsFor(version: RustVersion): WasiTarget[] {
  const minor = version.major > 1 ? Infinity : version.minor;
  const targets: WasiTarget[] = [];
  if (minor >= 78) targets.push('wasm32-wasip1');
  if (minor < 84) targets.push('wasm32-wasi');
  return targets;
}
