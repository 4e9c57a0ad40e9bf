#!/usr/bin/env bash
# Installs the S3-compatible test server (npm s3rver 3.7.1) into a cache directory, once: LLMSVC_S3RVER_HOME, default
# ~/.cache/llmsvc/s3rver. The S3 object store's tests start `node_modules/.bin/s3rver` from there on a free loopback
# port and stop it by PID. Sourced by .ci/run or run alone.
llmsvc_s3rver_install() {
  local src home
  src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/s3rver"
  home="${LLMSVC_S3RVER_HOME:-$HOME/.cache/llmsvc/s3rver}"
  mkdir -p "$home"
  if [ -x "$home/node_modules/.bin/s3rver" ] && cmp -s "$src/package-lock.json" "$home/package-lock.json"; then
    return 0
  fi
  echo "s3rver: installing the S3 test server into $home"
  cp "$src/package.json" "$src/package-lock.json" "$home/"
  (cd "$home" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}
llmsvc_s3rver_install
export LLMSVC_S3RVER_HOME="${LLMSVC_S3RVER_HOME:-$HOME/.cache/llmsvc/s3rver}"
