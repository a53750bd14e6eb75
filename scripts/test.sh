#!/usr/bin/env bash
# The whole test suite: set up, then every package's tests through turbo on Node 24 (the newest
# LTS, fetched from npm by fetch-node.sh), then again on the system's Node (20, the floor `engines`
# allows) for the suites that lean on Node's own APIs: the runtime (fs, WASI), cargo-bridge, and
# onboarding (the CLI from a fresh login shell and from packed tarballs). The CLI's own suite,
# mostly cargo builds, runs once, so CI stays well under 20 minutes; WASI_KIT_TEST_ALL_NODES=1
# runs every suite on both.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

status=0
run_suites() { # PATH-prefix label turbo-args…
  local bin_path=$1 label=$2 started=$SECONDS
  shift 2
  echo "test: $label on Node $(PATH=$bin_path node --version)"
  PATH=$bin_path pnpm exec turbo run test --continue "$@" || status=1
  echo "test: $label on Node $(PATH=$bin_path node --version) took $((SECONDS - started))s"
}

run_suites "$(bash scripts/fetch-node.sh 24):$PATH" 'every suite'
if [ "${WASI_KIT_TEST_ALL_NODES:-}" = 1 ]; then
  run_suites "$PATH" 'every suite'
else
  run_suites "$PATH" 'runtime, cargo-bridge, onboarding' --filter=@wasi-kit/runtime --filter=@wasi-kit/cargo-bridge --filter=@wasi-kit/onboarding-tests
fi
exit $status
