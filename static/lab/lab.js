// The live WebSocket lab: asks the server for a lab session, listens to its event stream (the
// dissections of every byte the learner's socket carries), opens the learner's socket, and
// draws each event as a card. See templates/lab_websocket.html for what the learner reads.
//
// SECURITY: all text from the server or the peer goes through textContent (dom.js's h()).

import { h, randomBytes, formatSize, download } from "../render/dom.js";
import { renderEvent, payloadBytes, payloadStart } from "./events.js";
import { initRoving, toggleCollapsed } from "./roving.js";
import { frameFacts } from "../render/cards.js";
import { closeStory } from "./story.js";
import { measureClock, sessionTime, formatUncertainty } from "./clock.js";
import { captureJson, captureMarkdown, parseCapture, MAX_EVENTS } from "./capture.js";
import { initWorkbench } from "./workbench.js";
import { savedTheme, chooseTheme } from "../theme.js";
import { WS } from "../generated/tables.js";
import { t, tn } from "../i18n.js";
import { wire } from "../i18n-wire.js";

/** Cards kept in the page; older ones go (the session log keeps every event). */
export const MAX_CARDS = 500;
/** 1.1 MiB: past the lab socket's 1 MiB limit. */
const TOO_BIG = Math.round(1.1 * 1024 * 1024);

/**
 * The close codes the server may be asked to send: the `websocket` crate's codes that the
 * lab's one rule (labs::ws::askable_close_code, which the ask API checks) marks askable.
 * The ranges 3000-3999 and 4000-4999 are offered by their first code.
 */
export const CLOSE_CODES = WS.close_codes.filter((c) => c.askable);

const $ = (id) => document.getElementById(id);
const timeline = $("timeline");
const statusLine = $("status");
const logStatus = $("log-status");

/** Every event of every session, in arrival order (for export). */
const events = [];
/** `${session}/${seq}` of the server events already shown: the stream replays on reconnect. */
const seen = new Set();
let dropped = 0;
let droppedNote = null;
/** The current connection (see newSession). */
let current = null;
/** Each session and each replay draws as its own group, in the order they began. */
let groups = 0;
/** How long a page event waits for the server event that caused it before it is drawn alone. */
const CAUSE_WAIT_MS = 3000;
/** Whether new cards arrive collapsed ("Collapse all" was the last choice). */
let allCollapsed = false;
/** The most bytes of a reassembled message shown. */
const MAX_REASSEMBLED = 4096;

function say(text) {
  statusLine.textContent = text;
}

// ---- the timeline -------------------------------------------------------------------------
//
// One clock, causal order: every item carries its group (a session, a replay) and its time on
// that session's clock (`data-t`); an item is inserted after every item of an earlier group and
// every item of its group with a time not later than its own. A page event is drawn once the
// server event that caused it is drawn (the 101 before `open`, the frame(s) before `message`,
// the TCP close before `close`), never above it: when the clocks' uncertainty would put it
// there, it is drawn right after its cause and says so.

function nearBottom() {
  return window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 160;
}

/** Which of the three lanes an event is drawn in: the page's API, the frames, TCP. */
function laneOf(ev) {
  if (ev.kind === "page" || ev.kind === "hint") return "page";
  if (ev.kind === "tcp") return "tcp";
  return "frames";
}

/** The time an event sorts by on its session's clock. */
function orderOf(ev) {
  const t = Number(ev.order_ms ?? ev.t_ms);
  return Number.isFinite(t) ? t : -1;
}

/** Records an event and draws it in its group, in time order. */
export function addEvent(ev, { record = true, group = groups } = {}) {
  if (record) {
    events.push(ev);
    if (events.length > MAX_EVENTS) events.splice(0, events.length - MAX_EVENTS);
  }
  // A frame begun is told by the reads that carry it, not drawn.
  if (ev.kind === "frame-begun") return null;
  const follow = nearBottom();
  const item = renderEvent(ev, { idPrefix: group > 1 ? `s${group}-` : "" });
  if (ev.kind === "message" && ev.id) item.id = `${group > 1 ? `s${group}-` : ""}${ev.id}`;
  item.classList.add(`lane-${laneOf(ev)}`);
  if (allCollapsed && item.querySelector("article")) toggleCollapsed(item, true);
  const t = orderOf(ev);
  item.dataset.group = String(group);
  item.dataset.t = String(t);
  let before = null;
  for (let el = timeline.lastElementChild; el; el = el.previousElementSibling) {
    if (el.dataset.group === undefined) break;
    const g = Number(el.dataset.group);
    if (g < group || (g === group && Number(el.dataset.t) <= t)) break;
    before = el;
  }
  timeline.insertBefore(item, before);
  applyFilter(item);
  // A permalink opened before its card existed (a replay, a session still streaming).
  if (item.id && location.hash === `#${item.id}`) {
    item.classList.add("wt-target");
    item.scrollIntoView({ block: "start" });
  }
  trim();
  if (follow && ev.kind !== "marker" && !before) item.scrollIntoView({ block: "nearest" });
  return item;
}

