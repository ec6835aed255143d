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
import { t } from "../i18n.js";

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
    polling: { ...per(polls, headers * polls + news), delay: t("{s} s on average (half the interval)", { s: formatNumber(p.interval / 2) }) },
    longPolling: { ...per(p.perMinute, (headers + p.payload) * p.perMinute), delay: t("about one network transit; worst case over three") },
    streaming: { ...per(0, (chunkOverhead(p.payload) + p.payload) * p.perMinute), delay: t("about one network transit, if no proxy buffers") },
    websocket: { ...per(0, (wsHeader(p.payload, p.masked) + p.payload) * p.perMinute), delay: t("about one network transit") },
  };
}

function formatNumber(n) {
  return Number.isInteger(n) ? n.toLocaleString("en-US") : n.toLocaleString("en-US", { maximumFractionDigits: 2 });
}

const METHODS = [
  ["polling", t("Polling")],
  ["longPolling", t("Long polling")],
  ["streaming", t("HTTP streaming")],
  ["websocket", "WebSocket"],
];

const FIELDS = [
  // key, label, default (the chapter's numbers), min, max, step, slider?
  ["clients", t("Clients"), 1, 1, 100000, 1, false],
  ["perMinute", t("Messages per minute (to each client)"), 60, 0, 600, 1, true],
  ["payload", t("Message size (bytes)"), 20, 0, 100000, 1, false],
  ["interval", t("Poll interval (seconds)"), 1, 0.1, 120, 0.1, true],
  ["requestHeaders", t("Request header bytes"), 114, 0, 16384, 1, false],
  ["responseHeaders", t("Response header bytes"), 96, 0, 16384, 1, false],
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
      range = h("input", { type: "range", min, max: key === "interval" ? 60 : max, step, value, "aria-label": t("{label} (slider)", { label }) });
      range.addEventListener("input", () => { number.value = range.value; update(); });
      number.addEventListener("input", () => { range.value = number.value; });
    }
    number.addEventListener("input", update);
    return h("div", { class: "pc-field" }, h("label", { for: number.id }, label), range, number);
  });
  const masked = h("input", { id: `${id}-masked`, type: "checkbox" });
  masked.addEventListener("change", update);

  const outRows = {};
  const heads = { requests: t("Requests / min"), bytes: t("Bytes / min"), share: t("Framing share"), delay: t("Delay") };
  const table = h("table", { class: "pc-table stack" },
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, t("Method")),
      h("th", { scope: "col" }, heads.requests),
      h("th", { scope: "col" }, heads.bytes),
      h("th", { scope: "col" }, heads.share),
      h("th", { scope: "col" }, heads.delay))),
    h("tbody", {}, METHODS.map(([key, name]) => {
      const cells = {
        requests: h("td", { class: "pc-requests", dataset: { label: heads.requests } }),
        bytes: h("td", { class: "pc-bytes", dataset: { label: heads.bytes } }),
        share: h("td", { class: "pc-share", dataset: { label: heads.share } }),
        delay: h("td", { class: "pc-delay", dataset: { label: heads.delay } }),
      };
      outRows[key] = cells;
      return h("tr", { dataset: { method: key } }, h("th", { scope: "row" }, name), cells.requests, cells.bytes, cells.share, cells.delay);
    })));

  const bars = {};
  const chart = h("div", { class: "pc-chart", role: "img", "aria-label": t("Bytes per minute, as bars") },
    METHODS.map(([key, name]) => {
      const fill = h("div", { class: `pc-bar pc-bar-${key}` });
      const label = h("span", { class: "pc-bar-value" });
      bars[key] = { fill, label };
      return h("div", { class: "pc-bar-row" }, h("span", { class: "pc-bar-name" }, name), h("div", { class: "pc-bar-track" }, fill), label);
    }));
  const perMessage = h("p", { class: "pc-per-message", "aria-live": "polite" });
  const error = h("p", { class: "pc-error", role: "alert" });

  element.replaceChildren(keepForPrint(element),
    h("p", { class: "cell-title" }, h("strong", {}, `${t("Live cell: what does polling cost you?")} `),
      t("The defaults are the chapter's example: one 20-byte message a second, 114 bytes of request header and 96 of response header.")),
    h("div", { class: "pc-fields" }, rows,
      h("div", { class: "pc-field" }, masked, h("label", { for: masked.id }, ` ${t("WebSocket frames sent by the client (masked: 4 more bytes each)")}`))),
    error,
    table,
    chart,
    perMessage,
  );

  function read() {
    const p = {};
    for (const [key, label, , min] of FIELDS) {
      const n = Number(inputs[key].value);
      if (inputs[key].value === "" || !Number.isFinite(n) || n < min) return { error: t("{label}: enter a number of at least {min}.", { label, min }) };
      p[key] = key === "interval" ? n : Math.floor(n);
    }
    if (p.interval <= 0) return { error: t("The poll interval must be more than 0 seconds.") };
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
    const one = {
      size: p.payload,
      long: formatNumber(headers + p.payload),
      stream: formatNumber(chunkOverhead(p.payload) + p.payload),
      ws: formatNumber(wsHeader(p.payload, p.masked) + p.payload),
    };
    const first = p.masked
      ? t("One {size}-byte message costs {long} bytes by long polling, {stream} in an HTTP stream, and {ws} in a client's masked WebSocket frame.", one)
      : t("One {size}-byte message costs {long} bytes by long polling, {stream} in an HTTP stream, and {ws} in a server's WebSocket frame.", one);
    const polling = t("Polling pays {headers} header bytes on every poll, {polls} polls a minute, news or not.",
      { headers: formatNumber(headers), polls: formatNumber((60 / p.interval) * p.clients) });
    perMessage.textContent = `${first} ${polling}`;
  }

  update();
}
