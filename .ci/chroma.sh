#!/usr/bin/env bash
# Installs the ChromaDB test server (npm chromadb 3.5.0, Linux bindings pinned to 1.0.5: newer ones need glibc 2.39)
# into a cache directory, once: LLMSVC_CHROMA_HOME, default ~/.cache/llmsvc/chroma. The Chroma index tests start
# `node_modules/.bin/chroma run` from there on a free loopback port and stop it by PID. Sourced by .ci/run or run alone.
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/npm-tool.sh"
export LLMSVC_CHROMA_HOME="${LLMSVC_CHROMA_HOME:-$HOME/.cache/llmsvc/chroma}"
llmsvc_npm_tool chroma chroma "$LLMSVC_CHROMA_HOME"
