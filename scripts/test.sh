#!/usr/bin/env bash
# The whole test suite: set up, then every package's tests through turbo, on Node 24 (the newest
# LTS, fetched from npm) and on the system's Node (20, the oldest `engines` allows).
# WASI_KIT_TEST_NODES="24" (or "system") runs only those.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

status=0
for node in ${WASI_KIT_TEST_NODES:-24 system}; do
  if [ "$node" = system ]; then bin_path=$PATH; else bin_path="$(bash scripts/fetch-node.sh "$node"):$PATH"; fi
  echo "test: Node $(PATH=$bin_path node --version)"
  started=$SECONDS
  PATH=$bin_path pnpm test || status=1
  echo "test: Node $(PATH=$bin_path node --version) took $((SECONDS - started))s"
done
exit $status
