#!/usr/bin/env bash
# Installs the S3-compatible test server (npm s3rver 3.7.1) into a cache directory, once: LLMSVC_S3RVER_HOME, default
# ~/.cache/llmsvc/s3rver. The S3 object store's tests start `node_modules/.bin/s3rver` from there on a free loopback
# port and stop it by PID. Sourced by .ci/run or run alone.
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/npm-tool.sh"
export LLMSVC_S3RVER_HOME="${LLMSVC_S3RVER_HOME:-$HOME/.cache/llmsvc/s3rver}"
llmsvc_npm_tool s3rver s3rver "$LLMSVC_S3RVER_HOME"
