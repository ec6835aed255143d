// The frame workbench: build a frame from its fields (builder.js) or paste hex, and the
// server's dissector (POST /api/dissect/ws) explains it with the same cards as the live lab.

import { h, bytesToHex, hexToBytes, randomBytes } from "../render/dom.js";
import { renderDissection } from "../render/cards.js";
import { buildFrame, OPCODE_OPTIONS } from "./builder.js";

const $ = (id) => document.getElementById(id);

function showError(input, message, at) {
  const box = $("hex-error");
  box.hidden = false;
  const text = input.value;
  const children = [h("p", {}, h("strong", { text: "The dissector cannot read this hex: " }), message)];
  if (Number.isInteger(at) && at >= 0) {
    // The line holding the fault, with a caret under the character.
    const lineStart = text.lastIndexOf("\n", at - 1) + 1;
    let lineEnd = text.indexOf("\n", at);
    if (lineEnd < 0) lineEnd = text.length;
    const from = Math.max(lineStart, at - 60);
    const to = Math.min(lineEnd, at + 60);
    const shown = text.slice(from, to);
    children.push(h("pre", { class: "caret-view", "aria-hidden": "true" },
      shown, "\n", " ".repeat(Math.max(0, at - from)), h("span", { class: "caret", text: "^" })));
    input.focus();
    input.setSelectionRange(at, Math.min(at + 1, text.length));
  }
  box.replaceChildren(...children);
}

async function dissect() {
  const input = $("hex");
  const out = $("bench-output");
  $("hex-error").hidden = true;
  let r;
  try {
    r = await fetch("/api/dissect/ws", { method: "POST", headers: { "content-type": "text/plain", "x-wiretrail": "1" }, body: input.value });
  } catch (e) {
    showError(input, `the request failed: ${e.message}`);
    return;
  }
  let body = null;
  try {
    body = await r.json();
  } catch { /* not JSON */ }
  if (!r.ok) {
    showError(input, body?.error ?? `the server answered ${r.status}`, body?.at);
    return;
  }
  const list = Array.isArray(body) ? body : [];
  out.replaceChildren(
    h("p", { class: "hint", text: list.length === 1 ? "One frame:" : `${list.length} frames, one after the other:` }),
    ...list.map((d, i) => renderDissection(d, { kind: "frame", title: list.length > 1 ? `Frame ${i + 1}` : undefined })),
  );
}

function build() {
  const kind = $("b-payload-kind").value;
  const raw = $("b-payload").value;
  let payload;
  if (kind === "hex") {
    const clean = raw.replace(/0x/gi, "").replace(/[\s:]/g, "");
    const bad = clean.search(/[^0-9a-fA-F]/);
    if (bad >= 0 || clean.length % 2) {
      showError($("b-payload"), bad >= 0 ? "the payload has a character that is not a hex digit" : "the payload has an odd number of hex digits");
      return;
    }
    payload = hexToBytes(clean);
  } else {
    payload = new TextEncoder().encode(raw);
  }
  const mask = $("b-mask").checked;
  const keyText = $("b-key").value.trim();
  if (mask && !/^[0-9a-fA-F]{8}$/.test(keyText)) {
    showError($("b-key"), "the masking key must be exactly 8 hex digits (4 bytes)");
    return;
  }
  $("hex-error").hidden = true;
  const { bytes, headerLen } = buildFrame({
    fin: $("b-fin").checked, rsv1: $("b-rsv1").checked, rsv2: $("b-rsv2").checked, rsv3: $("b-rsv3").checked,
    opcode: Number($("b-opcode").value), mask, key: hexToBytes(keyText), payload, lengthForm: $("b-length-form").value,
  });
  $("hex").value = `${bytesToHex(bytes.subarray(0, headerLen), " ")}  ${bytesToHex(bytes.subarray(headerLen), " ")}`.trim();
  dissect();
}

export function initWorkbench() {
  const select = $("b-opcode");
  if (!select) return;
  for (const [n, name] of OPCODE_OPTIONS) select.append(h("option", { value: String(n), text: `${n} — ${name}` }));
  select.value = "1";
  $("b-random-key").addEventListener("click", () => { $("b-key").value = bytesToHex(randomBytes(4)); });
  $("builder").addEventListener("submit", (e) => { e.preventDefault(); build(); });
  $("dissect-form").addEventListener("submit", (e) => { e.preventDefault(); dissect(); });
  for (const b of document.querySelectorAll("#dissect-form button.example")) {
    b.addEventListener("click", () => { $("hex").value = b.dataset.hex; dissect(); });
  }
  // Ctrl+Enter in the hex box dissects.
  $("hex").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); dissect(); }
  });
}
