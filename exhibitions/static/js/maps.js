/* The maps of the pages, shared: MapLibre loaded when a map is about to be seen, the offline base
   map (Natural Earth land and borders from our own host, in the site's palette), the historic
   routes drawn from their cities' coordinates, and a map of clustered objects fed by
   /api/v1/map (the explore page and the timeline use it). Each map's element carries what it
   needs as data attributes (map_data in _maps.html): no inline script, no request off our host
   unless a production style is configured. */
(function () {
  "use strict";

  var PAPER = "#faf7f0", LAND = "#ece4d3", COAST = "#cdbfa3", BORDER = "#d6cab2";
  var LAPIS = "#1f4e79", SAFFRON = "#c8962e", TERRACOTTA = "#b5563c";

  // The caravan road and the sea road, city by city (longitude, latitude).
  var ROUTES = {
    type: "FeatureCollection",
    features: [
      {type: "Feature", properties: {kind: "land", name: "Chang'an – Constantinople"}, geometry: {type: "LineString", coordinates: [
        [108.94, 34.26], [103.83, 36.06], [94.66, 40.14], [89.19, 42.95], [87.62, 43.82], [82.96, 41.72],
        [75.99, 39.47], [71.47, 39.0], [66.96, 39.65], [64.42, 39.77], [61.84, 37.66], [59.6, 36.3],
        [51.42, 35.69], [44.58, 33.09], [38.28, 34.55], [36.16, 36.2], [32.86, 39.93], [28.98, 41.01]]}},
      {type: "Feature", properties: {kind: "land", name: "Turpan – Kashgar (south of the Taklamakan)"}, geometry: {type: "LineString", coordinates: [
        [94.66, 40.14], [88.17, 39.03], [79.93, 37.11], [75.99, 39.47]]}},
      {type: "Feature", properties: {kind: "sea", name: "The maritime route"}, geometry: {type: "LineString", coordinates: [
        [113.26, 23.13], [109.5, 18.2], [106.8, 10.4], [104.0, 1.3], [98.5, 4.5], [95.0, 5.9], [80.2, 9.7],
        [79.85, 6.93], [75.2, 12.0], [72.83, 18.94], [66.99, 24.86], [58.4, 23.6], [56.27, 26.57],
        [50.0, 27.5], [47.98, 29.37], [47.8, 30.5], [43.0, 14.0], [42.0, 16.9], [39.2, 21.5], [34.6, 27.0], [32.55, 29.97]]}},
    ],
  };

  var library = null;

  /* A stylesheet the page does not link yet, added; resolves once it applies (or failed). */
  function stylesheet(href) {
    var url = new URL(href, document.baseURI).href;
    var present = Array.prototype.some.call(document.querySelectorAll("link[rel=stylesheet]"), function (link) {
      return link.href === url;
    });
    if (present) return Promise.resolve();
    return new Promise(function (resolve) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      link.onload = link.onerror = function () { resolve(); };
      document.head.appendChild(link);
    });
  }

  /* MapLibre, loaded once, on first need (its script is large; no page waits for it), with its
     stylesheets (data-stylesheets) where the page does not link them in its head. */
  function load(element) {
    if (!library) {
      var styles = (element.dataset.stylesheets || "").split(" ").filter(Boolean).map(stylesheet);
      library = Promise.all(styles).then(function () { return new Promise(function (resolve, reject) {
        if (window.maplibregl) { resolve(window.maplibregl); return; }
        var script = document.createElement("script");
        script.src = element.dataset.library;
        script.onload = function () {
          window.maplibregl.setWorkerUrl(element.dataset.worker);
          resolve(window.maplibregl);
        };
        script.onerror = reject;
        document.head.appendChild(script);
      }); });
    }
    return library;
  }

  /* The configured online style, else the offline one; scale picks the detail (50m or 110m). */
  function style(element, scale) {
    if (element.dataset.style) return element.dataset.style;
    var world = element.dataset.world;
    return {
      version: 8,
      sources: {
        land: {type: "geojson", data: world + "land-" + scale + ".geojson", attribution: "Natural Earth"},
        borders: {type: "geojson", data: world + "borders-" + scale + ".geojson"},
        routes: {type: "geojson", data: ROUTES},
      },
      layers: [
        {id: "paper", type: "background", paint: {"background-color": PAPER}},
        {id: "land", type: "fill", source: "land", paint: {"fill-color": LAND}},
        {id: "coast", type: "line", source: "land", paint: {"line-color": COAST, "line-width": 0.8}},
        {id: "borders", type: "line", source: "borders", paint: {"line-color": BORDER, "line-width": 0.7}},
        {id: "routes", type: "line", source: "routes", layout: {"line-cap": "round", "line-join": "round"},
         paint: {"line-color": ["match", ["get", "kind"], "sea", LAPIS, SAFFRON], "line-width": 2,
                 "line-opacity": 0.75, "line-dasharray": [2, 2]}},
      ],
    };
  }

  function words(element) {
    return JSON.parse(element.dataset.words || "{}");
  }

  var language = document.documentElement.lang || "en";
  var plurals = new Intl.PluralRules(language);
  var numbers = new Intl.NumberFormat(language);
  var years = new Intl.NumberFormat(language, {useGrouping: false});

  /* A message with its values; a message about a count comes as its forms by plural category,
     and numbers are written in the page language's digits. */
  function format(template, values) {
    if (template && typeof template === "object") {
      var count = values.count !== undefined ? values.count : values.total;
      template = template[plurals.select(count)] || template.other;
    }
    return String(template).replace(/\{(\w+)\}/g, function (all, name) {
      if (!(name in values)) return all;
      if (typeof values[name] !== "number") return values[name];
      return (name === "n" ? years : numbers).format(values[name]);  // {n} is a year in these words
    });
  }

  /* A language map's text in the reader's language, else the first there is: {text, lang}. */
  function pick(map, language) {
    map = map || {};
    var chosen = map[language] ? language : Object.keys(map)[0];
    return {text: chosen ? (map[chosen] || [""])[0] : "", lang: chosen && chosen !== "none" ? chosen : ""};
  }

  /* A year in the reader's language; there is no year 0 (1 BCE is followed by 1). */
  function yearText(year, w) {
    return year < 0 ? format(w.year_bce, {n: -year}) : format(w.year, {n: year});
  }

  function reducedMotion() {
    return window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  /* A map in element with the base style; resolves once its style has loaded. */
  function create(element, options) {
    return load(element).then(function (maplibregl) {
      var map = new maplibregl.Map(Object.assign({
        container: element, style: style(element, options.scale || "50m"), attributionControl: {compact: true},
        fadeDuration: 0, dragRotate: false, pitchWithRotate: false, touchPitch: false, renderWorldCopies: true,
      }, options.map || {}));
      var canvas = map.getCanvas();
      canvas.setAttribute("aria-label", options.label || words(element).canvas);
      return new Promise(function (resolve) {
        map.on("load", function () { resolve({map: map, maplibregl: maplibregl}); });
      });
    });
  }

  /* The visible box as the API's bbox (west,south,east,north; west > east across the antimeridian). */
  function viewBox(map) {
    var bounds = map.getBounds();
    var west = bounds.getWest(), east = bounds.getEast();
    var clamp = function (value, limit) { return Math.max(-limit, Math.min(limit, value)); };
    var wrap = function (lon) { return ((lon + 540) % 360) - 180; };
    if (east - west >= 360) { west = -180; east = 180; } else { west = wrap(west); east = wrap(east); }
    if (east === -180) east = 180;
    return [west, clamp(bounds.getSouth(), 90), east, clamp(bounds.getNorth(), 90)]
      .map(function (value) { return value.toFixed(5).replace(/\.?0+$/, ""); }).join(",");
  }

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function objectLink(item, language) {
    var title = pick(item.title, language);
    var link = make("a", "", title.text);
    link.href = "/objects/" + encodeURIComponent(item.id);
    if (title.lang) link.lang = title.lang;
    return link;
  }

  /* A map of the objects that match params() (a URLSearchParams of search filters), clustered as
     /api/v1/map answers for the view, with a list of the same in list (links, reachable by
     keyboard), the count in total, and an object's card in card. */
  function clusterMap(element, parts) {
    var w = words(element), language = element.dataset.lang;
    var markers = [], request = 0, state = {};

    function inside(item, box) {
      var west = box[0], east = box[2];
      var lonInside = west <= east ? item.lon >= west && item.lon <= east : item.lon >= west || item.lon <= east;
      return lonInside && item.lat >= box[1] && item.lat <= box[3];
    }

    function showCard(items) {
      var card = parts.card;
      if (!card) return;
      card.replaceChildren();
      var close = make("button", "map-card-close", "×");
      close.type = "button";
      close.setAttribute("aria-label", w.close);
      close.addEventListener("click", function () { card.hidden = true; });
      card.appendChild(close);
      var list = make("ul", "map-card-items");
      items.forEach(function (item) {
        var entry = make("li");
        if (item.thumbnail) {
          var image = make("img");
          image.src = item.thumbnail; image.alt = ""; image.width = 96; image.height = 96;
          entry.appendChild(image);
        }
        var words_ = make("div");
        var heading = make("h3");
        heading.appendChild(objectLink(item, language));
        words_.appendChild(heading);
        var museum = pick((item.museum || {}).name, language);
        words_.appendChild(make("p", "meta", museum.text));
        entry.appendChild(words_);
        list.appendChild(entry);
      });
      card.appendChild(list);
      card.hidden = false;
      var first = card.querySelector("h3 a");
      if (first) first.focus({preventScroll: true});
    }

    function zoomTo(cluster, items) {
      var box = cluster.bbox;
      if ((box[0] === box[2] && box[1] === box[3]) || state.map.getZoom() >= 16) {
        if (items.length) showCard(items);
        return;
      }
      state.map.fitBounds([[box[0], box[1]], [box[2], box[3]]],
                          {padding: 64, maxZoom: 16, animate: !reducedMotion()});
    }

    function marker(node, lon, lat) {
      var m = new state.maplibregl.Marker({element: node}).setLngLat([lon, lat]).addTo(state.map);
      markers.push(m);
    }

    function draw(answer) {
      markers.forEach(function (m) { m.remove(); });
      markers = [];
      var list = parts.list;
      if (list) list.replaceChildren();
      answer.clusters.forEach(function (cluster) {
        var items = answer.objects.filter(function (item) { return inside(item, cluster.bbox); });
        var together = cluster.bbox[0] === cluster.bbox[2] && cluster.bbox[1] === cluster.bbox[3];
        var button = make("button", cluster.count === 1 ? "map-marker map-object" : "map-marker map-cluster");
        button.type = "button";
        if (cluster.count === 1 && items.length === 1) {
          button.setAttribute("aria-label", pick(items[0].title, language).text);
          button.addEventListener("click", function () { showCard(items); });
        } else {
          button.textContent = cluster.count;
          button.setAttribute("aria-label", format(together ? w.together : w.cluster, {count: cluster.count}));
          button.addEventListener("click", function () { zoomTo(cluster, items); });
        }
        marker(button, cluster.lon, cluster.lat);
        if (list && !answer.objects.length) {
          var entry = make("li");
          var action = make("button", "link", format(together ? w.together : w.cluster, {count: cluster.count}));
          action.type = "button";
          action.addEventListener("click", function () { zoomTo(cluster, items); });
          entry.appendChild(action);
          entry.appendChild(document.createTextNode(" "));
          entry.appendChild(make("span", "meta", format(w.around, {lat: cluster.lat.toFixed(2), lon: cluster.lon.toFixed(2)})));
          list.appendChild(entry);
        }
      });
      if (list) {
        answer.objects.forEach(function (item) {
          var entry = make("li");
          entry.appendChild(objectLink(item, language));
          entry.appendChild(document.createTextNode(" "));
          entry.appendChild(make("span", "meta", pick((item.museum || {}).name, language).text));
          list.appendChild(entry);
        });
        if (!answer.clusters.length) list.appendChild(make("li", "meta", w.none));
      }
      if (parts.total) parts.total.textContent = format(w.total, {total: answer.total});
      element.dataset.total = answer.total;
      element.dataset.markers = markers.length;
    }

    function refresh() {
      if (!state.map) return;
      var params = parts.params();
      params.delete("bbox");
      params.set("bbox", viewBox(state.map));
      params.set("zoom", Math.max(0, Math.min(20, Math.floor(state.map.getZoom()))));
      var mine = ++request;
      element.setAttribute("aria-busy", "true");
      fetch(element.dataset.api + "?" + params.toString(), {headers: {Accept: "application/json"}})
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (answer) {
          if (mine !== request) return;
          draw(answer);
          element.setAttribute("aria-busy", "false");
          if (parts.moved) parts.moved(state.map);
        })
        .catch(function () { element.setAttribute("aria-busy", "false"); });
    }

    return create(element, parts.options || {}).then(function (made) {
      state = made;
      state.map.addControl(new made.maplibregl.NavigationControl({showCompass: false}), "top-right");
      state.map.on("moveend", refresh);
      refresh();
      return {map: state.map, refresh: refresh};
    });
  }

  window.CaravanseraiMaps = {
    load: load, style: style, create: create, words: words, format: format, pick: pick, yearText: yearText,
    clusterMap: clusterMap, viewBox: viewBox, reducedMotion: reducedMotion, make: make,
    colours: {lapis: LAPIS, saffron: SAFFRON, terracotta: TERRACOTTA, paper: PAPER},
  };
})();
