#!/usr/bin/env bash
# Installs the system tools tokpost's tests and media fixes need, when they are missing:
#   ffmpeg/ffprobe — test corpus generation, media fix, probe agreement checks;
#   chromium — the web UI's browser tests (driven by playwright-core at /usr/bin/chromium).
# Safe to run repeatedly; does nothing when everything is present.
set -euo pipefail
need=()
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
command -v curl >/dev/null 2>&1 || need+=(curl)
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "setup-system: missing ${need[*]}; install them with your package manager (e.g. apt-get install -y ${need[*]})" >&2
    exit 1
  fi
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup-system: installing ${need[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}"
fi
echo "setup-system: ffmpeg $(ffmpeg -version | head -n1 | awk '{print $3}'), $(/usr/bin/chromium --version 2>/dev/null | head -n1) ready"
