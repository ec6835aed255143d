// The session log: every event kept (the DOM keeps only the newest cards), exported as a JSON
// capture or a Markdown lab report, and a capture imported back to replay its cards.

import { hexToBytes, formatTime } from "../render/dom.js";
import { flatten, displayValue, rangeText } from "../render/cards.js";
import { hexLines } from "../render/hexdump.js";

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
    throw new Error(`not JSON: ${e.message}`);
  }
  const events = Array.isArray(data) ? data : data?.events;
  if (!Array.isArray(events)) throw new Error(`no "events" array: is this a ${FORMAT} file?`);
  if (!Array.isArray(data) && data.format && data.format !== FORMAT) throw new Error(`unknown format ${JSON.stringify(data.format)}`);
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
  const rows = [withMeaning ? "| Field | Value | Where | Meaning |" : "| Field | Value | Where |",
    withMeaning ? "|---|---|---|---|" : "|---|---|---|"];
  for (const { field, depth } of flatten(d?.fields ?? [])) {
    const name = `${"↳ ".repeat(depth)}${field.name}${field.problem ? " ⚠" : ""}`;
    const cols = [name, displayValue(field), rangeText(field.bits)];
    if (withMeaning) cols.push(field.meaning ?? "");
    rows.push(`| ${cols.map(cell).join(" | ")} |`);
  }
  return rows.join("\n");
}

function problemsMd(d) {
  const ps = d?.problems ?? [];
  if (!ps.length) return "";
  return "\n\nProblems:\n\n" + ps.map((p) => `- **${cell(p.rule)}** (${rangeText(p.at)}): ${cell(p.message)}${p.answer ? ` — answer: ${cell(p.answer)}` : ""}`).join("\n");
}

const ARROW = { client: "client → server", server: "server → client" };

/** The lab report. */
export function captureMarkdown(events) {
  const out = ["# WebSocket lab report", "",
    `Exported ${new Date().toISOString()} from ${location.origin} (wiretrail). ${events.length} events. ` +
    "Times are since the session started; the bytes are the bytes on the wire.", ""];
  let session;
  for (const ev of events) {
    if (ev.session !== session) {
      session = ev.session;
      out.push(`## Session ${session ?? "(imported)"}`, "");
    }
    const head = `${ev.seq !== undefined ? `#${ev.seq} ` : ""}${formatTime(ev.t_ms)}`.trim();
    switch (ev.kind) {
      case "handshake-request":
      case "handshake-response":
      case "handshake-refused": {
        const d = ev.dissection ?? {};
        const who = ev.kind === "handshake-response" ? ARROW.server : ARROW.client;
        out.push(`### ${head} — ${ev.kind.replace("-", " ")} (${who})`, "");
        if (ev.kind === "handshake-refused") out.push(`Refused: ${ev.status ?? ""} ${cell(ev.text)}`, "");
        out.push(cell(d.summary), "", fence(headText(d.bytes ?? "")), "", fieldsTable(d, true) + problemsMd(d), "");
        if (ev.accept_steps) {
          out.push("Sec-WebSocket-Accept, step by step:", "");
          for (const f of ev.accept_steps.fields ?? []) out.push(`1. ${cell(f.name)}: \`${String(f.value ?? "").replace(/`/g, "'")}\``);
          out.push("");
        }
        break;
      }
      case "frame": {
        const d = ev.dissection ?? {};
        out.push(`### ${head} — ${ARROW[ev.direction] ?? "frame"}: ${cell(d.summary)}`, "");
        if (ev.truncated) out.push(`(payload: first ${ev.truncated.shown} of ${ev.truncated.total} bytes shown)`, "");
        out.push(fieldsTable(d, false) + problemsMd(d), "", fence(hexLines(hexToBytes(d.bytes ?? ""))), "");
        break;
      }
      default:
        out.push(`- ${head} ${ev.kind}: ${cell(ev.text)}`, "");
    }
  }
  return out.join("\n");
}
