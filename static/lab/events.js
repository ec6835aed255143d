// One lab event (from the server's event stream, from the page's own WebSocket, or from an
// imported capture) as a timeline item. The frame and handshake cards are cards.js's.

import { h, formatTime, hexToBytes, nodes } from "../render/dom.js";
import { t } from "../i18n.js";
import { wire } from "../i18n-wire.js";
import { WS } from "../generated/tables.js";
import { renderDissection, frameFacts } from "../render/cards.js";
import { formatUncertainty } from "./clock.js";

// What each header means is on its field, from the `http1` crate's one table (the dissector
// puts it there). Here is only what is about this lab, this server and this browser.

/** What the lab adds to the meaning of the headers a browser sends. */
const HEADER_NOTES = new Map(Object.entries({
  "request line": t("Your browser asked for /ws/lab with this lab's session in the query: that is how the server knows which page to stream these bytes to."),
  host: t("Taken from the ws:// URL the page opened. This server does not route on it."),
  connection: t("Browsers send exactly “Upgrade” here; some clients send “keep-alive, Upgrade”, which is also valid."),
  "sec-websocket-key": t("Your browser chose these 16 random bytes for this connection only. Open a second connection and it picks new ones."),
  "sec-websocket-version": t("13 is the only version browsers have ever shipped in the final protocol."),
  origin: t("This server accepts its own origin; a page from another origin gets 403 (see “Origin” below)."),
  "sec-websocket-protocol": t("Offered because you chose subprotocols before connecting. The server picks at most one it speaks and names it in the 101; if it names none, the socket opens with protocol \"\"."),
  "sec-websocket-extensions": t("Your browser offers permessage-deflate (RFC 7692). This server declines by leaving the header out of its 101: with compression, payloads would travel as DEFLATE output and RSV1 would be set, and nothing of your text would be readable on the wire."),
  "cache-control": t("Browsers add no-cache so that no proxy answers the upgrade from a cache."),
  cookie: t("The browser sends this server's cookies with the handshake, as with any request: one reason servers must check Origin (RFC 6455 §10.2)."),
}));

/** The same for the server's 101. */
const RESPONSE_NOTES = new Map(Object.entries({
  "status line": t("101: from the byte after the empty line on, this TCP connection speaks WebSocket, not HTTP."),
  "sec-websocket-accept": t("Your browser recomputes this from the key it sent and fails the connection if it differs: see the derivation on the request's card."),
  "sec-websocket-protocol": t("The one subprotocol the server picked from your browser's offer; the page reads it as ws.protocol."),
  "content-security-policy": t("This server adds its security headers to every response; on a 101 they do nothing, and they do no harm."),
}));

const note = (name) => HEADER_NOTES.get(String(name).toLowerCase());
const responseNote = (name) => RESPONSE_NOTES.get(String(name).toLowerCase());

/** The Sec-WebSocket-Accept derivation, step by step, from its dissection. */
export function renderAcceptSteps(d) {
  const fields = d?.fields ?? [];
  const get = (name) => fields.find((f) => f.name === name);
  const key = get("Sec-WebSocket-Key");
  const steps = [
    [t("The key your browser sent"), key?.value, key?.meaning],
    [t("Append the GUID"), get("Key + GUID")?.value, get("Key + GUID")?.meaning],
    [t("SHA-1 of that text (20 bytes)"), get("SHA-1")?.value, get("SHA-1")?.meaning],
    [t("Base64 of the hash"), get("Base64")?.value, get("Base64")?.meaning],
  ];
  const accept = get("Base64")?.value ?? "";
  const list = h("ol", { class: "accept-steps" });
  steps.forEach(([title, value, meaning], i) => {
    list.append(h("li", { dataset: { step: String(i + 1) } },
      h("strong", { text: title }),
      h("code", { class: "step-value", text: value ?? "—" }),
      meaning ? h("span", { class: "hint", text: wire(meaning) }) : null));
  });
  return h("section", { class: "accept", "aria-label": t("Sec-WebSocket-Accept derivation") },
    h("h5", { text: t("How the server derives Sec-WebSocket-Accept from your key (RFC 6455 §4.2.2)") }),
    list,
    h("p", { class: "accept-result" }, "Sec-WebSocket-Accept: ",
      h("output", { class: "accept-value", dataset: { role: "accept" }, text: accept })));
}

/**
 * A timeline item for one event.
 * @param {object} ev  {seq, t_ms, kind, …} as in the lab's event stream, or {kind:"page"|"marker", …}
 */
