import { rolldown } from 'rolldown';
import { builtinsWithoutFacades } from '../../../scripts/builtins-plugin.mjs';
const LIBRARY = { runtime: 'dist/index.js', runner: 'dist/pipeline/child.js' };
const ENTRIES = { 'worker-entry': 'dist/pipeline/worker-entry.js', 'child-entry': 'dist/pipeline/child-entry.js' };
const external = [/^node:/, 'wabt', /^@bytecodealliance\//];
const mode = process.argv[2];
const bundle = await rolldown({ input: { ...LIBRARY, ...ENTRIES }, platform: 'node', plugins: [builtinsWithoutFacades], external, logLevel: 'warn' });
await bundle.write({ dir: 'dist/bundle-' + mode, format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs', comments: false, charset: 'ascii', minify: mode === 'full' ? true : { compress: false, mangle: false, removeWhitespace: true } });
await bundle.close();
