#!/usr/bin/env bash
# Installs what wasi-kit's jobs need on a fresh Debian machine that has only Node 20 and npm:
# a Rust toolchain with a WASI std (Debian's packages), the pinned pnpm, the node modules, and
# a build of the packages, and a `wasi-kit` link on PATH. Safe to run again: each step is skipped
# when already done.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

debian_rust=(rustc cargo libstd-rust-dev-wasm32 wasi-libc lld)
if command -v apt-get >/dev/null 2>&1 && ! dpkg -s "${debian_rust[@]}" >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian's Rust with the WASI std (${debian_rust[*]})"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${debian_rust[@]}" >/dev/null
  else
    echo "setup: not root, so not installing ${debian_rust[*]}; run: sudo apt-get install -y ${debian_rust[*]}" >&2
  fi
fi

pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null || true)" != "$pnpm_version" ]; then
  echo "setup: installing pnpm $pnpm_version"
  npm install --global --silent "pnpm@$pnpm_version"
fi

pnpm install --frozen-lockfile --reporter=silent
pnpm run --silent build >/dev/null

bash scripts/link-cli.sh
