// Bundles the compiled CLI (with commander and the small shared @wasi-kit/errors) into one CommonJS
// file that bin/wasi-kit.js requires: Node 20 has no compile cache, loading ~40 small modules costs
// ~15 ms of every `wasi-kit run`, and an ES module entry costs its loader (resolve, promise-based
// reads) ~10 ms more. CommonJS also lets the bin keep V8's code cache on Node 20 (@wasi-kit/runtime's code-cache.cjs).
// The workspace packages stay external, loaded lazily by the commands that need them, through their
// `require` condition (their own CommonJS bundles).
// dist/bundle/ sits at the same depth as dist/commands/, so `new URL('../templates/', import.meta.url)`
// and the other relative URLs in src/ mean the same files from both.
import { rmSync } from 'node:fs';
import { rolldown } from 'rolldown';
import { builtinsWithoutFacades } from '../../../scripts/builtins-plugin.mjs';

// commander requires node:child_process at load for executable subcommands, which wasi-kit has
// none of; loading it costs every command a few ms. It is fetched when (if ever) spawn is called.
const lazyChildProcess = {
  name: 'lazy-child-process',
  transform(code, id) {
    if (!id.includes('commander') || !code.includes("require('node:child_process')")) return null;
    // Same line, so the source map stays right: `map: null` keeps the original mappings.
    return { code: code.replace("require('node:child_process')", "{ spawn: (...args) => process.getBuiltinModule('node:child_process').spawn(...args) }"), map: null };
  },
};

// A CommonJS output keeps `import()` of an external, which would start Node's ES module loader
// for the workspace packages: they are required instead (still on first use), through
// bin/require-package.js (by path, not through "exports": see there).
const WORKSPACE_IMPORT = /\bimport\((["'])(@wasi-kit\/(?:runtime|cargo-bridge))((?:\/[\w-]+)?)\1\)/g;
const requireWorkspacePackages = {
  name: 'require-workspace-packages',
  renderChunk(code) {
    const rewritten = code.replace(WORKSPACE_IMPORT, (_, _quote, name, subpath) => `Promise.resolve().then(() => require("../../bin/require-package.js").requirePackage(require, ${JSON.stringify(name)}, ${JSON.stringify(subpath)}))`);
    return rewritten === code ? null : { code: rewritten, map: null };
  },
};

const bundle = await rolldown({
  input: { main: 'dist/main.js' },
  plugins: [lazyChildProcess, builtinsWithoutFacades, requireWorkspacePackages],
  platform: 'node',
  external: [/^node:/, /^@wasi-kit\/(runtime|cargo-bridge)/],
  logLevel: 'warn',
});
// Chunk names carry content hashes: clear the old ones so dist/ (and turbo's cache of it) holds only this build.
rmSync('dist/bundle', { recursive: true, force: true });
// run's own modules (loaded with import() to keep them out of other commands' way) are small: inlined, one file loads.
// Without comments: the code cache (@wasi-kit/runtime/code-cache.cjs) compiles a file that mentions import( the usual way (see there).
await bundle.write({ dir: 'dist/bundle', format: 'cjs', entryFileNames: '[name].cjs', sourcemap: true, codeSplitting: false, comments: false, charset: 'ascii' });
await bundle.close();
