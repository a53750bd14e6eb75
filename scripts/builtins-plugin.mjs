// A rolldown plugin for the shipped bundles: `import { readSync } from 'node:fs'` becomes
// `const { readSync } = process.getBuiltinModule('node:fs')` (Node >= 20.16). An ES import of a
// builtin builds an ES facade that reads every export, and fs's lazy getters (ReadStream,
// promises) then load node:stream and more: ~5-10 ms of every `wasi-kit run` for nothing.
const IMPORT = /^import\s+(?:([\w$]+)|\*\s+as\s+([\w$]+)|\{([^}]*)\})\s+from\s+"(node:[\w/]+)";$/gm;

/**
 * `loadedOnUse`: builtins that only some paths need (node:crypto, node:tty …), which a bundle's
 * top-level imports would otherwise load at every start (~4-6 ms each). Their named function
 * imports become small wrappers that fetch the builtin on first call; anything else they export
 * (constants, classes) is still fetched at start, so every binding keeps its meaning.
 */
export function builtinsPlugin({ loadedOnUse = [] } = {}) {
  const lazy = new Set(loadedOnUse);
  return {
    name: 'builtins-without-facades',
    renderChunk(code) {
      if (!code.includes('from "node:')) return null;
      const rewritten = code.replace(IMPORT, (_, defaultName, namespace, named, specifier) => {
        const module = `process.getBuiltinModule(${JSON.stringify(specifier)})`;
        if (defaultName || namespace) return `const ${defaultName ?? namespace} = ${module};`;
        const bindings = named.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
          const [, imported, local = imported] = /^([\w$]+)(?:\s+as\s+([\w$]+))?$/.exec(part);
          return { imported, local };
        });
        const builtin = lazy.has(specifier) ? process.getBuiltinModule(specifier) : undefined;
        // A plain function (not a class: it has no own prototype methods to construct with).
        const onUse = ({ imported }) => typeof builtin?.[imported] === 'function' && Object.getOwnPropertyNames(builtin[imported].prototype ?? {}).length <= 1;
        const wrappers = bindings.filter(onUse).map(({ imported, local }) => `const ${local} = (...args) => ${module}.${imported}(...args);`);
        const eager = bindings.filter((binding) => !onUse(binding)).map(({ imported, local }) => (imported === local ? imported : `${imported}: ${local}`));
        return [...(eager.length > 0 ? [`const { ${eager.join(', ')} } = ${module};`] : []), ...wrappers].join('\n');
      });
      return { code: rewritten, map: null };
    },
  };
}

export const builtinsWithoutFacades = builtinsPlugin();