export function renderEvent(ev, { idPrefix = "" } = {}) {
  const item = h("li", { class: `ev ev-${safeClass(ev.kind)}`, dataset: { kind: String(ev.kind ?? "") } });
  if (ev.seq !== undefined) {
    item.dataset.seq = String(ev.seq);
    item.id = eventId(ev, idPrefix);
  }
  // The lab's own raw client ("send what you built") is a connection of the session too.
  const raw = Number.isFinite(Number(ev.connection)) && ev.connection !== null && ev.connection !== undefined;
  if (raw) {
    item.dataset.connection = String(ev.connection);
    item.classList.add("ev-raw");
  }
  switch (ev.kind) {
    case "handshake-request": {
      item.append(renderDissection(ev.dissection, {
        direction: "client", tMs: ev.t_ms, seq: ev.seq, kind: "handshake-request",
        title: t("Opening handshake: the request your browser sent"), explain: true, asText: true, note,
        afterText: ev.accept_steps ? renderAcceptSteps(ev.accept_steps) : undefined, fieldsOpen: true,
      }));
      break;
    }
    case "handshake-response":
      item.append(renderDissection(ev.dissection, {
        direction: "server", tMs: ev.t_ms, seq: ev.seq, kind: "handshake-response",
        title: t("Opening handshake: the server's response"), explain: true, asText: true, note: responseNote,
        fieldsOpen: false,
      }));
      break;
    case "handshake-refused": {
      const card = renderDissection(ev.dissection ?? {}, {
        direction: "client", tMs: ev.t_ms, seq: ev.seq, kind: "handshake-refused",
        title: t("Handshake refused: {status}", { status: ev.status ?? "" }), explain: true, asText: true, note,
      });
      const said = wire(String(ev.text ?? ""));
      card.insertBefore(h("p", { class: "refused", text: ev.status !== undefined && ev.status !== null
        ? t("The server answered {status}: {text}", { status: ev.status, text: said })
        : t("The server answered an error: {text}", { text: said }) }), card.children[1] ?? null);
      item.append(card);
      break;
    }
    case "frame": {
      const card = renderDissection(ev.dissection, {
        direction: ev.direction, tMs: ev.t_ms, seq: ev.seq, kind: "frame", truncated: ev.truncated,
        range: ev.range,
      });
      // A permalink: #frame-19 (also in a replayed capture).
      if (item.id) card.querySelector(".wt-meta")?.append(h("a", { class: "wt-permalink", href: `#${item.id}`, title: t("A link to this frame"), text: t("link") }));
      item.append(card);
      break;
    }
    case "page":
      item.append(pageLine(ev, idPrefix));
      break;
    case "message":
      item.append(messageGroup(ev, idPrefix));
      break;
    case "tcp": {
      const range = Array.isArray(ev.range) ? ev.range.map(Number) : [NaN, NaN];
      const read = ev.direction === "client";
      item.append(h("p", { class: "ev-line" },
        h("span", { class: "ev-tag", text: read ? t("TCP read") : t("TCP write") }),
        ev.t_ms !== undefined ? h("span", { class: "wt-time", text: formatTime(ev.t_ms) }) : null,
        h("span", { class: "ev-text", text: (() => {
          const vars = { n: Number(ev.size).toLocaleString("en-US"), from: range[0].toLocaleString("en-US"), to: range[1].toLocaleString("en-US") };
          return read ? t("The server read {n} bytes (client → server stream bytes {from}–{to}). Frames in it: ", vars)
            : t("The server wrote {n} bytes (server → client stream bytes {from}–{to}). Frames in it: ", vars);
        })() }),
        h("span", { class: "tcp-frames" })));
      break;
    }
    case "note":
    case "closed":
    case "marker":
    default:
      item.append(h("p", { class: "ev-line" },
        h("span", { class: "ev-tag", text: TAGS[ev.kind] ?? String(ev.kind ?? "event") }),
        ev.t_ms !== undefined ? h("span", { class: "wt-time", text: formatTime(ev.t_ms) }) : null,
        h("span", { class: "ev-text", text: wire(String(ev.text ?? "")) })));
  }
  const card = item.querySelector("article");
  if (card) {
    if (raw) {
      const tag = h("span", { class: "ev-tag ev-raw-tag", title: t("The lab's own client, sending the bytes you built in the workbench"), text: t("raw connection {n}", { n: ev.connection }) });
      const meta = card.querySelector(".wt-meta");
      if (meta) meta.prepend(tag);
    }
    item.append(oneLine(ev, card, raw));
  } else if (raw) {
    item.querySelector(".ev-line")?.prepend(h("span", { class: "ev-tag ev-raw-tag", text: t("raw connection {n}", { n: ev.connection }) }));
  }
  return item;
}

