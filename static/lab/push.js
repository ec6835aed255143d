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
import { t, tn } from "../i18n.js";
import { wire } from "../i18n-wire.js";

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
  if (!best) throw new Error(t("the server's clock did not answer"));
  return { offset: best.offset, uncertainty: best.rtt / 2, samples: CLOCK_SAMPLES };
}

async function newSession() {
  const { status: code, json } = await api("POST", "/api/lab/push/sessions");
  if (code !== 201) throw new Error(json.error ? wire(String(json.error)) : t("the server answered {status}", { status: code }));
  lab.id = json.id;
  lab.clock = await syncClock(lab.id);
  $("lab-push").dataset.session = lab.id;
  const sign = lab.clock.offset < 0 ? "−" : "+";
  $("push-clock").textContent = t("Session clock = this page's clock {sign} {offset} ms, known to ±{uncertainty} ms (half the shortest of {n} round trips to the server's clock).",
    { sign, offset: Math.abs(lab.clock.offset).toFixed(1), uncertainty: lab.clock.uncertainty.toFixed(2), n: lab.clock.samples });
}

const sessionClock = () => performance.now() + lab.clock.offset;

function readForm() {
  const num = (id) => Number($(id).value);
  const techniques = [...document.querySelectorAll("input[name=technique]:checked")].map((i) => i.value);
  const mode = document.querySelector("input[name=mode]:checked")?.value ?? "together";
  const params = { events: num("events"), interval_ms: num("interval"), payload_bytes: num("payload"), poll_ms: num("poll"), delay_ms: num("delay") };
  return { techniques: TECHNIQUES.filter((tech) => techniques.includes(tech)), mode, params };
}

async function startRun(techniques, params) {
  let res = await api("POST", `/api/lab/push/${encodeURIComponent(lab.id)}/runs`, { techniques, ...params });
  if (res.status === 404) {
    // The session ended while the page sat idle: a new one, and its clock.
    await newSession();
    res = await api("POST", `/api/lab/push/${encodeURIComponent(lab.id)}/runs`, { techniques, ...params });
  }
  if (res.status !== 201) throw new Error(res.json.error ? wire(String(res.json.error)) : t("the server answered {status}", { status: res.status }));
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
  status(t("Run {run}: {techniques} — {n} events every {ms} ms…",
    { run, techniques: techniques.map((tech) => NAMES[tech]).join(", "), n: params.events, ms: params.interval_ms }), "running");
  const pages = await Promise.all(techniques.map((tech) => receive(tech, { id: lab.id, run, params, clock: sessionClock, signal })));
  status(t("Run {run}: waiting for the tap to count the last bytes…", { run }), "running");
  const { json: report } = await api("GET", `/api/lab/push/${encodeURIComponent(lab.id)}/runs/${run}`);
  return pages.map((p) => combine(report, p, params));
}

