// Bytes as a hex dump: offset, 16 bytes a row, and their printable text. The card draws one
// under every dissection (and highlights the bytes of the field selected); the session log's
// Markdown report writes hexLines().
//
// Every byte is a text node inside a span; nothing a peer sent becomes markup.

import { h, hex2, printable } from "./dom.js";
import { t } from "../i18n.js";

/** Bytes drawn as selectable spans at first; the rest behind a button. */
export const HEX_INITIAL = 1024;
/** The most bytes a hex dump ever draws. */
export const HEX_MAX = 65536;
/** Bytes a row. */
const ROW = 16;

/**
 * The hex dump of `bytes`, as a section (or a closed <details> when `collapsed`).
 * @param {Uint8Array} bytes
 * @param {object} [options]
 * @param {boolean} [options.collapsed]  behind a <summary> (HTTP heads, already shown as text)
 * @param {HTMLElement[][]} [options.spans]  filled as rows are drawn: spans[i] = [hex span, text
 *   span] of byte i, for highlighting; each hex span also carries data-at="i"
 * @returns {HTMLElement}
 */
export function renderHexDump(bytes, { collapsed = false, spans = [] } = {}) {
  const dump = h("div", { class: "hexdump", role: "group", "aria-label": t("The bytes in hex") });
  const drawn = { n: 0 };
  const more = h("button", { type: "button", class: "hx-more" });
  const draw = (upTo) => {
    const end = Math.min(bytes.length, upTo);
    for (let row = drawn.n; row < end; row += ROW) {
      const line = h("div", { class: "hx-row" }, h("span", { class: "hx-off", text: offset(row) }));
      const hexPart = h("span", { class: "hx-bytes" });
      const txtPart = h("span", { class: "hx-text", "aria-hidden": "true" });
      for (let i = row; i < Math.min(row + ROW, end); i++) {
        const b = h("span", { class: "b", dataset: { at: String(i) }, text: hex2(bytes[i]) });
        const c = h("span", { class: "c", text: printable(bytes[i]) });
        spans[i] = [b, c];
        hexPart.append(b, " ");
        txtPart.append(c);
      }
      line.append(hexPart, txtPart);
      dump.insertBefore(line, more);
    }
    drawn.n = end;
    if (end >= Math.min(bytes.length, HEX_MAX)) more.remove();
    else more.textContent = t("Show all {n} bytes", { n: bytes.length });
  };
  more.addEventListener("click", () => draw(HEX_MAX));
  dump.append(more);
  draw(HEX_INITIAL);
  if (bytes.length > HEX_MAX) dump.append(h("p", { class: "hint", text: t("Only the first {n} bytes are drawn.", { n: HEX_MAX }) }));
  if (!collapsed) return h("section", { class: "wt-hex" }, h("h5", { text: t("The bytes") }), dump);
  return h("details", { class: "wt-hex" }, h("summary", { text: t("The same {n} bytes in hex", { n: bytes.length }) }), dump);
}

/** Hex, 16 bytes a line, with the offset: for text (reports, <pre>). */
export function hexLines(bytes) {
  const lines = [];
  for (let i = 0; i < bytes.length; i += ROW) {
    lines.push(`${offset(i)}  ${Array.from(bytes.subarray(i, i + ROW), hex2).join(" ")}`);
  }
  return lines.join("\n");
}

const offset = (n) => n.toString(16).padStart(4, "0");