/** Payload bytes shown in a one-line summary. */
const LINE_PAYLOAD = 24;

/** A frame's payload as sent (unmasked), from its dissection; `null` when it has none. */
export function payloadBytes(dissection) {
  const payload = (dissection?.fields ?? []).find((f) => f.name === "Payload data");
  if (!payload || payload.raw?.kind !== "bytes") return null;
  const unmasked = (payload.children ?? []).find((f) => f.name === "Unmasked");
  return hexToBytes(unmasked?.raw?.kind === "bytes" ? unmasked.raw.value : payload.raw.value);
}

/** "Hello" or "48 65 6c …": the start of a payload, for one line. */
export function payloadStart(bytes, opcode, max = LINE_PAYLOAD) {
  if (!bytes || !bytes.length) return "";
  const head = bytes.subarray(0, max);
  const more = bytes.length > max ? "…" : "";
  if (opcode === 1 || opcode === 0) {
    const text = new TextDecoder("utf-8", { fatal: false }).decode(head);
    if (!/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text)) return `“${text}${more}”`;
  }
  return `${[...head].map((b) => b.toString(16).padStart(2, "0")).join(" ")}${more}`;
}

/**
 * The one-line form of a card (shown in the timeline's one-line-per-frame mode): time,
 * direction, opcode, real length, the start of the payload.
 */
function oneLine(ev, card, raw) {
  const facts = frameFacts(ev.dissection?.fields ?? []);
  const opcode = Number(facts.opcode);
  const name = (WS.opcodes.find((op) => op.value === opcode)?.name) ?? (ev.kind === "frame" ? t("frame") : String(ev.kind ?? ""));
  const dir = ev.direction === "client" ? t("client → server") : ev.direction === "server" ? t("server → client") : "";
  const range = Array.isArray(ev.range) ? ev.range.map(Number) : null;
  const onWire = range ? range[1] - range[0] : hexToBytes(ev.dissection?.bytes ?? "").length;
  const what = ev.kind === "frame"
    ? `${name}${facts.fin === "0" ? " (FIN 0)" : ""} ${Number(facts.length ?? 0).toLocaleString("en-US")} B`
    : card.querySelector(".wt-title")?.textContent ?? String(ev.kind ?? "");
  const start = ev.kind === "frame" ? payloadStart(payloadBytes(ev.dissection), opcode) : "";
  return h("p", { class: "ev-oneline", "aria-hidden": "true", title: t("{what}, {n} bytes on the wire", { what, n: onWire.toLocaleString("en-US") }) },
    ev.t_ms !== undefined ? h("span", { class: "wt-time", text: formatTime(ev.t_ms) }) : null,
    ev.seq !== undefined ? h("span", { class: "wt-seq", text: `#${ev.seq}` }) : null,
    raw ? h("span", { class: "ev-tag ev-raw-tag", text: t("raw {n}", { n: ev.connection }) }) : null,
    dir ? h("span", { class: "wt-dir", text: dir }) : null,
    h("span", { class: "ev-what", text: what }),
    start ? h("span", { class: "ev-payload", text: start }) : null);
}

/**
 * A fragmented message, once its last frame has passed: the frames that carried it (links)
 * and its payload reassembled once (RFC 6455 §5.4), at most `ev.shown` bytes of it.
 */
