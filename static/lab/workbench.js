// The frame workbench: build a frame from its fields (builder.js) or paste hex, and the
// server's dissector (POST /api/dissect/ws) explains it with the same cards as the live lab.
// "Send to the server": the learner first commits to a prediction (echo, Close 1002, 1007,
// 1009, nothing yet), then the lab's own raw client writes the bytes exactly as built to the
// server's WebSocket endpoint (POST /api/lab/ws/{id}/raw); the raw connection's frames, both
// ways, are drawn in the timeline's lanes from the session's stream, and the prediction is
// scored against what the server did, explained from the close code and reason it sent.

import { h, bytesToHex, hexToBytes, randomBytes, nodes } from "../render/dom.js";
import { t, tn } from "../i18n.js";
import { wire } from "../i18n-wire.js";
import { renderDissection } from "../render/cards.js";
import { buildFrame, OPCODE_OPTIONS } from "./builder.js";

const $ = (id) => document.getElementById(id);

function showError(input, message, at) {
  const box = $("hex-error");
  box.hidden = false;
  const text = input.value;
  const children = [h("p", {}, h("strong", { text: t("The dissector cannot read this hex: ") }), message)];
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
    showError(input, t("the request failed: {error}", { error: e.message }));
    return;
  }
  let body = null;
  try {
    body = await r.json();
  } catch { /* not JSON */ }
  if (!r.ok) {
    showError(input, body?.error ? wire(String(body.error)) : t("the server answered {status}", { status: r.status }), body?.at);
    return;
  }
  const list = Array.isArray(body) ? body : [];
  out.replaceChildren(
    h("p", { class: "hint", text: list.length === 1 ? t("One frame:") : t("{n} frames, one after the other:", { n: list.length }) }),
    ...list.map((d, i) => renderDissection(d, { kind: "frame", title: list.length > 1 ? t("Frame {n}", { n: i + 1 }) : undefined })),
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
      showError($("b-payload"), bad >= 0 ? t("the payload has a character that is not a hex digit") : t("the payload has an odd number of hex digits"));
      return;
    }
    payload = hexToBytes(clean);
  } else {
    payload = new TextEncoder().encode(raw);
  }
  const mask = $("b-mask").checked;
  const keyText = $("b-key").value.trim();
  if (mask && !/^[0-9a-fA-F]{8}$/.test(keyText)) {
    showError($("b-key"), t("the masking key must be exactly 8 hex digits (4 bytes)"));
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

// ---- send what you built -------------------------------------------------------------------

/** What a prediction may say; the raw API's `outcome` is one of these when it is one of them. */
export const PREDICTIONS = {
  echo: t("an echo"),
  "close-1002": t("Close 1002 (Protocol Error)"),
  "close-1007": t("Close 1007 (Invalid frame payload data)"),
  "close-1009": t("Close 1009 (Message Too Big)"),
  nothing: t("nothing yet (the server waits for more bytes)"),
};

/** The RFC 6455 section behind a Close 1002, from the reason the server gave. */
function ruleOf(reason) {
  const r = String(reason ?? "");
  if (/mask/i.test(r)) return t("§5.1 (a client must mask every frame it sends; a server must close when one is not masked) and §5.3");
  if (/opcode/i.test(r)) return t("§5.2 (reserved opcodes must not be used without an extension)");
  if (/reserved bit|rsv/i.test(r)) return t("§5.2 (RSV1-3 must be 0 unless an agreed extension defines them)");
  if (/continuation|in progress/i.test(r)) return t("§5.4 (a Continuation only continues a message begun, and a new message must not begin inside one)");
  if (/control/i.test(r)) return t("§5.5 (a control frame carries at most 125 bytes of payload and must not be fragmented)");
  if (/length/i.test(r)) return t("§5.2 (the payload length's most significant bit must be 0)");
  if (/close/i.test(r)) return t("§5.5.1 and §7.4 (a Close body is empty or a code of 2 bytes, then UTF-8; some codes may not be sent)");
  return t("§7.4.1 (1002: the endpoint is terminating the connection due to a protocol error)");
}

/** What the server did, explained from what it sent, in a sentence or three. */
export function explainAnswer(a) {
  const frames = Array.isArray(a?.frames) ? a.frames : [];
  const code = a?.close?.code ?? null;
  const reason = a?.close?.reason ? ` “${a.close.reason}”` : "";
  const data = frames.filter((f) => f.opcode !== "Close");
  const parts = [];
  if (a?.outcome === "echo") {
    const texts = data.map((f) => (typeof f.text === "string" ? `“${f.text}”` : t("{n} bytes", { n: f.payload_len })));
    parts.push(tn(data.length,
      "The server echoed {n} frame back ({texts}): your bytes were well-formed frames (RFC 6455 §5.2), masked as a client must (§5.1, §5.3), and this server is an echo server. Its own frames are not masked: a server must not mask (§5.1).",
      "The server echoed {n} frames back ({texts}): your bytes were well-formed frames (RFC 6455 §5.2), masked as a client must (§5.1, §5.3), and this server is an echo server. Its own frames are not masked: a server must not mask (§5.1).",
      { texts: texts.join(", ") }));
    if (data.length > 1) parts.push(t("One write of yours carried {n} frames; TCP is a byte stream, so the server found where each ends from its header (§5.2) and answered each.", { n: data.length }));
  } else if (code === 1002) {
    parts.push(t("The server sent Close 1002 (Protocol Error){reason}: the reason names the rule your bytes broke, RFC 6455 {rule}. §7.1.7 then has it fail the connection: Close, then the TCP connection ends.",
      { reason, rule: ruleOf(a.close.reason) }));
  } else if (code === 1007) {
    parts.push(t("The server sent Close 1007 (Invalid frame payload data){reason}: a Text message must be valid UTF-8 (RFC 6455 §5.6, §8.1), and the server checks it as it reads.", { reason }));
  } else if (code === 1009) {
    parts.push(t("The server sent Close 1009 (Message Too Big){reason}: the message passes this socket's limit (RFC 6455 §7.4.1), decided from the frame header.", { reason }));
  } else if (code !== null) {
    parts.push(t("The server sent Close {code}{name}{reason} (RFC 6455 §7.4.1).", { code, name: a.close.name ? ` (${a.close.name})` : "", reason }));
  } else if (a?.close) {
    parts.push(t("The server sent a Close frame without a code (RFC 6455 §5.5.1 allows an empty Close body)."));
  } else {
    parts.push(t("The server sent nothing back in {ms} ms: a frame whose header announces more bytes than arrived is not finished (RFC 6455 §5.2), so the server is still waiting for the rest of it.",
      { ms: Math.round(Number(a?.waited_ms) || 0) }));
  }
  if (a?.outcome !== "echo" && data.length) parts.push(tn(data.length, "Before that it echoed {n} frame.", "Before that it echoed {n} frames."));
  if (a?.tcp_closed) parts.push(t("Then it ended the TCP connection."));
  return parts.join(" ");
}

/** Scores a prediction against the raw API's answer. */
export function score(prediction, answer) {
  const outcome = String(answer?.outcome ?? "");
  return { right: prediction === outcome, outcome, said: PREDICTIONS[outcome] ?? (outcome === "close" ? t("a Close without a code") : outcome.replace(/^close-/, "Close ")) };
}

/** The presets: the cases of issue 11, built with builder.js (the masking key of RFC 6455 §5.7). */
function presets() {
  const key = hexToBytes("37fa213d");
  const text = (s) => new TextEncoder().encode(s);
  const frame = (fields) => buildFrame({ fin: true, rsv1: false, rsv2: false, rsv3: false, mask: true, key, ...fields }).bytes;
  const join = (...frames) => {
    const out = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
    let at = 0;
    for (const f of frames) { out.set(f, at); at += f.length; }
    return out;
  };
  return {
    "masked-hello": frame({ opcode: 1, payload: text("Hello") }),
    unmasked: frame({ opcode: 1, mask: false, payload: text("Hello") }),
    rsv1: frame({ opcode: 1, rsv1: true, payload: text("Hello") }),
    "bad-utf8": frame({ opcode: 1, payload: Uint8Array.of(0x48, 0x69, 0xc3, 0x28) }),
    "ping-126": frame({ opcode: 9, payload: new Uint8Array(126).fill(0x70) }),
    three: join(frame({ opcode: 1, payload: text("one") }), frame({ opcode: 1, payload: text("two") }), frame({ opcode: 1, payload: text("six") })),
    half: frame({ opcode: 1, payload: text("Hello, world") }).subarray(0, 8),
  };
}

let sending = false;

async function sendRaw(hooks) {
  const out = $("raw-result");
  const chosen = document.querySelector("input[name='raw-predict']:checked");
  if (!chosen) {
    out.replaceChildren(h("p", { text: t("First commit to a prediction: what will the server do with these bytes?") }));
    document.querySelector("input[name='raw-predict']")?.focus();
    return;
  }
  if (sending) return;
  const clean = $("hex").value.replace(/0x/gi, "").replace(/[\s:]/g, "");
  if (!clean || /[^0-9a-fA-F]/.test(clean) || clean.length % 2) {
    showError($("hex"), !clean ? t("the hex box is empty: build a frame or pick a preset") : t("the hex box must hold whole bytes of hex digits"));
    return;
  }
  sending = true;
  $("raw-send").disabled = true;
  const prediction = chosen.value;
  out.replaceChildren(h("p", { text: t("Your prediction: {prediction}. Sending {n} bytes…", { prediction: PREDICTIONS[prediction], n: clean.length / 2 }) }));
  try {
    let s = await hooks.session();
    if (!s) throw new Error(t("no lab session"));
    let r = await post(s.id, clean);
    // The session may have gone stale (the server forgets idle ones): start a new one.
    if (r.status === 404) {
      s = await hooks.session(true);
      if (!s) throw new Error(t("no lab session"));
      r = await post(s.id, clean);
    }
    let body = null;
    try { body = await r.json(); } catch { /* not JSON */ }
    if (!r.ok) throw new Error(body?.error ? wire(String(body.error)) : t("the server answered {status}", { status: r.status }));
    const { right, said } = score(prediction, body);
    const why = explainAnswer(body);
    const conn = Number(body.connection);
    const told = { predicted: PREDICTIONS[prediction], said };
    const verdict = right ? t("✓ Right: you predicted {predicted}; the server answered with {said}.", told)
      : t("✗ Not this time: you predicted {predicted}; the server answered with {said}.", told);
    const first = Number.isFinite(conn) ? document.querySelector(`#timeline > li.ev[data-connection="${conn}"][id]`) : null;
    out.replaceChildren(
      h("p", { class: `raw-verdict ${right ? "right" : "wrong"}`, dataset: { outcome: String(body.outcome ?? ""), right: String(right) }, text: verdict }),
      h("p", { class: "raw-why", text: why }),
      Number.isFinite(conn) ? h("p", {}, ...nodes(t("Its frames, both ways, are in the timeline above as {link}."), {
        link: h("a", { href: `#${first?.id ?? "timeline-title"}`, text: t("raw connection {n}", { n: conn }) }),
      })) : null);
    hooks.addEvent({ kind: "hint", t_ms: hooks.now(s), text: t("Send what you built (raw connection {n}): {verdict} {why}", { n: Number.isFinite(conn) ? conn : "?", verdict, why }) }, s);
  } catch (e) {
    out.replaceChildren(h("p", { text: t("The raw send failed: {error}", { error: e.message }) }));
  } finally {
    sending = false;
    $("raw-send").disabled = false;
  }
}

function post(id, hexText) {
  return fetch(`/api/lab/ws/${encodeURIComponent(id)}/raw`, {
    method: "POST", headers: { "content-type": "text/plain", "X-Wiretrail": "1" }, body: hexText,
  });
}

/**
 * @param {object} [hooks]  from lab.js: `session(fresh)` → the session to send in,
 *   `addEvent(ev, session)` draws into the timeline, `now(session)` the session's clock
 */
export function initWorkbench(hooks = null) {
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
  const built = presets();
  for (const b of document.querySelectorAll("#raw-form button.preset")) {
    b.addEventListener("click", () => {
      const bytes = built[b.dataset.preset];
      if (!bytes) return;
      $("hex").value = bytesToHex(bytes, " ");
      $("raw-result").replaceChildren(h("p", { text: t("In the hex box: {preset}. Now predict, then send.", { preset: b.textContent }) }));
      dissect();
    });
  }
  if (hooks) $("raw-form")?.addEventListener("submit", (e) => { e.preventDefault(); sendRaw(hooks); });
  // Ctrl+Enter in the hex box dissects.
  $("hex").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); dissect(); }
  });
}
