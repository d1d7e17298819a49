/* The small map of an object's or a museum's place: MapLibre and the light base map are loaded
   only when the map comes near the screen, and the map is a still picture (no interaction). */
(function () {
  "use strict";
  var M = window.CaravanseraiMaps;
  if (!M) return;
  function draw(element) {
    var place = [Number(element.dataset.lon), Number(element.dataset.lat)];
    M.create(element, {scale: "110m", label: element.getAttribute("aria-label"),
                       map: {interactive: false, attributionControl: false, center: place, zoom: 3}})
      .then(function (made) {
        var dot = M.make("span", "minimap-marker");
        dot.setAttribute("aria-hidden", "true");
        new made.maplibregl.Marker({element: dot}).setLngLat(place).addTo(made.map);
        element.dataset.drawn = "true";
      });
  }
  var maps = document.querySelectorAll(".minimap-canvas");
  if (!("IntersectionObserver" in window)) { maps.forEach(draw); return; }
  var watcher = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      watcher.unobserve(entry.target);
      draw(entry.target);
    });
  }, {rootMargin: "300px 0px"});
  maps.forEach(function (element) { watcher.observe(element); });
})();
