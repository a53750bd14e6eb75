// Step 7 of docs/walkthrough.md, the npm-script route: a TypeScript host runs the sizer guest in the
// wasi-kit sandbox with one folder granted, and gets its listing back as a string.
//
//   pnpm run list-folder -- <sizer.wasm> <host folder>
import path from 'node:path';
import { run } from '@wasi-kit/runtime';

const [wasm, folder] = process.argv.slice(2);
if (wasm === undefined || folder === undefined) {
  console.error('usage: pnpm run list-folder -- <sizer.wasm> <host folder>');
  process.exit(2);
}

// The guest sees the host folder at /data and nothing else; its argv[1] is that guest path.
const result = await run(path.resolve(wasm), {
  args: ['sizer', '/data'],
  preopens: { '/data': path.resolve(folder) },
  capture: true,
});
if (result.exitCode !== 0) {
  process.stderr.write(result.stderr ?? '');
  console.error(`sizer exited with ${result.exitCode}`);
  process.exit(1);
}

const listing: string = result.stdout ?? '';
const entries = listing.split('\n').filter((line) => line !== '');
console.log(`sizer listed ${entries.length} entries of ${path.basename(path.resolve(folder))}:`);
process.stdout.write(listing);
