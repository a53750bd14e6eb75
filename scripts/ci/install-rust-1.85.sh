#!/usr/bin/env bash
# CI only: the second toolchain the tests exercise, Debian trixie's Rust 1.85 (wasm32-wasip1 and
# wasm32-wasip2 std, wasm-component-ld, lld 19), beside Debian 12's 1.63 and without touching the
# system: apt on trixie would replace /usr/bin/rustc and libc6, so the .debs are fetched with a
# private apt state and unpacked into one folder, and their programs are pointed at the unpacked
# trixie loader and libraries (patchelf, itself from trixie, run through that loader).
# Prints the folder holding cargo and rustc (for WASI_KIT_RUST_185). Safe to run again.
set -euo pipefail

cache=${WASI_KIT_CI_CACHE:-$HOME/.cache/wasi-kit-ci}
dest=$cache/rust-1.85
mkdir -p "$cache"
if [ -x "$dest/usr/bin/cargo" ] && "$dest/usr/bin/rustc" --version >/dev/null 2>&1; then
  echo "$dest/usr/bin"
  exit 0
fi

# rustc and cargo with the shared libraries they load (rustc's gcc/binutils are for host linking,
# which std-only wasm builds never do), the wasm std, rust-llvm's wasm-component-ld and rust-lld
# (lld 19), and patchelf.
packages=(
  rustc cargo libstd-rust-1.85 libstd-rust-dev libstd-rust-dev-wasm32 rust-llvm lld-19 libllvm19
  libc6 libgcc-s1 libstdc++6 zlib1g libzstd1 libffi8 libedit2 libxml2 libtinfo6 libbsd0 libmd0
  liblzma5 libz3-4 libcurl4t64 libgit2-1.9 libsqlite3-0 libssh2-1t64 libssl3t64 libnghttp2-14
  libnghttp3-9 libpsl5t64 librtmp1 libidn2-0 libunistring5 libbrotli1 libgssapi-krb5-2 libkrb5-3
  libk5crypto3 libkrb5support0 libkeyutils1 libcom-err2 libldap2 libsasl2-2 libsasl2-modules-db
  libdb5.3t64 libgnutls30t64 libhogweed6t64 libnettle8t64 libgmp10 libp11-kit0 libtasn1-6
  libhttp-parser2.9 libmbedcrypto16 libmbedtls21 libmbedx509-7 libpcre2-8-0 libcrypt1 patchelf
)

started=$SECONDS
work=$(mktemp -d "$cache/rust-1.85.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"/apt/{lists/partial,cache/archives/partial} "$work/debs" "$work/root"
echo 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main' >"$work/apt/sources.list"
touch "$work/apt/status"
apt_private=(
  -o "Dir::Etc::SourceList=$work/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$work/apt/lists" -o "Dir::Cache=$work/apt/cache"
  -o "Dir::State::status=$work/apt/status" -o APT::Sandbox::User=root -qq
)
apt-get "${apt_private[@]}" update
(cd "$work/debs" && apt-get "${apt_private[@]}" download "${packages[@]}")
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/root"; done

root=$work/root
loader=$root/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
libs=$root/usr/lib/x86_64-linux-gnu
# patchelf runs from a copy: patching the mapped program itself would crash it.
cp "$root/usr/bin/patchelf" "$work/patchelf"
patchelf() { "$loader" --library-path "$libs" "$work/patchelf" "$@"; }
# Every program with an interpreter gets trixie's loader and libraries (an rpath, not a runpath,
# so the libraries' own dependencies resolve there too); the paths are the final folder's.
final_loader=$dest/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
while IFS= read -r -d '' program; do
  if patchelf --print-interpreter "$program" >/dev/null 2>&1; then
    patchelf --set-interpreter "$final_loader" --force-rpath --set-rpath "$dest/usr/lib/x86_64-linux-gnu" "$program"
  fi
done < <(find "$root/usr/bin" "$root/usr/lib/llvm-19/bin" "$root/usr/lib/rustlib/x86_64-unknown-linux-gnu/bin" -type f -perm -u+x -print0)

# rustc (and wasm-component-ld) look for rust-lld in this folder first, then on PATH, where
# Debian 12's /usr/bin/rust-lld is lld 14: too old for 1.85's wasi-libc (no __heap_end, so malloc
# traps). On trixie /usr/bin/rust-lld is rust-llvm's link to lld 19; here it is this one.
ln -s ../../../../bin/lld-19 "$root/usr/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld"

rm -rf "$dest"
mv "$root" "$dest"
"$dest/usr/bin/rustc" --version >&2
echo "install-rust-1.85: Debian trixie's Rust in $dest ($((SECONDS - started))s)" >&2
echo "$dest/usr/bin"
