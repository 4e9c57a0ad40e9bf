# Sourced by .ci/run: the web UI's browser tests drive Debian's chromium (never a downloaded browser build), with a
# Korean font so that the screenshots of the Korean UI show Hangul rather than empty boxes.
if [ ! -x /usr/bin/chromium ] || ! fc-list :lang=ko 2>/dev/null | grep -q .; then
  echo "ci: installing chromium and a Korean font"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-nanum >/dev/null
fi
