// A dissection (the JSON of wire::Dissection) as a card: summary, the header as the RFC's bit
// grid, every field selectable (meaning, value, raw bits; its bits and bytes highlighted),
// the payload masked and unmasked side by side with the XOR worked out, the text decoded, and
// the problems with the rule they break and what a conforming peer answers.
//
// renderDissection() is the one entry point, reusable by any page: both labs and the book's
// cells draw every dissection with it.
// Every string from the dissection reaches the DOM through h() — text nodes only.

import { h, hexToBytes, hex2, bitAt, formatTime, printable } from "./dom.js";
import { renderBitGrid } from "./bitgrid.js";
import { renderHexDump, hexLines } from "./hexdump.js";
import { WS } from "../generated/tables.js";
import { t, tn } from "../i18n.js";
import { wire } from "../i18n-wire.js";

/** RFC 6455's opcodes by name ({Text: 1, …}), from the `websocket` crate. */
const OPCODE = Object.fromEntries(WS.opcodes.filter((op) => !op.reserved).map((op) => [op.name, op.value]));

/** Payload bytes drawn as XOR columns. */
const XOR_COLUMNS = 48;
/** Payload bytes drawn in the side-by-side hex. */
const SIDE_BYTES = 512;

const DIRECTION = {
  client: { arrow: t("client → server"), long: t("sent by your browser (client → server)") },
  server: { arrow: t("server → client"), long: t("sent by the server (server → client)") },
};

/**
 * @param {object} d  a dissection: {protocol, summary, bytes, fields, problems, header_bits}
 * @param {object} [options]
 * @param {"client"|"server"} [options.direction]
 * @param {number} [options.tMs]       milliseconds since the session started
 * @param {number} [options.seq]       the event's sequence number
 * @param {string} [options.title]     a heading above the summary
 * @param {{shown:number,total:number}|null} [options.truncated]
 * @param {boolean} [options.explain]  show each field's meaning in the table (handshakes)
 * @param {boolean} [options.asText]   show the bytes as text lines (HTTP heads)
 * @param {(name: string) => string|undefined} [options.note]  an extra explanation per field
 * @param {string} [options.kind]      data-kind of the card ("frame", "handshake-request", …)
 * @param {HTMLElement} [options.afterText]  an element placed right after the bytes
 * @param {boolean} [options.fieldsOpen]     put the field table in a <details>, open or not
 * @returns {HTMLElement}
 */
