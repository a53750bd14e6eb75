'use strict';
// V8's code cache for wasi-kit's own CommonJS bundles (the v8-compile-cache technique): a bundle is
// compiled through vm.Script with the bytes V8 produced on an earlier run, instead of being parsed
// and compiled again by every process. The bytes are written as the first process exits, so they
// hold the functions its run compiled too (~7 ms of a small guest's run, ~6 ms of loading the host).
// Two users: wasi-kit's bin and its runners keep it for every bundle they load (keepCodeCache, on
// Node 20, which has no module.enableCompileCache), and the library keeps it for its own chunks
// while its entry loads them (requireCached), on every Node: a library must not turn on a cache
// for the whole process. Any failure to read or write the cache only costs the compile.
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

/** Where the process's cache folder and this file are published, for the runners it starts (startRunner). */
const CODE_CACHE = Symbol.for('wasi-kit.code-cache');

/** wasi-kit's bundles: `.cjs` files under a dist/bundle folder of a wasi-kit package. */
const OURS = /[\\/]dist[\\/]bundle[\\/][\w.-]+\.cjs$/;

/** True once keepCodeCache serves every bundle this process loads. */
let processWide = false;

/**
 * `$WASI_KIT_CACHE_DIR`, else `$XDG_CACHE_HOME/wasi-kit`, else `~/.cache/wasi-kit`: @wasi-kit/errors'
 * cacheFolder, applied here by itself because this file loads before any bundle and requires none.
 */
function cacheFolder(env = process.env) {
  return env.WASI_KIT_CACHE_DIR || path.join(env.XDG_CACHE_HOME || path.join(env.HOME || require('node:os').homedir(), '.cache'), 'wasi-kit');
}

/** From now on, each of our bundles this process requires is compiled with the code cache kept in `dir`. */
function keepCodeCache(dir) {
  process[CODE_CACHE] = { preload: __filename, dir };
  processWide = true;
  Module.prototype._compile = compileWithCodeCache(Module.prototype._compile, dir, (filename) => OURS.test(filename));
}

/**
 * `from(id)`, with the chunks of the bundle `id` names that load now compiled from the code cache
 * in `<cacheFolder>/v8-code-cache`. Left to Node where the process already keeps compiled code
 * (wasi-kit's bin, Node's compile cache) or NODE_DISABLE_COMPILE_CACHE (Node's switch) says not to.
 */
function requireCached(from, id) {
  if (processWide || process.env.NODE_DISABLE_COMPILE_CACHE || (Module.getCompileCacheDir && Module.getCompileCacheDir())) return from(id);
  const dir = path.join(cacheFolder(), 'v8-code-cache');
  process[CODE_CACHE] = { preload: __filename, dir };
  const bundle = path.dirname(from.resolve(id)) + path.sep;
  const compile = Module.prototype._compile;
  Module.prototype._compile = compileWithCodeCache(compile, dir, (filename) => filename.startsWith(bundle) && OURS.test(filename));
  try {
    return from(id);
  } finally {
    Module.prototype._compile = compile;
  }
}

/**
 * Module.prototype._compile for the files `ours` accepts: compiled with the code in `dir` for the
 * same file (path, size, mtime), Node and V8 flags; otherwise the code V8 compiled while running
 * is written there as the process exits (functions compiled lazily during the run included).
 */
function compileWithCodeCache(compile, dir, ours) {
  return function compileCached(content, filename) {
    // A script compiled by vm has no loader for import() (wabt, jco, binaryen) on Node 20 without
    // an experimental flag or warning: a bundle that uses it is compiled by Node (the CLI's own
    // bundle is written without comments, where commander's JSDoc says import(…)).
    if (!ours(filename) || content.includes('import(')) return compile.call(this, content, filename);
    let file;
    try {
      const { size, mtimeMs } = fs.statSync(filename);
      // <bundle>-<version>.bin: a new build or Node replaces the file of the same bundle (save).
      file = path.join(dir, `${hash(filename)}-${hash(`${size}\0${mtimeMs}\0${process.version}\0${process.arch}`)}.bin`);
    } catch {
      return compile.call(this, content, filename);
    }
    let cachedData;
    try {
      cachedData = fs.readFileSync(file);
    } catch {}
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) process.once('exit', () => save(file, script));
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, path.dirname(filename));
  };
}

/** What Node passes a module as `require` (its internal makeRequireFunction, the parts bundles use). */
function requireFor(mod) {
  const require = (id) => mod.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.main = process.mainModule;
  require.cache = Module._cache;
  return require;
}

function save(file, script) {
  try {
    if (!makeDirectory(path.dirname(file))) return;
    // Written aside, then renamed: a concurrent start never reads half a cache.
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, script.createCachedData());
    fs.renameSync(temporary, file);
    // The same bundle's code from an earlier build or Node is never read again.
    const name = path.basename(file);
    const bundle = name.slice(0, name.indexOf('-') + 1);
    for (const other of fs.readdirSync(path.dirname(file))) {
      if (other !== name && other.startsWith(bundle) && other.endsWith('.bin')) fs.rmSync(path.join(path.dirname(file), other), { force: true });
    }
  } catch {}
}

/**
 * mkdir -p, by hand: Node's recursive mkdir (fs's and the compile cache's) never returns under
 * /proc (ENOENT forever). True when the folder exists afterwards.
 */
function makeDirectory(dir, depth = 0) {
  try {
    fs.mkdirSync(dir);
    return true;
  } catch (error) {
    if (error.code === 'EEXIST') return true;
    if (error.code !== 'ENOENT' || depth >= 16 || path.dirname(dir) === dir) return false;
  }
  if (!makeDirectory(path.dirname(dir), depth + 1)) return false;
  try {
    fs.mkdirSync(dir);
    return true;
  } catch (error) {
    return error.code === 'EEXIST';
  }
}

/** FNV-1a, 32 bits, as hex: a file name for the key without loading node:crypto. */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

module.exports = { cacheFolder, keepCodeCache, makeDirectory, requireCached };

// Preloaded (node --require) into a guest runner, with the folder its host uses.
if (process.env.WASI_KIT_CODE_CACHE_DIR && require.main !== module) {
  const dir = process.env.WASI_KIT_CODE_CACHE_DIR;
  delete process.env.WASI_KIT_CODE_CACHE_DIR;
  keepCodeCache(dir);
}
