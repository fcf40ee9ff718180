# Shared by Tools/tf, Tools/test and Tools/bench: system libraries and the build.
# shellcheck shell=bash

TF_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

say() { printf 'taskflow: %s\n' "$*" >&2; }

# Debian packages the build needs, with the file that shows each is installed.
TF_SYSTEM_PACKAGES=(
  "libsqlite3-dev:/usr/include/sqlite3.h"
  "libedit-dev:/usr/include/histedit.h"
  "tmux:/usr/bin/tmux"
  "libopenblas-dev:/usr/include/x86_64-linux-gnu/cblas.h"
)

ensure_toolchain() {
  if ! command -v swift >/dev/null 2>&1; then
    say "the Swift toolchain (6.1 or later) is not on PATH."
    say "install it from swift.org (or swiftly), then run this command again."
    exit 1
  fi
}

ensure_system_libraries() {
  local missing=()
  local entry pkg file
  for entry in "${TF_SYSTEM_PACKAGES[@]}"; do
    pkg="${entry%%:*}"; file="${entry#*:}"
    [ -e "$file" ] || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(uname -s)" != "Linux" ]; then
    say "missing system libraries: ${missing[*]} (install them with your package manager)"
    return 0
  fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "installing system libraries: ${missing[*]}"
    apt-get update -qq >&2 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  else
    say "missing system libraries: ${missing[*]}"
    say "install them with:  sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
}

# True when the binary at $1 is older than a source file or the manifest.
needs_build() {
  local bin="$1"
  [ -x "$bin" ] || return 0
  [ -n "$(find "$TF_ROOT/Package.swift" "$TF_ROOT/Modules" "$TF_ROOT/Plugins" -newer "$bin" -type f -print -quit 2>/dev/null)" ]
}

# build CONFIG: builds tf and the example plugin bundles (release or debug), saying what it does
# on stderr.
build_tf() {
  local config="$1"
  local bin="$TF_ROOT/.build/$config/tf"
  if needs_build "$bin"; then
    if [ -x "$bin" ]; then
      say "rebuilding tf ($config, incremental)…"
    else
      say "building tf ($config) for the first time: fetching packages and compiling takes several minutes on a small machine…"
    fi
    local start=$SECONDS
    if ! swift build --package-path "$TF_ROOT" -c "$config" 1>&2; then
      say "the build failed; the compiler's messages are above."
      exit 1
    fi
    say "built in $((SECONDS - start)) s: $bin"
  fi
  TF_BIN="$bin"
}
