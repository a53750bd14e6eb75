import { printToolchainNotices } from './toolchain-notices.js';

/**
 * The workspace packages, loaded when a command first needs them: `wasi-kit run app.wasm` never
 * pays for cargo's tooling (execa, chokidar), and `--help` pays for neither. In the bundle the
 * bin loads, each import() becomes a require of the package's CommonJS bundle by its path
 * (scripts/bundle.mjs says why).
 */
export const loadCargoBridge = async () => {
  const cargoBridge = await import('@wasi-kit/cargo-bridge');
  printToolchainNotices();
  return cargoBridge;
};
export const loadRuntime = () => import('@wasi-kit/runtime');
/** The host's side of the child-process transport alone (`dev`'s warm runners), without the WASI host. */
export const loadRunner = () => import('@wasi-kit/runtime/runner');
