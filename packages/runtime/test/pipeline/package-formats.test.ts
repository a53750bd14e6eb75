import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// What ships, by the package's own name: `import` gets the ES module bundle, `require` the
// CommonJS one (what the CLI and its runners load), split into chunks required on first use.
const require = createRequire(import.meta.url);
const hello = fileURLToPath(new URL('../../../cli/test/fixtures/wat/hello.wat', import.meta.url));

describe('@wasi-kit/runtime as a package', () => {
  it('resolves import and require to the two bundles, with the same exports', async () => {
    expect(fileURLToPath(import.meta.resolve('@wasi-kit/runtime'))).toMatch(/dist[\\/]bundle[\\/]runtime\.js$/);
    expect(require.resolve('@wasi-kit/runtime')).toMatch(/dist[\\/]bundle[\\/]runtime\.cjs$/);
    expect(require.resolve('@wasi-kit/runtime/runner')).toMatch(/dist[\\/]bundle[\\/]runner\.cjs$/);
    const esm = await import('@wasi-kit/runtime');
    const cjs = require('@wasi-kit/runtime') as typeof esm;
    expect(Object.keys(cjs).sort()).toEqual(Object.keys(esm).sort());
  });

  it.each([
    ['import', () => import('@wasi-kit/runtime')],
    ['require', async () => require('@wasi-kit/runtime') as typeof import('@wasi-kit/runtime')],
  ])('runs a .wat through every transport when loaded by %s (its chunks and entries load)', async (_, load) => {
    const { runInChild, runInProcess, runInWorker } = await load();
    for (const transport of [runInProcess, runInWorker, runInChild]) {
      expect(await transport({ module: hello, args: ['hello'], capture: true })).toMatchObject({ exitCode: 0, stdout: 'hello from wat\n' });
    }
  });
});
