// The live WebSocket lab: asks the server for a lab session, listens to its event stream (the
// dissections of every byte the learner's socket carries), opens the learner's socket, and
// draws each event as a card. See templates/lab_websocket.html for what the learner reads.
//
// SECURITY: all text from the server or the peer goes through textContent (dom.js's h()).

import { h, randomBytes, formatSize, download } from "../render/dom.js";
import { renderEvent } from "./events.js";
import { captureJson, captureMarkdown, parseCapture, MAX_EVENTS } from "./capture.js";
import { initWorkbench } from "./workbench.js";
import { savedTheme, chooseTheme } from "../theme.js";
import { WS } from "../generated/tables.js";

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
/** The current connection: {id, es, ws, t0, limits}. */
let current = null;

function say(text) {
  statusLine.textContent = text;
}

// ---- the timeline -------------------------------------------------------------------------

function nearBottom() {
  return window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 160;
}

/** Records an event and draws it. */
export function addEvent(ev, { record = true } = {}) {
  if (record) {
    events.push(ev);
    if (events.length > MAX_EVENTS) events.splice(0, events.length - MAX_EVENTS);
  }
  const follow = nearBottom();
  const item = renderEvent(ev);
  timeline.append(item);
  trim();
  if (follow && ev.kind !== "marker") item.scrollIntoView({ block: "nearest" });
  return item;
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
    droppedNote.textContent = `${dropped} older card${dropped === 1 ? " was" : "s were"} removed from the page to keep it light (at most ${MAX_CARDS} are shown). The session log below still has every event: export it to see them all.`;
    timeline.prepend(droppedNote);
  }
}

function clearTimeline() {
  timeline.replaceChildren();
  droppedNote = null;
  dropped = 0;
}

// ---- the connection -----------------------------------------------------------------------

function pageEvent(text, extra = {}) {
  const t = current ? performance.now() - current.t0 : undefined;
  addEvent({ kind: "page", session: current?.id, t_ms: t, text, ...extra });
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
  const session = this.sessionId;
  const key = `${session}/${ev.seq}`;
  if (seen.has(key)) return;
  seen.add(key);
  addEvent({ session, ...ev });
  if (ev.kind === "closed") {
    const es = this;
    setTimeout(() => es.close(), 500);
  }
}

async function connect() {
  if (current?.ws && current.ws.readyState <= WebSocket.OPEN) return;
  $("connect").disabled = true;
  say("Asking the server for a lab session…");
  let session;
  try {
    const r = await fetch("/api/lab/ws/sessions", { method: "POST", headers: { "x-wiretrail": "1" } });
    if (r.status === 503) throw new Error("the server has too many lab sessions open (503); try again in a moment");
    if (!r.ok) throw new Error(`the server answered ${r.status}`);
    session = await r.json();
  } catch (e) {
    say(`Could not start a lab session: ${e.message}.`);
    $("connect").disabled = false;
    return;
  }
  const id = String(session.id ?? "");
  current = { id, t0: performance.now(), limits: session, es: null, ws: null };
  const spoken = Array.isArray(session.protocols) ? session.protocols.join(", ") : "";
  addEvent({ kind: "marker", session: id, t_ms: 0,
    text: `Lab session ${id}. This socket accepts messages up to ${formatSize(Number(session.max_message) || 0)}; the server speaks the subprotocols ${spoken || "(none)"}.` });

  const es = new EventSource(`/lab/ws/events/${encodeURIComponent(id)}`);
  es.sessionId = id;
  current.es = es;
  es.addEventListener("lab", onLab);
  es.addEventListener("error", () => {
    if (es.readyState === EventSource.CONNECTING) say("The event stream dropped; reconnecting (events already shown are not repeated)…");
  });
  await new Promise((resolve) => {
    es.addEventListener("open", resolve, { once: true });
    setTimeout(resolve, 3000);
  });

  const choice = $("subprotocols").value;
  const protocols = choice ? choice.split(",").map((s) => s.trim()) : [];
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const url = `${scheme}//${location.host}/ws/lab?session=${encodeURIComponent(id)}`;
  say(`Opening ${url}${protocols.length ? ` offering ${protocols.join(", ")}` : ""}…`);
  let ws;
  try {
    ws = protocols.length ? new WebSocket(url, protocols) : new WebSocket(url);
  } catch (e) {
    say(`The browser refused to open the socket: ${e.message}`);
    $("connect").disabled = false;
    return;
  }
  ws.binaryType = "arraybuffer";
  current.ws = ws;
  const mine = current;
  ws.addEventListener("open", () => {
    setConnected(true);
    say(`Connected: 101 Switching Protocols. Subprotocol: ${ws.protocol ? `“${ws.protocol}”` : "none"}; extensions: ${ws.extensions || "none"}.`);
    pageEvent(`open event: the page's socket is open; ws.protocol = ${JSON.stringify(ws.protocol)}, ws.extensions = ${JSON.stringify(ws.extensions)}.`);
  });
  ws.addEventListener("message", (e) => {
    const size = typeof e.data === "string" ? `${e.data.length} characters of text` : `${e.data.byteLength} bytes of binary`;
    pageEvent(`message event: the page received ${size}.`);
  });
  ws.addEventListener("error", () => pageEvent("error event: the browser failed the connection (the page is not told why; the cards above show what happened on the wire)."));
  ws.addEventListener("close", (e) => {
    setConnected(false);
    const reason = e.reason ? `, reason ${JSON.stringify(e.reason)}` : "";
    const explain = e.code === 1006
      ? " 1006 (Abnormal Closure) never travels on the wire: the browser reports it when the TCP connection ended without a closing handshake, e.g. after it failed the connection for a protocol error."
      : "";
    pageEvent(`close event: code ${e.code}${reason}, wasClean ${e.wasClean}.${explain}`);
    say(`Closed: code ${e.code}${reason}. Connect again for a new session.`);
    setTimeout(() => { if (mine.es && mine.es.readyState !== EventSource.CLOSED) mine.es.close(); }, 5000);
  });
}