/** What the filter shows: all, data or control frames, one side's frames, problems. */
const FILTERS = {
  all: () => true,
  data: (li) => li.dataset.kind === "message" || li.dataset.kind === "frame" && ["0", "1", "2"].includes(li.querySelector("article")?.dataset.opcode),
  control: (li) => li.dataset.kind === "frame" && ["8", "9", "10"].includes(li.querySelector("article")?.dataset.opcode),
  client: (li) => li.querySelector("article")?.dataset.direction === "client",
  server: (li) => li.querySelector("article")?.dataset.direction === "server",
  errors: (li) => Boolean(li.querySelector("article.has-problems")) || li.dataset.kind === "hint",
};

function applyFilter(item) {
  const choice = document.getElementById("timeline-filter")?.value ?? "all";
  const show = (FILTERS[choice] ?? FILTERS.all)(item);
  item.classList.toggle("filtered-out", !show);
}

/** One line per frame, and collapse or expand every card. */
function initLayout() {
  const compact = $("timeline-compact");
  compact?.addEventListener("change", () => timeline.classList.toggle("compact", compact.checked));
  const all = (collapsed) => {
    allCollapsed = collapsed;
    for (const li of timeline.querySelectorAll(":scope > li.ev")) if (li.querySelector("article")) toggleCollapsed(li, collapsed);
  };
  $("collapse-all")?.addEventListener("click", () => all(true));
  $("expand-all")?.addEventListener("click", () => all(false));
}

function initFilter() {
  const select = $("timeline-filter");
  if (!select) return;
  select.addEventListener("change", () => {
    for (const li of timeline.querySelectorAll(":scope > li.ev")) applyFilter(li);
  });
}

function trim() {
  let items = timeline.querySelectorAll(":scope > li.ev");
  while (items.length > MAX_CARDS) {
    items[0].remove();
    dropped++;
    items = timeline.querySelectorAll(":scope > li.ev");
  }
  if (dropped) {
    if (!droppedNote) {
      droppedNote = h("li", { class: "ev-dropped", role: "note" });
    }
    droppedNote.textContent = tn(dropped,
      "{n} older card was removed from the page to keep it light (at most {max} are shown). The session log below still has every event: export it to see them all.",
      "{n} older cards were removed from the page to keep it light (at most {max} are shown). The session log below still has every event: export it to see them all.",
      { max: MAX_CARDS });
    timeline.prepend(droppedNote);
  }
}

function clearTimeline() {
  timeline.replaceChildren();
  droppedNote = null;
  dropped = 0;
}

// ---- the connection -----------------------------------------------------------------------

/** A session as the page follows it. */
function newSession(id, limits, clock) {
  return {
    id, limits, clock, group: ++groups, es: null, ws: null,
    /** The server's 101 and the TCP close, once drawn. */
    response: null, closed: null,
    /** Server messages completed (each the list of its frame events), and the one in progress. */
    messages: [], partial: null,
    /** Message events the page got so far. */
    pageMessages: 0,
    /** Page events waiting for their cause. */
    waiting: [],
    /** The TCP lane's reads and writes drawn, to say which frames each carried. */
    reads: [],
    /** The server's events, for the hints written from them. */
    log: [],
    /** The size of the big message the page sent, if it did. */
    sentBig: 0,
    /** Fragmented messages under way, by connection and direction: their frame events. */
    fragments: new Map(),
  };
}

