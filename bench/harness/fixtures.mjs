// The inputs the file-system workloads read: a source file for the copy, a tree for the walk.
// Made once per `pnpm bench` in a temp folder that is removed at the end.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function makeWorkDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'wasi-kit-bench-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `bytes` of pseudo-random data in `<dir>/src/data.bin`, and an empty `<dir>/dst/`. */
export function makeCopySource(dir, bytes) {
  const src = path.join(dir, 'src');
  const dst = path.join(dir, 'dst');
  mkdirSync(src);
  mkdirSync(dst);
  const chunk = createHash('sha512').update('wasi-kit').digest();
  const block = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < block.length; i += chunk.length) chunk.copy(block, i, 0, Math.min(chunk.length, block.length - i));
  const fd = openSync(path.join(src, 'data.bin'), 'w');
  try {
    for (let written = 0; written < bytes; written += block.length) writeSync(fd, block, 0, Math.min(block.length, bytes - written));
  } finally {
    closeSync(fd);
  }
  return { src, dst, file: 'data.bin' };
}

/** `files` small files spread over directories of 200, each file's name as its content. */
export function makeTree(dir, files) {
  const root = path.join(dir, 'tree');
  const perDir = 200;
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const sub = path.join(root, `d${String(Math.floor(i / perDir)).padStart(3, '0')}`);
    if (i % perDir === 0) mkdirSync(sub, { recursive: true });
    const name = `f${String(i).padStart(5, '0')}.txt`;
    writeFileSync(path.join(sub, name), name);
    bytes += name.length;
  }
  return { root, files, bytes };
}

/**
 * A deep tree: `chains` directories each `depth` levels deep, `filesPerLevel` small files at every
 * level, so a walk stats paths of up to depth + 2 components (the per-component cost of a resolver).
 */
export function makeDeepTree(dir, { chains, depth, filesPerLevel }) {
  const root = path.join(dir, 'deep');
  let files = 0;
  let bytes = 0;
  for (let chain = 0; chain < chains; chain++) {
    let level = path.join(root, `c${String(chain).padStart(3, '0')}`);
    for (let d = 0; d < depth; d++) {
      level = path.join(level, `l${String(d).padStart(2, '0')}`);
      mkdirSync(level, { recursive: true });
      for (let f = 0; f < filesPerLevel; f++) {
        const name = `f${f}.txt`;
        writeFileSync(path.join(level, name), name);
        files += 1;
        bytes += name.length;
      }
    }
  }
  return { root, files, bytes };
}

/** The input the sha256 guest generates: byte i is `(i * 31 + (i >> 11)) mod 256`. */
export function sha256OfGuestInput(mebibytes) {
  const hash = createHash('sha256');
  const block = Buffer.alloc(1024 * 1024);
  for (let offset = 0; offset < mebibytes * block.length; offset += block.length) {
    for (let i = 0; i < block.length; i++) {
      const index = offset + i;
      block[i] = (index * 31 + Math.floor(index / 2048)) & 0xff;
    }
    hash.update(block);
  }
  return hash.digest('hex');
}
