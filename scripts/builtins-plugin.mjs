// A rolldown plugin for the shipped bundles: `import { readSync } from 'node:fs'` becomes
// `const { readSync } = process.getBuiltinModule('node:fs')` (Node >= 20.16). An ES import of a
// builtin builds an ES facade that reads every export, and fs's lazy getters (ReadStream,
// promises) then load node:stream and more: ~5-10 ms of every `wasi-kit run` for nothing.
// The bundles are CommonJS, whose output would turn each import into a require() at the top of the
// file, loading every builtin (tty, readline…) at start: the plugin rewrites each compiled module
// (tsc's output, single quotes) before bundling instead.
const IMPORT = /^import\s+(?:([\w$]+)|\*\s+as\s+([\w$]+)|\{([^}]*)\})\s+from\s+(["'])(node:[\w/]+)\4;$/gm;

/**
 * Builtins that load much more (tty and readline bring node:net and the stream machinery,
 * fs/promises its file handles: ~10 ms together) for functions few runs call: their functions
 * become wrappers that fetch the module on first call. Only lower-case function exports (not
 * classes or constants, which would need the module at once) are wrapped; the rest stay eager.
 */
const LAZY = new Set(['node:tty', 'node:readline', 'node:fs/promises', 'node:crypto']);

/**
 * isatty(fd) is true only for a terminal, and a terminal is a character device: a pipe or a file
 * (every run under a script or a benchmark) is answered by one fstat, without loading node:tty
 * and the socket and stream code it brings (~5-10 ms of a start-up).
 */
const ISATTY = `function isatty(fd) {
  try {
    if (!process.getBuiltinModule("node:fs").fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return process.getBuiltinModule("node:tty").isatty(fd);
}`;

function lazyFunctions(specifier, bindings) {
  if (specifier === 'node:tty' && bindings.length === 1 && bindings[0][0] === 'isatty' && bindings[0][1] === 'isatty') return ISATTY;
  const exported = process.getBuiltinModule(specifier);
  const lazy = bindings.every(([name]) => /^[a-z]/.test(name) && typeof exported[name] === 'function');
  if (!lazy) return undefined;
  const module = `process.getBuiltinModule(${JSON.stringify(specifier)})`;
  return bindings.map(([name, local]) => `function ${local}(...args) { return ${module}.${name}(...args); }`).join('\n');
}

function rewriteImports(code) {
  return code.replace(IMPORT, (_, defaultName, namespace, named, _quote, specifier) => {
    const module = `process.getBuiltinModule(${JSON.stringify(specifier)})`;
    if (defaultName || namespace) return `const ${defaultName ?? namespace} = ${module};`;
    const pairs = named.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
      const [name, local = name] = part.split(/\s+as\s+/);
      return [name, local];
    });
    const lazy = LAZY.has(specifier) ? lazyFunctions(specifier, pairs) : undefined;
    if (lazy) return lazy;
    return `const { ${pairs.map(([name, local]) => (name === local ? name : `${name}: ${local}`)).join(', ')} } = ${module};`;
  });
}

/** Applied to each compiled module before bundling: a CommonJS output would otherwise turn each import into a require() at the top. */
export const builtinsWithoutFacades = {
  name: 'builtins-without-facades',
  transform(code) {
    if (!code.includes("from 'node:") && !code.includes('from "node:')) return null;
    return { code: rewriteImports(code), map: null };
  },
};
