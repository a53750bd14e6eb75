// The ES module face of a package's CommonJS bundle: `import` gets a small ES module that
// re-exports the CommonJS one, never a second copy (a process that both imports and requires a
// package must not load it twice: the runtime's addon aborts on a second dlopen). The file is
// required, not imported: importing CommonJS has Node's loader lex its source for export names
// (~2.5 ms of a library user's start-up on Node 20), and the names are known here.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Writes `dist/bundle/<name>.js`, exporting every name `dist/bundle/<name>.cjs` exports. */
export function writeEsModuleFace(name) {
  const names = Object.keys(createRequire(import.meta.url)(path.resolve(`dist/bundle/${name}.cjs`)));
  const face = [
    "import { createRequire } from 'node:module';",
    '',
    `const bundle = createRequire(import.meta.url)('./${name}.cjs');`,
    '',
    `export const { ${names.join(', ')} } = bundle;`,
  ];
  writeFileSync(`dist/bundle/${name}.js`, `${face.join('\n')}\n`);
}
