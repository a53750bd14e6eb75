#!/usr/bin/env node
import module from 'node:module';

// Node 22.1+ keeps V8's compiled code between runs (start-up is most of a short `wasi-kit run`);
// Node 20 has no compile cache, and the bundles keep its module loading small instead.
module.enableCompileCache?.();
await import('../dist/bundle/main.js');
