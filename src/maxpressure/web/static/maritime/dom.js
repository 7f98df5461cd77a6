// Small DOM helpers for the map page. Text from AIS files and lists goes in with textContent only:
// an uploaded file can name a ship "<img onerror=...>", and it must show as those characters.

export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function pill(text, kind) {
  return el("span", { class: "pill " + (kind || text) }, text);
}

export function table(headers, rows, className) {
  const head = el("tr", null, ...headers.map((h) => el("th", null, h)));
  const body = el("tbody", null, ...rows.map((cells) => el("tr", null, ...cells.map((c) => el("td", null, c)))));
  return el("table", { class: "data " + (className || "") }, el("thead", null, head), body);
}

export function entityLink(id, caption) {
  return el("a", { href: "/entity/" + encodeURIComponent(id) }, caption);
}

export function vesselName(vessel) {
  return vessel.name || "MMSI " + vessel.mmsi;
}

// "sanctioned": a vessel of the event matches a list entry by an identifier or an uncontradicted
// name; "possible": only a name look-alike that the vessel's own broadcast contradicts or cannot confirm.
export function matchKind(event) {
  if (event.sanctioned) return "sanctioned";
  return event.vessels.some((v) => (v.possible_matches || []).length) ? "possible" : "";
}
