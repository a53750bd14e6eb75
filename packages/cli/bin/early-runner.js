'use strict';
// `dev` shows its first output once cargo has built AND a guest runner (a second Node, with the
// runtime loaded) is up. Started here, before the CLI loads, the runner's start-up overlaps dev's
// own instead of following it; dev's session takes it for the first guest (src/dev/session.ts).

/** The key dev's session reads the runner under. */
const EARLY_RUNNER = Symbol.for('wasi-kit.early-runner');

exports.startEarlyRunner = () => {
  // A Node process restores, as it exits, the terminal mode it found at its start: dev reads its
  // keys in raw mode, so the runner must find raw mode already on (dev's key listener turns it off).
  if (process.stdin.isTTY) process.stdin.setRawMode(true);
  const { startRunner } = require('./require-package.js').requirePackage(require, '@wasi-kit/runtime', '/runner');
  globalThis[EARLY_RUNNER] = startRunner({ stdin: 'ignore', cwd: process.cwd() });
};