/** Notes what a server event settles: the 101, a message's frames, the TCP close. */
function observe(s, ev, item) {
  if (ev.kind === "frame") groupFragments(s, ev, item);
  if (ev.kind === "tcp" && item && Array.isArray(ev.range)) s.reads.push({ ev, item });
  if (s.reads.length > MAX_CARDS) s.reads.splice(0, s.reads.length - MAX_CARDS);
  if (ev.kind === "frame" && Array.isArray(ev.range)) carried(s, ev);
  // The lab's raw client's connection has its own frames: the page's socket's bookkeeping
  // (its 101, its messages, its close, the hint after it) is not about them.
  if (isRaw(ev)) return;
  s.log.push(ev);
  if (s.log.length > MAX_EVENTS) s.log.splice(0, s.log.length - MAX_EVENTS);
  if (ev.kind === "handshake-response") s.response = [ev];
  if (ev.kind === "closed") s.closed = [ev];
  if (ev.kind === "frame" && ev.direction === "server") {
    const facts = frameFacts(ev.dissection?.fields ?? []);
    const op = Number(facts.opcode);
    if (op === 1 || op === 2) s.partial = [ev];
    else if (op === 0 && s.partial) s.partial.push(ev);
    if ((op === 0 || op === 1 || op === 2) && facts.fin === "1" && s.partial) {
      if (s.partial.length > 1) s.partial.group = `message-${s.partial[0].seq}`;
      s.messages.push(s.partial);
      s.partial = null;
    }
  }
  for (const w of [...s.waiting]) {
    const cause = w.cause(s);
    if (cause) {
      clearTimeout(w.timer);
      s.waiting.splice(s.waiting.indexOf(w), 1);
      drawPage(s, w, cause);
    }
  }
}

/** Whether an event is of the lab's raw client's connection (not the page's socket). */
function isRaw(ev) {
  return ev.connection !== undefined && ev.connection !== null;
}

/**
 * Groups a fragmented message's frames (RFC 6455 §5.4): each fragment's card is marked with
 * its message, and after the last one an item shows the frames and the payload reassembled
 * once (at most MAX_REASSEMBLED bytes of it).
 */
function groupFragments(s, ev, item) {
  const facts = frameFacts(ev.dissection?.fields ?? []);
  const op = Number(facts.opcode);
  if (!(op === 0 || op === 1 || op === 2)) return;
  const key = `${ev.connection ?? "page"}/${ev.direction}`;
  let open = s.fragments.get(key);
  if (op !== 0) {
    // A new message; a first frame with FIN 1 is a message of one frame, not grouped.
    open = facts.fin === "0" ? { frames: [], items: [], opcode: op } : null;
    if (open) s.fragments.set(key, open);
    else s.fragments.delete(key);
  }
  if (!open) return;
  if (open.frames.length >= MAX_CARDS) return;
  open.frames.push(ev);
  if (item) open.items.push(item);
  const id = `message-${open.frames[0].seq}`;
  const prefix = s.group > 1 ? `s${s.group}-` : "";
  if (item) {
    item.classList.add("ev-fragment");
    item.dataset.message = id;
    item.querySelector(".wt-meta")?.append(h("a", { class: "ev-fragment-of", href: `#${prefix}${id}`,
      dataset: { fragment: String(open.frames.length) }, text: t("fragment {i} of a message", { i: open.frames.length }) }));
  }
  if (facts.fin !== "1") return;
  s.fragments.delete(key);
  const n = open.frames.length;
  for (const it of open.items) {
    const a = it.querySelector(".ev-fragment-of");
    if (a) a.textContent = t("fragment {i} of {n}: the whole message", { i: a.dataset.fragment, n });
  }
  let kept = 0;
  let total = 0;
  let excerpted = false;
  const parts = [];
  for (const f of open.frames) {
    const bytes = payloadBytes(f.dissection) ?? new Uint8Array();
    total += Number(frameFacts(f.dissection?.fields ?? []).length) || bytes.length;
    if (f.truncated) excerpted = true;
    if (kept < MAX_REASSEMBLED) parts.push(bytes.subarray(0, MAX_REASSEMBLED - kept));
    kept += bytes.length;
  }
  const joined = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) { joined.set(p, at); at += p.length; }
  addEvent({
    kind: "message", id, session: s.id, t_ms: ev.t_ms, direction: ev.direction,
    ...(isRaw(ev) ? { connection: ev.connection } : {}),
    opcode_name: open.opcode === 1 ? "Text" : "Binary", frames: open.frames.map((f) => f.seq),
    total, kept, shown: joined.length, excerpted,
    payload: open.opcode === 1 ? new TextDecoder("utf-8", { fatal: false }).decode(joined) : payloadStart(joined, 2, MAX_REASSEMBLED),
  }, { group: s.group, record: false });
}

