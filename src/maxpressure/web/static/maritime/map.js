// The maritime map: Leaflet (vendored) over the bundled Natural Earth countries (world-atlas
// TopoJSON), no tiles and no request beyond this app. Ports and anchorages from the maritime
// gazetteer, named as the analyst zooms in; each vessel's track; events by type and time with
// sanctioned and possible matches marked apart; a vessel profile; the analyst's own AIS file.
import { el, matchKind, pill, table, vesselName } from "./dom.js";
import { renderProfile } from "./profile.js";
import { wireUpload } from "./upload.js";

const TYPE_COLOURS = { encounter: "#ff7f0e", loitering: "#6a51a3", ais_gap: "#7f7f7f", port_call: "#17becf",
                       identity_change: "#8c564b", position_jump: "#e377c2" };
const MATCH_STROKE = { sanctioned: ["#b3261e", 3, null], possible: ["#b86e00", 2.5, "4 3"], "": ["#ffffff", 1, null] };
// Below this zoom only the gazetteer's own ports (DPRK, China, Russia, the documented cases) are
// named: the 8,000 WPI ports and GFW anchorages would bury the map in text.
const NAME_EVERY_PORT_ZOOM = 7;
const MAX_PORT_NAMES = 300;
const KOREA = [[30, 115], [45, 135]];

function label(text) {  // Leaflet puts a string into innerHTML; an element it appends as it is
  return el("span", null, text);
}

function eventTooltip(event) {
  const match = matchKind(event);
  return el("div", { class: "event-tip" },
    el("strong", null, event.type.replace("_", " ")), match ? " " : null, match ? pill(match === "possible" ? "possible match" : match, match) : null,
    el("br"), event.start + " – " + event.end,
    ...event.vessels.map((v) => [el("br"), vesselName(v) + (v.imo ? " (IMO " + v.imo + ")" : "")]).flat());
}

function withinDays(event, start, end) {
  return (!start || event.end.slice(0, 10) >= start) && (!end || event.start.slice(0, 10) <= end);
}

class MaritimePage {
  constructor(container, world, data) {
    this.container = container;
    this.map = L.map(container, { minZoom: 2, maxZoom: 14, zoomSnap: 0.5, worldCopyJump: true, attributionControl: false });
    L.control.attribution({ prefix: false }).addAttribution("Natural Earth (public domain) · Leaflet").addTo(this.map);
    L.control.scale({ imperial: false }).addTo(this.map);
    const countries = topojson.feature(world, world.objects.countries);
    L.geoJSON(countries, { interactive: false, style: { className: "land", fillColor: "#f2efe6", fillOpacity: 1, color: "#9a9a9a", weight: 0.6 } }).addTo(this.map);
    this.portRenderer = L.canvas({ padding: 0.2 });
    this.ports = L.layerGroup().addTo(this.map);
    this.portNames = L.layerGroup().addTo(this.map);
    this.tracks = L.layerGroup().addTo(this.map);
    this.events = L.layerGroup().addTo(this.map);
    this.drawPorts(data.ports || []);
    this.map.on("zoomend moveend", () => { this.namePorts(); container.dataset.zoom = String(this.map.getZoom()); });
    this.filters = document.getElementById("map-filters");
    this.filters.addEventListener("input", () => this.apply(true));
    this.filters.addEventListener("submit", (e) => { e.preventDefault(); this.apply(true); });
    this.profile = document.getElementById("vessel-profile");
    this.setData(data, new URL(window.location.href).searchParams);
  }

  drawPorts(ports) {
    this.portList = ports;
    ports.forEach((p) => {
      const own = p.source === "gazetteer";
      L.circleMarker([p.lat, p.lon], { renderer: this.portRenderer, radius: own ? 4 : 2.5, weight: 1,
        color: p.country === "KP" ? "#b3261e" : "#222", fillColor: p.country === "KP" ? "#b3261e" : "#444", fillOpacity: 0.8 })
        .bindTooltip(label(p.name + " (" + (p.country || "?") + ", " + p.kind + ")"))
        .addTo(this.ports);
    });
  }

