// The session log: every event kept (the DOM keeps only the newest cards), exported as a JSON
// capture or a Markdown lab report, and a capture imported back to replay its cards.

import { hexToBytes, formatTime } from "../render/dom.js";
import { flatten, displayValue, rangeText } from "../render/cards.js";
import { hexLines } from "../render/hexdump.js";
import { t } from "../i18n.js";
import { wire } from "../i18n-wire.js";

export const FORMAT = "wiretrail-lab-capture";
/** The most events kept for export; past it the oldest go (with a marker). */
export const MAX_EVENTS = 20000;

export function captureJson(events) {
  return JSON.stringify({
    format: FORMAT,
    version: 1,
    exported_at: new Date().toISOString(),
    page: location.href,
    events,
  }, null, 2);
}

/** Reads a capture (ours, or a bare array of events); throws an Error people can read. */
export function parseCapture(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(t("not JSON: {error}", { error: e.message }));
  }
  const events = Array.isArray(data) ? data : data?.events;
  if (!Array.isArray(events)) throw new Error(t("no \"events\" array: is this a {format} file?", { format: FORMAT }));
  if (!Array.isArray(data) && data.format && data.format !== FORMAT) throw new Error(t("unknown format {format}", { format: JSON.stringify(data.format) }));
  return events.filter((ev) => ev && typeof ev === "object" && typeof ev.kind === "string");
}

const cell = (s) => String(s ?? "").replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ");

function fence(text, lang = "text") {
  const runs = String(text).match(/`+/g) ?? [];
  const longest = runs.reduce((m, r) => Math.max(m, r.length), 0);
  const f = "`".repeat(Math.max(3, longest + 1));
  return `${f}${lang}\n${text}\n${f}`;
}

function headText(hex) {
  const text = new TextDecoder("utf-8").decode(hexToBytes(hex));
  return text.replace(/\r\n/g, "\\r\\n\n");
}

function fieldsTable(d, withMeaning) {
  const rows = [withMeaning ? t("| Field | Value | Where | Meaning |") : t("| Field | Value | Where |"),
    withMeaning ? "|---|---|---|---|" : "|---|---|---|"];
  for (const { field, depth } of flatten(d?.fields ?? [])) {
    const name = `${"↳ ".repeat(depth)}${field.name}${field.problem ? " ⚠" : ""}`;
    const cols = [name, displayValue(field), rangeText(field.bits)];
    if (withMeaning) cols.push(wire(field.meaning ?? ""));
    rows.push(`| ${cols.map(cell).join(" | ")} |`);
  }
  return rows.join("\n");
}

function problemsMd(d) {
  const ps = d?.problems ?? [];
  if (!ps.length) return "";
  const line = (p) => {
    const vars = { rule: cell(p.rule), where: rangeText(p.at), message: cell(wire(p.message ?? "")), answer: cell(wire(p.answer ?? "")) };
    return p.answer ? t("- **{rule}** ({where}): {message} — answer: {answer}", vars) : t("- **{rule}** ({where}): {message}", vars);
  };
  return `\n\n${t("Problems:")}\n\n${ps.map(line).join("\n")}`;
}

const ARROW = { client: t("client → server"), server: t("server → client") };
const HANDSHAKE = {
  "handshake-request": t("handshake request"),
  "handshake-response": t("handshake response"),
  "handshake-refused": t("handshake refused"),
};

/** The lab report. */
export function captureMarkdown(events) {
  const out = [t("# WebSocket lab report"), "",
    t("Exported {date} from {origin} (wiretrail). {n} events. Times are since the session started; the bytes are the bytes on the wire.",
      { date: new Date().toISOString(), origin: location.origin, n: events.length }), ""];
  let session;
  for (const ev of events) {
    if (ev.session !== session) {
      session = ev.session;
      out.push(t("## Session {id}", { id: session ?? t("(imported)") }), "");
    }
    const head = `${ev.seq !== undefined ? `#${ev.seq} ` : ""}${formatTime(ev.t_ms)}`.trim();
    switch (ev.kind) {
      case "handshake-request":
      case "handshake-response":
      case "handshake-refused": {
        const d = ev.dissection ?? {};
        const who = ev.kind === "handshake-response" ? ARROW.server : ARROW.client;
        out.push(`### ${head} — ${HANDSHAKE[ev.kind]} (${who})`, "");
        if (ev.kind === "handshake-refused") out.push(t("Refused: {status} {text}", { status: ev.status ?? "", text: cell(wire(String(ev.text ?? ""))) }), "");
        out.push(cell(wire(d.summary ?? "")), "", fence(headText(d.bytes ?? "")), "", fieldsTable(d, true) + problemsMd(d), "");
        if (ev.accept_steps) {
          out.push(t("Sec-WebSocket-Accept, step by step:"), "");
          for (const f of ev.accept_steps.fields ?? []) out.push(`1. ${cell(f.name)}: \`${String(f.value ?? "").replace(/`/g, "'")}\``);
          out.push("");
        }
        break;
      }
      case "frame": {
        const d = ev.dissection ?? {};
        out.push(`### ${head} — ${ARROW[ev.direction] ?? t("frame")}: ${cell(wire(d.summary ?? ""))}`, "");
        if (ev.truncated) out.push(t("(payload: first {shown} of {total} bytes shown)", { shown: ev.truncated.shown, total: ev.truncated.total }), "");
        out.push(fieldsTable(d, false) + problemsMd(d), "", fence(hexLines(hexToBytes(d.bytes ?? ""))), "");
        break;
      }
      default:
        out.push(`- ${head} ${ev.kind}: ${cell(wire(String(ev.text ?? "")))}`, "");
    }
  }
  return out.join("\n");
}