async function ask(body) {
  if (!current) return;
  say(`Asking the server: ${body.action}…`);
  try {
    const r = await fetch(`/api/lab/ws/${encodeURIComponent(current.id)}/ask`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-wiretrail": "1" },
      body: JSON.stringify(body),
    });
    if (r.status === 202) {
      say(`The server accepted: ${body.action}.`);
      return;
    }
    let error = "";
    try {
      error = (await r.json()).error ?? "";
    } catch { /* not JSON */ }
    const why = { 404: "unknown session", 409: "no open socket in this session", 400: "bad request" }[r.status] ?? "";
    say(`The server refused (${r.status}${why ? `, ${why}` : ""})${error ? `: ${error}` : ""}.`);
  } catch (e) {
    say(`The request failed: ${e.message}`);
  }
}

function send(data, what) {
  const ws = current?.ws;
  if (!ws || ws.readyState !== WebSocket.OPEN) {
    say("Not connected.");
    return;
  }
  ws.send(data);
  say(`Sent ${what}.`);
}

function sendBinary(n) {
  const size = Math.max(0, Math.min(Number(n) || 0, 16 * 1024 * 1024));
  send(randomBytes(size), `${formatSize(size)} of random binary`);
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
  onSubmit("send-text-form", () => send($("send-text").value, "a text message"));
  onSubmit("send-binary-form", () => sendBinary($("binary-size").value));
  for (const b of document.querySelectorAll("button.size")) b.addEventListener("click", () => sendBinary(b.dataset.size));
  $("too-big").addEventListener("click", () => send(randomBytes(TOO_BIG), `${formatSize(TOO_BIG)} of random binary (past the 1 MiB limit)`));
  onSubmit("browser-close-form", () => {
    const ws = current?.ws;
    if (!ws) return;
    const code = Number($("browser-close-code").value);
    const reason = $("browser-close-reason").value;
    try {
      ws.close(code, reason);
      say(`The page called close(${code}, ${JSON.stringify(reason)}): watch the Close frames.`);
    } catch (e) {
      say(`The browser refused: ${e.name}: ${e.message}`);
    }
  });
  const select = $("ask-close-code");
  const range = (c) => (c.last ? ` (${c.code}-${c.last})` : "");
  for (const c of CLOSE_CODES) select.append(h("option", { value: String(c.code), text: `${c.code} ${c.name}${range(c)}` }));
  const meaning = $("ask-close-meaning");
  const explain = () => {
    const c = CLOSE_CODES.find((entry) => String(entry.code) === select.value);
    meaning.textContent = c ? `${c.code} ${c.name}${range(c)}: ${c.meaning}` : "";
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
    logStatus.textContent = `Exported ${events.length} events as JSON.`;
  });
  $("export-md").addEventListener("click", () => {
    download(`wiretrail-lab-${stamp()}.md`, "text/markdown", captureMarkdown(events));
    logStatus.textContent = `Exported ${events.length} events as a Markdown report.`;
  });
  $("import-file").addEventListener("change", async (e) => {
    const file = e.target.files?.[0];
    if (!file) return;
    try {
      importCapture(await file.text(), file.name);
    } catch (err) {
      logStatus.textContent = `Could not read ${file.name}: ${err.message}`;
    }
    e.target.value = "";
  });
  $("clear-log").addEventListener("click", () => {
    clearTimeline();
    events.length = 0;
    logStatus.textContent = "Cleared.";
  });
}

/** Replays a capture's events into the timeline (and into the log). */
export function importCapture(text, name = "capture") {
  const imported = parseCapture(text);
  addEvent({ kind: "marker", session: `replay of ${name}`, text: `Replaying ${imported.length} events from ${name} (recorded earlier; nothing is sent to the server).` });
  for (const ev of imported) addEvent(ev);
  logStatus.textContent = `Replayed ${imported.length} events from ${name}.`;
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
  initWorkbench();
  // For tests and the console: the log and the replay, nothing that can send.
  window.wiretrailLab = { events, importCapture, MAX_CARDS };
}

init();
