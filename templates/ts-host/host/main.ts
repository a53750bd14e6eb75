// The host: builds the Rust crate in this folder for WASI, runs it in the wasi-kit sandbox with
// stdout captured, and reads the guest's answer from a JS string.
import { build } from '@wasi-kit/cargo-bridge';
import { run } from '@wasi-kit/runtime';

interface WordCount {
  words: number;
  longest: string;
}

const text = process.argv.slice(2).join(' ') || 'a sandbox is a box with the lid on';

const { artifacts } = await build({ cwd: process.cwd() });
const guest = artifacts.find((artifact) => artifact.kind.includes('bin'));
if (!guest) throw new Error('cargo built no binary');

const result = await run(guest.wasm, { args: [guest.name, text], capture: true });
if (result.exitCode !== 0) {
  process.stderr.write(result.stderr ?? '');
  throw new Error(`the guest exited with ${result.exitCode}`);
}

const answer = JSON.parse(result.stdout ?? '') as WordCount;
console.log(`the guest counted ${answer.words} words; the longest is "${answer.longest}"`);
