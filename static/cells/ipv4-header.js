// Live cell: build an IPv4 header from its fields (RFC 791 §3.1). The server lays out the
// bytes, computes the header checksum (RFC 1071) and dissects the result bit by bit
// (POST /api/cells/ipv4); change any field and the checksum follows.

import { renderDissection } from "../render/cards.js";
import { t } from "../i18n.js";
import { h, labelled, numberInput, replaceFallback, statusLine, postJson, debounce } from "./kit.js";

/** The chapter's worked example. */
const DEFAULTS = {
  version: 4, dscp: 0, ecn: 0, identification: 7238, dont_fragment: true, more_fragments: false,
  reserved_flag: false, fragment_offset: 0, ttl: 64, protocol: 6,
  source: "192.0.2.1", destination: "198.51.100.7", options: "", payload_length: 20,
};

// The labels are RFC 791's field names, kept as the RFC writes them; the hints are translated.
const NUMBERS = [
  ["version", "Version", 0, 15, t("4 bits; anything but 4 is refused")],
  ["dscp", "DSCP", 0, 63, t("6 bits of the old Type of Service byte; 46 = EF")],
  ["ecn", "ECN", 0, 3, t("2 bits; 3 = congestion experienced")],
  ["identification", "Identification", 0, 65535, t("16 bits")],
  ["fragment_offset", "Fragment Offset", 0, 8191, t("13 bits, in 8-byte units")],
  ["ttl", "Time to Live", 0, 255, t("8 bits")],
  ["protocol", "Protocol", 0, 255, t("6 TCP, 17 UDP, 1 ICMP")],
  ["payload_length", t("Data length"), 0, 65515, t("bytes after the header (sets Total Length)")],
];

export default async function mount(element) {
  const form = h("form", { class: "cell-form ipv4-form", "aria-label": t("IPv4 header fields") });
  const inputs = {};
  const grid = h("div", { class: "cell-grid" });
  for (const [name, label, min, max, hint] of NUMBERS) {
    inputs[name] = numberInput(name, DEFAULTS[name], min, max);
    grid.append(labelled(label, inputs[name], hint).wrap);
  }
  for (const [name, label] of [["source", "Source Address"], ["destination", "Destination Address"]]) {
    inputs[name] = h("input", { type: "text", name, value: DEFAULTS[name], class: "mono", spellcheck: "false" });
    grid.append(labelled(label, inputs[name]).wrap);
  }
  inputs.options = h("input", { type: "text", name: "options", value: "", class: "mono", spellcheck: "false", placeholder: t("e.g. 94 04 00 00") });
  grid.append(labelled(t("Options (hex)"), inputs.options, t("up to 40 bytes, padded to 32 bits")).wrap);
  const flags = h("fieldset", { class: "cell-flags" }, h("legend", { text: "Flags" }));
  for (const [name, label] of [["reserved_flag", t("Reserved (must be 0)")], ["dont_fragment", t("DF — don't fragment")], ["more_fragments", t("MF — more fragments")]]) {
    inputs[name] = h("input", { type: "checkbox", name, id: `ipv4-${name}-${Math.random().toString(36).slice(2, 7)}` });
    inputs[name].checked = DEFAULTS[name];
    flags.append(h("label", { class: "check", for: inputs[name].id }, inputs[name], ` ${label}`));
  }
  const fixed = h("input", { type: "checkbox", name: "fix_checksum", id: `ipv4-fix-${Math.random().toString(36).slice(2, 7)}` });
  const fixedValue = h("input", { type: "text", name: "checksum", value: "0000", class: "mono", size: "6", disabled: true, "aria-label": t("Checksum to send, 4 hex digits") });
  const checksumBox = h("fieldset", { class: "cell-flags" }, h("legend", { text: "Header Checksum" }),
    h("label", { class: "check", for: fixed.id }, fixed, ` ${t("Send this value instead of the computed one:")} `), fixedValue);
  form.append(grid, flags, checksumBox);

  const bytes = h("output", { class: "ipv4-bytes mono", "aria-label": t("The header in hex") });
  const checksum = h("output", { class: "ipv4-checksum mono", "aria-label": t("The header checksum") });
  const status = statusLine();
  const out = h("div", { class: "cell-output" });
  replaceFallback(element,
    t("Set any field of an IPv4 header; the server lays out the bytes and recomputes the checksum as you type."),
    form,
    h("p", { class: "cell-result" }, h("span", { text: `${t("Header:")} ` }), bytes),
    h("p", { class: "cell-result" }, h("span", { text: "Header Checksum: " }), checksum),
    status, out);

  let latest = 0;
  const update = async () => {
    const body = {};
    for (const [name] of NUMBERS) {
      const v = Number(inputs[name].value);
      if (!Number.isInteger(v)) { status.textContent = t("{name}: a whole number, please", { name }); return; }
      body[name] = v;
    }
    for (const name of ["source", "destination", "options"]) body[name] = inputs[name].value;
    for (const name of ["reserved_flag", "dont_fragment", "more_fragments"]) body[name] = inputs[name].checked;
    fixedValue.disabled = !fixed.checked;
    if (fixed.checked) {
      const c = parseInt(fixedValue.value, 16);
      if (!/^[0-9a-fA-F]{1,4}$/.test(fixedValue.value.trim()) || Number.isNaN(c)) { status.textContent = t("The checksum to send: 1 to 4 hex digits."); return; }
      body.checksum = c;
    }
    const n = ++latest;
    const r = await postJson("/api/cells/ipv4", body);
    if (n !== latest) return;
    if (!r.ok) { status.textContent = r.error; return; }
    status.textContent = "";
    const hex = r.data.bytes.match(/../g)?.join(" ") ?? "";
    bytes.textContent = hex;
    const c = r.data.checksum.toString(16).padStart(4, "0");
    const want = r.data.correct_checksum.toString(16).padStart(4, "0");
    checksum.textContent = c === want ? `0x${c}` : t("0x{c} (wrong: the header's words give 0x{want})", { c, want });
    checksum.dataset.value = c;
    out.replaceChildren(renderDissection(r.data.dissection, { kind: "ipv4", explain: true, fieldsOpen: false }));
  };
  const later = debounce(update, 120);
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("submit", (e) => { e.preventDefault(); update(); });
  await update();
}
