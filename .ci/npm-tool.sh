#!/usr/bin/env bash
# llmsvc_npm_tool NAME BIN HOME: installs the npm test server described by .ci/NAME/package(-lock).json into HOME
# (once; again when the lock file changes) so that HOME/node_modules/.bin/BIN exists. Sourced by .ci/chroma.sh and
# .ci/s3rver.sh.
llmsvc_npm_tool() {
  local name="$1" bin="$2" home="$3" src
  src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$name"
  mkdir -p "$home"
  if [ -x "$home/node_modules/.bin/$bin" ] && cmp -s "$src/package-lock.json" "$home/package-lock.json"; then
    return 0
  fi
  echo "$name: installing the $name test server into $home"
  cp "$src/package.json" "$src/package-lock.json" "$home/"
  (cd "$home" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}
