// Live cell for chapter 7: what polling, long polling, HTTP streaming and a WebSocket cost for
// the same stream of messages, computed exactly as the chapter's worked example does it:
//
//   polling       (request_headers + response_headers) × polls + payload × messages
//   long polling  (request_headers + response_headers + payload) × messages
//   streaming     (chunk-size line + CRLF + payload + CRLF) × messages    (RFC 9112 §7.1)
//   WebSocket     (frame header + payload) × messages, the header 2 bytes (payload ≤ 125),
//                 4 (≤ 65535) or 10, plus a 4-byte masking key on client frames (RFC 6455 §5.2)
//
// Per minute, for every client. TCP/IP headers, TLS, the opening handshakes and long-poll
// timeouts are left out, as in the chapter.

import { h } from "../render/dom.js";
import { keepForPrint } from "./kit.js";

/** The WebSocket frame header for a payload of `n` bytes (RFC 6455 §5.2). */
export function wsHeader(n, masked) {
  return (n <= 125 ? 2 : n <= 65535 ? 4 : 10) + (masked ? 4 : 0);
}

/** The chunked-coding overhead of one chunk of `n` bytes: its size in hex, CRLF, then CRLF after the data. */
export function chunkOverhead(n) {
  return n.toString(16).length + 4;
}

/**
 * Requests and bytes per minute, over all clients, for each method.
 * `p` = { clients, perMinute, payload, interval (s), requestHeaders, responseHeaders, masked }.
 */
export function costs(p) {
  const headers = p.requestHeaders + p.responseHeaders;
  const polls = 60 / p.interval;
  const news = p.payload * p.perMinute;
  const per = (requests, bytes) => ({ requests: requests * p.clients, bytes: bytes * p.clients, payload: news * p.clients });
  return {
    polling: { ...per(polls, headers * polls + news), delay: `${formatNumber(p.interval / 2)} s on average (half the interval)` },
    longPolling: { ...per(p.perMinute, (headers + p.payload) * p.perMinute), delay: "about one network transit; worst case over three" },
    streaming: { ...per(0, (chunkOverhead(p.payload) + p.payload) * p.perMinute), delay: "about one network transit, if no proxy buffers" },
    websocket: { ...per(0, (wsHeader(p.payload, p.masked) + p.payload) * p.perMinute), delay: "about one network transit" },
  };
}

function formatNumber(n) {
  return Number.isInteger(n) ? n.toLocaleString("en-US") : n.toLocaleString("en-US", { maximumFractionDigits: 2 });
}

const METHODS = [
  ["polling", "Polling"],
  ["longPolling", "Long polling"],
  ["streaming", "HTTP streaming"],
  ["websocket", "WebSocket"],
];

const FIELDS = [
  // key, label, default (the chapter's numbers), min, max, step, slider?
  ["clients", "Clients", 1, 1, 100000, 1, false],
  ["perMinute", "Messages per minute (to each client)", 60, 0, 600, 1, true],
  ["payload", "Message size (bytes)", 20, 0, 100000, 1, false],
  ["interval", "Poll interval (seconds)", 1, 0.1, 120, 0.1, true],
  ["requestHeaders", "Request header bytes", 114, 0, 16384, 1, false],
  ["responseHeaders", "Response header bytes", 96, 0, 16384, 1, false],
];

let instances = 0;

