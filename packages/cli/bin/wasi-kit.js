#!/usr/bin/env node
'use strict';
// CommonJS (bin/package.json), as are the bundles it loads: an ES module entry costs Node 20's
// loader ~10 ms of every start (resolve, promise-based reads), a third of what wasi-kit adds to a
// `wasi-kit run`. The packages' ES module builds are for library users.
const Module = require('node:module');
const path = require('node:path');

// Compiled code is kept between runs (start-up is most of a short `wasi-kit run`), in wasi-kit's
// folder of the user's cache (where toolchains.json lives), never in the project: Node 22.1+'s
// compile cache (NODE_COMPILE_CACHE still wins), else V8's code cache kept by the runtime's
// code-cache.cjs. The guest runners `dev` starts use the same folder (startRunner).
const { cacheFolder, keepCodeCache, makeDirectory } = require('./require-package.js').requirePackage(require, '@wasi-kit/runtime', '/code-cache');
if (process.env.NODE_DISABLE_COMPILE_CACHE) {
  // Node's switch for its compile cache turns ours off too.
} else if (!Module.enableCompileCache) {
  keepCodeCache(path.join(cacheFolder(), 'v8-code-cache'));
} else if (!process.env.NODE_COMPILE_CACHE) {
  // Made here first: Node's own mkdir -p never returns for a folder under /proc.
  const folder = path.join(cacheFolder(), 'node-compile-cache');
  if (makeDirectory(folder)) Module.enableCompileCache(folder);
}
if (process.argv[2] === 'dev') require('./early-runner.js').startEarlyRunner();
require('../dist/bundle/main.cjs');
