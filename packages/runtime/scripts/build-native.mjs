// Builds the native beneath-resolver (native/wasi-kit-native.c) into dist/native/ with the C compiler
// the machine already has: no download, no node-gyp. Node-API is ABI-stable, so one build serves
// Node 20–26. Where it cannot be built (not Linux, no compiler, no node_api.h) this prints one line
// and the runtime uses its JavaScript resolver (src/fs/sandbox.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const source = 'native/wasi-kit-native.c';
const output = 'dist/native/wasi-kit-native.node';
rmSync(output, { force: true });

function skip(reason) {
  console.log(`native resolver not built (${reason}): the runtime will use its JavaScript resolver`);
  process.exit(0);
}

if (process.platform !== 'linux') skip(`${process.platform} is not Linux`);

const compiler = [process.env.CC, 'cc', 'gcc', 'clang'].find((candidate) => {
  if (!candidate) return false;
  try {
    execFileSync(candidate, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
if (compiler === undefined) skip('no C compiler: set CC or install gcc');

// node_api.h ships with Node's headers: next to this node, or Debian's /usr/include/node.
const includeDir = [path.join(path.dirname(process.execPath), '..', 'include', 'node'), '/usr/include/node', '/usr/local/include/node']
  .find((dir) => existsSync(path.join(dir, 'node_api.h')));
if (includeDir === undefined) skip('node_api.h not found: install the Node headers (Debian: libnode-dev)');

mkdirSync(path.dirname(output), { recursive: true });
// A compile error with a working compiler is a bug in the source: fail the build loudly.
try {
  execFileSync(compiler, ['-std=c11', '-O2', '-fPIC', '-shared', '-Wall', '-Wextra', '-Werror', '-fvisibility=hidden', `-I${includeDir}`, source, '-o', output], { stdio: 'inherit' });
} catch {
  console.error(`error: ${compiler} could not compile ${source} (its messages are above)`);
  process.exit(1);
}