export function renderDissection(d, options = {}) {
  const bytes = hexToBytes(d?.bytes ?? "");
  const fields = Array.isArray(d?.fields) ? d.fields : [];
  const problems = Array.isArray(d?.problems) ? d.problems : [];
  const headerBits = Number(d?.header_bits) || 0;
  const flat = flatten(fields);
  const byFid = new Map(flat.map((f) => [f.fid, f.field]));
  const dir = DIRECTION[options.direction];
  const facts = frameFacts(fields);

  const card = h("article", {
    class: `wt-card${dir ? ` dir-${options.direction}` : ""}${problems.length ? " has-problems" : ""}`,
    dataset: {
      kind: options.kind ?? (headerBits ? "frame" : "dissection"),
      ...(options.direction ? { direction: options.direction } : {}),
      ...(options.seq !== undefined ? { seq: String(options.seq) } : {}),
      ...facts,
    },
  });

  // Heading: direction, time, summary.
  const meta = h(
    "p",
    { class: "wt-meta" },
    dir ? h("span", { class: "wt-dir", title: dir.long, text: dir.arrow }) : null,
    options.tMs !== undefined ? h("span", { class: "wt-time", text: formatTime(options.tMs) }) : null,
    options.seq !== undefined ? h("span", { class: "wt-seq", text: `#${options.seq}` }) : null,
    h("span", { class: "wt-size", text: sizeText(bytes.length, options) }),
  );
  card.append(
    h("header", { class: "wt-card-head" },
      meta,
      options.title ? h("h4", { class: "wt-title", text: options.title }) : null,
      h("p", { class: "wt-summary", text: wire(d?.summary ?? "") })),
  );
  if (options.truncated && typeof options.truncated === "object") {
    card.append(h("p", { class: "wt-truncated", text: t(
      "Payload shown: its first {shown} of {total} bytes. The header is complete; the rest of the payload crossed the wire but is not drawn.",
      { shown: options.truncated.shown, total: options.truncated.total }) }));
  }

  const state = { card, bytes, byFid, byteSpans: [], selected: null, detail: null };

  // The header as the RFC draws it.
  if (headerBits > 0) {
    const inHeader = flat.filter((f) => f.depth === 0 && (f.field.bits?.start ?? 0) < headerBits);
    card.append(renderBitGrid(bytes, headerBits, inHeader));
  }
  // An HTTP head as the text it is.
  if (options.asText) card.append(textView(bytes, flat));
  if (options.afterText) card.append(options.afterText);

  state.detail = h("div", { class: "wt-detail", "aria-live": "polite" },
    h("p", { class: "hint", text: t("Select a field to see its meaning, value and bits.") }));
  const table = fieldTable(flat, options);
  if (options.fieldsOpen === undefined) card.append(table, state.detail);
  else {
    card.append(h("details", { class: "wt-fields-box", open: options.fieldsOpen },
      h("summary", { text: options.explain
        ? tn(flat.length, "Field by field: {n} field, each explained", "Field by field: {n} fields, each explained")
        : tn(flat.length, "Field by field: {n} field", "Field by field: {n} fields") }),
      table, state.detail));
  }

  const payload = payloadView(fields, facts);
  if (payload) card.append(payload);

  if (problems.length) card.append(problemList(problems));

  card.append(renderHexDump(bytes, { collapsed: options.asText, spans: state.byteSpans }));

  card.addEventListener("click", (e) => {
    // A byte of the hex dump selects the narrowest field that covers it.
    const byte = e.target instanceof Element ? e.target.closest(".hexdump .b[data-at]") : null;
    if (byte && card.contains(byte)) {
      const fid = fieldAtByte(flat, Number(byte.dataset.at));
      if (fid !== null) select(state, fid);
      return;
    }
    const target = e.target instanceof Element ? e.target.closest("[data-fid],[data-problem]") : null;
    if (!target || !card.contains(target)) return;
    if (target.dataset.fid !== undefined && target.matches("button")) select(state, target.dataset.fid);
    else if (target.dataset.problem !== undefined) selectProblem(state, problems[Number(target.dataset.problem)]);
  });
  return card;
}

/**
 * A card's size: the frame's real size on the wire (its stream range, when the lab knows
 * it), and "payload shown: first 4 KiB" when only an excerpt was kept.
 */
export function sizeText(kept, options = {}) {
  const range = Array.isArray(options.range) ? options.range.map(Number) : null;
  const real = range && Number.isFinite(range[0]) && Number.isFinite(range[1]) ? range[1] - range[0] : kept;
  const text = tn(real, "{n} byte", "{n} bytes", { n: real.toLocaleString("en-US") });
  const shown = Number(options.truncated?.shown);
  if (!options.truncated || !Number.isFinite(shown)) return text;
  const kib = shown % 1024 === 0 ? `${shown / 1024} KiB` : t("{n} bytes", { n: shown.toLocaleString("en-US") });
  return t("{size}, payload shown: first {shown}", { size: text, shown: kib });
}

/** The fid of the narrowest field whose bits cover byte `at` (the deepest on a tie), or null. */
export function fieldAtByte(flat, at) {
  let best = null;
  for (const { fid, field, depth } of flat) {
    const b = field.bits;
    if (!b || !(b.len > 0)) continue;
    if (b.start >= (at + 1) * 8 || b.start + b.len <= at * 8) continue;
    if (!best || b.len < best.len || (b.len === best.len && depth > best.depth)) best = { fid, len: b.len, depth };
  }
  return best ? best.fid : null;
}

/** Depth-first list of every field with a path id ("0", "8.1", …). */
export function flatten(fields, prefix = "", depth = 0, out = []) {
  fields.forEach((field, i) => {
    const fid = prefix ? `${prefix}.${i}` : String(i);
    out.push({ fid, field, depth });
    if (Array.isArray(field.children)) flatten(field.children, fid, depth + 1, out);
  });
  return out;
}

/** What a test or a stylesheet may want to know about a frame at a glance. */
export function frameFacts(fields) {
  const get = (name) => fields.find((f) => f.name === name);
  const uint = (name) => {
    const f = get(name);
    return f?.raw?.kind === "uint" ? f.raw.value : undefined;
  };
  const facts = {};
  const opcode = uint("Opcode");
  if (opcode === undefined) return facts;
  facts.opcode = String(opcode);
  const fin = uint("FIN");
  if (fin !== undefined) facts.fin = String(fin);
  const mask = uint("MASK");
  if (mask !== undefined) facts.mask = String(mask);
  let len = uint("Payload length");
  if (len === WS.frame.PAYLOAD_LEN_16 || len === WS.frame.PAYLOAD_LEN_64) len = uint("Extended payload length") ?? len;
  if (len !== undefined) facts.length = String(len);
  for (const r of ["RSV1", "RSV2", "RSV3"]) {
    const v = uint(r);
    if (v !== undefined) facts[r.toLowerCase()] = String(v);
  }
  return facts;
}

