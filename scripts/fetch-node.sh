#!/usr/bin/env bash
# Prints the bin folder of Node MAJOR (default 24), fetched once from the npm registry's
# node-linux-<arch> package (a plain Node build) into ~/.cache/wasi-kit-ci. CI uses it to run the
# suites on the newest LTS as well as on the system's Node.
set -euo pipefail
major=${1:-24}
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "fetch-node: no node-linux build for $(uname -m)" >&2; exit 1 ;;
esac
dir="${XDG_CACHE_HOME:-$HOME/.cache}/wasi-kit-ci/node-$major-$arch"
if [ ! -x "$dir/bin/node" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "node-linux-$arch@$major" >/dev/null && tar xzf node-linux-"$arch"-*.tgz)
  rm -rf "$dir"
  mkdir -p "$(dirname "$dir")"
  mv "$work/package" "$dir"
  echo "fetch-node: Node $("$dir/bin/node" --version) in $dir" >&2
fi
echo "$dir/bin"
