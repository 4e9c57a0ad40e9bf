#!/usr/bin/env bash
# Installs axe-core (npm axe-core 4.14.1) into a cache directory, once: LLMSVC_AXE_HOME, default ~/.cache/llmsvc/axe.
# The web UI's browser tests inject node_modules/axe-core/axe.min.js from there into each page and fail on serious
# or critical accessibility violations. Sourced by .ci/run or run alone.
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/npm-tool.sh"
export LLMSVC_AXE_HOME="${LLMSVC_AXE_HOME:-$HOME/.cache/llmsvc/axe}"
llmsvc_npm_tool axe axe-core/axe.min.js "$LLMSVC_AXE_HOME"