/** A field's value for a table cell: its decoded value, else its raw value. */
export function displayValue(field, maxBytes = 32) {
  // A value in words ("1 (final fragment)") is in po/wire; the input's own text is not.
  if (field.value) return wire(field.value);
  const raw = field.raw ?? {};
  if (raw.kind === "uint") return String(raw.value);
  if (raw.kind === "bytes") {
    const b = hexToBytes(raw.value);
    const shown = Array.from(b.subarray(0, maxBytes), hex2).join(" ");
    return b.length > maxBytes ? t("{bytes} … ({n} bytes)", { bytes: shown, n: b.length }) : shown;
  }
  return "";
}

/** "bit 0", "bits 9-15", "bytes 2-3" for a bit range. */
export function rangeText(bits) {
  const start = bits?.start ?? 0;
  const len = bits?.len ?? 0;
  if (len === 0) return t("at bit {n}", { n: start });
  if (start % 8 === 0 && len % 8 === 0) {
    const a = start / 8;
    const b = a + len / 8 - 1;
    return a === b ? t("byte {n}", { n: a }) : t("bytes {first}-{last}", { first: a, last: b });
  }
  return len === 1 ? t("bit {n}", { n: start }) : t("bits {first}-{last}", { first: start, last: start + len - 1 });
}

function fieldTable(flat, options) {
  const head = h("tr", {},
    h("th", { scope: "col", text: t("Field") }),
    h("th", { scope: "col", text: t("Value") }),
    h("th", { scope: "col", text: t("Where") }),
    options.explain ? h("th", { scope: "col", text: t("What it means") }) : null);
  const body = h("tbody");
  for (const { fid, field, depth } of flat) {
    const note = options.note?.(field.name, field, depth);
    body.append(h("tr", { class: `depth-${Math.min(depth, 3)}${field.problem ? " problem" : ""}`, dataset: { fid, name: field.name } },
      h("td", {}, h("button", { type: "button", class: "fname", dataset: { fid }, "aria-pressed": "false" },
        field.problem ? h("span", { class: "warn", "aria-label": t("problem: "), text: "⚠ " }) : null,
        field.name)),
      h("td", { class: "fvalue", text: displayValue(field) }),
      h("td", { class: "fwhere", text: rangeText(field.bits) }),
      options.explain ? h("td", { class: "fmeaning" },
        h("span", { text: wire(field.meaning ?? "") }),
        note ? h("span", { class: "lab-note", text: note }) : null,
        field.problem ? h("span", { class: "inline-problem", text: problemText(field.problem) }) : null) : null));
  }
  return h("div", { class: "wt-fields-wrap" }, h("table", { class: "wt-fields" }, h("thead", {}, head), body));
}

function textView(bytes, flat) {
  const starts = new Map();
  for (const { fid, field, depth } of flat) {
    if (depth === 0 && field.raw?.kind === "bytes" && field.bits?.start % 8 === 0) {
      const at = field.bits.start / 8;
      if (!starts.has(at)) starts.set(at, fid);
    }
  }
  const pre = h("pre", { class: "wt-text-view", "aria-label": t("The exact bytes, as text; \\r\\n marks each line end (CR LF)") });
  const decoder = new TextDecoder("utf-8");
  let pos = 0;
  while (pos < bytes.length) {
    let nl = bytes.indexOf(0x0a, pos);
    if (nl < 0) nl = bytes.length - 1;
    const end = nl + 1;
    let textEnd = end;
    if (bytes[textEnd - 1] === 0x0a) textEnd--;
    if (bytes[textEnd - 1] === 0x0d) textEnd--;
    const line = h("span", { class: "line", dataset: starts.has(pos) ? { fid: starts.get(pos) } : {} },
      decoder.decode(bytes.subarray(pos, textEnd)),
      h("span", { class: "crlf", "aria-hidden": "true", text: bytes[textEnd] === 0x0d ? "\\r\\n" : bytes[textEnd] === 0x0a ? "\\n" : "" }));
    pre.append(line, "\n");
    pos = end;
  }
  return pre;
}

