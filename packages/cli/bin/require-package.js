'use strict';
// Requiring `@wasi-kit/runtime` by name makes Node 20 resolve it through its package.json
// "exports", which loads Node's ES module resolver on first use: ~5 ms of every `wasi-kit run`, and
// of the runner `dev` starts first. The bin and the CLI's bundle (scripts/bundle.mjs) require the
// workspace packages here instead: the file "exports" gives `require`, by its path.
const fs = require('node:fs');
const path = require('node:path');

/**
 * `name` + `subpath` ('' or '/runner') as `from` (a module's require) would load it: the package
 * is looked for in the node_modules folders Node would search, in its order; a package found
 * there is required by the path of its `require` target, so the same file (and so the same
 * module) loads as by name. Elsewhere (Plug'n'Play installs) Node resolves the name.
 */
function requirePackage(from, name, subpath = '') {
  for (const folder of from.resolve.paths(name) || []) {
    const root = path.join(folder, name);
    let manifest;
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    const target = manifest.exports && manifest.exports[`.${subpath}`] && manifest.exports[`.${subpath}`].require;
    if (typeof target === 'string') return from(path.join(root, target));
    break;
  }
  return from(name + subpath);
}

module.exports = { requirePackage };
