/* Compare page: the chosen objects' manifests side by side in Mirador. */
(function () {
  "use strict";
  var element = document.getElementById("mirador");
  if (!element || !window.Mirador) { return; }
  var manifests = JSON.parse(element.dataset.manifests || "[]");
  var windows = manifests.map(function (manifest) { return { manifestId: manifest, thumbnailNavigationPosition: "far-bottom" }; });
  var resources = {};
  manifests.forEach(function (manifest) { resources[manifest] = {}; });
  window.Mirador.viewer({
    id: "mirador",
    windows: windows,
    manifests: resources,
    workspace: { type: "mosaic" },
    workspaceControlPanel: { enabled: false }
  });
})();