function messageGroup(ev, idPrefix) {
  const seqs = Array.isArray(ev.frames) ? ev.frames.map(Number).filter(Number.isFinite) : [];
  const links = [];
  seqs.forEach((seq, i) => {
    if (i) links.push(i === seqs.length - 1 ? t(" and ") : ", ");
    links.push(h("a", { href: `#${idPrefix}frame-${seq}`, class: "ev-fragment-link", text: `#${seq}` }));
  });
  const total = Number(ev.total) || 0;
  const box = h("div", { class: "ev-message-box" },
    h("p", { class: "ev-line" },
      h("span", { class: "ev-tag", text: TAGS.message }),
      ev.t_ms !== undefined ? h("span", { class: "wt-time", text: formatTime(ev.t_ms) }) : null,
      h("span", { class: "ev-text" }, ...nodes(messageText(ev, seqs.length, total), { links }))),
    h("p", { class: "hint ev-message-rule", text: t("RFC 6455 §5.4: the first frame carries the opcode with FIN 0, each Continuation carries FIN 0 until the last, which carries FIN 1; the receiver joins the payloads in order, and only then is it a message (the page's message event).") }));
  if (ev.excerpted) {
    box.append(h("p", { class: "hint", text: t("The lab kept only the first {n} bytes of each frame's payload, so the joined bytes below are the kept parts, not the whole message.", { n: Number(ev.kept_per_frame ?? 4096).toLocaleString("en-US") }) }));
  }
  box.append(h("pre", { class: "ev-reassembled", "aria-label": t("The reassembled payload") },
    String(ev.payload ?? "")));
  if (ev.shown < ev.kept) box.append(h("p", { class: "hint", text: t("Shown: the first {n} bytes.", { n: Number(ev.shown).toLocaleString("en-US") }) }));
  return box;
}

/** "Your browser's Text message, reassembled from 3 frames ({links}): …", links left to nodes(). */
function messageText(ev, frames, total) {
  const vars = { opcode: ev.opcode_name ?? t("data"), n: frames, total: total.toLocaleString("en-US") };
  if (ev.direction === "client") return t("Your browser's {opcode} message, reassembled from {n} frames ({links}): {total} bytes of payload in all.", vars);
  if (ev.direction === "server") return t("The server's {opcode} message, reassembled from {n} frames ({links}): {total} bytes of payload in all.", vars);
  return t("A {opcode} message, reassembled from {n} frames ({links}): {total} bytes of payload in all.", vars);
}

/** A server event's element id: `frame-19` for a frame, `ev-3` for anything else. */
export function eventId(ev, idPrefix = "") {
  const seq = Number(ev.seq);
  return `${idPrefix}${ev.kind === "frame" ? "frame" : "ev"}-${Number.isFinite(seq) ? seq : "x"}`;
}

/** A page event: its time on the session's clock with its uncertainty, and its cause. */
function pageLine(ev, idPrefix) {
  const at = Number(ev.t_ms);
  const order = Number(ev.order_ms ?? ev.t_ms);
  const causes = Array.isArray(ev.cause) ? ev.cause.filter((c) => Number.isFinite(Number(c))).map(Number) : [];
  const line = h("p", { class: "ev-line" },
    h("span", { class: "ev-tag", text: TAGS.page }),
    Number.isFinite(at) ? h("span", { class: "wt-time", text: formatTime(at) }) : null,
    Number.isFinite(Number(ev.uncertainty_ms)) ? h("span", { class: "wt-uncertainty", text: formatUncertainty(Number(ev.uncertainty_ms)) }) : null,
    h("span", { class: "ev-text", text: String(ev.text ?? "") }));
  if (ev.message) {
    const link = h("a", { href: `#${idPrefix}${ev.message}`, class: "ev-message-link", text: t("the {n}-frame message", { n: causes.length }) });
    line.append(h("span", { class: "ev-after" }, ...nodes(t("The message it delivered, reassembled: {link}."), { link })));
  }
  if (causes.length) {
    const links = [];
    causes.forEach((seq, i) => {
      if (i) links.push(i === causes.length - 1 ? t(" and ") : ", ");
      links.push(h("a", { href: `#${eventId({ kind: ev.cause_kind, seq }, idPrefix)}`, class: "ev-cause", text: `#${seq}` }));
    });
    const drawn = order > at
      ? t(" (drawn after it: the clocks agree only within {uncertainty})", { uncertainty: formatUncertainty(Number(ev.uncertainty_ms)) }) : "";
    const text = ev.cause_kind !== "frame" ? t("After the event that caused it: {links}{drawn}.", { drawn })
      : causes.length > 1 ? t("After the frames that caused it: {links}{drawn}.", { drawn })
        : t("After the frame that caused it: {links}{drawn}.", { drawn });
    line.append(h("span", { class: "ev-after" }, ...nodes(text, { links })));
  } else if (ev.cause_missing) {
    line.append(h("span", { class: "ev-after", text: t("The server event that caused it did not reach the page.") }));
  }
  return line;
}

const TAGS = {
  note: t("server note"),
  closed: t("TCP closed"),
  hint: t("what happened"),
  message: t("message"),
  page: t("your page"),
  marker: "•",
};

function safeClass(kind) {
  return String(kind ?? "event").replace(/[^a-z0-9-]/gi, "") || "event";
}
