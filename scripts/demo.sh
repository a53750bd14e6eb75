#!/usr/bin/env bash
# The main job: set up, scaffold `sizer` into a fresh folder, build it for WASI and run it in the
# sandbox with the folder granted as `.`.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/setup.sh"

wasi_kit="$root/node_modules/.bin/wasi-kit"
workdir=$(mktemp -d "${TMPDIR:-/tmp}/wasi-kit-demo-XXXXXX")
cd "$workdir"
echo "\$ wasi-kit new sizer    (in $workdir)"
"$wasi_kit" new sizer
cd sizer
echo "\$ wasi-kit build"
wasm=$("$wasi_kit" build)
echo "$wasm"
echo "\$ wasi-kit run ${wasm#"$PWD/"} --dir=. ."
"$wasi_kit" run "${wasm#"$PWD/"}" --dir=. .
