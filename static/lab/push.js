// The push lab's page: a session and its clock, a run of the chosen techniques (all at once
// on one feed, or one after another), then the summary table, the charts and the raw
// exchanges, from what the server's tap measured and what this page received. Exports the
// table as CSV and a Markdown report. See templates/lab_push.html and labs/push/ in the
// server.
//
// SECURITY: everything from the server reaches the DOM through h() (text nodes) or the
// shared card renderer, which does the same.

import { h, download } from "../render/dom.js";
import { renderDissection } from "../render/cards.js";
import { NAMES, TECHNIQUES, receive } from "./push-clients.js";
import { renderCharts } from "./push-charts.js";

const $ = (id) => document.getElementById(id);
/** How many times the page asks the server's clock. */
const CLOCK_SAMPLES = 8;
const COLUMNS = ["requests", "bytes_up", "bytes_down", "header_bytes", "framing_bytes", "payload_bytes", "empty_responses", "events", "p50_ms", "p95_ms", "max_ms"];

const lab = { id: null, clock: null, rows: [], params: null, abort: null };

function status(text, kind = "") {
  const el = $("push-status");
  el.textContent = text;
  $("lab-push").dataset.state = kind;
}

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    cache: "no-store",
    headers: body ? { "content-type": "application/json", "x-wiretrail": "1" } : { "x-wiretrail": "1" },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => ({}));
  return { status: res.status, json };
}

/**
 * The offset from this page's clock (performance.now) to the session's: the sample with the
 * shortest round trip, whose answer was taken within half of it of the midpoint.
 */
async function syncClock(id) {
  let best = null;
  for (let i = 0; i < CLOCK_SAMPLES; i++) {
    const t0 = performance.now();
    const { json } = await api("GET", `/api/lab/push/${encodeURIComponent(id)}/clock`);
    const t1 = performance.now();
    if (typeof json.t_ms !== "number") continue;
    const rtt = t1 - t0;
    if (!best || rtt < best.rtt) best = { rtt, offset: json.t_ms - (t0 + t1) / 2 };
  }
  if (!best) throw new Error("the server's clock did not answer");
  return { offset: best.offset, uncertainty: best.rtt / 2, samples: CLOCK_SAMPLES };
}

async function newSession() {
  const { status: code, json } = await api("POST", "/api/lab/push/sessions");
  if (code !== 201) throw new Error(json.error ?? `the server answered ${code}`);
  lab.id = json.id;
  lab.clock = await syncClock(lab.id);
  $("lab-push").dataset.session = lab.id;
  const sign = lab.clock.offset < 0 ? "−" : "+";
  $("push-clock").textContent = `Session clock = this page's clock ${sign} ${Math.abs(lab.clock.offset).toFixed(1)} ms, known to ±${lab.clock.uncertainty.toFixed(2)} ms (half the shortest of ${lab.clock.samples} round trips to the server's clock).`;
}

const sessionClock = () => performance.now() + lab.clock.offset;

function readForm() {
  const num = (id) => Number($(id).value);
  const techniques = [...document.querySelectorAll("input[name=technique]:checked")].map((i) => i.value);
  const mode = document.querySelector("input[name=mode]:checked")?.value ?? "together";
  const params = { events: num("events"), interval_ms: num("interval"), payload_bytes: num("payload"), poll_ms: num("poll"), delay_ms: num("delay") };
  return { techniques: TECHNIQUES.filter((t) => techniques.includes(t)), mode, params };
}

async function startRun(techniques, params) {
  let res = await api("POST", `/api/lab/push/${encodeURIComponent(lab.id)}/runs`, { techniques, ...params });
  if (res.status === 404) {
    // The session ended while the page sat idle: a new one, and its clock.
    await newSession();
    res = await api("POST", `/api/lab/push/${encodeURIComponent(lab.id)}/runs`, { techniques, ...params });
  }
  if (res.status !== 201) throw new Error(res.json.error ?? `the server answered ${res.status}`);
  return res.json.run;
}

/** The nearest-rank percentile of sorted values (as the server computes it). */
export function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.max(1, Math.ceil((p * sorted.length) / 100)) - 1];
}

