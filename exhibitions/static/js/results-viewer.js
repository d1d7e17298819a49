/* A result set's IIIF Collection in Mirador. Mirador opened on a collection shows an empty window
   with a "Show collection" button; the reader should see the objects at once, so the window opens
   on the collection's first manifest with the collection's list of manifests beside it (where
   Mirador's own "Show collection" puts it). */
(function () {
  "use strict";
  var element = document.getElementById("mirador");
  if (!element || !window.Mirador) { return; }
  var collection = element.dataset.collection;

  function open(first) {
    var resources = {};
    resources[collection] = {};
    var windows = [first
      ? { manifestId: first, collectionPath: [collection], companionWindows: [{ content: "collection", position: "right" }] }
      : { manifestId: collection }];
    window.Mirador.viewer({
      id: "mirador",
      windows: windows,
      manifests: resources,
      workspaceControlPanel: { enabled: false }
    });
  }

  fetch(collection, { headers: { Accept: "application/ld+json" } })
    .then(function (response) { return response.ok ? response.json() : { items: [] }; })
    .then(function (document) {
      var manifests = (document.items || []).filter(function (item) { return item.type === "Manifest"; });
      open(manifests.length ? manifests[0].id : null);
    }, function () { open(null); });
})();
