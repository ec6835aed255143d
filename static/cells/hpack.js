// Live cell: HPACK (RFC 7541) both ways. Decode: paste header blocks in hex, one per line;
// they share one dynamic table, as on a connection (POST /api/cells/hpack-decode). Encode:
// type header lists; each is encoded after the ones before it with one encoder, so later
// lists shrink as the table fills (POST /api/cells/hpack-encode).

import { renderDissection } from "../render/cards.js";
import { t } from "../i18n.js";
import { h, labelled, replaceFallback, statusLine, postJson, uid } from "./kit.js";

const C3 = "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d\n8286 84be 5808 6e6f 2d63 6163 6865";
const HEADERS = ":method: GET\n:scheme: https\n:path: /\n:authority: www.example.com\nuser-agent: wiretrail\n\n" +
  ":method: GET\n:scheme: https\n:path: /style.css\n:authority: www.example.com\nuser-agent: wiretrail";

/** "name: value" lines, lists separated by a blank line. A leading ':' belongs to the name. */
function parseLists(text) {
  const lists = [];
  let current = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "");
    if (line.trim() === "") { if (current.length) lists.push(current); current = []; continue; }
    const colon = line.indexOf(":", line.startsWith(":") ? 1 : 0);
    if (colon < 0) throw new Error(t('"{line}" has no colon: write name: value', { line }));
    current.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  if (current.length) lists.push(current);
  return lists;
}

export default async function mount(element) {
  const modeName = uid("mode");
  const decodeRadio = h("input", { type: "radio", name: modeName, value: "decode", id: uid("decode") });
  const encodeRadio = h("input", { type: "radio", name: modeName, value: "encode", id: uid("encode") });
  decodeRadio.checked = true;
  const modes = h("fieldset", { class: "cell-flags" }, h("legend", { text: t("Direction") }),
    h("label", { class: "check", for: decodeRadio.id }, decodeRadio, ` ${t("Decode hex")}`),
    h("label", { class: "check", for: encodeRadio.id }, encodeRadio, ` ${t("Encode headers")}`));
  const hex = h("textarea", { name: "blocks", rows: "4", class: "mono", spellcheck: "false" });
  hex.value = C3;
  const headers = h("textarea", { name: "headers", rows: "8", class: "mono", spellcheck: "false" });
  headers.value = HEADERS;
  const huffman = h("input", { type: "checkbox", name: "huffman", id: uid("huff") });
  huffman.checked = true;
  const decodePart = h("div", { class: "hpack-decode" },
    labelled(t("Header blocks in hex, one per line"), hex, t("RFC 7541 C.3.1 and C.3.2 to start; blocks share one table")).wrap);
  const encodePart = h("div", { class: "hpack-encode" },
    labelled(t("Header lists: name: value per line, a blank line between requests"), headers).wrap,
    h("label", { class: "check", for: huffman.id }, huffman, ` ${t("Huffman-code strings when shorter")}`));
  encodePart.hidden = true;
  const go = h("button", { type: "submit", text: t("Run") });
  const form = h("form", { class: "cell-form", "aria-label": "HPACK" }, modes, decodePart, encodePart, h("div", { class: "cell-buttons" }, go));
  const status = statusLine();
  const out = h("div", { class: "cell-output" });
  replaceFallback(element,
    t("Decode header blocks with the app's HPACK decoder, or encode your own headers and watch the dynamic table shrink the next request."),
    form, status, out);

  const run = async () => {
    const encode = encodeRadio.checked;
    decodePart.hidden = encode;
    encodePart.hidden = !encode;
    let r;
    if (encode) {
      let lists;
      try { lists = parseLists(headers.value); } catch (e) { status.textContent = e.message; return; }
      if (!lists.length) { status.textContent = t("Type at least one header line."); return; }
      r = await postJson("/api/cells/hpack-encode", { lists, huffman: huffman.checked });
    } else {
      const blocks = hex.value.split("\n").map((l) => l.trim()).filter(Boolean);
      if (!blocks.length) { status.textContent = t("Paste at least one block."); return; }
      r = await postJson("/api/cells/hpack-decode", { blocks });
    }
    if (!r.ok) { status.textContent = r.error; return; }
    status.textContent = "";
    out.replaceChildren(...r.data.blocks.map((b, i) => {
      const bytes = b.bytes.length / 2;
      const size = encode
        ? t("{bytes} bytes of HPACK for {plain} bytes of HTTP/1.1-style header lines; table now {table} bytes", { bytes, plain: b.plain_length, table: b.table_size })
        : t("{bytes} bytes; dynamic table after it: {table} bytes", { bytes, table: b.table_size });
      return h("section", { class: "hpack-block" },
        encode ? h("p", { class: "mono hpack-hex", text: b.bytes.match(/.{1,4}/g)?.join(" ") ?? "" }) : null,
        renderDissection(b.dissection, { kind: "hpack", title: t("Block {n}: {size}", { n: i + 1, size }), explain: true, fieldsOpen: true }));
    }));
  };
  form.addEventListener("submit", (e) => { e.preventDefault(); run(); });
  modes.addEventListener("change", run);
  huffman.addEventListener("change", run);
  for (const area of [hex, headers]) {
    area.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } });
  }
  await run();
}
