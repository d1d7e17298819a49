/* Object page: deep zoom on the object's images (OpenSeadragon on our IIIF Image API). The page
   opens on the still image; the viewer starts when the reader reaches for it (the pointer over
   it, a touch, the keyboard on its buttons, a thumbnail) and takes the still image's place at
   the same framing. A shared detail's region (data-region) starts it at once, on that region. */
(function () {
  "use strict";
  var element = document.getElementById("zoom");
  var viewers = window.caravanserai;
  if (!element || !viewers) { return; }
  var thumbs = Array.prototype.slice.call(document.querySelectorAll(".thumb[data-info]"));
  var viewer = null;
  var wanted = { info: element.dataset.info, canvas: element.dataset.canvas, region: viewers.parseRegion(element.dataset.region) };

  function show() {
    viewer.addOnceHandler("open", function () {
      viewers.fly(viewer, wanted.region, true);
      element.dataset.shown = wanted.canvas;  // opened where it was asked to (tests wait on it)
    });
    viewer.open(wanted.info);
    element.dataset.canvas = wanted.canvas;
  }

  var start = viewers.whenReached(element, function () {
    viewers.open(element, { showNavigator: true, navigatorPosition: "BOTTOM_RIGHT" }).then(function (opened) {
      viewer = opened;
      show();
    });
  }, Boolean(wanted.region));
  viewers.ready(element);

  // Which detail is on screen, for "Share this detail" (js/share.js).
  element.currentDetail = function () {
    var region = viewers.onScreen(viewer);
    return { page: element.dataset.page, manifest: element.dataset.manifest, canvas: element.dataset.canvas,
             region: viewer ? region : wanted.region };
  };

  thumbs.forEach(function (thumb) {
    thumb.addEventListener("click", function () {
      wanted = { info: thumb.dataset.info, canvas: thumb.dataset.canvas, region: null };
      thumbs.forEach(function (other) {
        other.setAttribute("aria-pressed", other === thumb ? "true" : "false");
      });
      if (viewer) { show(); } else { start(); }
    });
  });
})();
