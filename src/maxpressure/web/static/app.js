// maxpressure workbench: results as you type, and the batch upload with progress.
// Text from the lists goes into the page with textContent only, never as HTML.
"use strict";

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
  return node;
}

function table(headers, rows) {
  const t = el("table", null, { class: "data" });
  const head = t.createTHead().insertRow();
  headers.forEach((h) => head.appendChild(el("th", h)));
  const body = t.createTBody();
  rows.forEach((cells) => {
    const tr = body.insertRow();
    cells.forEach((cell) => {
      const td = tr.insertCell();
      if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell === null || cell === undefined ? "" : String(cell);
    });
  });
  return t;
}

function entityLink(id, caption) {
  return el("a", caption, { href: "/entity/" + encodeURIComponent(id) });
}

// The list entries found by list id, identifier or name (`/search`), each saying why.
async function showFound(query, box, found) {
  const response = await fetch("/search?limit=20&q=" + encodeURIComponent(query));
  if (!response.ok) return [];
  const data = await response.json();
  if (box.value.trim() !== query) return null;  // a newer keystroke won
  const rows = data.results.map((r) => [entityLink(r.entity_id, r.caption), r.schema, r.list, r.list_id, r.matched, r.listed_on]);
  found.replaceChildren(el("h3", "List entries found by id, identifier or name"),
    rows.length ? table(["name", "schema", "list", "list id", "found by", "list's own date"], rows) : el("p", "No entry matches."));
  return data.results;
}

// Why a screening result scored what it did: each feature that counted, with what it compared.
function explanation(r) {
  const why = el("div", null, { class: "why" });
  if (r.matched_entry) why.appendChild(el("div", "best matching entry " + r.matched_entry.list + ":" + r.matched_entry.list_id));
  for (const [feature, detail] of Object.entries(r.explanations || {})) {
    if (!detail.score) continue;
    why.appendChild(el("div", feature + " +" + Number(detail.score).toFixed(3) + ": " + detail.detail));
  }
  return why;
}

async function screenAsYouType(box, results) {
  const query = box.value.trim();
  const url = new URL(window.location.href);
  url.searchParams.set("q", query);
  window.history.replaceState(null, "", url);  // the address bar always shares the current query
  const found = document.getElementById("found");
  if (query.length < 2) { results.replaceChildren(); found.replaceChildren(); return; }
  const byId = await showFound(query, box, found);
  if (byId === null || results.dataset.endpoint === "/search") return;
  // A list id or an identifier names its entry: screening it as a name would only find look-alikes.
  if (/\d/.test(query) && (byId || []).some((r) => r.how !== "name")) {
    results.replaceChildren(el("p", "“" + query + "” is a list id or an identifier of the entries above; it is not screened as a name."));
    return;
  }
  const schema = document.getElementById("screen-schema").value;
  const body = { queries: { q: { schema: schema, properties: { name: [query] } } } };
  const response = await fetch(results.dataset.endpoint + "?limit=10", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) return;
  const data = await response.json();
  if (box.value.trim() !== query) return;
  const rows = (data.responses.q.results || []).map((r) => [
    entityLink(r.id, r.caption), r.schema, Number(r.score).toFixed(3), r.match ? "match" : "",
    r.lists ? r.lists.map((l) => l.list + ":" + l.list_id).join(", ") : (r.datasets || []).join(", "), explanation(r)]);
  results.replaceChildren(rows.length ? table(["name", "schema", "score", "match", "lists", "why"], rows) : el("p", "No name scores above the threshold."));
}

function setupScreen() {
  const box = document.getElementById("screen-query");
  const results = document.getElementById("screen-results");
  if (!box || !results) return;
  let timer = null;
  box.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => screenAsYouType(box, results).catch(() => {}), 150);
  });
  document.getElementById("screen-form").addEventListener("submit", (event) => {
    event.preventDefault();
    screenAsYouType(box, results).catch(() => {});
  });
  document.getElementById("screen-schema").addEventListener("change", () => screenAsYouType(box, results).catch(() => {}));
  if (box.value.trim() && results.dataset.endpoint !== "/search") screenAsYouType(box, results).catch(() => {});
}

// The server streams the results one query at a time, each row starting with the query's ordinal,
// and says in X-Queries how many there are: received rows become the second half of the bar.
function batchProgress(request, bar) {
  const total = Number(request.getResponseHeader("X-Queries")) || 0;
  const text = request.responseText;
  const end = text.lastIndexOf("\n", text.length - 2);
  const lastLine = text.slice(end + 1);
  const done = parseInt(lastLine, 10);
  if (total > 0 && done > 0) bar.value = 50 + (50 * done) / total;
  return [Number.isNaN(done) ? 0 : done, total];
}

function setupBatch() {
  const form = document.getElementById("batch-form");
  if (!form) return;
  const bar = document.getElementById("batch-progress");
  const status = document.getElementById("batch-status");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.responseType = "text";
    bar.hidden = false; bar.value = 0; status.textContent = "Uploading…";
    request.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = (50 * e.loaded) / e.total; };
    request.upload.onload = () => { bar.value = 50; status.textContent = "Screening…"; };
    request.onprogress = () => {
      if (request.status !== 200) return;
      const [done, total] = batchProgress(request, bar);
      if (total) status.textContent = "Screening… " + done + " of " + total + " queries";
    };
    request.onload = () => {
      if (request.status !== 200) {
        let message = request.statusText;
        try { const detail = JSON.parse(request.responseText).detail; message = detail.message || detail; } catch (e) { /* keep statusText */ }
        status.textContent = "Error: " + message;
        return;
      }
      bar.value = 100;
      const blob = new Blob([request.responseText], { type: "text/csv" });
      const count = request.getResponseHeader("X-Queries");
      const link = el("a", "Download the results (CSV)", { href: URL.createObjectURL(blob), download: "screening-results.csv" });
      status.replaceChildren(el("span", "Done: " + count + " queries screened. "), link);
    };
    request.onerror = () => { status.textContent = "Error: the upload failed."; };
    request.send(new FormData(form));
  });
}

document.addEventListener("DOMContentLoaded", () => { setupScreen(); setupBatch(); });
