#!/usr/bin/env bash
# llmsvc_npm_tool NAME BIN HOME: installs the npm test tool described by .ci/NAME/package(-lock).json into HOME
# (once; again when the lock file changes) so that HOME/node_modules/.bin/BIN exists; a BIN with a slash is a file
# under HOME/node_modules instead (a library without a command, e.g. axe-core/axe.min.js). Sourced by .ci/chroma.sh,
# .ci/s3rver.sh and .ci/axe.sh.
llmsvc_npm_tool() {
  local name="$1" bin="$2" home="$3" src marker
  src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$name"
  mkdir -p "$home"
  case "$bin" in
    */*) marker="$home/node_modules/$bin" ;;
    *) marker="$home/node_modules/.bin/$bin" ;;
  esac
  if [ -e "$marker" ] && cmp -s "$src/package-lock.json" "$home/package-lock.json"; then
    return 0
  fi
  echo "$name: installing the $name test tool into $home"
  cp "$src/package.json" "$src/package-lock.json" "$home/"
  (cd "$home" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}
