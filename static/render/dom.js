// Small DOM and byte helpers shared by both labs and the book's cells.
//
// SECURITY: every string handed to h() becomes a Text node, and attributes go through
// setAttribute. Nothing here (or anywhere in the lab) uses innerHTML: what a server or a peer
// sends — payloads, header values, close reasons, the dissector's own texts — is data.

/** createElement with attributes and children; strings and numbers become text nodes. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) throw new Error(`no inline handlers (${name})`);
    if (name === "class") el.className = value;
    else if (name === "text") el.textContent = String(value);
    else if (name === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.append(child);
    else el.append(document.createTextNode(String(child)));
  }
}

/** "48656c6c6f" → Uint8Array; ignores anything that is not a hex digit pair. */
export function hexToBytes(hex) {
  const clean = String(hex ?? "").replace(/[^0-9a-fA-F]/g, "");
  const out = new Uint8Array(clean.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

export function bytesToHex(bytes, sep = "") {
  let out = "";
  for (let i = 0; i < bytes.length; i++) {
    if (i && sep) out += sep;
    out += bytes[i].toString(16).padStart(2, "0");
  }
  return out;
}

export const hex2 = (b) => b.toString(16).padStart(2, "0");

/** Bit `i` of `bytes` (bit 0 = the most significant bit of byte 0), or null past the end. */
export function bitAt(bytes, i) {
  const byte = bytes[i >> 3];
  if (byte === undefined) return null;
  return (byte >> (7 - (i & 7))) & 1;
}

/** "+12.3 ms", "+2.345 s": a time since the session started. */
export function formatTime(ms) {
  if (typeof ms !== "number" || !Number.isFinite(ms)) return "";
  if (ms < 1000) return `+${ms.toFixed(1)} ms`;
  return `+${(ms / 1000).toFixed(3)} s`;
}

/** A byte count for people. */
export function formatSize(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n % 1024 ? 1 : 0)} KiB`;
  return `${(n / 1048576).toFixed(2)} MiB`;
}

/** Random bytes of any length (getRandomValues fills at most 65536 at a time). */
export function randomBytes(n) {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
  return out;
}

/** A printable character for a byte in a hex dump's text column. */
export function printable(b) {
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : "·";
}

/** Offers `text` as a download named `name`. */
export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A translated sentence with elements in it: `text` is what the translation function gave
 * with the element placeholders left unfilled (it leaves a `{name}` it has no value for as
 * written), and `parts` maps those names to nodes (or arrays of nodes and strings). Returns
 * the children for h(), in the order the translation puts them, so a link can sit wherever
 * the language wants it and the sentence stays one message. For "After the frame that
 * caused it: {links}.", nodes(text, { links: [a1, ", ", a2] }).
 */
export function nodes(text, parts) {
  const out = [];
  let at = 0;
  for (const m of text.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
    if (!Object.prototype.hasOwnProperty.call(parts, m[1])) continue;
    if (m.index > at) out.push(text.slice(at, m.index));
    out.push(parts[m[1]]);
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}
