// The maritime map: coastlines and borders from the bundled Natural Earth TopoJSON (world-atlas),
// drawn with d3-geo as SVG. No tiles, no request beyond this app. Text goes in with textContent.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";

function svgEl(tag, attrs, title) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
  if (title) { const t = document.createElementNS(SVG_NS, "title"); t.textContent = title; node.appendChild(t); }
  return node;
}

function eventColour(event) {
  if (event.sanctioned) return "#d62728";
  if (event.type === "encounter") return "#ff7f0e";
  return "#6a51a3";
}

function eventTitle(event) {
  const vessels = event.vessels.map((v) => (v.name || v.mmsi) + (v.imo ? " (IMO " + v.imo + ")" : "")).join(", ");
  return event.type + (event.sanctioned ? " [sanctioned]" : "") + "\n" + event.start + " – " + event.end + "\n" + vessels;
}

async function drawMap(container) {
  const [data, world] = await Promise.all([
    fetch(container.dataset.api).then((r) => r.json()),
    fetch(container.dataset.world).then((r) => r.json()),
  ]);
  const width = container.clientWidth || 900, height = container.clientHeight || 560;
  const located = data.events.filter((e) => e.lat !== null && e.lon !== null);
  const points = located.map((e) => [e.lon, e.lat]);
  data.tracks.forEach((t) => t.points.forEach((p) => points.push(p)));
  const focus = points.length ? { type: "MultiPoint", coordinates: points }
                              : { type: "MultiPoint", coordinates: [[115, 20], [135, 45]] };
  const projection = d3.geoMercator().fitExtent([[30, 30], [width - 30, height - 30]], focus);
  if (projection.scale() > 60000) projection.scale(60000);  // one event alone: do not zoom to a dot
  const path = d3.geoPath(projection);
  const svg = svgEl("svg", { viewBox: "0 0 " + width + " " + height, id: "map-svg" });
  const countries = topojson.feature(world, world.objects.countries);
  svg.appendChild(svgEl("path", { d: path(countries), fill: "#f2efe6", stroke: "none", class: "land" }));
  const borders = topojson.mesh(world, world.objects.countries, (a, b) => a !== b);
  svg.appendChild(svgEl("path", { d: path(borders), fill: "none", stroke: "#9a9a9a", "stroke-width": "0.6", class: "borders" }));
  const coast = topojson.mesh(world, world.objects.countries, (a, b) => a === b);
  svg.appendChild(svgEl("path", { d: path(coast), fill: "none", stroke: "#6b7f99", "stroke-width": "0.8", class: "coastline" }));
  const tracks = svgEl("g", { class: "tracks" });
  data.tracks.forEach((t) => {
    const d = path({ type: "LineString", coordinates: t.points });
    if (d) tracks.appendChild(svgEl("path", { d: d, fill: "none", stroke: "#4a7bb7", "stroke-width": "1", "stroke-opacity": "0.6" }, "MMSI " + t.mmsi));
  });
  svg.appendChild(tracks);
  const ports = svgEl("g", { class: "ports" });
  data.ports.forEach((p) => {
    const xy = projection([p.lon, p.lat]);
    if (!xy || xy[0] < 0 || xy[1] < 0 || xy[0] > width || xy[1] > height) return;
    ports.appendChild(svgEl("rect", { x: xy[0] - 3, y: xy[1] - 3, width: 6, height: 6, fill: p.country === "KP" ? "#b3261e" : "#222" },
                            p.name + " (" + p.country + ", " + p.kind + ")"));
  });
  svg.appendChild(ports);
  const events = svgEl("g", { class: "events" });
  located.forEach((e) => {
    const xy = projection([e.lon, e.lat]);
    events.appendChild(svgEl("circle", { cx: xy[0], cy: xy[1], r: e.sanctioned ? 7 : 5, fill: eventColour(e),
      "fill-opacity": "0.85", stroke: "#fff", "stroke-width": "1", class: "event " + e.type, "data-type": e.type },
      eventTitle(e)));
  });
  svg.appendChild(events);
  container.replaceChildren(svg);
  container.dataset.drawn = String(located.length);
}

document.addEventListener("DOMContentLoaded", () => {
  const container = document.getElementById("map");
  if (container) drawMap(container).catch((error) => { container.textContent = "The map could not be drawn: " + error.message; });
});
