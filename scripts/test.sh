#!/usr/bin/env bash
# The whole test suite: set up, then every package's tests through turbo on Node 24 (the newest
# LTS, fetched from npm by fetch-node.sh), then again on the system's Node (20, the floor `engines`
# allows) for the suites that lean on Node's own APIs: the runtime (fs, WASI), cargo-bridge, and
# onboarding (the CLI from a fresh login shell and from packed tarballs). The CLI's own suite,
# mostly cargo builds, runs once, so CI stays well under 20 minutes; WASI_KIT_TEST_ALL_NODES=1
# runs every suite on both.
# The suites also exercise a second toolchain, Rust 1.85 (wasm32-wasip1 by default, wasm32-wasip2
# components), from the folder WASI_KIT_RUST_185 names; without it those tests are skipped and
# say so. In CI (WASI_KIT_CI=1, set by .ci/run) it is Debian trixie's, unpacked beside the system's
# 1.63 by scripts/ci/install-rust-1.85.sh; never on a user's machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

if [ "${WASI_KIT_CI:-}" = 1 ] && [ -z "${WASI_KIT_RUST_185:-}" ]; then
  # Debian's trixie archive out of reach must not hide every other suite: its tests are skipped and say why.
  if WASI_KIT_RUST_185=$(bash scripts/ci/install-rust-1.85.sh); then
    export WASI_KIT_RUST_185
  else
    echo "test: could not install Rust 1.85 from Debian trixie (see above)" >&2
    unset WASI_KIT_RUST_185
  fi
fi
echo "test: second toolchain (WASI_KIT_RUST_185): ${WASI_KIT_RUST_185:-none, its tests are skipped}"

status=0
# Every suite's output also goes to a log, so a failure is repeated at the very end: CI shows the
# tail of a run, and the Node 20 pass comes after the Node 24 one.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
run_suites() { # PATH-prefix label turbo-args…
  local bin_path=$1 label=$2 started=$SECONDS
  shift 2
  echo "test: $label on Node $(PATH=$bin_path node --version)"
  PATH=$bin_path pnpm exec turbo run test --continue "$@" 2>&1 | tee -a "$log" || status=1
  echo "test: $label on Node $(PATH=$bin_path node --version) took $((SECONDS - started))s"
}

run_suites "$(bash scripts/fetch-node.sh 24):$PATH" 'every suite'
if [ "${WASI_KIT_TEST_ALL_NODES:-}" = 1 ]; then
  run_suites "$PATH" 'every suite'
else
  run_suites "$PATH" 'runtime, cargo-bridge, onboarding' --filter=@wasi-kit/runtime --filter=@wasi-kit/cargo-bridge --filter=@wasi-kit/onboarding-tests
fi
if [ $status -ne 0 ]; then
  echo 'test: FAILED. The failing tests and tasks, again:'
  sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '(FAIL|✗|×| failed|Failed:|AssertionError)' | grep -v ' ✓ ' | head -80
fi
exit $status
