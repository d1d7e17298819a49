#!/usr/bin/env bash
# Viewer JavaScript and the serif font for the pages, from the npm registry (never committed): install the exact
# versions of package-lock.json, then copy the files the pages load into exhibitions/static/vendor.
# Running it again changes nothing when nothing changed. No browser is downloaded here.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v npm >/dev/null || { echo "assets: npm is needed (apt-get install npm)" >&2; exit 1; }

# Install again only when the lock file is newer than the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

VENDOR=exhibitions/static/vendor
mkdir -p "$VENDOR/openseadragon" "$VENDOR/mirador" "$VENDOR/axe-core"
copy() { # copy SOURCE DEST only when they differ, so that a second run touches nothing
  if ! cmp -s "$1" "$2"; then cp "$1" "$2"; fi
}
# OpenSeadragon's minified build (a quarter of the size) under the name the pages load.
copy node_modules/openseadragon/build/openseadragon/openseadragon.min.js "$VENDOR/openseadragon/openseadragon.js"
mkdir -p "$VENDOR/openseadragon/images"
for image in node_modules/openseadragon/build/openseadragon/images/*.png; do
  copy "$image" "$VENDOR/openseadragon/images/$(basename "$image")"
done
copy node_modules/mirador/dist/mirador.min.js "$VENDOR/mirador/mirador.min.js"
copy node_modules/axe-core/axe.min.js "$VENDOR/axe-core/axe.min.js"
# SortableJS as an ES module: the curators' studio imports it for dragging sections and blocks.
mkdir -p "$VENDOR/sortablejs"
copy node_modules/sortablejs/modular/sortable.core.esm.js "$VENDOR/sortablejs/sortable.esm.js"
# MapLibre's build for pages with a strict Content-Security-Policy: its worker is a file of our
# own host (no blob: worker). The base map is drawn offline from Natural Earth (world-atlas).
mkdir -p "$VENDOR/maplibre-gl" "$VENDOR/world"
for file in maplibre-gl-csp.js maplibre-gl-csp-worker.js maplibre-gl.css; do
  copy "node_modules/maplibre-gl/dist/$file" "$VENDOR/maplibre-gl/$file"
done
node scripts/basemap.cjs "$VENDOR/world"
copy node_modules/world-atlas/LICENSE "$VENDOR/world/LICENSE"
# The pages' serif (Noto Serif, variable weight): its Latin, Cyrillic, Greek and Vietnamese
# subsets, each fetched by a browser only for a page that has its letters (unicode-range).
FONT=node_modules/@fontsource-variable/noto-serif
mkdir -p "$VENDOR/noto-serif/files"
copy "$FONT/wght.css" "$VENDOR/noto-serif/wght.css"
for font in "$FONT"/files/noto-serif-*-wght-normal.woff2; do
  copy "$font" "$VENDOR/noto-serif/files/$(basename "$font")"
done
copy "$FONT/LICENSE" "$VENDOR/noto-serif/LICENSE"
# Its small subsets of the letters most of our text needs beyond basic Latin and Cyrillic (Europe's
# Latin alphabets, the Cyrillic of Central Asia), cut with fonttools (requirements.txt).
PYTHON=python3
if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; fi
"$PYTHON" scripts/fonts.py "$FONT/files" "$VENDOR/noto-serif/files"
# The Universal Viewer (a devDependency) is installed but not copied: no page of ours uses it, and the
# browser test that opens our manifests in it serves its 25 MB dist folder from node_modules.
for package in openseadragon mirador axe-core maplibre-gl sortablejs; do
  for license in node_modules/$package/LICENSE*; do
    copy "$license" "$VENDOR/$package/$(basename "$license")"
  done
done
echo "assets: viewer files in $VENDOR ($(node -p "['openseadragon','mirador','axe-core','maplibre-gl','world-atlas','sortablejs'].map(p => p + ' ' + require('./node_modules/' + p + '/package.json').version).join(', ')"))"
