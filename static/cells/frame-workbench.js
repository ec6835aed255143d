// Live cell: the lab's frame workbench in the book. Build a WebSocket frame from its fields
// (static/lab/builder.js's buildFrame) or paste hex; the server's dissector explains it
// (POST /api/dissect/ws) with the lab's cards.

import { renderDissection } from "../render/cards.js";
import { bytesToHex, hexToBytes, randomBytes } from "../render/dom.js";
import { buildFrame, OPCODE_OPTIONS } from "../lab/builder.js";
import { t } from "../i18n.js";
import { h, labelled, replaceFallback, statusLine, callJson, uid } from "./kit.js";

export default async function mount(element) {
  const check = (name, label, on) => {
    const input = h("input", { type: "checkbox", name, id: uid(name) });
    input.checked = on;
    return { input, label: h("label", { class: "check", for: input.id }, input, ` ${label}`) };
  };
  const fin = check("fin", "FIN", true);
  const rsv = [1, 2, 3].map((n) => check(`rsv${n}`, `RSV${n}`, false));
  const mask = check("mask", t("MASK (client → server)"), true);
  const opcode = h("select", { name: "opcode" }, ...OPCODE_OPTIONS.map(([n, name]) => h("option", { value: String(n), text: `${n} — ${name}` })));
  opcode.value = "1";
  const payload = h("input", { type: "text", name: "payload", value: "Hi" });
  const key = h("input", { type: "text", name: "key", value: "01020304", class: "mono", size: "10", spellcheck: "false" });
  const randomKey = h("button", { type: "button", text: t("Random key") });
  const build = h("button", { type: "submit", text: t("Build and dissect") });
  const builder = h("form", { class: "cell-form", "aria-label": t("Build a frame") },
    h("fieldset", { class: "cell-flags" }, h("legend", { text: t("First byte") }), fin.label, ...rsv.map((r) => r.label)),
    h("div", { class: "cell-grid" },
      labelled("Opcode", opcode).wrap,
      labelled(t("Payload (text)"), payload).wrap,
      labelled(t("Masking key (8 hex digits)"), key).wrap),
    h("div", { class: "cell-buttons" }, mask.label, randomKey, build));
  const hex = h("textarea", { name: "hex", rows: "2", class: "mono", spellcheck: "false" });
  const dissect = h("button", { type: "submit", text: t("Dissect this hex") });
  const hexForm = h("form", { class: "cell-form", "aria-label": t("Dissect hex") },
    labelled(t("Frame bytes in hex (edit freely; Ctrl+Enter dissects)"), hex).wrap, h("div", { class: "cell-buttons" }, dissect));
  const status = statusLine();
  const out = h("div", { class: "cell-output" });
  replaceFallback(element,
    t("Set the bits of a WebSocket frame, or paste any hex, and the server's dissector explains every bit — broken frames too."),
    builder, hexForm, status, out);

  const run = async () => {
    const r = await callJson("/api/dissect/ws", { method: "POST", headers: { "content-type": "text/plain", "x-wiretrail": "1" }, body: hex.value });
    if (!r.ok) {
      status.textContent = Number.isInteger(r.data?.at) ? t("{error} (character {at})", { error: r.error, at: r.data.at }) : r.error;
      return;
    }
    status.textContent = r.data.length === 1 ? t("One frame.") : t("{n} frames, one after the other.", { n: r.data.length });
    out.replaceChildren(...r.data.map((d, i) => renderDissection(d, { kind: "frame", title: r.data.length > 1 ? t("Frame {n}", { n: i + 1 }) : undefined })));
  };
  const make = () => {
    const k = key.value.trim();
    if (mask.input.checked && !/^[0-9a-fA-F]{8}$/.test(k)) { status.textContent = t("The masking key must be exactly 8 hex digits (4 bytes)."); key.focus(); return; }
    const { bytes, headerLen } = buildFrame({
      fin: fin.input.checked, rsv1: rsv[0].input.checked, rsv2: rsv[1].input.checked, rsv3: rsv[2].input.checked,
      opcode: Number(opcode.value), mask: mask.input.checked, key: hexToBytes(k), payload: new TextEncoder().encode(payload.value),
    });
    hex.value = `${bytesToHex(bytes.subarray(0, headerLen), " ")}  ${bytesToHex(bytes.subarray(headerLen), " ")}`.trim();
    run();
  };
  builder.addEventListener("submit", (e) => { e.preventDefault(); make(); });
  builder.addEventListener("change", make);
  hexForm.addEventListener("submit", (e) => { e.preventDefault(); run(); });
  hex.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } });
  randomKey.addEventListener("click", () => { key.value = bytesToHex(randomBytes(4)); make(); });
  make();
}
