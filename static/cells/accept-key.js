// Live cell: Sec-WebSocket-Key → Sec-WebSocket-Accept, step by step, computed by the server
// with the same code its handshake uses (POST /api/accept-key).

import { renderDissection } from "../render/cards.js";
import { bytesToHex, randomBytes } from "../render/dom.js";
import { t } from "../i18n.js";
import { h, labelled, replaceFallback, statusLine, callJson, debounce } from "./kit.js";

const RFC_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

export default async function mount(element) {
  const input = h("input", { type: "text", name: "key", value: RFC_KEY, spellcheck: "false", autocomplete: "off", class: "mono" });
  const key = labelled("Sec-WebSocket-Key", input, t("Any text; a real key is base64 of 16 random bytes (24 characters)."));
  const random = h("button", { type: "button", text: t("Random key") });
  const rfc = h("button", { type: "button", text: t("RFC 6455 example") });
  const accept = h("output", { class: "accept-value mono", for: input.id, "aria-label": "Sec-WebSocket-Accept" });
  const status = statusLine();
  const out = h("div", { class: "cell-output" });
  replaceFallback(element,
    t("Type a key and the server derives the accept value: key + GUID, SHA-1, base64 (RFC 6455 §4.2.2)."),
    h("div", { class: "cell-controls" }, key.wrap, h("div", { class: "cell-buttons" }, random, rfc)),
    h("p", { class: "accept-line" }, h("span", { text: "Sec-WebSocket-Accept: " }), accept),
    status, out);

  let latest = 0;
  const update = async () => {
    const n = ++latest;
    const r = await callJson("/api/accept-key", { method: "POST", headers: { "content-type": "text/plain", "x-wiretrail": "1" }, body: input.value });
    if (n !== latest) return;
    if (!r.ok) { status.textContent = r.error; return; }
    status.textContent = "";
    accept.textContent = r.data.accept ?? "";
    out.replaceChildren(renderDissection(r.data.dissection, { kind: "accept-key", explain: true, fieldsOpen: true }));
  };
  const later = debounce(update, 120);
  input.addEventListener("input", later);
  random.addEventListener("click", () => {
    const bytes = randomBytes(16);
    input.value = btoa(String.fromCharCode(...bytes));
    input.title = t("16 random bytes: {hex}", { hex: bytesToHex(bytes, " ") });
    update();
  });
  rfc.addEventListener("click", () => { input.value = RFC_KEY; update(); });
  await update();
}
