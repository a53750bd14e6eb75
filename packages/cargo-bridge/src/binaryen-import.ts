/**
 * binaryen (an ES module) by import(), in a module of its own: the CommonJS build splits it into
 * a chunk of its own, so the package's main file has no import() and the CLI's bin can compile it
 * with its code cache (see packages/runtime/code-cache.cjs).
 */
export const importBinaryen = () => import('binaryen');