/** Adds frame `ev` to each read or write of its direction whose range overlaps the frame's. */
function carried(s, ev) {
  const [from, to] = ev.range.map(Number);
  for (const { ev: r, item } of s.reads) {
    if (r.direction !== ev.direction || (r.connection ?? null) !== (ev.connection ?? null)) continue;
    const [a, b] = r.range.map(Number);
    if (b <= from || a >= to) continue;
    const whole = a <= from && b >= to;
    const list = item.querySelector(".tcp-frames");
    if (!list) continue;
    if (list.childElementCount) list.append(", ");
    list.append(h("a", { href: `#${s.group > 1 ? `s${s.group}-` : ""}frame-${ev.seq}`,
      text: whole ? `#${ev.seq}` : t("#{seq} ({part} of its {n} bytes)", { seq: ev.seq, part: Math.min(b, to) - Math.max(a, from), n: to - from }) }));
  }
}

/**
 * A page event at `pageMs` (an event's timeStamp, on the page's clock), drawn once `cause(s)`
 * names the server events that caused it (or after CAUSE_WAIT_MS without them).
 */
function pageEvent(s, text, pageMs = performance.now(), cause = () => [], then = undefined) {
  const w = { text, t: sessionTime(s.clock, pageMs), cause, timer: null, then };
  const now = cause(s);
  if (now) return drawPage(s, w, now);
  w.timer = setTimeout(() => {
    s.waiting.splice(s.waiting.indexOf(w), 1);
    drawPage(s, w, [], true);
  }, CAUSE_WAIT_MS);
  s.waiting.push(w);
}

function drawPage(s, w, cause, missing = false) {
  const causeT = Math.max(-1, ...cause.map((e) => Number(e.t_ms)).filter(Number.isFinite));
  const t = w.t ?? causeT;
  addEvent({
    kind: "page", session: s.id, t_ms: t, order_ms: Math.max(t, causeT),
    uncertainty_ms: s.clock?.uncertainty, cause: cause.map((e) => e.seq),
    cause_kind: cause[0]?.kind,
    ...(cause.group ? { message: cause.group } : {}),
    ...(missing ? { cause_missing: true } : {}), text: w.text,
  }, { group: s.group });
  w.then?.(Math.max(t, causeT));
}

function setConnected(open) {
  $("send-box").disabled = !open;
  $("ask-box").disabled = !open;
  $("connect").disabled = open;
}

function onLab(message) {
  let ev;
  try {
    ev = JSON.parse(message.data);
  } catch {
    return;
  }
  if (!ev || typeof ev !== "object") return;
  const s = this.labSession;
  const key = `${s.id}/${ev.seq}`;
  if (seen.has(key)) return;
  seen.add(key);
  const item = addEvent({ session: s.id, ...ev }, { group: s.group });
  observe(s, ev, item);
  if (ev.kind === "closed" && !isRaw(ev) && s.ws) {
    const es = this;
    setTimeout(() => es.close(), 500);
  }
}

/**
 * Asks the server for a lab session, measures the clock, and opens its event stream.
 * @returns {Promise<object|null>} the session followed (now `current`), or null (said why)
 */
