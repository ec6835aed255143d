// Live cell: one header list encoded twice by the app, as the first request of a connection —
// HPACK (RFC 7541) for HTTP/2 and QPACK (RFC 9204) for HTTP/3 with its static table, which is
// all QPACK may use until the decoder grants a dynamic table (POST /api/cells/qpack). Both
// encodings are dissected field by field.

import { renderDissection } from "../render/cards.js";
import { t } from "../i18n.js";
import { h, labelled, replaceFallback, statusLine, postJson, uid, debounce } from "./kit.js";

const HEADERS = ":method: GET\n:scheme: https\n:authority: www.example.com\n:path: /index.html\n" +
  "user-agent: wiretrail\naccept: */*\naccept-encoding: gzip, deflate, br";

/** "name: value" lines; a leading ':' belongs to the name. */
function parseList(text) {
  const fields = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "");
    if (line.trim() === "") continue;
    const colon = line.indexOf(":", line.startsWith(":") ? 1 : 0);
    if (colon < 0) throw new Error(t('"{line}" has no colon: write name: value', { line }));
    fields.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return fields;
}

export default async function mount(element) {
  const headers = h("textarea", { name: "headers", rows: "8", class: "mono", spellcheck: "false" });
  headers.value = HEADERS;
  const huffman = h("input", { type: "checkbox", name: "huffman", id: uid("huff") });
  huffman.checked = true;
  const go = h("button", { type: "submit", text: t("Encode both") });
  const form = h("form", { class: "cell-form", "aria-label": t("QPACK and HPACK") },
    labelled(t("One request's header fields: name: value per line"), headers).wrap,
    h("label", { class: "check", for: huffman.id }, huffman, ` ${t("Huffman-code strings when shorter")}`),
    h("div", { class: "cell-buttons" }, go));
  const status = statusLine();
  const summary = h("p", { class: "cell-summary", role: "status", "aria-live": "polite" });
  const out = h("div", { class: "cell-output" });
  replaceFallback(element,
    t("Type a request's headers; the app encodes them with HPACK and with QPACK's static table and shows every byte of both."),
    form, status, summary, out);

  const run = async () => {
    let fields;
    try { fields = parseList(headers.value); } catch (e) { status.textContent = e.message; return; }
    if (!fields.length) { status.textContent = t("Type at least one header line."); return; }
    const r = await postJson("/api/cells/qpack", { fields, huffman: huffman.checked });
    if (!r.ok) { status.textContent = r.error; return; }
    status.textContent = "";
    const { hpack, qpack, plain_length: plain } = r.data;
    summary.textContent = t("{plain} bytes as HTTP/1.1 header lines; {hpack} bytes of HPACK; {qpack} bytes of QPACK (2 of them the field section prefix).",
      { plain, hpack: hpack.length, qpack: qpack.length });
    const block = (name, b) => h("section", { class: "hpack-block" },
      h("p", { class: "mono hpack-hex", text: b.bytes.match(/.{1,4}/g)?.join(" ") ?? "" }),
      renderDissection(b.dissection, { kind: "hpack", title: t("{name}: {n} bytes", { name, n: b.length }), explain: true, fieldsOpen: false }));
    out.replaceChildren(block("HPACK (HTTP/2)", hpack), block(t("QPACK, static table (HTTP/3)"), qpack));
  };
  const later = debounce(run, 300);
  form.addEventListener("submit", (e) => { e.preventDefault(); run(); });
  headers.addEventListener("input", later);
  huffman.addEventListener("change", run);
  await run();
}
