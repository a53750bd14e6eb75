// Bundles the compiled CLI (with commander and the small shared @wasi-kit/errors) into one CommonJS
// file that bin/wasi-kit.js requires: Node 20 has no compile cache, loading ~40 small modules costs
// ~15 ms of every `wasi-kit run`, and an ES module entry costs its loader (resolve, promise-based
// reads) ~10 ms more. CommonJS also lets the bin keep V8's code cache on Node 20 (code-cache.cjs).
// The workspace packages stay external, loaded lazily by the commands that need them, through their
// `require` condition (their own CommonJS bundles).
// dist/bundle/ sits at the same depth as dist/commands/, so `new URL('../templates/', import.meta.url)`
// and the other relative URLs in src/ mean the same files from both.
import { readFileSync, rmSync } from 'node:fs';
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
// for the workspace packages: they are required instead (still on first use), and by the path of
// the file their "exports" give the `require` condition, from the first node_modules folder that
// holds the package (Node's own lookup order): resolving a name through "exports" costs Node 20
// ~5 ms on first use (it loads its ES module resolver), a thirtieth of a `wasi-kit run`. Where no
// folder holds it (Plug'n'Play installs), Node resolves the name. The file required is the one a
// plain require() would load, so a process never holds two copies.
const WORKSPACE_IMPORT = /\bimport\((["'])(@wasi-kit\/(?:runtime|cargo-bridge))((?:\/[\w-]+)?)\1\)/g;
const REQUIRE_PACKAGE = `function requirePackage(name, subpath, file) {
	for (const folder of require.resolve.paths(name) || []) {
		const candidate = require("node:path").join(folder, name, file);
		if (require("node:fs").existsSync(candidate)) return require(candidate);
	}
	return require(name + subpath);
}
`;
/** The file a package's "exports" give `require` for `subpath` ('' or '/runner'), from its package.json. */
function requireTarget(name, subpath) {
  const manifest = JSON.parse(readFileSync(new URL(`../../${name.slice('@wasi-kit/'.length)}/package.json`, import.meta.url), 'utf8'));
  const target = manifest.exports?.[`.${subpath}`]?.require;
  if (typeof target !== 'string') throw new Error(`${name}${subpath}: no "require" target in its package.json exports`);
  return target;
}
const requireWorkspacePackages = {
  name: 'require-workspace-packages',
  renderChunk(code) {
    const rewritten = code.replace(WORKSPACE_IMPORT, (_, _quote, name, subpath) => `Promise.resolve().then(() => requirePackage(${JSON.stringify(name)}, ${JSON.stringify(subpath)}, ${JSON.stringify(requireTarget(name, subpath))}))`);
    // Appended (a declaration is hoisted): lines above keep their place in the source map.
    return rewritten === code ? null : { code: `${rewritten}\n${REQUIRE_PACKAGE}`, map: null };
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
// Without comments: bin/code-cache.js compiles a file that mentions import( the usual way (see there).
await bundle.write({ dir: 'dist/bundle', format: 'cjs', entryFileNames: '[name].cjs', sourcemap: true, codeSplitting: false, comments: false, charset: 'ascii' });
await bundle.close();
