// What happened, written from what the lab observed (never canned): after the page's close
// event, a hint that says which side sent a Close first, with what code and reason, what the
// page was told (its code and wasClean) and why, per RFC 6455 and the WHATWG WebSockets
// standard; and when the browser fragmented a message the server refused, into how many
// frames of what size, and at which frame's header the server said no.

import { flatten, frameFacts, displayValue } from "../render/cards.js";
import { formatSize } from "../render/dom.js";
import { t, tn } from "../i18n.js";

const CLOSE = 8;
const MESSAGE_TOO_BIG = 1009;
/** "2nd", "11th": each suffix its own message, so a language without them writes its own. */
const ordinal = (n) => {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th");
  if (suffix === "st") return t("{n}st", { n });
  if (suffix === "nd") return t("{n}nd", { n });
  if (suffix === "rd") return t("{n}rd", { n });
  return t("{n}th", { n });
};
const bytes = (n) => tn(n, "{n} byte", "{n} bytes", { n: Number(n).toLocaleString("en-US") });

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

/** "Close 1000 “done” (#7)": a Close frame the story names (Close is the RFC's name for it). */
const closeText = (c) => `${c.code !== null ? `Close ${c.code}` : t("Close (no code)")}${c.reason ? ` “${c.reason}”` : ""} (#${c.seq})`;

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
    parts.push(t("The server sent frame #{seq} with RSV1 set though no extension was agreed; RFC 6455 §5.2 says the receiver must fail the connection, and your browser did: it sent a masked {close}.",
      { seq: broken.seq, close: closeText(first) }));
  } else if (first) {
    const vars = { close: closeText(first) };
    parts.push(first.direction === "client" ? t("Your browser closed first: {close}.", vars) : t("The server closed first: {close}.", vars));
  } else {
    parts.push(t("No Close frame crossed the wire in either direction."));
  }
  if (first) {
    if (answer) {
      const vars = { close: closeText(answer) };
      parts.push(answer.direction === "client"
        ? t("Your browser answered with its {close}, and then the TCP connection closed.", vars)
        : t("The server answered with its {close}, and then the TCP connection closed.", vars));
    } else {
      parts.push(first.direction === "client"
        ? t("the server sent no Close back before the TCP connection closed.")
        : t("your browser sent no Close back before the TCP connection closed."));
    }
  }
  const told = close.reason
    ? t("The page's close event said code {code}, reason “{reason}”, wasClean {clean}", { code: close.code, reason: close.reason, clean: close.wasClean })
    : t("The page's close event said code {code}, wasClean {clean}", { code: close.code, clean: close.wasClean });
  if (close.wasClean) {
    const code = answer && first ? ` (${(first.direction === "server" ? first : answer).code})` : "";
    parts.push(t("{told}: both Close frames crossed and the TCP connection closed after them, so per the WHATWG WebSockets standard the closing handshake completed, and the code is the one in the Close frame your browser received{code}.", { told, code }));
  } else if (close.code === 1006 && broken && first?.direction === "client") {
    parts.push(t("{told}. That is what the WHATWG WebSockets standard prescribes when a browser fails the connection: fire error, then close with wasClean false and code 1006 (Abnormal Closure), a code that never travels on the wire. The browser stopped reading when it failed, so the server's answer, although it crossed the wire, never reached the page.", { told }));
  } else if (close.code === 1006) {
    parts.push(t("{told}: 1006 (Abnormal Closure) never travels on the wire; the browser reports it because the TCP connection ended without a completed closing handshake (WHATWG WebSockets: wasClean false).", { told }));
  } else {
    parts.push(t("{told}.", { told }));
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
  const what = sentSize ? `${formatSize(sentSize)} (${bytes(sentSize)})` : t("the message");
  const vars = { n: parts.length, read: bytes(read), code: MESSAGE_TOO_BIG, seq: refusal.seq };
  const refusedAt = atHeader
    ? tn(parts.length,
      "the server read {n} whole frame ({read} of payload), then refused at the {nth} frame's header, which announced {more} more on the wire: with it the message would pass the socket's limit, so the server sent Close {code} (#{seq}) without waiting for that frame's payload.",
      "the server read {n} whole frames ({read} of payload), then refused at the {nth} frame's header, which announced {more} more on the wire: with it the message would pass the socket's limit, so the server sent Close {code} (#{seq}) without waiting for that frame's payload.",
      { ...vars, nth: ordinal(parts.length + 1), more: bytes(begun.range[1] - begun.range[0]) })
    : total === parts.length
      ? t("the server read all {n} frames ({read} of payload: the whole message) and then refused it with Close {code} (#{seq}), its limit being on the message.", vars)
      : tn(parts.length,
        "the server read {n} frame ({read} of payload) and then sent Close {code} (#{seq}).",
        "the server read {n} frames ({read} of payload) and then sent Close {code} (#{seq}).", vars);
  return total
    ? t("Your browser split {what} into frames of {size} ({total} frames for the whole message): a first frame with FIN 0, then Continuations (RFC 6455 §5.4 lets any sender fragment a message); {refused}",
      { what, size: bytes(size), total, refused: refusedAt })
    : t("Your browser split {what} into frames of {size}: a first frame with FIN 0, then Continuations (RFC 6455 §5.4 lets any sender fragment a message); {refused}",
      { what, size: bytes(size), refused: refusedAt });
}
