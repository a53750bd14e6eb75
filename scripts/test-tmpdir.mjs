// vitest globalSetup of every suite: one temporary folder per test run, removed when the run ends.
//
// The folder, <os.tmpdir()>/wasi-kit-test-<pid>-XXXXXX, becomes TMPDIR (and TMP, TEMP) before vitest
// starts its workers, which inherit the environment, so every os.tmpdir() and mkdtemp in a test
// file and every program a test starts (the CLI, cargo, rustc, npm) writes inside it. What a test
// leaves behind (a failed test's folder, cargo's target dir) goes with it.
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const PREFIX = 'wasi-kit-test-';
const RUN_NAME = /^wasi-kit-test-(\d+)-/; // the pid of the vitest that made it
// os.tmpdir() reads TMPDIR on POSIX, TEMP and TMP on Windows; other programs read any of them.
const TEMP_VARIABLES = ['TMPDIR', 'TMP', 'TEMP'];
// Shared by every copy of this module in the process: a project that `extends` the root config
// (the runtime's per-strategy projects) runs its globalSetup too, and they all share one run.
const RUN = Symbol.for('wasi-kit.test-run-folder');

/** @param {import('vitest/node').TestProject} project */
export function setup(project) {
  // vitest's own folder for this project's transformed modules, made in the real os.tmpdir()
  // before any globalSetup runs: vitest removes it when it closes, not when a signal ends it.
  const forgetVitestFolder = removeOnExit(project.tmpDir);
  const endRun = globalThis[RUN] ? undefined : startRun();
  return () => {
    forgetVitestFolder();
    endRun?.();
  };
}

/** Makes the run's folder TMPDIR; returns the teardown that restores TMPDIR and removes the folder. */
function startRun() {
  removeAbandonedRuns(tmpdir());
  const run = mkdtempSync(path.join(tmpdir(), `${PREFIX}${process.pid}-`));
  // Traversable by other users: tests/onboarding runs the README as `nobody` in a folder in here.
  chmodSync(run, 0o755);
  const previous = TEMP_VARIABLES.map((name) => [name, process.env[name]]);
  for (const name of TEMP_VARIABLES) process.env[name] = run;
  globalThis[RUN] = run;
  const forget = removeOnExit(run);
  return () => {
    forget();
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    delete globalThis[RUN];
    remove(run);
  };
}

/** Ctrl-C or SIGTERM: vitest exits at once, without tearing down; 'exit' still fires. Returns the undo. */
function removeOnExit(dir) {
  const listener = () => remove(dir);
  process.on('exit', listener);
  return () => process.off('exit', listener);
}

/** The run folders of test runs that were killed outright (SIGKILL, a CI timeout): their process is gone. */
function removeAbandonedRuns(parent) {
  for (const name of readdirSync(parent)) {
    const pid = Number(RUN_NAME.exec(name)?.[1]);
    if (pid && !alive(pid)) remove(path.join(parent, name));
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM'; // another user's process
  }
}

function remove(dir) {
  rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
}
