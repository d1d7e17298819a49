/* What the pages' deep-zoom viewers share. OpenSeadragon is loaded only when a viewer is about to
   be seen (and the page itself has loaded) or is touched, so the page's own image and text come
   first; a viewer opens on our Image API, flies to a region given in image pixels, tells which
   region is on screen ("Share this detail"), and gives and takes its view relative to a region
   (two viewers kept in step, js/story-compare.js). In a story (option story: true) the wheel and a
   finger scroll the page past the viewers, as on a map embedded in an article: they zoom with
   their buttons, a double click, a pinch, two fingers or Ctrl (Cmd) and the wheel, and say so once
   in the page's language when a reader tries the wheel or one finger. */
(function () {
  "use strict";
  var loading = null;
  var TOUCHES = ["pointerdown", "focusin", "wheel", "touchstart", "keydown"];

  function load(src) {
    if (window.OpenSeadragon) { return Promise.resolve(); }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function afterLoad(then) {
    if (document.readyState === "complete") { then(); } else { window.addEventListener("load", then, { once: true }); }
  }

  // Calls start once: when element (or one of near, when given: what the viewer is for) comes
  // near the screen after the page has loaded, or at the reader's first touch of element. Returns a
  // function that starts at once (a button's click).
  function whenNeeded(element, start, near) {
    var started = false;
    var observer = null;
    function go() {
      if (started) { return; }
      started = true;
      if (observer) { observer.disconnect(); }
      TOUCHES.forEach(function (name) { element.removeEventListener(name, go); });
      start();
    }
    TOUCHES.forEach(function (name) { element.addEventListener(name, go, { passive: true }); });
    afterLoad(function () {
      if (!("IntersectionObserver" in window)) { go(); return; }
      observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) { go(); }
      }, { rootMargin: "200px 0px" });
      (near || [element]).forEach(function (watched) { observer.observe(watched); });
    });
    return go;
  }

  // Calls start once, only when the reader reaches for element: the pointer comes over it, a
  // touch, a key or the keyboard's focus in it (one of its buttons, made at once: see ready), or
  // at once after the page has loaded when now is true (a shared detail, to be shown zoomed).
  // Until then the page's still image is all there is: the viewer's script stays off the first
  // screen's main thread. Returns a function that starts at once.
  function whenReached(element, start, now) {
    var started = false;
    var names = TOUCHES.concat(["pointerenter"]);
    function go() {
      if (started) { return; }
      started = true;
      names.forEach(function (name) { element.removeEventListener(name, go); });
      start();
    }
    names.forEach(function (name) { element.addEventListener(name, go, { passive: true }); });
    element.startViewer = go;
    if (now) { afterLoad(go); }
    return go;
  }

  // The viewer's buttons before the viewer (see whenReached): a click on one starts the viewer
  // and does its work once the image is open. Keyboard and screen-reader users start it so.
  function ready(element) {
    buttons(element, null);
  }

  // Story viewers: OpenSeadragon's cooperative gestures (the wheel zooms only with Ctrl or Cmd,
  // one finger scrolls the page, two pan and pinch), a double click zooms in.
  var STORY = { cooperativeGestures: true,
                gestureSettingsMouse: { clickToZoom: false, dblClickToZoom: true, scrollToZoom: true } };
  var MAC = /Mac|iPhone|iPad/i.test(navigator.platform || navigator.userAgent || "");

  // A viewer in element (data-script: OpenSeadragon's file, data-prefix: its button images);
  // the still image in it (.zoom-still) stays until the viewer has opened its own. Our options,
  // not OpenSeadragon's: story (see STORY) and detail, a function giving the region that
  // "Back to the detail" returns to ([x, y, w, h] in image pixels; null: no such button).
  function open(element, options) {
    options = Object.assign({}, options);
    var story = options.story;
    var detail = options.detail;
    delete options.story;
    delete options.detail;
    if (story) { options = Object.assign({}, STORY, options); }
    return load(element.dataset.script).then(function () {
      var settings = {
        element: element,
        prefixUrl: element.dataset.prefix,
        maxZoomPixelRatio: 4,
        showNavigationControl: false,
        // The 2D canvas: WebGL costs seconds of main thread where the GPU is missing or emulated.
        drawer: "canvas",
        gestureSettingsMouse: { clickToZoom: false }
      };
      Object.keys(options || {}).forEach(function (key) { settings[key] = options[key]; });
      var viewer = window.OpenSeadragon(settings);
      element.osd = viewer;
      buttons(element, detail);
      if (story) { hints(element, viewer); }
      // The still image stays under the viewer's canvas, at the same framing, until the viewer has
      // drawn its own image in full or the reader moves it: no blank between the two. Then a
      // button pressed before the viewer was there does its work (after the page's own "open"
      // handlers, which fly to the region asked for: priority -1).
      viewer.addOnceHandler("open", function () {
        var still = element.querySelector(".zoom-still");
        still = still && (still.closest("picture") || still);  // with its WebP <source>
        var image = viewer.world.getItemAt(0);
        if (still && image) {
          var gone = function () { still.remove(); };
          image.whenFullyLoaded(gone);
          viewer.addOnceHandler("animation-start", gone);
        } else if (still) {
          still.remove();
        }
      });
      viewer.addOnceHandler("open", function () {
        var pending = element.pendingAction;
        element.pendingAction = null;
        if (pending) { pending(viewer); viewer.viewport.applyConstraints(); }
      }, null, 1, -1);
      return viewer;
    });
  }

  // The hint OpenSeadragon shows when a gesture is left to the page, in the page's language, and
  // once per viewer: a reader who scrolls on with the pointer over it is not shown it again.
  function hints(element, viewer) {
    var shown = false;
    viewer.addHandler("canvas-cooperative-gesture", function (event) {
      if (shown) { event.preventDefaultAction = true; return; }
      shown = true;
      var words = event.gesture === "scroll" ? element.dataset.wheelHint : element.dataset.touchHint;
      if (words) { event.message = words.replace("{modifier}", MAC ? "\u2318" : "Ctrl"); }
    });
  }

  // Our own buttons instead of OpenSeadragon's pictures: real buttons, named in the page's
  // language, reached with the keyboard, sharp at any pixel density. With detail, "Back to the
  // detail" flies to its region (hidden while there is none) beside "Whole image";
  // element.refreshButtons() shows or hides it after the region changed.
  // Made once per element: before the viewer (ready) they start it, and act on it once it is open.
  function buttons(element, detail) {
    if (element.querySelector(".viewer-buttons")) { return; }
    var bar = document.createElement("div");
    bar.className = "viewer-buttons";
    var kinds = [["zoomIn", "+", function (viewer) { viewer.viewport.zoomBy(1.5); }],
                 ["zoomOut", "\u2212", function (viewer) { viewer.viewport.zoomBy(1 / 1.5); }]];
    if (detail) { kinds.push(["detail", icon("detail"), function (viewer) { fly(viewer, detail()); }]); }
    kinds.push(["home", icon("home"), function (viewer) { viewer.viewport.goHome(); }]);
    var controls = {};
    kinds.forEach(function (button) {
      var control = document.createElement("button");
      control.type = "button";
      control.className = "viewer-" + button[0];
      if (typeof button[1] === "string") { control.textContent = button[1]; } else { control.appendChild(button[1]); }
      control.setAttribute("aria-label", element.dataset[button[0]] || button[0]);
      control.title = element.dataset[button[0]] || button[0];
      control.addEventListener("click", function () {
        var viewer = element.osd;
        if (viewer && viewer.world.getItemAt(0)) {
          button[2](viewer);
          viewer.viewport.applyConstraints();
        } else {
          element.pendingAction = button[2];
          if (element.startViewer) { element.startViewer(); }
        }
      });
      controls[button[0]] = control;
      bar.appendChild(control);
    });
    element.appendChild(bar);
    element.refreshButtons = function () {
      if (controls.detail) { controls.detail.hidden = !detail(); }
    };
    element.refreshButtons();
  }

  // The buttons' pictures, drawn in the text's colour: a frame with a detail marked in it (back
  // to the detail) and a frame with its corners pushed out (the whole image).
  var ICONS = { detail: "M3 3h18v18H3zM9 9h6v6H9z", home: "M3 9V3h6M15 3h6v6M21 15v6h-6M9 21H3v-6M8 8h8v8H8z" };
  function icon(name) {
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  function parseRegion(text) {
    return text ? text.split(",").map(Number) : null;
  }

  // Fly to [x, y, w, h] in image pixels (null: the whole image).
  function fly(viewer, region, immediately) {
    var image = viewer.world.getItemAt(0);
    if (!image) { return; }
    if (region) {
      viewer.viewport.fitBoundsWithConstraints(
        image.imageToViewportRectangle(region[0], region[1], region[2], region[3]), immediately);
    } else {
      viewer.viewport.goHome(immediately);
    }
  }

  // The region on screen in whole image pixels, cut to the image; null before an image is open.
  function onScreen(viewer) {
    var image = viewer && viewer.world.getItemAt(0);
    if (!image) { return null; }
    var size = image.getContentSize();
    var rect = image.viewportToImageRectangle(viewer.viewport.getBounds(true));
    var x = Math.max(0, Math.round(rect.x));
    var y = Math.max(0, Math.round(rect.y));
    var w = Math.min(size.x, Math.round(rect.x + rect.width)) - x;
    var h = Math.min(size.y, Math.round(rect.y + rect.height)) - y;
    return w > 0 && h > 0 ? [x, y, w, h] : null;
  }

  // The view relative to region ([x, y, w, h] in image pixels, null: the whole image): its centre
  // as fractions of the region's width and height, and its zoom as a multiple of the zoom that
  // just fits the region in. Two viewers of images (or regions) of different sizes and shapes
  // show the same part of each when their relative views are equal. current: the view on screen
  // now rather than the one the viewer is moving to. Null before an image is open.
  function relativeView(viewer, region, current) {
    var image = viewer && viewer.world.getItemAt(0);
    if (!image) { return null; }
    var frame = regionOf(image, region);
    var centre = image.viewportToImageCoordinates(viewer.viewport.getCenter(current));
    return { x: (centre.x - frame[0]) / frame[2], y: (centre.y - frame[1]) / frame[3],
             zoom: viewer.viewport.getZoom(current) / fittingZoom(viewer, image, frame) };
  }

  // Moves the viewer to a relative view (relativeView) of its own region.
  function showRelative(viewer, region, view, immediately) {
    var image = viewer.world.getItemAt(0);
    if (!image) { return; }
    var frame = regionOf(image, region);
    viewer.viewport.zoomTo(view.zoom * fittingZoom(viewer, image, frame), null, immediately);
    viewer.viewport.panTo(image.imageToViewportCoordinates(frame[0] + view.x * frame[2], frame[1] + view.y * frame[3]),
                          immediately);
  }

  function regionOf(image, region) {
    var size = image.getContentSize();
    return region || [0, 0, size.x, size.y];
  }

  // The zoom at which the region fills the viewer's width or height, whichever comes first.
  function fittingZoom(viewer, image, frame) {
    var box = image.imageToViewportRectangle(frame[0], frame[1], frame[2], frame[3]);
    return Math.min(1 / box.width, 1 / (box.height * viewer.viewport.getAspectRatio()));
  }

  window.caravanserai = { whenNeeded: whenNeeded, whenReached: whenReached, ready: ready, open: open, fly: fly, onScreen: onScreen, parseRegion: parseRegion,
                          relativeView: relativeView, showRelative: showRelative };
})();
