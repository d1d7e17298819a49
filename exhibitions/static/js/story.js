/* Exhibition page: one deep-zoom viewer beside the story; when the reader reaches an item's
   caption (scrolling, keyboard focus or its button), the viewer opens that item's image, flies to
   the item's region (x,y,w,h in image pixels) and outlines it. The viewer's script loads when the
   story comes near the screen (js/viewers.js); until then the first item's still image holds its
   place. The section bar marks the section being read; on phones the viewer steps aside while a
   block that is not an object's passes the upper part of the screen. */
(function () {
  "use strict";

  // The section being read: the last whose top has passed the middle of the screen, or the
  // place a link of the bar brings it to (its scroll margin), whichever is lower.
  var links = Array.prototype.slice.call(document.querySelectorAll(".story-nav a[href^='#section-']"));
  var sections = links.map(function (link) { return document.getElementById(link.hash.slice(1)); });
  var reading = null;
  function follow() {
    var now = null;
    sections.forEach(function (section, index) {
      var line = Math.max(window.innerHeight / 2, parseFloat(getComputedStyle(section).scrollMarginTop) + 1);
      if (section.getBoundingClientRect().top <= line) { now = links[index]; }
    });
    if (now === reading) { return; }
    if (reading) { reading.removeAttribute("aria-current"); }
    reading = now;
    if (!now) {
      links[0].closest("ol").scrollTo({ left: 0 });
    } else {
      now.setAttribute("aria-current", "location");
      // On a phone the bar scrolls sideways: centre the current section in it (its own scroll
      // only; scrollIntoView would also stop the page's own smooth scroll).
      var bar = now.closest("ol");
      if (bar.scrollWidth > bar.clientWidth) {
        var place = now.getBoundingClientRect(), box = bar.getBoundingClientRect();
        bar.scrollBy({ left: place.left - box.left - (box.width - place.width) / 2 });
      }
    }
  }
  if (links.length) {
    var pending = false;
    window.addEventListener("scroll", function () {
      if (pending) { return; }
      pending = true;
      window.requestAnimationFrame(function () { pending = false; follow(); });
    }, { passive: true });
    window.addEventListener("resize", follow);
    follow();
  }

  var stageBox = document.querySelector(".story-stage");
  var others = document.querySelectorAll(".story-text .block:not(.story-item):not(.block-text), .story-end");
  if (stageBox && others.length && "IntersectionObserver" in window) {
    var over = new Set();
    var passing = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { over.add(entry.target); } else { over.delete(entry.target); }
      });
      stageBox.classList.toggle("away", over.size > 0);
    }, { rootMargin: "0px 0px -45% 0px" });
    others.forEach(function (block) { passing.observe(block); });
  }

  var stage = document.getElementById("story-viewer");
  var viewers = window.caravanserai;
  var items = Array.prototype.slice.call(document.querySelectorAll(".story-item[data-info]"));
  if (!stage || !viewers || !items.length) { return; }
  var status = document.getElementById("story-status");
  var viewer = null;
  var openInfo = null;
  var current = null;

  var outline = document.createElement("div");
  outline.className = "region-outline";

  // Flights are jumps for readers who ask for less motion.
  var still = window.matchMedia("(prefers-reduced-motion: reduce)");

  function fly(item, immediately) {
    immediately = immediately || still.matches;
    var region = viewers.parseRegion(item.dataset.region);
    viewers.fly(viewer, region, immediately);
    stage.refreshButtons();
    viewer.removeOverlay(outline);
    var image = viewer.world.getItemAt(0);
    if (region && image) {
      viewer.addOverlay({ element: outline, location: image.imageToViewportRectangle(region[0], region[1], region[2], region[3]) });
    }
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

  // The viewer's script (the page's heaviest) waits for the reader to come near an item, not
  // merely the viewer: on a phone the viewer's still image shows under the cover at once,
  // and the script would then run while the page is still coming in.
  var start = viewers.whenNeeded(stage, function () {
    // The wheel scrolls the story (js/viewers.js story); "Back to the detail" returns to the
    // region of the item being read.
    viewers.open(stage, { showNavigator: false, visibilityRatio: 1, constrainDuringPan: true, animationTime: still.matches ? 0 : 1.4, story: true,
                          detail: function () { return current && viewers.parseRegion(current.dataset.region); } }).then(function (opened) {
      viewer = opened;
      showInViewer(current);
    });
  }, items);

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
