// One lab event (from the server's event stream, from the page's own WebSocket, or from an
// imported capture) as a timeline item. The frame and handshake cards are cards.js's.

import { h, formatTime } from "../render/dom.js";
import { renderDissection } from "../render/cards.js";
import { formatUncertainty } from "./clock.js";

// What each header means is on its field, from the `http1` crate's one table (the dissector
// puts it there). Here is only what is about this lab, this server and this browser.

/** What the lab adds to the meaning of the headers a browser sends. */
const HEADER_NOTES = new Map(Object.entries({
  "request line": "Your browser asked for /ws/lab with this lab's session in the query: that is how the server knows which page to stream these bytes to.",
  host: "Taken from the ws:// URL the page opened. This server does not route on it.",
  connection: "Browsers send exactly “Upgrade” here; some clients send “keep-alive, Upgrade”, which is also valid.",
  "sec-websocket-key": "Your browser chose these 16 random bytes for this connection only. Open a second connection and it picks new ones.",
  "sec-websocket-version": "13 is the only version browsers have ever shipped in the final protocol.",
  origin: "This server accepts its own origin; a page from another origin gets 403 (see “Origin” below).",
  "sec-websocket-protocol": "Offered because you chose subprotocols before connecting. The server picks at most one it speaks and names it in the 101; if it names none, the socket opens with protocol \"\".",
  "sec-websocket-extensions": "Your browser offers permessage-deflate (RFC 7692). This server declines by leaving the header out of its 101: with compression, payloads would travel as DEFLATE output and RSV1 would be set, and nothing of your text would be readable on the wire.",
  "cache-control": "Browsers add no-cache so that no proxy answers the upgrade from a cache.",
  cookie: "The browser sends this server's cookies with the handshake, as with any request: one reason servers must check Origin (RFC 6455 §10.2).",
}));

/** The same for the server's 101. */
const RESPONSE_NOTES = new Map(Object.entries({
  "status line": "101: from the byte after the empty line on, this TCP connection speaks WebSocket, not HTTP.",
  "sec-websocket-accept": "Your browser recomputes this from the key it sent and fails the connection if it differs: see the derivation on the request's card.",
  "sec-websocket-protocol": "The one subprotocol the server picked from your browser's offer; the page reads it as ws.protocol.",
  "content-security-policy": "This server adds its security headers to every response; on a 101 they do nothing, and they do no harm.",
}));

const note = (name) => HEADER_NOTES.get(String(name).toLowerCase());
const responseNote = (name) => RESPONSE_NOTES.get(String(name).toLowerCase());

