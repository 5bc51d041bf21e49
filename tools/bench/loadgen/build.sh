#!/usr/bin/env bash
# tools/bench/loadgen/build.sh -> builds the load generator when a source is newer than the
# binary (or the binary is missing) and prints the binary's path. The build folder is
# git-ignored. CC and CFLAGS may be overridden.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="$HERE/build"
BIN="$OUT/loadgen"
SOURCES=("$HERE"/*.c)

stale() {
  [ -x "$BIN" ] || return 0
  local f
  for f in "${SOURCES[@]}" "$HERE"/*.h "$0"; do [ "$f" -nt "$BIN" ] && return 0; done
  return 1
}

if stale; then
  mkdir -p "$OUT"
  # Built to a temporary name and renamed, so a failed or concurrent build never leaves a
  # half-written binary behind.
  tmp=$(mktemp "$OUT/loadgen.XXXXXX")
  trap 'rm -f "$tmp"' EXIT
  ${CC:-cc} ${CFLAGS:--O2 -Wall -Wextra -std=gnu11} -o "$tmp" "${SOURCES[@]}" >&2
  chmod 755 "$tmp"
  mv -f "$tmp" "$BIN"
  trap - EXIT
fi
echo "$BIN"