/** One table row: the tap's figures for `technique` in `report`, and what the page got. */
export function combine(report, page, params) {
  const tap = (report.results ?? []).find((r) => r.technique === page.technique) ?? {};
  const published = report.published_ms ?? [];
  const latencies = page.got
    .filter((g) => g.n !== null && published[g.n - 1] !== undefined)
    .map((g) => ({ n: g.n, ms: g.at - published[g.n - 1] }));
  const sorted = latencies.map((l) => l.ms).sort((a, b) => a - b);
  const inOrder = page.got.length === params.events && page.got.every((g, i) => g.n === i + 1);
  return {
    technique: page.technique, run: report.run, requests: tap.requests ?? 0, page_requests: page.requests,
    bytes_up: tap.bytes_up ?? 0, bytes_down: tap.bytes_down ?? 0, header_bytes: tap.header_bytes ?? 0,
    framing_bytes: tap.framing_bytes ?? 0, payload_bytes: tap.payload_bytes ?? 0, empty_responses: tap.empty_responses ?? 0,
    events_received: page.got.length, events: params.events, in_order: inOrder, payload_ok: page.got.every((g) => g.ok),
    p50_ms: percentile(sorted, 50), p95_ms: percentile(sorted, 95), max_ms: percentile(sorted, 100),
    latencies, per_event: tap.per_event ?? [], request_ms: tap.request_ms ?? [], startedMs: report.started_ms ?? 0,
    exchanges: tap.exchanges ?? [], exchanges_omitted: tap.exchanges_omitted ?? 0, problems: tap.problems ?? [],
    settled: report.settled, error: page.error,
  };
}

async function runOnce(techniques, params, signal) {
  const run = await startRun(techniques, params);
  status(`Run ${run}: ${techniques.map((t) => NAMES[t]).join(", ")} — ${params.events} events every ${params.interval_ms} ms…`, "running");
  const pages = await Promise.all(techniques.map((t) => receive(t, { id: lab.id, run, params, clock: sessionClock, signal })));
  status(`Run ${run}: waiting for the tap to count the last bytes…`, "running");
  const { json: report } = await api("GET", `/api/lab/push/${encodeURIComponent(lab.id)}/runs/${run}`);
  return pages.map((p) => combine(report, p, params));
}

async function run(e) {
  e.preventDefault();
  const { techniques, mode, params } = readForm();
  if (!techniques.length) {
    status("Choose at least one technique.", "error");
    return;
  }
  lab.abort = new AbortController();
  lab.params = params;
  $("run").disabled = true;
  $("stop").disabled = false;
  const rows = [];
  try {
    if (mode === "sequence") {
      for (const t of techniques) {
        if (lab.abort.signal.aborted) break;
        rows.push(...(await runOnce([t], params, lab.abort.signal)));
        show(rows);
      }
    } else {
      rows.push(...(await runOnce(techniques, params, lab.abort.signal)));
    }
    show(rows);
    const failed = rows.filter((r) => r.error);
    status(failed.length
      ? `Done, with problems: ${failed.map((r) => `${NAMES[r.technique]}: ${r.error}`).join("; ")}`
      : `Done: ${rows.length} technique${rows.length === 1 ? "" : "s"}, ${params.events} events each, measured on the wire.`,
    failed.length ? "error" : "done");
  } catch (err) {
    status(`The run failed: ${err?.message ?? err}`, "error");
  } finally {
    $("run").disabled = false;
    $("stop").disabled = true;
  }
}

const ms = (v) => (typeof v === "number" ? v.toFixed(1) : "—");

function cell(row, field) {
  if (field === "events") return `${row.events_received}/${row.events}${row.in_order && row.payload_ok ? "" : " ⚠"}`;
  if (field.endsWith("_ms")) return ms(row[field]);
  return String(row[field]);
}

function show(rows) {
  lab.rows = rows;
  $("lab-push").dataset.runs = [...new Set(rows.map((r) => r.run))].join(",");
  const body = $("push-summary").tBodies[0];
  body.replaceChildren(...rows.map((r) => h("tr", { dataset: { technique: r.technique, run: String(r.run) } },
    h("th", { scope: "row", text: NAMES[r.technique] }),
    ...COLUMNS.map((c) => h("td", {
      dataset: { field: c },
      title: c === "requests" ? `${r.requests} seen by the tap; ${r.page_requests} made by this page` : undefined,
      text: cell(r, c),
    })))));
  $("export-csv").disabled = $("export-md").disabled = rows.length === 0;
  renderCharts($("push-charts"), rows, lab.params?.events ?? 0);
  renderExchanges(rows);
}

/** Each technique's kept exchanges, drawn as cards when their box is opened. */
function renderExchanges(rows) {
  const box = $("push-exchanges");
  box.replaceChildren(...rows.map((r) => {
    const more = r.exchanges_omitted ? ` (${r.exchanges_omitted} more counted, not kept)` : "";
    const details = h("details", { class: "push-exchange", dataset: { technique: r.technique } },
      h("summary", { text: `${NAMES[r.technique]}: ${r.exchanges.length} exchange${r.exchanges.length === 1 ? "" : "s"} kept${more}` }),
      r.problems.length ? h("ul", { class: "push-problems" }, r.problems.map((p) => h("li", { text: p }))) : null);
    details.addEventListener("toggle", () => {
      if (details.open && !details.dataset.drawn) {
        details.dataset.drawn = "1";
        r.exchanges.forEach((x, i) => details.append(exchangeCards(x, i)));
      }
    }, { once: false });
    return details;
  }));
}

