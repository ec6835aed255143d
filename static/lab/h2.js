// The live HTTP/2 lab: asks the server for an HTTP/2 lab session, listens to its event stream
// (the dissection of every frame of the server's own h2c conversation), asks for requests,
// and draws each frame as a card (cards.js), with the HPACK fields of each HEADERS and the
// dynamic table afterwards, plus a timeline by stream. Also lists the captured h2c sessions
// of other clients (curl --http2-prior-knowledge). See templates/lab_http2.html.
//
// SECURITY: all text from the server or a peer goes through textContent (dom.js's h()).

import { h, formatTime, hexToBytes, bitAt } from "../render/dom.js";
import { renderDissection } from "../render/cards.js";
import { renderBitGrid } from "../render/bitgrid.js";
import { HTTP1 } from "../generated/tables.js";
import { t, tn } from "../i18n.js";
import { wire } from "../i18n-wire.js";

/** What each header field means, from the `http1` crate's one table (lowercase names). */
const MEANING = new Map(HTTP1.header_meanings.map((e) => [e.name, e.meaning]));

/** Cards kept in the page; older ones go. */
export const MAX_CARDS = 400;
/** Frames drawn in the stream timeline (the most recent). */
export const MAX_COLUMNS = 60;
/** The paths of the "at once" button: bodies of 24, 32 and 40 KiB that the server writes 4 KiB
 * at a time (routes/labs/h2.rs), so the three streams' DATA frames interleave on the wire. */
export const CONCURRENT = ["/api/lab/h2/big/24", "/api/lab/h2/big/32", "/api/lab/h2/big/40"];

/** Short marks for the stream timeline. */
const MARKS = {
  DATA: "D", HEADERS: "H", PRIORITY: "Pr", RST_STREAM: "R", SETTINGS: "S", PUSH_PROMISE: "PP",
  PING: "P", GOAWAY: "G", WINDOW_UPDATE: "W", CONTINUATION: "C",
};

/** What each mark stands for, for the legend: the frame type's name (RFC 9113 §6). */
const MARK_NAMES = Object.keys(MARKS);

const $ = (id) => document.getElementById(id);

/** The timeline item for one event of an HTTP/2 session or capture. */
export function renderH2Event(ev) {
  const item = h("li", { class: `ev ev-${safe(ev.kind)}`, dataset: { kind: safe(ev.kind) } });
  if (ev.seq !== undefined) item.dataset.seq = String(ev.seq);
  // The stream timeline's marks link here: #h2-frame-12.
  if (ev.seq !== undefined && ev.kind === "frame") item.id = `h2-frame-${ev.seq}`;
  if (ev.kind === "frame" || ev.kind === "preface") {
    const title = ev.kind === "preface"
      ? t("Connection {n}: the client preface", { n: ev.connection ?? "" })
      : t("{type} · stream {stream} · connection {n}", { type: ev.frame_type ?? t("frame"), stream: ev.stream_id ?? 0, n: ev.connection ?? "" });
    const card = renderDissection(ev.dissection ?? {}, {
      direction: ev.direction, tMs: ev.t_ms, seq: ev.seq, kind: ev.kind, truncated: ev.truncated,
      title, fieldsOpen: ev.frame_type === "HEADERS" ? false : undefined,
    });
    flagsBitByBit(card, ev.dissection);
    const arrow = card.querySelector(".wt-dir");
    if (arrow) arrow.title = ev.direction === "server" ? t("sent by the server") : t("sent by the HTTP/2 client");
    card.dataset.frameType = String(ev.frame_type ?? "PREFACE");
    card.dataset.stream = String(ev.stream_id ?? 0);
    const hpack = renderHpack(ev);
    if (hpack) card.insertBefore(hpack, card.children[1] ?? null);
    item.append(card);
  } else {
    item.append(h("p", { class: "ev-line" },
      h("span", { class: "ev-tag", text: TAGS[ev.kind] ?? String(ev.kind ?? "event") }),
      ev.t_ms !== undefined ? h("span", { class: "wt-time", text: formatTime(ev.t_ms) }) : null,
      h("span", { class: "ev-text", text: wire(String(ev.text ?? "")) })));
  }
  return item;
}

/**
 * Redraws a frame card's bit grid with the Flags octet bit by bit, as RFC 9113 §4.1 defines
 * flags per type: each flag this type defines gets its own one-bit cell (selecting it selects
 * that flag's field), and each bit it leaves undefined a cell saying so.
 */