async function startSession() {
  say(t("Asking the server for a lab session…"));
  let session;
  let asked = 0;
  let answered = 0;
  try {
    asked = performance.now();
    const r = await fetch("/api/lab/ws/sessions", { method: "POST", headers: { "X-Wiretrail": "1" } });
    answered = performance.now();
    if (r.status === 503) throw new Error(t("the server has too many lab sessions open (503); try again in a moment"));
    if (!r.ok) throw new Error(t("the server answered {status}", { status: r.status }));
    session = await r.json();
  } catch (e) {
    say(t("Could not start a lab session: {error}.", { error: e.message }));
    return null;
  }
  const id = String(session.id ?? "");
  const clock = await measureClock(`/api/lab/ws/${encodeURIComponent(id)}/clock`)
    ?? { offset: (asked + answered) / 2, uncertainty: (answered - asked) / 2, samples: 0 };
  current = newSession(id, session, clock);
  linkExports(id);
  const spoken = Array.isArray(session.protocols) ? session.protocols.join(", ") : "";
  const how = clock.samples
    ? t("the quickest of {n} readings of the server's clock", { n: clock.samples })
    : t("the session request's round trip (the server's clock could not be read)");
  addEvent({ kind: "marker", session: id, t_ms: 0, clock: { uncertainty_ms: clock.uncertainty },
    text: t("Lab session {id}. This socket accepts messages up to {max}; the server speaks the subprotocols {spoken}. One clock: every time below is on the session's clock (the server's); your page's events are mapped onto it {uncertainty} (from {how}).",
      { id, max: formatSize(Number(session.max_message) || 0), spoken: spoken || t("(none)"), uncertainty: formatUncertainty(clock.uncertainty), how }) },
  { group: current.group });

  await listen(current);
  return current;
}

/** Opens (or opens again) session `s`'s event stream; the server replays what was missed. */
async function listen(s) {
  const es = new EventSource(`/lab/ws/events/${encodeURIComponent(s.id)}`);
  es.labSession = s;
  s.es = es;
  es.addEventListener("lab", onLab);
  es.addEventListener("error", () => {
    if (es.readyState === EventSource.CONNECTING) say(t("The event stream dropped; reconnecting (events already shown are not repeated)…"));
  });
  await new Promise((resolve) => {
    es.addEventListener("open", resolve, { once: true });
    setTimeout(resolve, 3000);
  });
}

/**
 * The session the workbench's raw sends go to: the current one, its event stream open
 * again if it was closed; a new one (without a page socket) if there is none or `fresh`.
 */
async function rawSession(fresh = false) {
  if (current && !fresh) {
    if (!current.es || current.es.readyState === EventSource.CLOSED) await listen(current);
    return current;
  }
  return startSession();
}

async function connect() {
  if (current?.ws && current.ws.readyState <= WebSocket.OPEN) return;
  $("connect").disabled = true;
  const started = await startSession();
  if (!started) {
    $("connect").disabled = false;
    return;
  }
  const id = started.id;

  const choice = $("subprotocols").value;
  const protocols = choice ? choice.split(",").map((s) => s.trim()) : [];
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const url = `${scheme}//${location.host}/ws/lab?session=${encodeURIComponent(id)}`;
  say(protocols.length ? t("Opening {url} offering {protocols}…", { url, protocols: protocols.join(", ") }) : t("Opening {url}…", { url }));
  let ws;
  try {
    ws = protocols.length ? new WebSocket(url, protocols) : new WebSocket(url);
  } catch (e) {
    say(t("The browser refused to open the socket: {error}", { error: e.message }));
    $("connect").disabled = false;
    return;
  }
  ws.binaryType = "arraybuffer";
  current.ws = ws;
  const mine = current;
  ws.addEventListener("open", (e) => {
    setConnected(true);
    // The Connect button is now disabled: without this, focus would fall to <body>.
    if (!document.activeElement || document.activeElement === document.body || document.activeElement === $("connect")) $("send-text").focus();
    say(t("Connected: 101 Switching Protocols. Subprotocol: {protocol}; extensions: {extensions}.",
      { protocol: ws.protocol ? `“${ws.protocol}”` : t("none"), extensions: ws.extensions || t("none") }));
    pageEvent(mine, t("open event: the page's socket is open; ws.protocol = {protocol}, ws.extensions = {extensions}.",
      { protocol: JSON.stringify(ws.protocol), extensions: JSON.stringify(ws.extensions) }),
      e.timeStamp, (s) => s.response);
  });
  ws.addEventListener("message", (e) => {
    const k = mine.pageMessages++;
    const text = typeof e.data === "string"
      ? t("message event: the page received {n} characters of text.", { n: e.data.length })
      : t("message event: the page received {n} bytes of binary.", { n: e.data.byteLength });
    pageEvent(mine, text, e.timeStamp, (s) => s.messages[k] ?? null);
  });
  ws.addEventListener("error", (e) => pageEvent(mine, t("error event: the browser failed the connection (the page is not told why; the cards show what happened on the wire)."), e.timeStamp));
  ws.addEventListener("close", (e) => {
    setConnected(false);
    const vars = { code: e.code, reason: JSON.stringify(e.reason), clean: e.wasClean };
    const told = { code: e.code, reason: e.reason, wasClean: e.wasClean };
    pageEvent(mine, e.reason ? t("close event: code {code}, reason {reason}, wasClean {clean}.", vars) : t("close event: code {code}, wasClean {clean}.", vars),
      e.timeStamp, (s) => s.closed,
      (at) => addEvent({ kind: "hint", session: mine.id, t_ms: at, text: closeStory(mine.log, told, mine.sentBig) }, { group: mine.group }));
    say(e.reason ? t("Closed: code {code}, reason {reason}. Connect again for a new session.", vars) : t("Closed: code {code}. Connect again for a new session.", vars));
    setTimeout(() => { if (mine.es && mine.es.readyState !== EventSource.CLOSED) mine.es.close(); }, 5000);
  });
}