export default function mount(element) {
  const id = `polling-cost-${++instances}`;
  const inputs = {};
  const rows = FIELDS.map(([key, label, value, min, max, step, slider]) => {
    const number = h("input", { id: `${id}-${key}`, type: "number", min, max, step, value, dataset: { field: key } });
    inputs[key] = number;
    let range = null;
    if (slider) {
      range = h("input", { type: "range", min, max: key === "interval" ? 60 : max, step, value, "aria-label": `${label} (slider)` });
      range.addEventListener("input", () => { number.value = range.value; update(); });
      number.addEventListener("input", () => { range.value = number.value; });
    }
    number.addEventListener("input", update);
    return h("div", { class: "pc-field" }, h("label", { for: number.id }, label), range, number);
  });
  const masked = h("input", { id: `${id}-masked`, type: "checkbox" });
  masked.addEventListener("change", update);

  const outRows = {};
  const table = h("table", { class: "pc-table stack" },
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, "Method"),
      h("th", { scope: "col" }, "Requests / min"),
      h("th", { scope: "col" }, "Bytes / min"),
      h("th", { scope: "col" }, "Framing share"),
      h("th", { scope: "col" }, "Delay"))),
    h("tbody", {}, METHODS.map(([key, name]) => {
      const cells = {
        requests: h("td", { class: "pc-requests", dataset: { label: "Requests / min" } }),
        bytes: h("td", { class: "pc-bytes", dataset: { label: "Bytes / min" } }),
        share: h("td", { class: "pc-share", dataset: { label: "Framing share" } }),
        delay: h("td", { class: "pc-delay", dataset: { label: "Delay" } }),
      };
      outRows[key] = cells;
      return h("tr", { dataset: { method: key } }, h("th", { scope: "row" }, name), cells.requests, cells.bytes, cells.share, cells.delay);
    })));

  const bars = {};
  const chart = h("div", { class: "pc-chart", role: "img", "aria-label": "Bytes per minute, as bars" },
    METHODS.map(([key, name]) => {
      const fill = h("div", { class: `pc-bar pc-bar-${key}` });
      const label = h("span", { class: "pc-bar-value" });
      bars[key] = { fill, label };
      return h("div", { class: "pc-bar-row" }, h("span", { class: "pc-bar-name" }, name), h("div", { class: "pc-bar-track" }, fill), label);
    }));
  const perMessage = h("p", { class: "pc-per-message", "aria-live": "polite" });
  const error = h("p", { class: "pc-error", role: "alert" });

  element.replaceChildren(keepForPrint(element),
    h("p", { class: "cell-title" }, h("strong", {}, "Live cell: what does polling cost you? "),
      "The defaults are the chapter's example: one 20-byte message a second, 114 bytes of request header and 96 of response header."),
    h("div", { class: "pc-fields" }, rows,
      h("div", { class: "pc-field" }, masked, h("label", { for: masked.id }, " WebSocket frames sent by the client (masked: 4 more bytes each)"))),
    error,
    table,
    chart,
    perMessage,
  );

  function read() {
    const p = {};
    for (const [key, label, , min] of FIELDS) {
      const n = Number(inputs[key].value);
      if (inputs[key].value === "" || !Number.isFinite(n) || n < min) return { error: `${label}: enter a number of at least ${min}.` };
      p[key] = key === "interval" ? n : Math.floor(n);
    }
    if (p.interval <= 0) return { error: "The poll interval must be more than 0 seconds." };
    p.masked = masked.checked;
    return p;
  }

  function update() {
    const p = read();
    if (p.error) { error.textContent = p.error; return; }
    error.textContent = "";
    const result = costs(p);
    const max = Math.max(1, ...METHODS.map(([key]) => result[key].bytes));
    for (const [key] of METHODS) {
      const r = result[key];
      const cells = outRows[key];
      cells.requests.textContent = formatNumber(r.requests);
      cells.bytes.textContent = formatNumber(r.bytes);
      cells.share.textContent = r.bytes ? `${Math.round((100 * (r.bytes - r.payload)) / r.bytes)}%` : "—";
      cells.delay.textContent = r.delay;
      cells.bytes.closest("tr").dataset.bytes = String(r.bytes);
      cells.bytes.closest("tr").dataset.requests = String(r.requests);
      bars[key].fill.style.width = `${(100 * r.bytes) / max}%`;
      bars[key].label.textContent = `${formatNumber(r.bytes)} B`;
    }
    const headers = p.requestHeaders + p.responseHeaders;
    perMessage.textContent =
      `One ${p.payload}-byte message costs ${formatNumber(headers + p.payload)} bytes by long polling, ` +
      `${formatNumber(chunkOverhead(p.payload) + p.payload)} in an HTTP stream, and ` +
      `${formatNumber(wsHeader(p.payload, p.masked) + p.payload)} in a ${p.masked ? "client's masked" : "server's"} WebSocket frame. ` +
      `Polling pays ${formatNumber(headers)} header bytes on every poll, ${formatNumber((60 / p.interval) * p.clients)} polls a minute, news or not.`;
  }

  update();
}
