/* Exhibition page: one deep-zoom viewer beside the story; when the reader reaches an item's
   caption (scrolling, keyboard focus or its button), the viewer opens that item's image and
   flies to the item's region (x,y,w,h in image pixels). */
(function () {
  "use strict";
  var stage = document.getElementById("story-viewer");
  var items = Array.prototype.slice.call(document.querySelectorAll(".story-item[data-info]"));
  if (!stage || !window.OpenSeadragon || !items.length) { return; }
  document.documentElement.classList.add("js");
  var status = document.getElementById("story-status");
  var viewer = window.OpenSeadragon({
    element: stage,
    maxZoomPixelRatio: 4,
    prefixUrl: stage.dataset.prefix,
    showNavigator: false,
    visibilityRatio: 0.5,
    animationTime: 1.4,
    gestureSettingsMouse: { clickToZoom: false, scrollToZoom: true }
  });
  stage.osd = viewer;
  var openInfo = null;
  var current = null;

  function regionOf(item) {
    var region = item.dataset.region;
    var image = viewer.world.getItemAt(0);
    if (!region || !image) { return null; }
    var p = region.split(",").map(Number);
    return image.imageToViewportRectangle(p[0], p[1], p[2], p[3]);
  }

  function fly(item, immediately) {
    var rect = regionOf(item);
    if (rect) {
      viewer.viewport.fitBoundsWithConstraints(rect, immediately);
    } else {
      viewer.viewport.goHome(immediately);
    }
    window.setTimeout(function () {
      if (current === item) { stage.dataset.settled = item.dataset.number; }
    }, immediately ? 0 : 1600);
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
      button.addEventListener("click", function () { current = null; show(item); });
    }
  });
  show(items[0]);
})();
