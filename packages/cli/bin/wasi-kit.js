#!/usr/bin/env node
import module from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';

// Node 22.1+ keeps V8's compiled code between runs (start-up is most of a short `wasi-kit run`),
// in wasi-kit's folder of the user's cache (where toolchains.json lives), never in the project;
// NODE_COMPILE_CACHE still wins. Node 20 has no compile cache, and the bundles keep its module
// loading small instead. The guest runners `dev` starts use the same folder (startRunner).
if (module.enableCompileCache && !process.env.NODE_COMPILE_CACHE) {
  const { WASI_KIT_CACHE_DIR, XDG_CACHE_HOME, HOME } = process.env;
  const cache = WASI_KIT_CACHE_DIR || path.join(XDG_CACHE_HOME || path.join(HOME || homedir(), '.cache'), 'wasi-kit');
  module.enableCompileCache(path.join(cache, 'node-compile-cache'));
}
await import('../dist/bundle/main.js');