  namePorts() {
    this.portNames.clearLayers();
    const bounds = this.map.getBounds().pad(-0.02);
    const every = this.map.getZoom() >= NAME_EVERY_PORT_ZOOM;
    const shown = this.portList.filter((p) => (every || p.source === "gazetteer") && bounds.contains([p.lat, p.lon]))
      .filter(this.freeSpace()).slice(0, MAX_PORT_NAMES);
    shown.forEach((p) => {
      const icon = L.divIcon({ className: "port-name" + (p.country === "KP" ? " dprk" : ""), html: label(p.name), iconSize: null, iconAnchor: [-6, 8] });
      L.marker([p.lat, p.lon], { icon: icon, interactive: false, keyboard: false }).addTo(this.portNames);
    });
    this.container.dataset.portNames = String(shown.length);
  }

  freeSpace() {  // a name that would overlap one already placed is left out (its dot stays)
    const taken = [];
    return (p) => {
      const at = this.map.latLngToContainerPoint([p.lat, p.lon]);
      const box = [at.x + 6, at.y - 8, at.x + 6 + 6.5 * p.name.length, at.y + 6];
      if (taken.some((t) => box[0] < t[2] && t[0] < box[2] && box[1] < t[3] && t[1] < box[3])) return false;
      taken.push(box);
      return true;
    };
  }

  setData(data, params) {
    this.data = data;
    params = params || new URLSearchParams();  // new data (an upload): every filter starts open
    const source = document.getElementById("map-source");
    source.replaceChildren(data.source);
    if (data.simulated) source.append(" ", pill("simulated"));
    this.buildTypeChoices(data.types, params);
    this.filters.elements.start.value = params.get("start") || "";
    this.filters.elements.end.value = params.get("end") || "";
    this.filters.elements.match.value = params.get("sanctioned") === "true" ? "sanctioned" : (params.get("match") || "");
    this.drawTracks();
    this.apply(false);
    this.profile.hidden = true;
    this.fit();
  }

  buildTypeChoices(types, params) {
    const wanted = params.getAll("type").filter(Boolean);
    const counts = this.data.counts || {};
    const box = this.filters.querySelector(".types");
    box.replaceChildren(el("legend", null, "event types"), ...types.map((t) => {
      const swatch = el("span", { class: "key", "data-type": t });
      swatch.style.background = TYPE_COLOURS[t] || "#333";
      return el("label", null, el("input", { type: "checkbox", name: "type", value: t, checked: !wanted.length || wanted.includes(t) }),
                swatch, " " + t.replace("_", " ") + " (" + (counts[t] || 0) + ")");
    }));
  }

  selected() {
    const form = this.filters.elements;
    const types = new Set([...this.filters.querySelectorAll("input[name=type]:checked")].map((i) => i.value));
    const start = form.start.value, end = form.end.value, match = form.match.value;
    return this.data.events.filter((e) => types.has(e.type) && withinDays(e, start, end) &&
      (!match || (match === "any" ? matchKind(e) !== "" : matchKind(e) === match)));
  }

  apply(remember) {
    const shown = this.selected();
    this.events.clearLayers();
    shown.filter((e) => e.lat !== null && e.lon !== null).forEach((e) => {
      const match = matchKind(e);
      const [stroke, weight, dash] = MATCH_STROKE[match];
      L.circleMarker([e.lat, e.lon], { radius: match === "sanctioned" ? 8 : 6, fillColor: TYPE_COLOURS[e.type] || "#333", fillOpacity: 0.9,
        color: stroke, weight: weight, dashArray: dash, className: ["event", e.type, match].filter(Boolean).join(" ") })
        .bindTooltip(eventTooltip(e))
        .on("click", () => this.pick(e))
        .addTo(this.events);
    });
    this.renderTable(shown);
    this.container.dataset.drawn = String(this.events.getLayers().length);
    if (remember) this.remember();
  }

  remember() {  // the address bar shares the filters, as the screen page shares its query
    const url = new URL(window.location.href);
    ["type", "start", "end", "match", "sanctioned"].forEach((name) => url.searchParams.delete(name));
    const boxes = [...this.filters.querySelectorAll("input[name=type]")];
    if (boxes.some((b) => !b.checked)) boxes.filter((b) => b.checked).forEach((b) => url.searchParams.append("type", b.value));
    const form = this.filters.elements;
    for (const name of ["start", "end", "match"]) if (form[name].value) url.searchParams.set(name, form[name].value);
    window.history.replaceState(null, "", url);
  }

