/* Exhibition page: one deep-zoom viewer beside the story; when the reader reaches an item's
   caption (scrolling, keyboard focus or its button), the viewer opens that item's image and
   flies to the item's region (x,y,w,h in image pixels). The viewer's script loads when the story
   comes near the screen (js/viewers.js); until then the first item's still image holds its place. */
(function () {
  "use strict";
  var stage = document.getElementById("story-viewer");
  var viewers = window.caravanserai;
  var items = Array.prototype.slice.call(document.querySelectorAll(".story-item[data-info]"));
  if (!stage || !viewers || !items.length) { return; }
  var status = document.getElementById("story-status");
  var viewer = null;
  var openInfo = null;
  var current = null;

  function fly(item, immediately) {
    viewers.fly(viewer, viewers.parseRegion(item.dataset.region), immediately);
    window.setTimeout(function () {
      if (current === item) { stage.dataset.settled = item.dataset.number; }
    }, immediately ? 0 : 1600);
  }

  function showInViewer(item) {
    if (!viewer) { return; }
    if (openInfo !== item.dataset.info) {
      openInfo = item.dataset.info;
      viewer.addOnceHandler("open", function () {
        if (current === item) { fly(item, true); }
      });
      viewer.open(item.dataset.info);
    } else {
      fly(item, false);
    }
  }

  function show(item) {
    if (current === item) { return; }
    current = item;
    items.forEach(function (other) {
      other.classList.toggle("active", other === item);
      if (other === item) { other.setAttribute("aria-current", "step"); } else { other.removeAttribute("aria-current"); }
    });
    stage.dataset.item = item.dataset.number;
    delete stage.dataset.settled;
    var title = item.querySelector(".item-title");
    if (status && title) { status.textContent = title.textContent; }
    showInViewer(item);
  }

  var start = viewers.whenNeeded(stage, function () {
    viewers.open(stage, { showNavigator: false, visibilityRatio: 0.5, animationTime: 1.4,
                          gestureSettingsMouse: { clickToZoom: false, scrollToZoom: true } }).then(function (opened) {
      viewer = opened;
      showInViewer(current);
    });
  });

  // The detail on screen when it is item number's, for "Share this detail" (js/share.js).
  stage.currentDetail = function (number) {
    if (!viewer || !current || current.dataset.number !== number) { return null; }
    var region = viewers.onScreen(viewer);
    return region && { page: current.dataset.page, manifest: current.dataset.manifest,
                       canvas: current.dataset.canvas, region: region };
  };

  if ("IntersectionObserver" in window) {
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { show(entry.target); }
      });
    }, { rootMargin: "-45% 0px -45% 0px" });
    items.forEach(function (item) { observer.observe(item); });
  }
  items.forEach(function (item) {
    item.addEventListener("focusin", function () { show(item); });
    var button = item.querySelector(".show-detail");
    if (button) {
      button.addEventListener("click", function () { current = null; show(item); start(); });
    }
  });
  show(items[0]);
})();
