/* An exhibition's map and timeline blocks, drawn above their lists (which stay, and are what
   works without scripts): the places as markers, a journey as a line in its order, numbered like
   the list; the dates as spans along one axis, BCE in the reader's language. A map loads
   MapLibre only when it comes near the screen. */
(function () {
  "use strict";
  var M = window.CaravanseraiMaps;
  if (!M) return;
  var NS = "http://www.w3.org/2000/svg";

  function drawMap(element) {
    var places = Array.from(element.parentNode.querySelectorAll("ol.places li[data-lat]")).map(function (li) {
      return [Number(li.dataset.lon), Number(li.dataset.lat)];
    });
    if (!places.length) return;
    element.hidden = false;
    var west = Math.min.apply(null, places.map(function (p) { return p[0]; }));
    var east = Math.max.apply(null, places.map(function (p) { return p[0]; }));
    var south = Math.min.apply(null, places.map(function (p) { return p[1]; }));
    var north = Math.max.apply(null, places.map(function (p) { return p[1]; }));
    var options = places.length > 1 && (east > west || north > south)
      ? {bounds: [[west, south], [east, north]], fitBoundsOptions: {padding: 48, maxZoom: 6}}
      : {center: places[0], zoom: 4};
    M.create(element, {scale: "50m", label: element.getAttribute("aria-label"),
                       map: Object.assign({interactive: false, attributionControl: false}, options)})
      .then(function (made) {
        var map = made.map, journey = element.dataset.journey === "true";
        if (journey && places.length > 1) {
          map.addSource("journey", {type: "geojson", data: {type: "Feature", properties: {},
                                                            geometry: {type: "LineString", coordinates: places}}});
          map.addLayer({id: "journey", type: "line", source: "journey", layout: {"line-cap": "round", "line-join": "round"},
                        paint: {"line-color": M.colours.terracotta, "line-width": 3}});
        }
        places.forEach(function (place, index) {
          var dot = M.make("span", journey ? "map-marker map-cluster" : "minimap-marker", journey ? String(index + 1) : undefined);
          dot.setAttribute("aria-hidden", "true");
          new made.maplibregl.Marker({element: dot}).setLngLat(place).addTo(map);
        });
        // MapLibre sizes its canvas once: follow the container when it changes (a phone's
        // toolbar, a turn of the screen, fonts above it), or part of the map stays blank.
        // The places stay framed at the new size.
        var fit = function () {
          map.resize();
          if (options.bounds) map.fitBounds(options.bounds, Object.assign({animate: false}, options.fitBoundsOptions));
        };
        if ("ResizeObserver" in window) new ResizeObserver(fit).observe(element);
        fit();
        element.dataset.drawn = "true";
      });
  }

  function svgNode(tag, attributes, text) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The strip: one row per object of the list, in its order, a bar for its span on a shared axis. */
  function drawStrip(element) {
    var w = M.words(element);
    var spans = Array.from(element.parentNode.querySelectorAll("ol.dates li[data-start]")).map(function (li) {
      return [Number(li.dataset.start), Number(li.dataset.end)];
    });
    if (!spans.length) return;
    element.hidden = false;
    var width = Math.max(280, Math.round(element.clientWidth || 600)), row = 16, axis = spans.length * row + 8;
    var first = Math.min.apply(null, spans.map(function (s) { return s[0]; }));
    var last = Math.max.apply(null, spans.map(function (s) { return s[1]; }));
    // As many ticks as their labels leave room for at this width ("1500 BCE" is wide on a phone).
    var measure = document.createElement("canvas").getContext("2d");
    measure.font = "11px " + getComputedStyle(element).fontFamily;
    var label = function (year) { return M.yearText(year === 0 ? 1 : year, w); };
    var ticks = null, left = 28, right = 12;
    [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000].some(function (step) {
      var from = Math.floor(first / step) * step, to = Math.ceil((last + 1) / step) * step;
      if ((to - from) / step > 8 && step < 5000) return false;
      var years = [];
      for (var year = from; year <= to; year += step) years.push(year);
      var widest = Math.max.apply(null, years.map(function (year) { return measure.measureText(label(year)).width; }));
      left = Math.max(28, widest / 2 + 2);
      right = Math.max(12, widest / 2 + 2);
      ticks = years;
      return (width - left - right) / (years.length - 1) >= widest + 12;
    });
    first = ticks[0];
    last = ticks[ticks.length - 1];
    var x = function (year) { return left + (year - first) / (last - first) * (width - left - right); };
    var svg = svgNode("svg", {viewBox: "0 0 " + width + " " + (axis + 28), "aria-hidden": "true", focusable: "false"});
    spans.forEach(function (span, index) {
      var y = index * row + 4;
      svg.appendChild(svgNode("text", {x: 0, y: y + 10, class: "row-label"}, String(index + 1)));
      var from = x(span[0]), to = x(span[1] + 1);
      svg.appendChild(svgNode("rect", {x: from, y: y, width: Math.max(4, to - from), height: row - 6, rx: 2,
                                       class: span[1] - span[0] < 2 ? "point" : "span"}));
    });
    svg.appendChild(svgNode("line", {x1: left, x2: width - right, y1: axis, y2: axis, class: "axis"}));
    ticks.forEach(function (year) {
      svg.appendChild(svgNode("line", {x1: x(year), x2: x(year), y1: axis, y2: axis + 5, class: "axis"}));
      svg.appendChild(svgNode("text", {x: x(year), y: axis + 20, class: "tick", "text-anchor": "middle"}, label(year)));
    });
    element.replaceChildren(svg);
  }

  document.querySelectorAll(".block-timeline .story-strip").forEach(drawStrip);
  var maps = document.querySelectorAll(".block-map .story-map");
  if (!("IntersectionObserver" in window)) { maps.forEach(drawMap); return; }
  // The map's element is hidden until drawn (and so never intersects): its figure is watched.
  var watcher = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      watcher.unobserve(entry.target);
      drawMap(entry.target.querySelector(".story-map"));
    });
  }, {rootMargin: "600px 0px"});
  maps.forEach(function (element) { watcher.observe(element.parentNode); });
})();
