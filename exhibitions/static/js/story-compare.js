/* Exhibition page: a compare block's two objects (or two regions) in deep zoom side by side, their
   views kept in step while "Keep zoom in step" is pressed: a pan or zoom of either is applied to
   the other relative to each one's region (js/viewers.js relativeView), so that two regions of
   different sizes stay aligned. The viewers open when the block comes near the screen; until then,
   and without scripts, their still images stand. */
(function () {
  "use strict";
  var viewers = window.caravanserai;
  if (!viewers) { return; }
  var still = window.matchMedia("(prefers-reduced-motion: reduce)");

  function pair(block) {
    var elements = Array.prototype.slice.call(block.querySelectorAll(".compare-viewer[data-info]"));
    var toggle = block.querySelector(".keep-in-step");
    if (elements.length !== 2 || !toggle) { return; }
    var regions = elements.map(function (element) { return viewers.parseRegion(element.dataset.region); });
    var opened = [null, null];
    // The viewer whose move is being applied to the other: the other's own pan and zoom events,
    // raised while it follows, are not sent back (no feedback loop).
    var leading = null;

    function inStep() { return toggle.getAttribute("aria-pressed") === "true"; }

    function follow(from) {
      var to = 1 - from;
      if (!inStep() || leading !== null || !opened[0] || !opened[1]) { return; }
      var view = viewers.relativeView(opened[from], regions[from], false);
      if (!view) { return; }
      leading = from;
      try {
        viewers.showRelative(opened[to], regions[to], view, still.matches);
      } finally {
        leading = null;
      }
    }

    elements.forEach(function (element, index) {
      // The view on screen relative to the viewer's region (tests compare the two).
      element.relativeView = function (current) { return viewers.relativeView(opened[index], regions[index], current); };
      // The detail on screen, for "Share this detail" (js/share.js).
      element.currentDetail = function () {
        var region = viewers.onScreen(opened[index]);
        return region && { page: element.dataset.page, manifest: element.dataset.manifest,
                           canvas: element.dataset.canvas, region: region };
      };
    });

    toggle.addEventListener("click", function () {
      toggle.setAttribute("aria-pressed", inStep() ? "false" : "true");
      // Back in step: the second follows the first from where it is.
      follow(0);
    });
    toggle.parentNode.hidden = false;

    viewers.whenNeeded(block, function () {
      elements.forEach(function (element, index) {
        viewers.open(element, { showNavigator: false, visibilityRatio: 0.5, animationTime: still.matches ? 0 : 1.2, story: true,
                                detail: function () { return regions[index]; } })
          .then(function (viewer) {
            viewer.addOnceHandler("open", function () {
              viewers.fly(viewer, regions[index], true);
              opened[index] = viewer;
              ["zoom", "pan"].forEach(function (name) {
                viewer.addHandler(name, function () { follow(index); });
              });
              if (opened[0] && opened[1]) { block.dataset.ready = "true"; }  // tests wait on it
            });
            viewer.open(element.dataset.info);
          });
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".block-compare"), pair);
})();