async function run(e) {
  e.preventDefault();
  const { techniques, mode, params } = readForm();
  if (!techniques.length) {
    status(t("Choose at least one technique."), "error");
    return;
  }
  lab.abort = new AbortController();
  lab.params = params;
  $("run").disabled = true;
  $("stop").disabled = false;
  const rows = [];
  try {
    if (mode === "sequence") {
      for (const tech of techniques) {
        if (lab.abort.signal.aborted) break;
        rows.push(...(await runOnce([tech], params, lab.abort.signal)));
        show(rows);
      }
    } else {
      rows.push(...(await runOnce(techniques, params, lab.abort.signal)));
    }
    show(rows);
    const failed = rows.filter((r) => r.error);
    status(failed.length
      ? t("Done, with problems: {problems}", { problems: failed.map((r) => `${NAMES[r.technique]}: ${r.error}`).join("; ") })
      : tn(rows.length, "Done: {n} technique, {events} events each, measured on the wire.", "Done: {n} techniques, {events} events each, measured on the wire.", { events: params.events }),
    failed.length ? "error" : "done");
  } catch (err) {
    status(t("The run failed: {error}", { error: err?.message ?? err }), "error");
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
      title: c === "requests" ? t("{tap} seen by the tap; {page} made by this page", { tap: r.requests, page: r.page_requests }) : undefined,
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
    const more = r.exchanges_omitted ? t(" ({n} more counted, not kept)", { n: r.exchanges_omitted }) : "";
    const details = h("details", { class: "push-exchange", dataset: { technique: r.technique } },
      h("summary", { text: tn(r.exchanges.length, "{technique}: {n} exchange kept{more}", "{technique}: {n} exchanges kept{more}", { technique: NAMES[r.technique], more }) }),
      r.problems.length ? h("ul", { class: "push-problems" }, r.problems.map((p) => h("li", { text: wire(String(p)) }))) : null);
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
  const label = t("exchange {n}", { n: i + 1 });
  const list = h("ol", { class: "timeline push-cards", "aria-label": label });
  const item = (card) => list.append(h("li", {}, card));
  const tally = tn(x.events, "{up} bytes up, {down} down, {n} event", "{up} bytes up, {down} down, {n} events",
    { up: x.up.header + x.up.framing + x.up.payload, down: x.down.header + x.down.framing + x.down.payload });
  list.append(h("li", { class: "ev-line" }, h("span", { class: "ev-tag", text: label }), h("span", { class: "ev-text", text: `${tally}${x.problem ? ` — ${wire(String(x.problem))}` : ""}` })));
  item(renderDissection(x.request, { direction: "client", asText: true, title: t("The request, as the tap read it"), kind: "request", fieldsOpen: false }));
  if (x.response) item(renderDissection(x.response, { direction: "server", asText: true, title: t("The response head"), kind: "response", fieldsOpen: false }));
  if (x.body) item(renderDissection(x.body, { direction: "server", asText: true, title: t("The body, sorted ({n} bytes in all)", { n: x.body_len }), kind: "body", fieldsOpen: false }));
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
  const head = [t("technique"), t("requests"), t("bytes up"), t("bytes down"), t("header"), t("framing"), t("payload"), t("empty"), t("events"), "p50 ms", "p95 ms", "max ms"];
  const line = (cells) => `| ${cells.join(" | ")} |`;
  const table = [line(head), line(head.map((_, i) => (i ? "---:" : "---"))),
    ...rows.map((r) => line([NAMES[r.technique], ...COLUMNS.map((c) => cell(r, c))]))];
  return [
    t("# Push lab report"),
    "",
    t("Measured with wiretrail's push lab on {date}: {n} events of {bytes} bytes every {interval} ms, polling {poll} ms after each answer, {delay} ms of simulated delay on each server write.",
      { date: new Date().toISOString(), n: params.events, bytes: params.payload_bytes, interval: params.interval_ms, poll: params.poll_ms, delay: params.delay_ms }),
    "",
    t("Bytes and requests are what the server's connection tap saw, both ways, sorted into HTTP headers, framing and payload by parsing them; events and latency are what the page received, latency from the server's publication to the page's handler."),
    clock ? t("The page's clock was offset from the session's by {offset} ms, known to ±{uncertainty} ms.", { offset: clock.offset.toFixed(1), uncertainty: clock.uncertainty.toFixed(2) }) : "",
    "",
    ...table,
    "",
    t("Reading it in RFC 6202's terms: polling pays a request per poll (the empty column); long polling (§2.1) about one request per event, each with its header overhead (§2.2); HTTP streaming (§3.1) and the forever iframe one response, then per-event framing; Server-Sent Events adds an id per event and resumes with Last-Event-ID; a WebSocket (RFC 6455) frames a small server message with 2 bytes."),
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
    .then(() => status(t("Ready: choose the techniques and the feed, then Run."), "ready"))
    .catch((err) => status(t("Cannot start a lab session: {error}", { error: err?.message ?? err }), "error"));
}

init();
