#!/usr/bin/env bash
# Viewer JavaScript for the pages, from the npm registry (never committed).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -f package.json ]; then
  echo "assets: no package.json yet, nothing to install"
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
