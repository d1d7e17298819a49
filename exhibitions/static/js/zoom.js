/* Object page: deep zoom on the object's images with OpenSeadragon and our IIIF Image API. */
(function () {
  "use strict";
  var element = document.getElementById("zoom");
  if (!element || !window.OpenSeadragon) { return; }
  var viewer = window.OpenSeadragon({
    element: element,
    maxZoomPixelRatio: 4,
    prefixUrl: element.dataset.prefix,
    tileSources: element.dataset.info,
    showNavigator: true,
    navigatorPosition: "BOTTOM_RIGHT",
    gestureSettingsMouse: { clickToZoom: false }
  });
  element.osd = viewer;
  // The still image stood in until the viewer had its own.
  viewer.addOnceHandler("open", function () {
    var still = element.querySelector(".zoom-still");
    if (still) { still.remove(); }
  });
  var thumbs = document.querySelectorAll(".thumb[data-info]");
  Array.prototype.forEach.call(thumbs, function (thumb) {
    thumb.addEventListener("click", function () {
      viewer.open(thumb.dataset.info);
      Array.prototype.forEach.call(thumbs, function (other) {
        other.setAttribute("aria-pressed", other === thumb ? "true" : "false");
      });
    });
  });
})();