async function ask(body) {
  if (!current) return;
  say(t("Asking the server: {action}…", { action: body.action }));
  try {
    const r = await fetch(`/api/lab/ws/${encodeURIComponent(current.id)}/ask`, {
      method: "POST",
      headers: { "content-type": "application/json", "X-Wiretrail": "1" },
      body: JSON.stringify(body),
    });
    if (r.status === 202) {
      say(t("The server accepted: {action}.", { action: body.action }));
      return;
    }
    let error = "";
    try {
      error = (await r.json()).error ?? "";
    } catch { /* not JSON */ }
    const why = { 404: t("unknown session"), 409: t("no open socket in this session"), 400: t("bad request") }[r.status] ?? "";
    const status = why ? `${r.status}, ${why}` : String(r.status);
    say(error ? t("The server refused ({status}): {error}.", { status, error: wire(error) }) : t("The server refused ({status}).", { status }));
  } catch (e) {
    say(t("The request failed: {error}", { error: e.message }));
  }
}

function send(data, what) {
  const ws = current?.ws;
  if (!ws || ws.readyState !== WebSocket.OPEN) {
    say(t("Not connected."));
    return;
  }
  ws.send(data);
  say(t("Sent {what}.", { what }));
}

function sendBinary(n) {
  const size = Math.max(0, Math.min(Number(n) || 0, 16 * 1024 * 1024));
  send(randomBytes(size), t("{size} of random binary", { size: formatSize(size) }));
}

// ---- wiring -------------------------------------------------------------------------------

function onSubmit(id, fn) {
  $(id).addEventListener("submit", (e) => {
    e.preventDefault();
    fn();
  });
}

function initControls() {
  $("connect").addEventListener("click", connect);
  onSubmit("send-text-form", () => send($("send-text").value, t("a text message")));
  onSubmit("send-binary-form", () => sendBinary($("binary-size").value));
  for (const b of document.querySelectorAll("button.size")) b.addEventListener("click", () => sendBinary(b.dataset.size));
  $("too-big").addEventListener("click", () => {
    if (current) current.sentBig = TOO_BIG;
    send(randomBytes(TOO_BIG), t("{size} of random binary (past the 1 MiB limit)", { size: formatSize(TOO_BIG) }));
  });
  onSubmit("browser-close-form", () => {
    const ws = current?.ws;
    if (!ws) return;
    const code = Number($("browser-close-code").value);
    const reason = $("browser-close-reason").value;
    try {
      ws.close(code, reason);
      say(t("The page called close({code}, {reason}): watch the Close frames.", { code, reason: JSON.stringify(reason) }));
    } catch (e) {
      say(t("The browser refused: {name}: {error}", { name: e.name, error: e.message }));
    }
  });
  const select = $("ask-close-code");
  const range = (c) => (c.last ? ` (${c.code}-${c.last})` : "");
  for (const c of CLOSE_CODES) select.append(h("option", { value: String(c.code), text: `${c.code} ${c.name}${range(c)}` }));
  const meaning = $("ask-close-meaning");
  const explain = () => {
    const c = CLOSE_CODES.find((entry) => String(entry.code) === select.value);
    meaning.textContent = c ? `${c.code} ${c.name}${range(c)}: ${wire(c.meaning)}` : "";
  };
  select.addEventListener("change", explain);
  explain();
  onSubmit("ask-fragmented-form", () => ask({ action: "fragmented", text: $("frag-text").value, parts: Number($("frag-parts").value) }));
  onSubmit("ask-ping-form", () => ask({ action: "ping", payload: $("ping-payload").value }));
  onSubmit("ask-pong-form", () => ask({ action: "pong", payload: $("pong-payload").value }));
  onSubmit("ask-close-form", () => ask({ action: "close", code: Number(select.value), reason: $("ask-close-reason").value }));
  $("ask-protocol-error").addEventListener("click", () => ask({ action: "protocol-error" }));
  onSubmit("ask-binary-form", () => ask({ action: "binary", size: Number($("ask-binary-size").value) }));
}

