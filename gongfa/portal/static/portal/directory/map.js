// The directory's map (法律服务地图): drawn with Leaflet (served locally) from the stored
// coordinates, on tiles from the one configured server (settings.MAP_TILE_URL). The list below the
// map carries the same places, so the page is complete without it.
(function () {
  "use strict";
  var element = document.getElementById("directory-map");
  if (!element || typeof window.L === "undefined") { return; }
  var L = window.L;
  function parse(name, fallback) {
    try { return JSON.parse(element.getAttribute(name) || "") || fallback; } catch (e) { return fallback; }
  }
  // Popups get DOM nodes with textContent (never HTML built from names).
  function label(lines, href) {
    var box = document.createElement("div");
    lines.forEach(function (text, index) {
      var node = document.createElement(index === 0 && href ? "a" : "div");
      if (index === 0 && href) { node.href = href; }
      node.textContent = text;
      box.appendChild(node);
    });
    return box;
  }
  var places = parse("data-places", []);
  var origin = parse("data-origin", null);
  var map = L.map(element, { scrollWheelZoom: false });
  L.tileLayer(element.getAttribute("data-tile-url"), {
    attribution: element.getAttribute("data-attribution") || "",
    maxZoom: 18
  }).addTo(map);
  var bounds = [];
  places.forEach(function (place) {
    L.circleMarker([place.lat, place.lng], { radius: 8, color: "#1d70b8", weight: 2, fillOpacity: 0.7 })
      .bindPopup(label([place.name, place.kind], place.url))
      .addTo(map);
    bounds.push([place.lat, place.lng]);
  });
  if (origin) {
    L.circleMarker([origin.lat, origin.lng], { radius: 7, color: "#d4351c", weight: 3, fillOpacity: 0.9 })
      .bindPopup(label([origin.label], null))
      .addTo(map);
    bounds.push([origin.lat, origin.lng]);
  }
  if (bounds.length) {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
  } else {
    map.setView([35, 105], 4);
  }
})();