  drawTracks() {
    this.tracks.clearLayers();
    this.trackLayers = {};
    const vessels = this.data.vessels || {};
    this.data.tracks.forEach((t) => {
      const vessel = vessels[t.mmsi] || { mmsi: t.mmsi };
      const match = (vessel.designations || []).length ? "sanctioned" : ((vessel.possible_matches || []).length ? "possible" : "");
      const line = L.polyline(t.points.map(([lon, lat]) => [lat, lon]), {
        color: match === "sanctioned" ? "#b3261e" : (match === "possible" ? "#b86e00" : "#4a7bb7"), weight: 2, opacity: 0.7,
        className: "track" + (match ? " " + match : "") })
        .bindTooltip(label(vesselName(vessel) + " · MMSI " + t.mmsi))
        .on("click", () => this.showVessel(t.mmsi))
        .addTo(this.tracks);
      (this.trackLayers[t.mmsi] = this.trackLayers[t.mmsi] || []).push(line);
    });
  }

  fit() {
    const layers = [...this.events.getLayers(), ...this.tracks.getLayers()];
    if (!layers.length) { this.map.fitBounds(KOREA); return; }
    this.map.fitBounds(L.featureGroup(layers).getBounds().pad(0.1), { maxZoom: 8 });
  }

  renderTable(shown) {
    const total = this.data.events.length;
    const noun = total === 1 ? " event" : " events";
    document.getElementById("events-heading").textContent = (shown.length === total ? "" : shown.length + " of ") + total + noun;
    const rows = shown.map((e) => {
      const match = matchKind(e);
      const vessels = el("span", null, ...e.vessels.map((v) => {
        const listed = (v.designations || []).length ? " sanctioned" : ((v.possible_matches || []).length ? " possible" : "");
        const button = el("button", { type: "button", class: "link member" + listed, "data-mmsi": v.mmsi },
                          vesselName(v) + (v.imo ? " (IMO " + v.imo + ")" : ""));
        button.addEventListener("click", () => { this.pick(e); this.showVessel(v.mmsi); });
        return button;
      }));
      return [e.type, e.start, e.end, e.lat === null ? "" : e.lat.toFixed(3) + ", " + e.lon.toFixed(3), vessels,
              match ? pill(match === "possible" ? "possible match" : match, match) : "",
              el("span", null, Number(e.confidence).toFixed(2), this.data.simulated ? " " : null, this.data.simulated ? pill("simulated") : null)];
    });
    const body = table(["type", "start", "end", "position", "vessels", "match", "confidence"], rows, "events");
    if (!rows.length) body.tBodies[0].appendChild(el("tr", null, el("td", { colspan: 7 }, "No event matches.")));
    document.getElementById("events-table").replaceChildren(body);
  }

  pick(event) {
    if (event.lat !== null) this.map.setView([event.lat, event.lon], Math.max(this.map.getZoom(), 8));
    this.showVessel(event.vessels[0].mmsi);
  }

  showVessel(mmsi) {
    const vessel = (this.data.vessels || {})[mmsi] || this.data.events.flatMap((e) => e.vessels).find((v) => v.mmsi === mmsi) || { mmsi: mmsi };
    renderProfile(this.profile, vessel, this.data.events, this.data.simulated, (e) => this.pick(e), (m) => this.showTrack(m));
  }

  showTrack(mmsi) {
    const lines = this.trackLayers[mmsi] || [];
    if (lines.length) this.map.fitBounds(L.featureGroup(lines).getBounds().pad(0.2), { maxZoom: 11 });
  }
}

document.addEventListener("DOMContentLoaded", async () => {
  const container = document.getElementById("map");
  if (!container) return;
  try {
    const [data, world] = await Promise.all([
      fetch(container.dataset.api).then((r) => (r.ok ? r.json() : Promise.reject(new Error("the map data answered " + r.status)))),
      fetch(container.dataset.world).then((r) => r.json()),
    ]);
    const page = new MaritimePage(container, world, data);
    const form = document.getElementById("ais-upload");
    if (form) wireUpload(form, (result) => { page.setData(result, null); page.remember(); });
  } catch (error) {
    container.replaceChildren(el("p", { class: "missing" }, "The map could not be drawn: " + error.message));
  }
});
