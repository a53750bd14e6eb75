import type { BuildResult } from '@wasi-kit/cargo-bridge';
import { loadCargoBridge } from '../packages.js';

/** The `--json` document of a successful build, as `build --json` and `run --bin --json` print it. */
export async function buildDocument(result: BuildResult) {
  const { formatVersion } = await loadCargoBridge();
  return {
    command: 'build',
    ok: true,
    exitCode: 0,
    durationMs: Math.round(result.durationMs),
    target: result.target,
    toolchain: { name: result.toolchain.name, version: formatVersion(result.toolchain.version) },
    artifacts: result.artifacts.map(({ name, kind, wasm, fresh }) => ({ name, kind, wasm, fresh })),
    diagnostics: result.diagnostics.map(({ level, message, file, line, column }) => ({ level, message, file: file ?? null, line: line ?? null, column: column ?? null })),
  };
}
