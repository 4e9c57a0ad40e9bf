# Sourced by the scripts in bin/: exports JAVA_HOME pointing at a JDK >= 21, or stops with a clear message.
# Order: $JAVA_HOME if it is >= 21, then the newest JDK >= 21 under /usr/lib/jvm, then `java` on the PATH.
llmsvc_java_major() { # prints the major version of the java binary $1: from the JDK's release file, else by asking it
  local v="" release
  release="$(dirname "$(dirname "$1")")/release"
  # reading the file costs nothing; starting each JDK to ask costs about 0.1-0.3 s apiece on every command
  [ -f "$release" ] && v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$release" | head -n1)
  if [ -z "$v" ]; then
    v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1 | cut -d. -f1)
  fi
  echo "$v"
}
llmsvc_find_jdk() {
  local cand major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(llmsvc_java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 21 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  for cand in /usr/lib/jvm/*/; do
    cand=${cand%/}
    [ -x "$cand/bin/javac" ] || continue
    major=$(llmsvc_java_major "$cand/bin/java")
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best=$cand; best_major=$major; fi
  done
  if [ -n "$best" ]; then echo "$best"; return 0; fi
  if command -v javac >/dev/null 2>&1; then
    cand=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(llmsvc_java_major "$cand/bin/java")
    if [ "${major:-0}" -ge 21 ]; then echo "$cand"; return 0; fi
  fi
  return 1
}
if ! JAVA_HOME=$(llmsvc_find_jdk); then
  echo "llmsvc: needs a JDK 21 or newer (found none in JAVA_HOME, /usr/lib/jvm or on the PATH)." >&2
  echo "        Install one (e.g. apt-get install openjdk-21-jdk-headless, or Temurin 21/25) and/or set JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