export function flagsBitByBit(card, d) {
  const fields = Array.isArray(d?.fields) ? d.fields : [];
  const headerBits = Number(d?.header_bits) || 0;
  const i = fields.findIndex((f) => f.name === "Flags");
  const grid = card.querySelector(".bitgrid");
  if (i < 0 || !grid || !headerBits) return;
  const flags = fields[i];
  const start = flags.bits?.start ?? 0;
  const len = flags.bits?.len ?? 0;
  const bytes = hexToBytes(d.bytes);
  const list = [];
  fields.forEach((f, k) => {
    if (k !== i && (f.bits?.start ?? 0) < headerBits) list.push({ fid: String(k), field: f });
  });
  for (let b = start; b < start + len; b++) {
    const j = (flags.children ?? []).findIndex((c) => c.bits?.start === b && c.bits?.len === 1);
    if (j >= 0) list.push({ fid: `${i}.${j}`, field: flags.children[j] });
    else list.push({ fid: String(i), field: {
      name: "·", value: t("a flag this type does not define: sent as 0, ignored (RFC 9113 §4.1)"),
      bits: { start: b, len: 1 }, raw: { kind: "uint", value: bitAt(bytes, b) ?? 0 },
    } });
  }
  list.sort((a, b) => a.field.bits.start - b.field.bits.start);
  grid.replaceWith(renderBitGrid(bytes, headerBits, list));
}

const TAGS = { note: t("note"), closed: t("TCP closed"), request: t("request") };

function safe(kind) {
  return String(kind ?? "event").replace(/[^a-z0-9-]/gi, "") || "event";
}

/** The representations of a field block: every child of "Field Block Fragment" fields. */
export function representations(dissection) {
  const out = [];
  for (const f of dissection?.fields ?? []) {
    if (!/Field Block/.test(String(f.name))) continue;
    for (const c of f.children ?? []) {
      if (!/Header Field|Size Update/.test(String(c.name))) continue;
      out.push({ kind: String(c.name), field: String(c.value ?? ""), bytes: Math.round((c.bits?.len ?? 0) / 8) });
    }
  }
  return out;
}

/** For a HEADERS (or CONTINUATION) event: the header list with each field's cost on the
 * wire, then the dynamic table afterwards and what was evicted. */
function renderHpack(ev) {
  if (!Array.isArray(ev.hpack_table)) return null;
  const reps = representations(ev.dissection);
  const box = h("section", { class: "h2-hpack", "aria-label": t("HPACK, field by field") });
  if (reps.length) {
    const body = h("tbody");
    for (const r of reps) {
      const cut = r.field.indexOf(": ", r.field.startsWith(":") ? 1 : 0);
      const name = cut >= 0 ? r.field.slice(0, cut) : r.field;
      const value = cut >= 0 ? r.field.slice(cut + 2) : "";
      body.append(h("tr", { dataset: { header: name } },
        h("td", { class: "h2-name" }, h("code", { text: name, title: MEANING.has(name.toLowerCase()) ? wire(MEANING.get(name.toLowerCase())) : undefined })),
        h("td", { class: "h2-value" }, h("code", { text: value })),
        h("td", { class: "h2-rep", text: r.kind, dataset: { label: t("Representation") } }),
        h("td", { class: "h2-cost", text: `${r.bytes} B`, dataset: { label: t("On the wire") } })));
    }
    const total = reps.reduce((n, r) => n + r.bytes, 0);
    box.append(h("table", { class: "h2-headers stack" },
      h("caption", { text: total === 1
        ? tn(reps.length, "The header list, decoded field by field: {n} field in {total} byte", "The header list, decoded field by field: {n} fields in {total} byte", { total })
        : tn(reps.length, "The header list, decoded field by field: {n} field in {total} bytes", "The header list, decoded field by field: {n} fields in {total} bytes", { total }) }),
      h("thead", {}, h("tr", {},
        h("th", { scope: "col", text: t("Name") }), h("th", { scope: "col", text: t("Value") }),
        h("th", { scope: "col", text: t("Representation (RFC 7541 §6)") }), h("th", { scope: "col", text: t("On the wire") }))),
      body));
  }
  const table = ev.hpack_table;
  const vars = { n: table.length, size: ev.hpack_table_size ?? 0, max: ev.hpack_table_max ?? 4096, added: ev.hpack_added ?? 0 };
  const rows = h("tbody");
  for (const e of table) {
    rows.append(h("tr", {},
      h("td", { text: String(e.index), dataset: { label: t("Index") } }), h("td", {}, h("code", { text: String(e.name) })),
      h("td", {}, h("code", { text: String(e.value) })), h("td", { text: String(e.size), dataset: { label: t("Size") } })));
  }
  box.append(h("table", { class: "h2-table stack" },
    h("caption", { text: ev.direction === "server"
      ? tn(table.length, "The server → client dynamic table afterwards: {n} entry, {size} of {max} bytes ({added} added by this block)",
        "The server → client dynamic table afterwards: {n} entries, {size} of {max} bytes ({added} added by this block)", vars)
      : tn(table.length, "The client → server dynamic table afterwards: {n} entry, {size} of {max} bytes ({added} added by this block)",
        "The client → server dynamic table afterwards: {n} entries, {size} of {max} bytes ({added} added by this block)", vars) }),
    h("thead", {}, h("tr", {},
      h("th", { scope: "col", text: t("Index") }), h("th", { scope: "col", text: t("Name") }),
      h("th", { scope: "col", text: t("Value") }), h("th", { scope: "col", text: t("Size (name + value + 32)") }))),
    rows));
  const evicted = Array.isArray(ev.hpack_evicted) ? ev.hpack_evicted : [];
  if (evicted.length) {
    box.append(h("p", { class: "h2-evicted", text: t("Evicted to make room (oldest first out): {entries}",
      { entries: evicted.map((e) => `${e.name}: ${e.value} (${e.size} B)`).join("; ") }) }));
  }
  return box;
}

