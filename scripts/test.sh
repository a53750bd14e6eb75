#!/usr/bin/env bash
# The whole test suite: set up, then every package's tests through turbo.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
pnpm test
