/* A region drawn on an image in OpenSeadragon: a rectangle dragged with the mouse, a finger or a
   pen while drawing is on, shown as a box over the image and reported as x,y,w,h in the image's
   own pixels (what an exhibition stores). The studio keeps number fields beside it. */

export function parseRegion(value) {
  const match = /^(\d+),(\d+),(\d+),(\d+)$/.exec((value || "").replace(/\s+/g, ""));
  return match ? match.slice(1).map(Number) : null;
}

/* Open `image` ({info, width, height}) in `element`; onDrawn(region string) after each rectangle. */
export function regionViewer(element, image, prefixUrl, onDrawn) {
  const OSD = window.OpenSeadragon;
  const viewer = OSD({ element, prefixUrl, tileSources: image.info, showNavigator: false, maxZoomPixelRatio: 4,
                       gestureSettingsMouse: { clickToZoom: false }, gestureSettingsTouch: { pinchToZoom: true } });
  const box = document.createElement("div");
  box.className = "region-box";
  const layer = document.createElement("div");
  layer.className = "draw-layer";
  element.appendChild(layer);
  let shown = false;
  let start = null;
  let region = null;
  const item = () => viewer.world.getItemAt(0);

  function place(rect) {
    if (shown) { viewer.updateOverlay(box, rect); } else { viewer.addOverlay(box, rect); shown = true; }
  }
  function show() {
    if (!item()) { return; }
    if (!region) {
      if (shown) { viewer.removeOverlay(box); shown = false; }
      return;
    }
    place(item().imageToViewportRectangle(region[0], region[1], region[2], region[3]));
  }
  function between(a, b) {
    return new OSD.Rect(Math.min(a.x, b.x), Math.min(a.y, b.y), Math.abs(a.x - b.x), Math.abs(a.y - b.y));
  }
  const point = (position) => viewer.viewport.pointFromPixel(position);
  viewer.addHandler("open", show);
  element.osd = viewer; // what the browser tests wait on, as on the public pages
  new OSD.MouseTracker({
    element: layer,
    pressHandler(event) {
      start = point(event.position);
      place(new OSD.Rect(start.x, start.y, 0, 0));
    },
    dragHandler(event) {
      if (start) { viewer.updateOverlay(box, between(start, point(event.position))); }
    },
    releaseHandler(event) {
      if (!start || !item()) { return; }
      const rect = item().viewportToImageRectangle(between(start, point(event.position)));
      start = null;
      const x = Math.max(0, Math.round(rect.x));
      const y = Math.max(0, Math.round(rect.y));
      const w = Math.min(image.width - x, Math.round(rect.width));
      const h = Math.min(image.height - y, Math.round(rect.height));
      if (w > 0 && h > 0) {
        region = [x, y, w, h];
        onDrawn(region.join(","));
      }
      show();
    },
  });
  return {
    setRegion(value) { region = parseRegion(value); show(); },
    setDrawing(on) { element.classList.toggle("drawing", on); },
    destroy() { viewer.destroy(); },
  };
}
