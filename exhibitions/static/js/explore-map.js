/* The map page: the filters of the form narrow the map, the view and the filters stay in the
   address (view=zoom/lat/lon) so that a view can be shared, the museums are a layer of their own. */
(function () {
  "use strict";
  var element = document.getElementById("explore-map");
  var form = document.getElementById("explore-form");
  if (!element || !form || !window.CaravanseraiMaps) return;
  var M = window.CaravanseraiMaps;
  var viewField = document.getElementById("view");

  function filters() {
    var params = new URLSearchParams(new FormData(form));
    params.delete("view");
    Array.from(params.keys()).forEach(function (key) { if (!params.get(key)) params.delete(key); });
    return params;
  }

  var view = element.dataset.view.split("/").map(Number);
  var box = element.dataset.bbox ? element.dataset.bbox.split(",").map(Number) : null;
  var options = {zoom: view[0], center: [view[2], view[1]]};
  if (box && box.length === 4 && box.every(isFinite)) {
    options = {bounds: [[box[0], box[1]], [box[2], box[3]]], fitBoundsOptions: {padding: 32}};
  }

  function remember(map) {
    var centre = map.getCenter().wrap();
    var text = map.getZoom().toFixed(2).replace(/\.?0+$/, "") + "/" + centre.lat.toFixed(4) + "/" + centre.lng.toFixed(4);
    viewField.value = text;
    var params = new URLSearchParams(window.location.search);
    params.delete("bbox");
    params.set("view", text);
    window.history.replaceState(null, "", window.location.pathname + "?" + params.toString());
    var results = document.getElementById("map-results");
    if (results) {
      var query = filters();
      query.set("bbox", M.viewBox(map));
      results.href = "/search?" + query.toString();
    }
  }

  M.clusterMap(element, {
    params: filters, list: document.getElementById("map-list"), total: document.getElementById("map-total"),
    card: document.getElementById("map-card"), moved: remember, options: {map: options},
  }).then(function (made) {
    var map = made.map;
    var places = Array.from(document.querySelectorAll("#museum-places li[data-lat]"));
    map.addSource("museums", {type: "geojson", data: {type: "FeatureCollection", features: places.map(function (li) {
      return {type: "Feature", properties: {name: li.dataset.name},
              geometry: {type: "Point", coordinates: [Number(li.dataset.lon), Number(li.dataset.lat)]}};
    })}});
    map.addLayer({id: "museums", type: "circle", source: "museums", paint: {
      "circle-radius": 5, "circle-color": M.colours.paper, "circle-stroke-color": M.colours.terracotta,
      "circle-stroke-width": 2.5}});
    var toggle = document.getElementById("show-museums");
    toggle.addEventListener("change", function () {
      map.setLayoutProperty("museums", "visibility", toggle.checked ? "visible" : "none");
    });
  });
})();