// ---- the stream timeline ------------------------------------------------------------------

/** Frames of the session, for the stream timeline: {key, type, direction, seq}. */
const marks = [];

function addMark(ev) {
  marks.push({
    key: `${ev.connection ?? 0}/${ev.stream_id ?? 0}`, type: String(ev.frame_type ?? ""),
    direction: ev.direction === "server" ? "server" : "client", seq: ev.seq,
  });
  if (marks.length > MAX_COLUMNS) marks.splice(0, marks.length - MAX_COLUMNS);
  drawStreams();
}

function drawStreams() {
  const box = $("h2-streams");
  if (!box) return;
  const keys = [...new Set(marks.map((m) => m.key))].sort((a, b) => {
    const [ca, sa] = a.split("/").map(Number);
    const [cb, sb] = b.split("/").map(Number);
    return ca - cb || sa - sb;
  });
  const body = h("tbody");
  for (const key of keys) {
    const [conn, stream] = key.split("/");
    const row = h("tr", { dataset: { stream, connection: conn } },
      h("th", { scope: "row", text: t("conn {conn}, stream {stream}", { conn, stream }) }));
    for (const m of marks) {
      row.append(m.key === key
        ? h("td", { class: `mark dir-${m.direction}` },
          h("a", { href: `#h2-frame-${m.seq}`, title: `#${m.seq} ${m.type} (${m.direction === "client" ? t("client → server") : t("server → client")})`, text: MARKS[m.type] ?? "?" }))
        : h("td", { class: "empty" }));
    }
    body.append(row);
  }
  box.replaceChildren(h("table", { class: "h2-stream-table" },
    h("caption", { text: t("Frames by stream, oldest left (the marks and colours: the legend above).") }),
    body));
}

/** The stream timeline's legend: each mark's frame type, and the two directions' colours. */
export function renderLegend() {
  const list = h("ul", { class: "h2-legend" });
  list.append(
    h("li", { class: "h2-legend-dir" }, h("span", { class: "mark dir-client", text: "H" }), ` ${t("client → server (the lab's HTTP/2 client)")}`),
    h("li", { class: "h2-legend-dir" }, h("span", { class: "mark dir-server", text: "H" }), ` ${t("server → client (boxed)")}`));
  for (const type of MARK_NAMES) {
    list.append(h("li", { dataset: { type } }, h("span", { class: "mark", text: MARKS[type] }), ` ${type}`));
  }
  return list;
}

// ---- the session --------------------------------------------------------------------------

let session = null;
const seen = new Set();

function say(text) {
  $("h2-status").textContent = text;
}

function add(list, ev) {
  const item = renderH2Event(ev);
  list.append(item);
  let items = list.querySelectorAll(":scope > li.ev");
  while (items.length > MAX_CARDS) {
    items[0].remove();
    items = list.querySelectorAll(":scope > li.ev");
  }
  return item;
}

