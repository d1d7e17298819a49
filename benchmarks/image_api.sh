#!/usr/bin/env bash
# One command for the Image API benchmark: installs its Debian peers if missing, then runs it.
# Usage: bash benchmarks/image_api.sh [--duration 10] [--workers 4] [--connections 16] [--skip-100mp]
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
for tool in nginx lighttpd vips wrk; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
[ -x /usr/lib/iipimage-server/iipsrv.fcgi ] || missing+=(iipsrv)
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing the benchmark's peers (missing: ${missing[*]})" >&2
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y nginx lighttpd iipimage-server libvips-tools wrk
fi

exec .venv/bin/python benchmarks/image_api.py "$@"
