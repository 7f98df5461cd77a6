// The vessel profile beside the map: who the AIS says the ship is (every identity it broadcast,
// first and last seen), the list entries it matches (designated or only a possible look-alike,
// each linking to its dossier), and its events.
import { el, entityLink, pill, table, vesselName } from "./dom.js";

function listEntry(hit) {
  const how = hit.match === "imo" || hit.match === "mmsi" ? hit.match.toUpperCase() + " " + hit.value : hit.match.replace("_", " ") + " “" + hit.value + "”";
  const notes = [];
  if (hit.contradictions) notes.push("contradicted by " + hit.contradictions.join(", ").replaceAll("_", " "));
  if (hit.corroborated_by) notes.push("corroborated by " + hit.corroborated_by.join(", ").replaceAll("_", " "));
  if (hit.unverified) notes.push("nothing in the broadcast confirms it");
  return el("li", { class: hit.strength },
    pill(hit.strength === "designated" ? "sanctioned" : "possible match", hit.strength === "designated" ? "sanctioned" : "possible"), " ",
    entityLink(hit.entity_id, hit.caption), " ", el("small", null, hit.list + " " + hit.list_id),
    el("br"), el("small", null, "matched by " + how + ", confidence " + Number(hit.confidence).toFixed(2) +
                               (notes.length ? "; " + notes.join("; ") : "")));
}

const when = (iso) => iso.slice(0, 16).replace("T", " ");  // minutes are enough to tell identities apart

function identities(rows) {
  if (!rows || !rows.length) return el("p", null, "The AIS carries no static report (name, IMO, call sign) for this MMSI.");
  return table(["first seen", "last seen", "IMO", "name", "call sign", "flag"],
    rows.map((r) => [when(r.first), when(r.last), r.imo || "", r.name || "", r.callsign || "", r.flag || ""]),
    "identities compact");
}

export function renderProfile(panel, vessel, events, simulated, pickEvent, showTrack) {
  const hits = [...(vessel.designations || []), ...(vessel.possible_matches || [])];
  const own = events.filter((e) => e.vessels.some((v) => v.mmsi === vessel.mmsi));
  const eventRows = own.map((e) => {
    const others = e.vessels.filter((v) => v.mmsi !== vessel.mmsi).map(vesselName).join(", ");
    const open = el("button", { type: "button", class: "link" }, e.type.replace("_", " "));
    open.addEventListener("click", () => pickEvent(e));
    return [open, when(e.start), when(e.end), others, Number(e.confidence).toFixed(2)];
  });
  const close = el("button", { type: "button", class: "close", "aria-label": "Close the vessel profile" }, "×");
  close.addEventListener("click", () => { panel.hidden = true; });
  const track = el("button", { type: "button" }, "Show its track");
  track.addEventListener("click", () => showTrack(vessel.mmsi));
  panel.replaceChildren(...[
    close,
    el("h2", null, vesselName(vessel), " ", simulated ? pill("simulated") : null),
    simulated ? el("p", { class: "simulated-note" }, "A simulated ship of the demo scenario, not a real vessel.") : null,
    el("dl", { class: "facts" },
      el("dt", null, "MMSI"), el("dd", null, vessel.mmsi),
      el("dt", null, "IMO"), el("dd", null, vessel.imo || "not broadcast"),
      el("dt", null, "flag (from the MMSI)"), el("dd", null, vessel.flag || "unknown"),
      vessel.callsign ? el("dt", null, "call sign") : null, vessel.callsign ? el("dd", null, vessel.callsign) : null),
    track,
    el("h3", null, "List entries"),
    hits.length ? el("ul", { class: "hits" }, ...hits.map(listEntry)) : el("p", null, "No list entry matches this vessel."),
    el("h3", null, "Identities over time"),
    identities(vessel.identities),
    el("h3", null, own.length + " events"),
    own.length ? table(["event", "start", "end", "with", "confidence"], eventRows, "vessel-events compact") : null,
  ].filter(Boolean));
  panel.hidden = false;
  panel.dataset.mmsi = vessel.mmsi;
}
