/* Compare page: the chosen objects' manifests side by side in Mirador, or one above the other on a
   narrow screen, where side by side would leave each object a sliver. */
(function () {
  "use strict";
  var element = document.getElementById("mirador");
  if (!element || !window.Mirador) { return; }
  var manifests = JSON.parse(element.dataset.manifests || "[]");
  var narrow = window.matchMedia("(max-width: 39.99rem)").matches;
  // On a narrow screen the thumbnail strip would take most of each window's height; each window's
  // menu can still bring it back.
  var windows = manifests.map(function (manifest, index) {
    return { id: "compare-" + index, manifestId: manifest, thumbnailNavigationPosition: narrow ? "off" : "far-bottom" };
  });
  var resources = {};
  manifests.forEach(function (manifest) { resources[manifest] = {}; });
  // Mirador's mosaic tree: each window over the rest, in equal shares.
  var layout = windows.map(function (entry) { return entry.id; }).reduceRight(function (rest, id, index) {
    return rest === null ? id : { direction: "column", first: id, second: rest, splitPercentage: 100 / (windows.length - index) };
  }, null);
  window.Mirador.viewer({
    id: "mirador",
    windows: windows,
    manifests: resources,
    workspace: narrow ? { type: "mosaic", layout: layout } : { type: "mosaic" },
    workspaceControlPanel: { enabled: false }
  });
})();
