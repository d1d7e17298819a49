// The offline base map: Natural Earth land and country borders from the world-atlas package
// (TopoJSON), written as GeoJSON files the map pages load from our own host. Coordinates are
// rounded to two decimals (about a kilometre), which keeps the detailed land near 900 kB.
// Usage: node scripts/basemap.cjs OUTPUT_FOLDER
"use strict";
const fs = require("fs");
const path = require("path");
const topojson = require("topojson-client");

const out = process.argv[2];
const round = (key, value) => (typeof value === "number" ? Math.round(value * 100) / 100 : value);
fs.mkdirSync(out, { recursive: true });
// 50m draws the explorable maps; 110m the small maps on object and museum pages.
for (const scale of ["50m", "110m"]) {
  const land = require(`world-atlas/land-${scale}.json`);
  const countries = require(`world-atlas/countries-${scale}.json`);
  const files = {
    [`land-${scale}.geojson`]: topojson.feature(land, land.objects.land),
    // Borders between two countries only: coasts are already the land's edge.
    [`borders-${scale}.geojson`]: topojson.mesh(countries, countries.objects.countries, (a, b) => a !== b),
  };
  for (const [name, geometry] of Object.entries(files)) {
    const text = JSON.stringify(geometry, round);
    const target = path.join(out, name);
    if (!fs.existsSync(target) || fs.readFileSync(target, "utf8") !== text) fs.writeFileSync(target, text);
  }
}
