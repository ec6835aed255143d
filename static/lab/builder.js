// A WebSocket frame from its fields (RFC 6455 §5.2), for the frame workbench of the lab and
// of the book (static/cells/frame-workbench.js). Every bit and length form is a constant of
// the `websocket` crate, served by the app (GET /static/generated/tables.js); nothing is a
// bare mask here. The frame is built in the page, not by the server, because the workbench
// must also build what the crate never writes: a length in a longer form than needed.

import { WS } from "../generated/tables.js";
import { t } from "../i18n.js";

const F = WS.frame;

/** The opcodes as <option> labels: "1 — Text", "3 — Reserved (non-control)". */
export const OPCODE_OPTIONS = WS.opcodes.map((op) => [op.value,
  op.reserved ? (op.control ? t("{name} (control)", { name: op.name }) : t("{name} (non-control)", { name: op.name })) : op.name]);

/**
 * One frame's bytes from its fields.
 * @param {object} fields
 * @param {"minimal"|"7"|"16"|"64"} [fields.lengthForm]  "minimal" is what the RFC requires;
 *   "16" and "64" force the longer forms (a 16-bit form too small for the payload becomes 64)
 * @returns {{bytes: Uint8Array, headerLen: number}}
 */
export function buildFrame({ fin, rsv1, rsv2, rsv3, opcode, mask, key, payload, lengthForm = "minimal" }) {
  const n = payload.length;
  const head = [(fin ? F.FIN_BIT : 0) | (rsv1 ? F.RSV1_BIT : 0) | (rsv2 ? F.RSV2_BIT : 0) | (rsv3 ? F.RSV3_BIT : 0)
    | (opcode & F.OPCODE_BITS)];
  const m = mask ? F.MASK_BIT : 0;
  let form = lengthForm;
  if (form === "minimal") form = n <= F.MAX_PAYLOAD_LEN_7 ? "7" : n < 2 ** 16 ? "16" : "64";
  if (form === "16" && n >= 2 ** 16) form = "64";
  if (form === "7") head.push(m | n);
  else if (form === "16") head.push(m | F.PAYLOAD_LEN_16, ...bigEndian(n, 2));
  else head.push(m | F.PAYLOAD_LEN_64, ...bigEndian(n, 8));
  const keyLen = mask ? F.MASKING_KEY_LEN : 0;
  const out = new Uint8Array(head.length + keyLen + n);
  out.set(head, 0);
  let at = head.length;
  if (mask) {
    out.set(key.subarray(0, keyLen), at);
    at += keyLen;
    for (let i = 0; i < n; i++) out[at + i] = payload[i] ^ key[i % keyLen];
  } else {
    out.set(payload, at);
  }
  return { bytes: out, headerLen: head.length + keyLen };
}

/** `n` as `width` bytes, most significant first (network byte order, RFC 6455 §5.2). */
function bigEndian(n, width) {
  const out = [];
  let v = BigInt(n);
  for (let i = 0; i < width; i++) {
    out.unshift(Number(v & 0xffn));
    v >>= 8n;
  }
  return out;
}