/** The Sec-WebSocket-Accept derivation, step by step, from its dissection. */
export function renderAcceptSteps(d) {
  const fields = d?.fields ?? [];
  const get = (name) => fields.find((f) => f.name === name);
  const key = get("Sec-WebSocket-Key");
  const steps = [
    ["The key your browser sent", key?.value, key?.meaning],
    ["Append the GUID", get("Key + GUID")?.value, get("Key + GUID")?.meaning],
    ["SHA-1 of that text (20 bytes)", get("SHA-1")?.value, get("SHA-1")?.meaning],
    ["Base64 of the hash", get("Base64")?.value, get("Base64")?.meaning],
  ];
  const accept = get("Base64")?.value ?? "";
  const list = h("ol", { class: "accept-steps" });
  steps.forEach(([title, value, meaning], i) => {
    list.append(h("li", { dataset: { step: String(i + 1) } },
      h("strong", { text: title }),
      h("code", { class: "step-value", text: value ?? "—" }),
      meaning ? h("span", { class: "hint", text: meaning }) : null));
  });
  return h("section", { class: "accept", "aria-label": "Sec-WebSocket-Accept derivation" },
    h("h5", { text: "How the server derives Sec-WebSocket-Accept from your key (RFC 6455 §4.2.2)" }),
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
  switch (ev.kind) {
    case "handshake-request": {
      item.append(renderDissection(ev.dissection, {
        direction: "client", tMs: ev.t_ms, seq: ev.seq, kind: "handshake-request",
        title: "Opening handshake: the request your browser sent", explain: true, asText: true, note,
        afterText: ev.accept_steps ? renderAcceptSteps(ev.accept_steps) : undefined, fieldsOpen: true,
      }));
      break;
    }
    case "handshake-response":
      item.append(renderDissection(ev.dissection, {
        direction: "server", tMs: ev.t_ms, seq: ev.seq, kind: "handshake-response",
        title: "Opening handshake: the server's response", explain: true, asText: true, note: responseNote,
        fieldsOpen: false,
      }));
      break;
    case "handshake-refused": {
      const card = renderDissection(ev.dissection ?? {}, {
        direction: "client", tMs: ev.t_ms, seq: ev.seq, kind: "handshake-refused",
        title: `Handshake refused: ${ev.status ?? ""}`, explain: true, asText: true, note,
      });
      card.insertBefore(h("p", { class: "refused", text: `The server answered ${ev.status ?? "an error"}: ${ev.text ?? ""}` }), card.children[1] ?? null);
      item.append(card);
      break;
    }
    case "frame": {
      const card = renderDissection(ev.dissection, {
        direction: ev.direction, tMs: ev.t_ms, seq: ev.seq, kind: "frame", truncated: ev.truncated,
        range: ev.range,
      });
      // A permalink: #frame-19 (also in a replayed capture).
      if (item.id) card.querySelector(".wt-meta")?.append(h("a", { class: "wt-permalink", href: `#${item.id}`, title: "A link to this frame", text: "link" }));
      item.append(card);
      break;
    }
    case "page":
      item.append(pageLine(ev, idPrefix));
      break;
    case "tcp": {
      const range = Array.isArray(ev.range) ? ev.range.map(Number) : [NaN, NaN];
      const read = ev.direction === "client";
      item.append(h("p", { class: "ev-line" },
        h("span", { class: "ev-tag", text: read ? "TCP read" : "TCP write" }),
        ev.t_ms !== undefined ? h("span", { class: "wt-time", text: formatTime(ev.t_ms) }) : null,
        h("span", { class: "ev-text", text: `${read ? "The server read" : "The server wrote"} ${Number(ev.size).toLocaleString("en-US")} bytes (${read ? "client → server" : "server → client"} stream bytes ${range[0].toLocaleString("en-US")}–${range[1].toLocaleString("en-US")}). Frames in it: ` }),
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
        h("span", { class: "ev-text", text: String(ev.text ?? "") })));
  }
  return item;
}

/** A server event's element id: `frame-19` for a frame, `ev-3` for anything else. */
export function eventId(ev, idPrefix = "") {
  const seq = Number(ev.seq);
  return `${idPrefix}${ev.kind === "frame" ? "frame" : "ev"}-${Number.isFinite(seq) ? seq : "x"}`;
}

/** A page event: its time on the session's clock with its uncertainty, and its cause. */
function pageLine(ev, idPrefix) {
  const t = Number(ev.t_ms);
  const order = Number(ev.order_ms ?? ev.t_ms);
  const causes = Array.isArray(ev.cause) ? ev.cause.filter((c) => Number.isFinite(Number(c))).map(Number) : [];
  const line = h("p", { class: "ev-line" },
    h("span", { class: "ev-tag", text: TAGS.page }),
    Number.isFinite(t) ? h("span", { class: "wt-time", text: formatTime(t) }) : null,
    Number.isFinite(Number(ev.uncertainty_ms)) ? h("span", { class: "wt-uncertainty", text: formatUncertainty(Number(ev.uncertainty_ms)) }) : null,
    h("span", { class: "ev-text", text: String(ev.text ?? "") }));
  if (causes.length) {
    const links = [];
    causes.forEach((seq, i) => {
      if (i) links.push(i === causes.length - 1 ? " and " : ", ");
      links.push(h("a", { href: `#${eventId({ kind: ev.cause_kind, seq }, idPrefix)}`, class: "ev-cause", text: `#${seq}` }));
    });
    const what = ev.cause_kind === "frame" ? (causes.length > 1 ? "the frames" : "the frame") : "the event";
    line.append(h("span", { class: "ev-after" }, `After ${what} that caused it: `, ...links,
      order > t ? ` (drawn after it: the clocks agree only within ${formatUncertainty(Number(ev.uncertainty_ms))})` : "", "."));
  } else if (ev.cause_missing) {
    line.append(h("span", { class: "ev-after", text: "The server event that caused it did not reach the page." }));
  }
  return line;
}

const TAGS = {
  note: "server note",
  closed: "TCP closed",
  hint: "what happened",
  page: "your page",
  marker: "•",
};

function safeClass(kind) {
  return String(kind ?? "event").replace(/[^a-z0-9-]/gi, "") || "event";
}
