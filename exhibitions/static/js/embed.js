/* Embedded viewer (/embed/...): deep zoom on the current view; previous and next step through an
   exhibition's views (its cover, then its objects), each flown to its region. */
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
    if (viewer) {
      viewer.addOnceHandler("open", function () { viewers.fly(viewer, viewers.parseRegion(step.dataset.region), true); });
      viewer.open(step.dataset.info);
    }
    element.dataset.step = String(at + 1);
  }

  var start = viewers.whenNeeded(element, function () {
    viewers.open(element, { showNavigator: false }).then(function (opened) {
      viewer = opened;
      show();
    });
  });

  function go(by) {
    at = Math.max(0, Math.min(steps.length - 1, at + by));
    steps.forEach(function (step, index) { step.hidden = index !== at; });
    previous.disabled = at === 0;
    next.disabled = at === steps.length - 1;
    count.textContent = count.dataset.template.replace("{n}", new Intl.NumberFormat(document.documentElement.lang || "en").format(at + 1));
    if (viewer) { show(); } else { start(); }
  }
  if (previous && next) {
    previous.addEventListener("click", function () { go(-1); });
    next.addEventListener("click", function () { go(1); });
  }
})();
