import type { WASIOptions } from './options.js';

/**
 * The WASI namespace a module imports, as the `version` option: `wasi_unstable` for the legacy
 * layouts, preview1 otherwise; undefined for a module importing both, which then gets both.
 */
export function wasiVersionOf(imports: WebAssembly.ModuleImportDescriptor[]): WASIOptions['version'] {
  const unstable = imports.some((entry) => entry.module === 'wasi_unstable');
  const preview1 = imports.some((entry) => entry.module === 'wasi_snapshot_preview1');
  return unstable && preview1 ? undefined : unstable ? 'unstable' : 'preview1';
}