/** The payload: masked ⊕ key = unmasked, column by column, then both in hex, then as text. */
function payloadView(fields, facts) {
  const payload = fields.find((f) => f.name === "Payload data");
  if (!payload || payload.raw?.kind !== "bytes") return null;
  const kids = payload.children ?? [];
  const maskedField = kids.find((f) => f.name.startsWith("Masked"));
  const unmaskedField = kids.find((f) => f.name === "Unmasked");
  const keyField = fields.find((f) => f.name === "Masking-key");
  const onWire = hexToBytes(maskedField?.raw?.value ?? payload.raw.value);
  const key = keyField?.raw?.kind === "bytes" ? hexToBytes(keyField.raw.value) : null;
  const masked = Boolean(maskedField && key && key.length === 4);
  let plain = onWire;
  if (masked) {
    plain = unmaskedField?.raw?.kind === "bytes" ? hexToBytes(unmaskedField.raw.value)
      : onWire.map((b, i) => b ^ key[i % 4]);
  }
  const box = h("section", { class: "wt-payload", "aria-label": t("Payload") });
  if (onWire.length === 0) {
    box.append(h("p", { class: "hint", text: t("No payload.") }));
    return box;
  }
  if (masked) {
    box.append(h("h5", { text: t("Unmasking: each payload byte XOR the key byte at (position mod 4) (RFC 6455 §5.3)") }));
    const strip = h("div", { class: "xor-strip", role: "table", "aria-label": t("Masked byte XOR key byte equals unmasked byte") });
    strip.append(h("div", { class: "xor-col labels", role: "row" },
      ...["i", t("on the wire"), t("⊕ key[i mod 4]"), t("= unmasked"), t("char")].map((label) => h("span", { role: "rowheader", text: label }))));
    const n = Math.min(onWire.length, XOR_COLUMNS);
    for (let i = 0; i < n; i++) {
      strip.append(h("div", { class: "xor-col", role: "row" },
        h("span", { class: "xi", role: "cell", text: String(i) }),
        h("span", { class: "xm", role: "cell", text: hex2(onWire[i]) }),
        h("span", { class: `xk k${i % 4}`, role: "cell", text: hex2(key[i % 4]) }),
        h("span", { class: "xu", role: "cell", text: hex2(plain[i]) }),
        h("span", { class: "xc", role: "cell", text: printable(plain[i]) })));
    }
    box.append(strip);
    if (onWire.length > n) box.append(h("p", { class: "hint", text: t("The first {n} of {total} payload bytes worked out; the rest follow the same rule.", { n, total: onWire.length }) }));
    const side = (caption, b, cls) => h("figure", { class: `side ${cls}` },
      h("figcaption", { text: caption }),
      h("pre", { text: hexLines(b.subarray(0, SIDE_BYTES)) + (b.length > SIDE_BYTES ? `\n${t("… {n} more bytes", { n: b.length - SIDE_BYTES })}` : "") }));
    box.append(h("div", { class: "side-by-side" },
      side(t("Masked, as on the wire (key {key})", { key: Array.from(key, hex2).join(" ") }), onWire, "masked"),
      side(t("Unmasked"), plain, "unmasked")));
  } else {
    box.append(h("h5", { text: t("Payload (not masked: a server never masks, RFC 6455 §5.1)") }));
    box.append(h("pre", { class: "payload-hex", text: hexLines(plain.subarray(0, SIDE_BYTES)) + (plain.length > SIDE_BYTES ? `\n${t("… {n} more bytes", { n: plain.length - SIDE_BYTES })}` : "") }));
  }
  const op = Number(facts.opcode);
  // Text and its continuations are UTF-8 by definition (RFC 6455 §5.6); a Ping's or Pong's
  // payload is shown as text only when it decodes.
  const textual = op === OPCODE.Text || op === OPCODE.Continuation;
  if (textual || op === OPCODE.Ping || op === OPCODE.Pong) {
    let text = null;
    try {
      text = new TextDecoder("utf-8", { fatal: !textual }).decode(plain);
    } catch {
      text = null;
    }
    if (text !== null) {
      box.append(h("figure", { class: "decoded" },
        h("figcaption", { text: op === OPCODE.Continuation ? t("As UTF-8 text (a fragment; a character may be split between frames)") : t("As UTF-8 text") }),
        h("pre", { class: "decoded-text", text })));
    }
  }
  return box;
}

