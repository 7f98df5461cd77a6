// The analyst's own AIS file: posted to the upload endpoint, which runs the maritime detectors in
// the background; the page polls the job for its stage and shows the events when it is done.
import { el } from "./dom.js";

const POLL_MS = 500;

async function errorText(response) {
  try {
    const body = await response.json();
    return typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
  } catch (_) {
    return response.status + " " + response.statusText;
  }
}

function say(status, text, kind) {
  status.classList.remove("error", "done");
  if (kind) status.classList.add(kind);
  status.replaceChildren(el("span", null, text));
}

async function follow(url, progress, status) {
  for (;;) {
    const response = await fetch(url, { cache: "no-store" });
    if (!response.ok) throw new Error(await errorText(response));
    const job = await response.json();
    progress.value = Math.round(100 * job.progress);
    if (job.state === "ready") return job;
    if (job.state === "failed") throw new Error(job.error);
    say(status, job.file + ": " + job.stage + " (" + job.step + " of " + job.steps + ")");
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export function wireUpload(form, onResult) {
  const progress = form.querySelector("progress");
  const status = form.querySelector(".upload-status");
  const button = form.querySelector("button");
  form.addEventListener("submit", async (submitted) => {
    submitted.preventDefault();
    const file = form.querySelector("input[type=file]").files[0];
    if (!file) { say(status, "Choose an AIS file first (CSV, NMEA or Parquet).", "error"); return; }
    const limit = Number(form.dataset.maxBytes);
    if (limit && file.size > limit) {
      say(status, file.name + " is " + (file.size / 1048576).toFixed(1) + " MB; the upload limit is " +
                  (limit / 1048576) + " MB. Use `maxpressure maritime detect` on the command line.", "error");
      return;
    }
    button.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    say(status, "Sending " + file.name + " …");
    try {
      const body = new FormData();
      body.append("file", file, file.name);
      const response = await fetch(form.action, { method: "POST", body: body });
      if (!response.ok) throw new Error(await errorText(response));
      const job = await follow((await response.json()).status_url, progress, status);
      progress.value = 100;
      const counts = Object.entries(job.result.counts).map(([type, n]) => n + " " + type.replace("_", " ")).join(", ");
      const found = job.result.events.length;
      const read = job.result.ingest.counts;
      say(status, job.file + ": " + found + (found === 1 ? " event" : " events") + (counts ? " (" + counts + ")" : "") +
                  " from " + (read.positions || 0).toLocaleString("en") + " positions of " + (read.vessels || 0) + " vessels" +
                  " in " + job.seconds + " s", "done");
      onResult(job.result);
    } catch (error) {
      say(status, error.message, "error");
    } finally {
      button.disabled = false;
    }
  });
}