function initLog() {
  const stamp = () => new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  $("export-json").addEventListener("click", () => {
    download(`wiretrail-lab-${stamp()}.json`, "application/json", captureJson(events));
    logStatus.textContent = t("Exported {n} events as JSON.", { n: events.length });
  });
  $("export-md").addEventListener("click", () => {
    download(`wiretrail-lab-${stamp()}.md`, "text/markdown", captureMarkdown(events));
    logStatus.textContent = t("Exported {n} events as a Markdown report.", { n: events.length });
  });
  $("import-file").addEventListener("change", async (e) => {
    const file = e.target.files?.[0];
    if (!file) return;
    try {
      importCapture(await file.text(), file.name);
    } catch (err) {
      logStatus.textContent = t("Could not read {file}: {error}", { file: file.name, error: err.message });
    }
    e.target.value = "";
  });
  $("clear-log").addEventListener("click", () => {
    clearTimeline();
    events.length = 0;
    logStatus.textContent = t("Cleared.");
  });
}

/** Points the server-side export links at session `id` (GET /api/lab/ws/{id}/export). */
function linkExports(id) {
  const base = `/api/lab/ws/${encodeURIComponent(id)}/export?format=`;
  for (const [el, format] of [["export-pcap", "pcap"], ["export-har", "har"], ["export-server-md", "md"], ["export-server-json", "json"]]) {
    const a = $(el);
    if (a) a.href = base + format;
  }
  const p = $("server-exports");
  if (p) p.hidden = false;
}

/** Replays a capture's events into the timeline (and into the log). */
export function importCapture(text, name = "capture") {
  const imported = parseCapture(text);
  addEvent({ kind: "marker", session: `replay of ${name}`,
    text: t("Replaying {n} events from {file} (recorded earlier; nothing is sent to the server).", { n: imported.length, file: name }) }, { group: ++groups });
  // Each session of the capture on its own clock, in the order the capture has them.
  const bySession = new Map();
  for (const ev of imported) {
    const key = String(ev.session ?? "");
    if (!bySession.has(key)) bySession.set(key, newSession(key, null, null));
    const s = bySession.get(key);
    const item = addEvent(ev, { group: s.group });
    // A fragmented message is grouped in a replay as it was live.
    if (ev.kind === "frame") groupFragments(s, ev, item);
  }
  logStatus.textContent = t("Replayed {n} events from {file}.", { n: imported.length, file: name });
  return imported.length;
}

function initView() {
  const root = document.documentElement;
  const big = $("big-type");
  const theme = $("theme");
  const load = (k) => { try { return localStorage.getItem(k); } catch { return null; } };
  const store = (k, v) => { try { localStorage.setItem(k, v); } catch { /* private mode */ } };
  const applyBig = (on) => {
    root.classList.toggle("lab-big", on);
    big.setAttribute("aria-pressed", String(on));
  };
  applyBig(load("wiretrail.big") === "1");
  theme.value = savedTheme();
  big.addEventListener("click", () => {
    const on = !root.classList.contains("lab-big");
    applyBig(on);
    store("wiretrail.big", on ? "1" : "0");
  });
  theme.addEventListener("change", () => { theme.value = chooseTheme(theme.value); });
}

function init() {
  for (const el of document.querySelectorAll(".js-only")) el.hidden = false;
  for (const el of document.querySelectorAll(".nojs")) el.remove();
  initView();
  initControls();
  initLog();
  initFilter();
  initWorkbench({ session: rawSession, addEvent: (ev, s) => addEvent({ session: s.id, ...ev }, { group: s.group }), now: (s) => sessionTime(s.clock, performance.now()) });
  initRoving(timeline);
  initLayout();
  // For tests and the console: the log and the replay, nothing that can send.
  window.wiretrailLab = { events, importCapture, MAX_CARDS };
}

init();
