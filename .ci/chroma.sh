#!/usr/bin/env bash
# Installs the ChromaDB test server (npm chromadb 3.5.0, Linux bindings pinned to 1.0.5: newer ones need glibc 2.39)
# into a cache directory, once: LLMSVC_CHROMA_HOME, default ~/.cache/llmsvc/chroma. The Chroma index tests start
# `node_modules/.bin/chroma run` from there on a free loopback port and stop it by PID. Sourced by .ci/run or run alone.
llmsvc_chroma_install() {
  local src home
  src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/chroma"
  home="${LLMSVC_CHROMA_HOME:-$HOME/.cache/llmsvc/chroma}"
  mkdir -p "$home"
  if [ -x "$home/node_modules/.bin/chroma" ] && cmp -s "$src/package-lock.json" "$home/package-lock.json"; then
    return 0
  fi
  echo "chroma: installing the ChromaDB test server into $home"
  cp "$src/package.json" "$src/package-lock.json" "$home/"
  (cd "$home" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}
llmsvc_chroma_install
export LLMSVC_CHROMA_HOME="${LLMSVC_CHROMA_HOME:-$HOME/.cache/llmsvc/chroma}"
