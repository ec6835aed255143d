// The RFC's bit diagram, drawn from a dissection: 32 bits per row, each header field a cell
// spanning its bits (split across rows as the RFC splits "Extended payload length (cont.)"),
// each bit's value shown in its column. Fields are buttons: selecting one is the card's job.

import { h, bitAt } from "./dom.js";
import { t } from "../i18n.js";

export const ROW_BITS = 32;

/** Short labels the RFC's own diagram uses where a field is narrow. */
const SHORT = new Map([
  ["Payload length", "Payload len"],
  ["Extended payload length", "Extended payload length"],
]);

/**
 * @param {Uint8Array} bytes  the dissected bytes
 * @param {number} headerBits how many leading bits form the header
 * @param {{fid: string, field: object}[]} fields  the top-level fields inside the header
 * @returns {HTMLElement} a grid whose field cells are buttons with `data-fid`
 */
export function renderBitGrid(bytes, headerBits, fields) {
  const rows = Math.max(1, Math.ceil(headerBits / ROW_BITS));
  const total = rows * ROW_BITS;
  const grid = h("div", {
    class: "bitgrid",
    role: "group",
    "aria-label": t("Header, {bits} bits, {row} bits per row as in RFC 6455 §5.2", { bits: headerBits, row: ROW_BITS }),
  });
  // The scale: tens above units, as in the RFC.
  for (let c = 0; c < ROW_BITS; c++) {
    const tens = h("span", { class: "bg-scale", "aria-hidden": "true", text: c % 10 === 0 ? String(c / 10) : "" });
    place(tens, 1, c, 1);
    const units = h("span", { class: "bg-scale", "aria-hidden": "true", text: String(c % 10) });
    place(units, 2, c, 1);
    grid.append(tens, units);
  }
  const covered = new Uint8Array(total);
  for (const { fid, field } of fields) {
    const start = field.bits?.start ?? 0;
    const len = field.bits?.len ?? 0;
    if (len <= 0 || start >= total) continue;
    const end = Math.min(start + len, total);
    for (let b = start; b < end; b++) covered[b] = 1;
    let first = true;
    for (let b = start; b < end; ) {
      const row = Math.floor(b / ROW_BITS);
      const col = b % ROW_BITS;
      const span = Math.min(end - b, ROW_BITS - col);
      grid.append(segment(bytes, field, fid, row, col, b, span, first));
      first = false;
      b += span;
    }
  }
  // Bits no field covers (a header cut short): empty cells keep the grid's shape.
  for (let b = 0; b < total; ) {
    if (covered[b]) { b++; continue; }
    const row = Math.floor(b / ROW_BITS);
    let e = b;
    while (e < total && !covered[e] && Math.floor(e / ROW_BITS) === row) e++;
    const cell = h("span", { class: `seg empty${row === 0 ? " row0" : ""}${b % ROW_BITS === 0 ? " col0" : ""}`, "aria-hidden": "true" });
    place(cell, row + 3, b % ROW_BITS, e - b);
    grid.append(cell);
    b = e;
  }
  return grid;
}

function segment(bytes, field, fid, row, col, bitStart, len, first) {
  const name = SHORT.get(field.name) ?? field.name;
  const label = first ? name : t("{name} (cont.)", { name });
  const bits = h("span", { class: "seg-bits" });
  for (let i = 0; i < len; i++) {
    const v = bitAt(bytes, bitStart + i);
    bits.append(h("span", { class: v === null ? "bit missing" : "bit", text: v === null ? "?" : String(v) }));
  }
  const button = h(
    "button",
    {
      type: "button",
      class: `seg w${Math.min(len, 4)}${row === 0 ? " row0" : ""}${col === 0 ? " col0" : ""}`,
      dataset: { fid },
      title: `${field.name}: ${field.value ?? ""}`,
      "aria-label": t("{label}, bits {first}-{last}: {value}", { label, first: bitStart, last: bitStart + len - 1, value: field.value || rawText(field) }),
      "aria-pressed": "false",
    },
    h("span", { class: "seg-name", text: label }),
    bits,
  );
  place(button, row + 3, col, len);
  return button;
}

function rawText(field) {
  const raw = field.raw ?? {};
  if (raw.kind === "uint") return String(raw.value);
  if (raw.kind === "bytes") return raw.value;
  return "";
}

/** Grid placement through the CSSOM (allowed by style-src 'self'; style="" attributes are not). */
function place(el, gridRow, col, span) {
  el.style.gridRow = String(gridRow);
  el.style.gridColumn = `${col + 1} / span ${span}`;
}