function exchangeCards(x, i) {
  const list = h("ol", { class: "timeline push-cards", "aria-label": `exchange ${i + 1}` });
  const item = (card) => list.append(h("li", {}, card));
  const tally = `${x.up.header + x.up.framing + x.up.payload} bytes up, ${x.down.header + x.down.framing + x.down.payload} down, ${x.events} event${x.events === 1 ? "" : "s"}`;
  list.append(h("li", { class: "ev-line" }, h("span", { class: "ev-tag", text: `exchange ${i + 1}` }), h("span", { class: "ev-text", text: `${tally}${x.problem ? ` — ${x.problem}` : ""}` })));
  item(renderDissection(x.request, { direction: "client", asText: true, title: "The request, as the tap read it", kind: "request", fieldsOpen: false }));
  if (x.response) item(renderDissection(x.response, { direction: "server", asText: true, title: "The response head", kind: "response", fieldsOpen: false }));
  if (x.body) item(renderDissection(x.body, { direction: "server", asText: true, title: `The body, sorted (${x.body_len} bytes in all)`, kind: "body", fieldsOpen: false }));
  for (const f of x.frames ?? []) item(renderDissection(f.dissection, { direction: f.direction, truncated: f.truncated, kind: "frame" }));
  return list;
}

const CSV_FIELDS = ["technique", "run", "requests", "page_requests", "bytes_up", "bytes_down", "header_bytes", "framing_bytes", "payload_bytes", "empty_responses", "events_received", "events", "in_order", "payload_ok", "p50_ms", "p95_ms", "max_ms"];

/** The table as CSV (RFC 4180: CRLF lines; no field here needs quoting). */
export function toCsv(rows) {
  const value = (v) => (typeof v === "number" ? String(Math.round(v * 1000) / 1000) : String(v ?? ""));
  return [CSV_FIELDS.join(","), ...rows.map((r) => CSV_FIELDS.map((f) => value(r[f])).join(","))].join("\r\n") + "\r\n";
}

/** A lab report in Markdown: what was run, the table, and how to read it. */
export function toMarkdown(rows, params, clock) {
  const head = ["technique", "requests", "bytes up", "bytes down", "header", "framing", "payload", "empty", "events", "p50 ms", "p95 ms", "max ms"];
  const line = (cells) => `| ${cells.join(" | ")} |`;
  const table = [line(head), line(head.map((_, i) => (i ? "---:" : "---"))),
    ...rows.map((r) => line([NAMES[r.technique], ...COLUMNS.map((c) => cell(r, c))]))];
  return [
    "# Push lab report",
    "",
    `Measured with wiretrail's push lab on ${new Date().toISOString()}: ${params.events} events of ${params.payload_bytes} bytes every ${params.interval_ms} ms, polling ${params.poll_ms} ms after each answer, ${params.delay_ms} ms of simulated delay on each server write.`,
    "",
    "Bytes and requests are what the server's connection tap saw, both ways, sorted into HTTP headers, framing and payload by parsing them; events and latency are what the page received, latency from the server's publication to the page's handler.",
    clock ? `The page's clock was offset from the session's by ${clock.offset.toFixed(1)} ms, known to ±${clock.uncertainty.toFixed(2)} ms.` : "",
    "",
    ...table,
    "",
    "Reading it in RFC 6202's terms: polling pays a request per poll (the empty column); long polling (§2.1) about one request per event, each with its header overhead (§2.2); HTTP streaming (§3.1) and the forever iframe one response, then per-event framing; Server-Sent Events adds an id per event and resumes with Last-Event-ID; a WebSocket (RFC 6455) frames a small server message with 2 bytes.",
    "",
  ].join("\n");
}

function init() {
  for (const el of document.querySelectorAll(".js-only")) el.hidden = false;
  for (const el of document.querySelectorAll(".nojs")) el.remove();
  $("push-form").addEventListener("submit", run);
  $("stop").addEventListener("click", () => lab.abort?.abort());
  $("export-csv").addEventListener("click", () => download("push-lab.csv", "text/csv", toCsv(lab.rows)));
  $("export-md").addEventListener("click", () => download("push-lab.md", "text/markdown", toMarkdown(lab.rows, lab.params, lab.clock)));
  newSession()
    .then(() => status("Ready: choose the techniques and the feed, then Run.", "ready"))
    .catch((err) => status(`Cannot start a lab session: ${err?.message ?? err}`, "error"));
}

init();
