#!/usr/bin/env bash
# Puts this clone's `wasi-kit` on PATH for every new login shell: a link in /usr/local/bin as root,
# else in ~/.local/bin (added to ~/.profile when the login PATH lacks it, as rustup does for
# ~/.cargo/bin). WASI_KIT_BIN_DIR picks another folder. A link, so a rebuild needs no new install.
set -euo pipefail
cli="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/packages/cli/bin/wasi-kit.js"
if [ -n "${WASI_KIT_BIN_DIR:-}" ]; then bin_dir=$WASI_KIT_BIN_DIR
elif [ "$(id -u)" = 0 ]; then bin_dir=/usr/local/bin
else bin_dir="$HOME/.local/bin"; fi

if [ "$(readlink -f "$bin_dir/wasi-kit" 2>/dev/null || true)" != "$cli" ]; then
  mkdir -p "$bin_dir"
  ln -sfn "$cli" "$bin_dir/wasi-kit"
  echo "setup: linked $bin_dir/wasi-kit -> $cli"
fi

login_path=$(env -i HOME="$HOME" USER="${USER:-}" bash -lc 'printf %s "$PATH"' 2>/dev/null || true)
case ":$login_path:" in
  *":$bin_dir:"*) ;;
  *)
    if [ "$bin_dir" = "$HOME/.local/bin" ]; then
      printf '\n# added by wasi-kit setup: wasi-kit and other user tools\nPATH="$HOME/.local/bin:$PATH"\n' >> "$HOME/.profile"
      echo "setup: added ~/.local/bin to PATH in ~/.profile"
    fi
    ;;
esac
case ":$PATH:" in
  *":$bin_dir:"*) ;;
  *) echo "setup: wasi-kit is on PATH in new login shells; in this one, run: export PATH=\"$bin_dir:\$PATH\"" ;;
esac