async function ensureSession() {
  if (session) return session;
  const r = await fetch("/api/lab/h2/sessions", { method: "POST", headers: { "x-wiretrail": "1" } });
  if (!r.ok) throw new Error(t("no session: {status}", { status: r.status }));
  const { id } = await r.json();
  const es = new EventSource(`/lab/h2/events/${encodeURIComponent(id)}`);
  es.addEventListener("lab", (msg) => {
    let ev;
    try { ev = JSON.parse(msg.data); } catch { return; }
    const key = `${ev.seq}`;
    if (seen.has(key)) return;
    seen.add(key);
    add($("h2-timeline"), ev);
    if (ev.kind === "frame") addMark(ev);
  });
  session = { id, es };
  return session;
}

async function act(what, body) {
  const buttons = document.querySelectorAll("#h2-bench button");
  for (const b of buttons) b.disabled = true;
  try {
    const { id } = await ensureSession();
    say(t("Working…"));
    const r = await fetch(`/api/lab/h2/${encodeURIComponent(id)}/${what}`, {
      method: "POST",
      headers: body ? { "content-type": "application/json", "x-wiretrail": "1" } : { "x-wiretrail": "1" },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!r.ok) {
      const text = await r.text();
      let why = text;
      try { why = JSON.parse(text).error ?? text; } catch { /* plain text */ }
      say(t("The server said {status}: {why}", { status: r.status, why: wire(String(why)) }));
    } else {
      say(DONE[what] ?? t("Done."));
    }
  } catch (e) {
    say(t("Failed: {error}", { error: e.message }));
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}

const DONE = {
  request: t("Done: the frames are below."),
  ping: t("Done: a PING and its ACK, on a second connection."),
  abort: t("Done: a request and its RST_STREAM, on a second connection."),
  close: t("Closed: the client's GOAWAY is below."),
};

// ---- captures -----------------------------------------------------------------------------

async function refreshCaptures() {
  const list = $("h2-captures");
  try {
    const r = await fetch("/api/lab/h2/captures");
    const { captures } = await r.json();
    list.replaceChildren();
    if (!captures.length) {
      list.append(h("li", { text: t("None yet: run the curl command above, then refresh.") }));
      return;
    }
    for (const c of captures) {
      const paths = (c.paths ?? []).join(", ") || t("no request");
      const state = `${c.open ? t(" (open)") : ""}${c.capped ? t(" (capped)") : ""}`;
      list.append(h("li", {},
        h("button", { type: "button", class: "h2-capture", dataset: { n: String(c.n) } },
          t("Capture {n}: {paths} — {frames} frames, {bytes} bytes, {age} s ago{state}", { n: c.n, paths, frames: c.frames, bytes: c.bytes, age: c.age_s, state }))));
    }
  } catch (e) {
    list.replaceChildren(h("li", { text: t("Cannot list the captures: {error}", { error: e.message }) }));
  }
}

async function showCapture(n) {
  const out = $("h2-capture-timeline");
  out.replaceChildren(h("li", { class: "ev", text: t("Loading capture {n}…", { n }) }));
  const r = await fetch(`/api/lab/h2/captures/${encodeURIComponent(n)}`);
  if (!r.ok) {
    out.replaceChildren(h("li", { class: "ev", text: t("Capture {n} is gone (the ring keeps the most recent).", { n }) }));
    return;
  }
  const c = await r.json();
  out.replaceChildren();
  for (const ev of c.events ?? []) add(out, ev);
}

// ---- start --------------------------------------------------------------------------------

function init() {
  for (const el of document.querySelectorAll(".js-only")) el.hidden = false;
  for (const el of document.querySelectorAll(".nojs")) el.remove();
  const cmd = $("curl-command");
  if (cmd) cmd.textContent = `curl --http2-prior-knowledge ${location.protocol}//${location.host}/healthz`;
  const path = () => $("h2-path").value;
  $("h2-one").addEventListener("click", () => act("request", { paths: [path()] }));
  $("h2-again").addEventListener("click", () => act("request", { paths: [path()] }));
  $("h2-concurrent").addEventListener("click", () => act("request", { paths: CONCURRENT, concurrent: true }));
  $("h2-ping").addEventListener("click", () => act("ping"));
  $("h2-abort").addEventListener("click", () => act("abort"));
  $("h2-close").addEventListener("click", () => act("close"));
  $("h2-legend")?.replaceChildren(renderLegend());
  $("h2-refresh").addEventListener("click", refreshCaptures);
  $("h2-captures").addEventListener("click", (e) => {
    const b = e.target instanceof Element ? e.target.closest("button[data-n]") : null;
    if (b) showCapture(b.dataset.n);
  });
  refreshCaptures();
  say(t("Not connected: the first request opens the connection."));
}

init();
