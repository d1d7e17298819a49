#!/usr/bin/env bash
# The Debian packages the tests need (the Python ones come from requirements-dev.txt):
# libmagic1 for the IIIF image validator, chromium for the browser tests, postgresql for the
# application's tests on PostgreSQL, ffmpeg (ffprobe) to check uploaded audio and video and
# derive video posters, nginx for the tests of the production nginx sites; a C compiler and the
# -dev packages that Python 3.13's build needs for the stricter image validator
# (scripts/validator-ng.sh).
# Installs only what is missing; needs root (or sudo) when something is.
set -euo pipefail

PACKAGES=(libmagic1 chromium fonts-noto-cjk postgresql ffmpeg nginx
          build-essential libssl-dev zlib1g-dev libffi-dev libsqlite3-dev libbz2-dev liblzma-dev xz-utils curl)
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present (${PACKAGES[*]})"
  exit 0
fi
echo "system packages: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "system packages: run as root or install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
