/* The curator's editor: Enter in the finder's fields searches (not saves), and each item's region is
   drawn on its image in OpenSeadragon (drag a rectangle; stored as x,y,w,h in image pixels).
   Without JavaScript the region is typed into its field. */
(function () {
  "use strict";
  var findButton = document.getElementById("find-button");
  if (findButton) {
    ["find_q", "find_type", "find_from", "find_to"].forEach(function (id) {
      var field = document.getElementById(id);
      if (!field) { return; }
      field.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); findButton.click(); }
      });
    });
  }
  if (!window.OpenSeadragon) { return; }
  var OSD = window.OpenSeadragon;
  var editors = {};

  function parts(prefix) {
    return {
      input: document.getElementById(prefix + "-region"),
      select: document.getElementById(prefix + "-image"),
      element: document.getElementById(prefix + "-viewer"),
      button: document.querySelector(".draw-region[data-item='" + prefix + "']")
    };
  }

  function chosen(select) {
    var option = select.options[select.selectedIndex];
    return { info: option.dataset.info, width: Number(option.dataset.width), height: Number(option.dataset.height) };
  }

  function readRegion(value) {
    var match = /^(\d+),(\d+),(\d+),(\d+)$/.exec((value || "").replace(/\s+/g, ""));
    return match ? match.slice(1).map(Number) : null;
  }

  function editor(prefix) {
    if (editors[prefix]) { return editors[prefix]; }
    var p = parts(prefix);
    p.element.textContent = "";
    var viewer = OSD({ element: p.element, prefixUrl: p.element.dataset.prefix, tileSources: chosen(p.select).info,
                       showNavigator: false, maxZoomPixelRatio: 4, gestureSettingsMouse: { clickToZoom: false } });
    var box = document.createElement("div");
    box.className = "region-box";
    var layer = document.createElement("div");
    layer.className = "draw-layer";
    p.element.appendChild(layer);
    var state = { viewer: viewer, box: box, layer: layer, parts: p, start: null, shown: false };

    function image() { return viewer.world.getItemAt(0); }

    state.showRegion = function () {
      var region = readRegion(p.input.value);
      if (!image()) { return; }
      if (!region) {
        if (state.shown) { viewer.removeOverlay(box); state.shown = false; }
        return;
      }
      var rect = image().imageToViewportRectangle(region[0], region[1], region[2], region[3]);
      if (state.shown) { viewer.updateOverlay(box, rect); } else { viewer.addOverlay(box, rect); state.shown = true; }
    };
    viewer.addHandler("open", state.showRegion);

    function viewportPoint(position) { return viewer.viewport.pointFromPixel(position); }

    function rectBetween(a, b) {
      return new OSD.Rect(Math.min(a.x, b.x), Math.min(a.y, b.y), Math.abs(a.x - b.x), Math.abs(a.y - b.y));
    }

    new OSD.MouseTracker({
      element: layer,
      pressHandler: function (event) {
        state.start = viewportPoint(event.position);
        var rect = new OSD.Rect(state.start.x, state.start.y, 0, 0);
        if (state.shown) { viewer.updateOverlay(box, rect); } else { viewer.addOverlay(box, rect); state.shown = true; }
      },
      dragHandler: function (event) {
        if (!state.start) { return; }
        viewer.updateOverlay(box, rectBetween(state.start, viewportPoint(event.position)));
      },
      releaseHandler: function (event) {
        if (!state.start || !image()) { return; }
        var rect = image().viewportToImageRectangle(rectBetween(state.start, viewportPoint(event.position)));
        state.start = null;
        var size = chosen(p.select);
        var x = Math.max(0, Math.round(rect.x));
        var y = Math.max(0, Math.round(rect.y));
        var w = Math.min(size.width - x, Math.round(rect.width));
        var h = Math.min(size.height - y, Math.round(rect.height));
        if (w > 0 && h > 0) { p.input.value = [x, y, w, h].join(","); }
        state.showRegion();
        setDrawing(state, false);
      }
    });
    p.select.addEventListener("change", function () { viewer.open(chosen(p.select).info); });
    p.input.addEventListener("change", state.showRegion);
    p.element.osd = viewer;
    editors[prefix] = state;
    return state;
  }

  function setDrawing(state, on) {
    state.parts.element.classList.toggle("drawing", on);
    if (state.parts.button) { state.parts.button.setAttribute("aria-pressed", on ? "true" : "false"); }
  }

  Array.prototype.forEach.call(document.querySelectorAll(".draw-region"), function (button) {
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", function () {
      var state = editor(button.dataset.item);
      setDrawing(state, button.getAttribute("aria-pressed") !== "true");
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll(".clear-region"), function (button) {
    button.addEventListener("click", function () {
      var p = parts(button.dataset.item);
      p.input.value = "";
      if (editors[button.dataset.item]) { editors[button.dataset.item].showRegion(); }
    });
  });
})();
