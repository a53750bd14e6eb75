// A rolldown plugin for the shipped bundles: `import { readSync } from 'node:fs'` becomes
// `const { readSync } = process.getBuiltinModule('node:fs')` (Node >= 20.16). An ES import of a
// builtin builds an ES facade that reads every export, and fs's lazy getters (ReadStream,
// promises) then load node:stream and more: ~5-10 ms of every `wasi-kit run` for nothing.
const IMPORT = /^import\s+(?:([\w$]+)|\*\s+as\s+([\w$]+)|\{([^}]*)\})\s+from\s+"(node:[\w/]+)";$/gm;

export const builtinsWithoutFacades = {
  name: 'builtins-without-facades',
  renderChunk(code) {
    if (!code.includes('from "node:')) return null;
    const rewritten = code.replace(IMPORT, (_, defaultName, namespace, named, specifier) => {
      const module = `process.getBuiltinModule(${JSON.stringify(specifier)})`;
      if (defaultName || namespace) return `const ${defaultName ?? namespace} = ${module};`;
      const bindings = named.split(',').map((part) => part.trim()).filter(Boolean).map((part) => part.replace(/^([\w$]+)\s+as\s+([\w$]+)$/, '$1: $2'));
      return `const { ${bindings.join(', ')} } = ${module};`;
    });
    return { code: rewritten, map: null };
  },
};
