// What happened, written from what the lab observed (never canned): after the page's close
// event, a hint that says which side sent a Close first, with what code and reason, what the
// page was told (its code and wasClean) and why, per RFC 6455 and the WHATWG WebSockets
// standard; and when the browser fragmented a message the server refused, into how many
// frames of what size, and at which frame's header the server said no.

import { flatten, frameFacts, displayValue } from "../render/cards.js";
import { formatSize } from "../render/dom.js";

const CLOSE = 8;
const MESSAGE_TOO_BIG = 1009;
const ordinal = (n) => {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th");
  return `${n}${suffix}`;
};
const bytes = (n) => `${Number(n).toLocaleString("en-US")} byte${n === 1 ? "" : "s"}`;

/** A frame event's facts: opcode, FIN, RSV1, payload length, close code and reason. */
export function facts(ev) {
  const fields = ev.dissection?.fields ?? [];
  const f = frameFacts(fields);
  const all = flatten(fields).map((x) => x.field);
  const code = all.find((x) => x.name === "Status code");
  const reason = all.find((x) => x.name === "Reason");
  return {
    seq: ev.seq, direction: ev.direction, opcode: Number(f.opcode), fin: f.fin === "1",
    rsv1: f.rsv1 === "1", length: Number(f.length),
    code: code?.raw?.kind === "uint" ? Number(code.raw.value) : null,
    // An empty reason is shown as "(none)" by the dissector: no reason, not that text.
    reason: reason && !(reason.raw?.kind === "bytes" && !reason.raw.value) ? String(reason.value ?? "").replace(/^"|"$/g, "") : "",
  };
}

const who = (side) => (side === "client" ? "your browser" : "the server");
const closeText = (c) => `Close${c.code !== null ? ` ${c.code}` : " (no code)"}${c.reason ? ` “${c.reason}”` : ""} (#${c.seq})`;

/**
 * The hint after a close event.
 * @param {object[]} serverEvents  the session's events from the server, in order
 * @param {{code:number, reason:string, wasClean:boolean}} close  what the page was told
 * @param {number} [sentSize]  the size of the page's last big message, if it sent one
 */
export function closeStory(serverEvents, close, sentSize) {
  const frames = serverEvents.filter((e) => e.kind === "frame").map(facts);
  const closes = frames.filter((f) => f.opcode === CLOSE);
  const first = closes[0];
  const answer = first ? closes.find((c) => c.direction !== first.direction) : undefined;
  const parts = [];
  const broken = frames.find((f) => f.direction === "server" && f.rsv1);
  if (broken && first?.direction === "client") {
    parts.push(`The server sent frame #${broken.seq} with RSV1 set though no extension was agreed; RFC 6455 §5.2 says the receiver must fail the connection, and your browser did: it sent a masked ${closeText(first)}.`);
  } else if (first) {
    parts.push(`${who(first.direction)[0].toUpperCase()}${who(first.direction).slice(1)} closed first: ${closeText(first)}.`);
  } else {
    parts.push("No Close frame crossed the wire in either direction.");
  }
  if (first) {
    parts.push(answer ? `${who(answer.direction)[0].toUpperCase()}${who(answer.direction).slice(1)} answered with its ${closeText(answer)}, and then the TCP connection closed.`
      : `${who(first.direction === "client" ? "server" : "client")} sent no Close back before the TCP connection closed.`);
  }
  const told = `The page's close event said code ${close.code}${close.reason ? `, reason “${close.reason}”` : ""}, wasClean ${close.wasClean}`;
  if (close.wasClean) {
    parts.push(`${told}: both Close frames crossed and the TCP connection closed after them, so per the WHATWG WebSockets standard the closing handshake completed, and the code is the one in the Close frame your browser received${answer && first ? ` (${(first.direction === "server" ? first : answer).code})` : ""}.`);
  } else if (close.code === 1006 && broken && first?.direction === "client") {
    parts.push(`${told}. That is what the WHATWG WebSockets standard prescribes when a browser fails the connection: fire error, then close with wasClean false and code 1006 (Abnormal Closure), a code that never travels on the wire. The browser stopped reading when it failed, so the server's answer, although it crossed the wire, never reached the page.`);
  } else if (close.code === 1006) {
    parts.push(`${told}: 1006 (Abnormal Closure) never travels on the wire; the browser reports it because the TCP connection ended without a completed closing handshake (WHATWG WebSockets: wasClean false).`);
  } else {
    parts.push(`${told}.`);
  }
  const fragments = fragmentStory(serverEvents, frames, sentSize);
  if (fragments) parts.unshift(fragments);
  return parts.join(" ");
}

/** "Your browser split 1.10 MiB into frames of 131,000 bytes…", when the server refused it. */
function fragmentStory(serverEvents, frames, sentSize) {
  const refusal = frames.find((f) => f.direction === "server" && f.opcode === CLOSE && f.code === MESSAGE_TOO_BIG);
  if (!refusal) return null;
  const before = frames.filter((f) => f.direction === "client" && f.seq < refusal.seq);
  let start = -1;
  before.forEach((f, i) => { if (f.opcode === 1 || f.opcode === 2) start = i; });
  if (start < 0) return null;
  const parts = before.slice(start).filter((f) => f.opcode <= 2);
  const read = parts.reduce((n, f) => n + f.length, 0);
  const begun = serverEvents.filter((e) => e.kind === "frame-begun" && e.direction === "client" && e.seq < refusal.seq).at(-1);
  const lastEnd = serverEvents.filter((e) => e.kind === "frame" && e.direction === "client" && e.seq < refusal.seq).at(-1)?.range?.[1];
  const atHeader = begun && (lastEnd === undefined || begun.range[0] >= lastEnd);
  const size = parts[0]?.length ?? 0;
  const total = sentSize && size ? Math.ceil(sentSize / size) : null;
  const what = sentSize ? `${formatSize(sentSize)} (${bytes(sentSize)})` : "the message";
  const refusedAt = atHeader
    ? `the server read ${parts.length} whole frame${parts.length === 1 ? "" : "s"} (${bytes(read)} of payload), then refused at the ${ordinal(parts.length + 1)} frame's header, which announced ${bytes(begun.range[1] - begun.range[0])} more on the wire: with it the message would pass the socket's limit, so the server sent Close ${MESSAGE_TOO_BIG} (#${refusal.seq}) without waiting for that frame's payload.`
    : total === parts.length
      ? `the server read all ${parts.length} frames (${bytes(read)} of payload: the whole message) and then refused it with Close ${MESSAGE_TOO_BIG} (#${refusal.seq}), its limit being on the message.`
      : `the server read ${parts.length} frame${parts.length === 1 ? "" : "s"} (${bytes(read)} of payload) and then sent Close ${MESSAGE_TOO_BIG} (#${refusal.seq}).`;
  return `Your browser split ${what} into frames of ${bytes(size)}${total ? ` (${total} frames for the whole message)` : ""}: a first frame with FIN 0, then Continuations (RFC 6455 §5.4 lets any sender fragment a message); ${refusedAt}`;
}