function problemText(p) {
  const where = p.at ? ` (${rangeText(p.at)})` : "";
  const vars = { rule: String(p.rule ?? ""), where, message: wire(p.message ?? ""), answer: wire(p.answer ?? "") };
  return p.answer ? t("{rule}{where}: {message} — answer: {answer}", vars) : t("{rule}{where}: {message}", vars);
}

function problemList(problems) {
  const list = h("ul", { class: "wt-problems" });
  problems.forEach((p, i) => {
    list.append(h("li", {},
      h("button", { type: "button", class: "problem-at", dataset: { problem: String(i) }, "aria-label": t("Show where: {range}", { range: rangeText(p.at) }) }, "⚠ ", p.rule ?? t("problem")),
      " ",
      h("span", { class: "problem-msg", text: wire(p.message ?? "") }),
      p.at ? h("span", { class: "problem-where", text: ` (${p.at.len ? rangeText(p.at) : t("at byte {n}", { n: Math.floor(p.at.start / 8) })})` }) : null,
      p.answer ? h("span", { class: "problem-answer" }, h("strong", { text: ` ${t("Answer:")} ` }), wire(p.answer)) : null));
  });
  return h("section", { class: "wt-problems-box", "aria-label": t("Problems") }, h("h5", { text: t("Problems") }), list);
}

function clearHighlight(state) {
  for (const el of state.card.querySelectorAll(".sel")) el.classList.remove("sel");
  for (const el of state.card.querySelectorAll("[aria-pressed='true']")) el.setAttribute("aria-pressed", "false");
}

function highlightBits(state, bits) {
  if (!bits) return;
  const first = Math.floor(bits.start / 8);
  const last = Math.floor((bits.start + Math.max(bits.len, 1) - 1) / 8);
  for (let i = first; i <= last && i < state.byteSpans.length; i++) {
    for (const el of state.byteSpans[i] ?? []) el.classList.add("sel");
  }
}

function select(state, fid) {
  const field = state.byFid.get(fid);
  if (!field) return;
  clearHighlight(state);
  state.selected = fid;
  for (const el of state.card.querySelectorAll(`[data-fid="${CSS.escape(fid)}"]`)) {
    el.classList.add("sel");
    if (el.hasAttribute("aria-pressed")) el.setAttribute("aria-pressed", "true");
  }
  highlightBits(state, field.bits);
  state.detail.replaceChildren(fieldDetail(field, state.bytes));
}

function selectProblem(state, problem) {
  if (!problem) return;
  clearHighlight(state);
  highlightBits(state, problem.at);
  state.detail.replaceChildren(h("p", { class: "inline-problem", text: problemText(problem) }));
}

function fieldDetail(field, bytes) {
  const bits = field.bits ?? { start: 0, len: 0 };
  const dl = h("dl", { class: "detail-list" });
  const row = (k, v) => v !== "" && v !== undefined && v !== null && dl.append(h("dt", { text: k }), h("dd", {}, v));
  row(t("Value"), displayValue(field, 64) || "—");
  row(t("Meaning"), wire(field.meaning ?? ""));
  row(t("Where"), tn(bits.len, "{range} (bit {start} of the input, {n} bit; bit 0 is the high bit of byte 0)",
    "{range} (bit {start} of the input, {n} bits; bit 0 is the high bit of byte 0)", { range: rangeText(bits), start: bits.start }));
  const raw = field.raw ?? {};
  if (raw.kind === "uint") {
    const n = BigInt(raw.value);
    let binary = "";
    if (bits.len > 0 && bits.len <= 64) {
      for (let i = 0; i < bits.len; i++) {
        const v = bitAt(bytes, bits.start + i);
        binary += v === null ? "?" : String(v);
        if ((i + 1) % 4 === 0 && i + 1 < bits.len) binary += " ";
      }
    }
    row(t("Raw"), `${n} = 0x${n.toString(16)}${binary ? ` = ${binary}₂` : ""}`);
  } else if (raw.kind === "bytes") {
    const b = hexToBytes(raw.value);
    const shown = Array.from(b.subarray(0, 64), hex2).join(" ");
    row(t("Raw bytes"), b.length > 64 ? t("{bytes} … ({n} bytes)", { bytes: shown, n: b.length }) : shown);
  }
  if (field.problem) row(t("Problem"), problemText(field.problem));
  return h("div", {}, h("p", { class: "detail-name" }, h("strong", { text: field.name })), dl);
}
