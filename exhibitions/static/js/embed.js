/* Embedded viewer (/embed/...): the frame opens on the still image of its first view, and the
   deep-zoom viewer starts when the reader reaches for it (the pointer over it, a touch, a key, the
   keyboard on its buttons, previous or next), or at once when that view is a region (a shared
   detail, an exhibition's cover), as on the object page (js/viewers.js: whenReached). Previous and
   next step through an exhibition's views (its cover, then its objects), each flown to its region. */
(function () {
  "use strict";
  var element = document.getElementById("embed-viewer");
  var viewers = window.caravanserai;
  var steps = Array.prototype.slice.call(document.querySelectorAll(".embed-step"));
  if (!element || !viewers || !steps.length) { return; }
  var previous = document.querySelector(".embed-previous");
  var next = document.querySelector(".embed-next");
  var count = document.querySelector(".embed-count");
  var viewer = null;
  var at = 0;

  function show() {
    var step = steps[at];
    var shown = String(at + 1);
    viewer.addOnceHandler("open", function () {
      viewers.fly(viewer, viewers.parseRegion(step.dataset.region), true);
      element.dataset.shown = shown;  // opened where it was asked to (tests wait on it)
    });
    viewer.open(step.dataset.info);
  }

  var start = viewers.whenReached(element, function () {
    viewers.open(element, { showNavigator: false }).then(function (opened) {
      viewer = opened;
      show();
    });
  }, Boolean(steps[0].dataset.region));
  viewers.ready(element);

  function go(by) {
    at = Math.max(0, Math.min(steps.length - 1, at + by));
    steps.forEach(function (step, index) { step.hidden = index !== at; });
    previous.disabled = at === 0;
    next.disabled = at === steps.length - 1;
    count.textContent = count.dataset.template.replace("{n}", new Intl.NumberFormat(document.documentElement.lang || "en").format(at + 1));
    element.dataset.step = String(at + 1);
    if (viewer) { show(); } else { start(); }
  }
  element.dataset.step = "1";
  if (previous && next) {
    previous.addEventListener("click", function () { go(-1); });
    next.addEventListener("click", function () { go(1); });
  }
})();
