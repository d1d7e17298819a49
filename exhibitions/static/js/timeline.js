/* The timeline page: the histogram of /api/v1/timeline drawn as bars (millennia, centuries or
   decades by how much time is in view), a period chosen by dragging or clicking the bars or with
   the arrow keys (the From/To fields of the form are the same period), and the period's objects
   and map following it. The address keeps the period (date_from, date_to) and the span in view. */
(function () {
  "use strict";
  var chart = document.getElementById("timeline");
  var form = document.getElementById("explore-form");
  if (!chart || !form || !window.CaravanseraiMaps) return;
  var M = window.CaravanseraiMaps;
  var w = M.words(chart), language = chart.dataset.lang;
  var from = document.getElementById("date_from"), to = document.getElementById("date_to");
  var viewField = document.getElementById("view");
  var WIDTH = 1000, HEIGHT = 220, TOP = 12, BASE = 182;
  var EARLIEST = -10000, LATEST = 3000;
  var NS = "http://www.w3.org/2000/svg";
  var buckets = JSON.parse(chart.dataset.buckets || "[]");
  var interval = chart.dataset.interval;
  var view = chart.dataset.view ? chart.dataset.view.split("/").map(Number) : null;
  if (!view && buckets.length) view = [buckets[0].start, buckets[buckets.length - 1].end];
  var chosen = null, dragFrom = null, timelineMap = null;

  // Years run ..., -2, -1, 1, 2, ...: t is the count of years from 1 CE, so that spans add up.
  function t(year) { return year < 0 ? year : year - 1; }
  function year(tValue) { return tValue < 0 ? tValue : tValue + 1; }
  function x(tValue) { return (tValue - t(view[0])) / (t(view[1]) + 1 - t(view[0])) * WIDTH; }
  function intervalFor(first, last) {
    var span = last - first + 1;
    return span > 5000 ? "millennium" : span > 500 ? "century" : "decade";
  }
  function period(start, end) {
    var a = M.yearText(start, w), b = M.yearText(end, w);
    return start === end ? a : a + " – " + b;
  }

  function filters(withPeriod) {
    var params = new URLSearchParams(new FormData(form));
    ["view", "date_from", "date_to"].forEach(function (name) { params.delete(name); });
    Array.from(params.keys()).forEach(function (key) { if (!params.get(key)) params.delete(key); });
    if (withPeriod && chosen) { params.set("date_from", chosen[0]); params.set("date_to", chosen[1]); }
    return params;
  }

  function svgNode(tag, attributes, text) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  var svg = svgNode("svg", {viewBox: "0 0 " + WIDTH + " " + HEIGHT, tabindex: "0",
                            role: "slider", "aria-describedby": "timeline-keys"});
  chart.appendChild(svg);

  function draw() {
    // Drawn at the chart's own width, so that the year labels keep their shape on a phone.
    WIDTH = Math.max(300, Math.round(chart.clientWidth || WIDTH));
    svg.setAttribute("viewBox", "0 0 " + WIDTH + " " + HEIGHT);
    svg.replaceChildren();
    svg.setAttribute("aria-label", M.format(w.chart, {interval: w[interval]}));
    if (!buckets.length) {
      svg.setAttribute("aria-valuetext", w.empty);
      return;
    }
    var most = Math.max.apply(null, buckets.map(function (b) { return b.count; })) || 1;
    buckets.forEach(function (bucket, index) {
      var left = x(t(bucket.start)), right = x(t(bucket.end) + 1);
      var height = bucket.count ? Math.max(2, (BASE - TOP) * bucket.count / most) : 2;
      var bar = svgNode("rect", {x: left + 0.5, width: Math.max(1, right - left - 1), y: BASE - height, height: height,
                                  class: bucket.count ? "bar" : "bar empty", "data-index": index});
      bar.appendChild(svgNode("title", {}, period(bucket.start, bucket.end) + ": " + M.format(w.count, {count: bucket.count})));
      svg.appendChild(bar);
    });
    svg.appendChild(svgNode("line", {x1: 0, x2: WIDTH, y1: BASE + 0.5, y2: BASE + 0.5, class: "axis"}));
    // About six labelled boundaries, on buckets' edges (year 0 is the edge between 1 BCE and 1 CE).
    var every = Math.max(1, Math.ceil(buckets.length / 6));
    buckets.forEach(function (bucket, index) {
      if (index % every) return;
      var edge = t(bucket.start);
      var label = M.yearText(edge === 0 ? 1 : edge, w);
      var at = x(edge);
      svg.appendChild(svgNode("line", {x1: at, x2: at, y1: BASE, y2: BASE + 6, class: "axis"}));
      svg.appendChild(svgNode("text", {x: Math.min(at + 2, WIDTH - 60), y: BASE + 24, class: "tick"}, label));
    });
    if (chosen) {
      var left = x(t(Math.max(chosen[0], view[0]))), right = x(t(Math.min(chosen[1], view[1])) + 1);
      if (right > left) svg.appendChild(svgNode("rect", {x: left, width: right - left, y: TOP - 8, height: BASE - TOP + 8,
                                                         class: "selection"}));
    }
    svg.setAttribute("aria-valuemin", buckets[0].start);
    svg.setAttribute("aria-valuemax", buckets[buckets.length - 1].end);
    svg.setAttribute("aria-valuenow", chosen ? chosen[0] : buckets[0].start);
    svg.setAttribute("aria-valuetext", chosen ? M.format(w.chosen, {period: period(chosen[0], chosen[1])}) : w.none_chosen);
  }

  function fetchBuckets() {
    interval = intervalFor(view[0], view[1]);
    var params = filters(false);
    params.set("interval", interval);
    params.set("date_from", view[0]);
    params.set("date_to", view[1]);
    return fetch(chart.dataset.api + "?" + params.toString(), {headers: {Accept: "application/json"}})
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (answer) {
        buckets = answer.buckets;
        var heading = document.getElementById("chart-heading");
        if (heading) heading.textContent = M.format(w.chart, {interval: w[interval]});
        draw();
        remember();
      });
  }

  function remember() {
    var params = new URLSearchParams(window.location.search);
    ["date_from", "date_to"].forEach(function (name) { params.delete(name); });
    if (chosen) { params.set("date_from", chosen[0]); params.set("date_to", chosen[1]); }
    viewField.value = view ? view[0] + "/" + view[1] : "";
    if (view) params.set("view", viewField.value);
    window.history.replaceState(null, "", window.location.pathname + "?" + params.toString());
  }

  function showResults() {
    var params = filters(true);
    params.set("size", "12");
    params.set("sort", "date");
    var list = document.getElementById("period-results");
    fetch("/api/v1/search?" + params.toString(), {headers: {Accept: "application/json"}})
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (answer) {
        document.getElementById("period-total").textContent = "(" + answer.total + ")";
        list.replaceChildren();
        answer.items.forEach(function (item) {
          var entry = M.make("li");
          if (item.thumbnail) {
            var image = M.make("img");
            image.src = item.thumbnail; image.alt = ""; image.width = 64; image.height = 64; image.loading = "lazy";
            entry.appendChild(image);
          }
          var words = M.make("div"), heading = M.make("h3"), link = M.make("a", "", M.pick(item.title, language).text);
          link.href = "/objects/" + encodeURIComponent(item.id);
          heading.appendChild(link);
          words.appendChild(heading);
          var meta = M.pick(item.museum.name, language).text;
          if (item.date) meta += " · " + (M.pick(item.date.label, language).text || item.date.display || period(item.date.start, item.date.end));
          words.appendChild(M.make("p", "meta", meta));
          entry.appendChild(words);
          list.appendChild(entry);
        });
      });
  }

  /* A new period (years, or null for every date): the form, the address, the links, the objects, the map. */
  function choose(period_) {
    chosen = period_;
    from.value = chosen ? chosen[0] : "";
    to.value = chosen ? chosen[1] : "";
    document.getElementById("timeline-chosen").textContent =
      chosen ? M.format(w.chosen, {period: period(chosen[0], chosen[1])}) : w.none_chosen;
    var withPeriod = filters(true).toString();
    document.getElementById("timeline-search").href = "/search?" + withPeriod;
    document.getElementById("timeline-map-link").href = "/map?" + withPeriod;
    draw();
    remember();
    showResults();
    if (timelineMap) timelineMap.refresh();
  }

  function bucketAt(event) {
    var box = svg.getBoundingClientRect();
    var fraction = (event.clientX - box.left) / box.width;
    var tValue = t(view[0]) + fraction * (t(view[1]) + 1 - t(view[0]));
    for (var i = 0; i < buckets.length; i++) {
      if (tValue < t(buckets[i].end) + 1) return i;
    }
    return buckets.length - 1;
  }

  function spanOf(a, b) {
    var first = Math.min(a, b), last = Math.max(a, b);
    return [buckets[first].start, buckets[last].end];
  }

  svg.addEventListener("pointerdown", function (event) {
    if (!buckets.length) return;
    dragFrom = bucketAt(event);
    svg.setPointerCapture(event.pointerId);
    chosen = spanOf(dragFrom, dragFrom);
    draw();
  });
  svg.addEventListener("pointermove", function (event) {
    if (dragFrom === null) return;
    chosen = spanOf(dragFrom, bucketAt(event));
    draw();
  });
  svg.addEventListener("pointerup", function (event) {
    if (dragFrom === null) return;
    var span = spanOf(dragFrom, bucketAt(event));
    dragFrom = null;
    choose(span);
  });

  function indexOf(yearValue) {
    for (var i = 0; i < buckets.length; i++) if (yearValue <= buckets[i].end) return i;
    return buckets.length - 1;
  }

  function zoom(into) {
    if (!view) return;
    if (into) {
      if (chosen && (chosen[0] > view[0] || chosen[1] < view[1])) {
        view = [Math.max(chosen[0], EARLIEST), Math.min(chosen[1], LATEST)];
      } else {
        var quarter = Math.floor((t(view[1]) - t(view[0])) / 4);
        if (quarter < 5) return;
        view = [year(t(view[0]) + quarter), year(t(view[1]) - quarter)];
      }
    } else {
      var half = Math.ceil((t(view[1]) - t(view[0]) + 1) / 2);
      view = [Math.max(EARLIEST, year(t(view[0]) - half)), Math.min(LATEST, year(t(view[1]) + half))];
    }
    fetchBuckets();
  }

  svg.addEventListener("keydown", function (event) {
    if (!buckets.length) return;
    var key = event.key;
    if (key === "ArrowLeft" || key === "ArrowRight") {
      var step = key === "ArrowRight" ? 1 : -1;
      var first = chosen ? indexOf(chosen[0]) : 0, last = chosen ? indexOf(chosen[1]) : 0;
      if (!chosen) { first = last = step > 0 ? 0 : buckets.length - 1; }
      else if (event.shiftKey) { last = Math.max(first, Math.min(buckets.length - 1, last + step)); }
      else if (first + step >= 0 && last + step < buckets.length) { first += step; last += step; }
      choose(spanOf(first, last));
    } else if (key === "+" || key === "=") {
      zoom(true);
    } else if (key === "-" || key === "_") {
      zoom(false);
    } else if (key === "Escape") {
      choose(null);
    } else {
      return;
    }
    event.preventDefault();
  });

  var zoomIn = document.getElementById("timeline-in"), zoomOut = document.getElementById("timeline-out");
  zoomIn.hidden = zoomOut.hidden = false;
  zoomIn.addEventListener("click", function () { zoom(true); });
  zoomOut.addEventListener("click", function () { zoom(false); });
  // The From/To fields choose the period too: the map and the objects follow on change.
  [from, to].forEach(function (field) {
    field.addEventListener("change", function () {
      var a = parseInt(from.value, 10), b = parseInt(to.value, 10);
      if (isNaN(a) && isNaN(b)) { choose(null); return; }
      choose([isNaN(a) ? EARLIEST : a, isNaN(b) ? LATEST : b]);
    });
  });

  if (from.value || to.value) {
    chosen = [from.value ? parseInt(from.value, 10) : EARLIEST, to.value ? parseInt(to.value, 10) : LATEST];
  }
  draw();
  window.addEventListener("resize", draw);
  var mapElement = document.getElementById("timeline-map");
  M.clusterMap(mapElement, {
    params: function () { return filters(true); },
    options: {map: {center: [72, 38], zoom: 1.6}},
  }).then(function (made) { timelineMap = made; });
})();
