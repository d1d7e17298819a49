/* A result set's IIIF Collection in Mirador: one window on the collection, which lists its manifests. */
(function () {
  "use strict";
  var element = document.getElementById("mirador");
  if (!element || !window.Mirador) { return; }
  var collection = element.dataset.collection;
  var resources = {};
  resources[collection] = {};
  window.Mirador.viewer({
    id: "mirador",
    windows: [{ manifestId: collection }],
    manifests: resources,
    workspaceControlPanel: { enabled: false }
  });
})();
