// Live cell: the book's timeline, from chapters/timeline.toml (served at /timeline.toml).
//
//   <div class="cell" data-cell="timeline" data-filter="csnet" data-from="1957" data-to="1975">
//
// data-filter preselects a topic, data-from/data-to a range of decades. Topics are toggle
// buttons (none pressed = every topic); the list is grouped by year, each event with its date,
// its source and a link to its chapter. Text from the data file reaches the page only through
// textContent.

import { h } from "../render/dom.js";
import { keepForPrint } from "./kit.js";
import { t } from "../i18n.js";

/** The topics, in the order of the buttons (crates/book/tests/timeline.rs checks the data uses only these). */
export const TOPICS = [
  ["precursors", t("Before ARPANET")],
  ["arpanet", "ARPANET"],
  ["ncp", "NCP"],
  ["csnet", "CSNET"],
  ["tcp-ip", "TCP/IP"],
  ["web", t("The Web")],
  ["push", t("Push")],
  ["websocket", "WebSocket"],
  ["http2", "HTTP/2"],
];
const MONTHS = [t("Jan"), t("Feb"), t("Mar"), t("Apr"), t("May"), t("Jun"), t("Jul"), t("Aug"), t("Sep"), t("Oct"), t("Nov"), t("Dec")];

/**
 * Parses the small TOML subset the timeline uses: comments, `[[events]]` tables, and
 * `key = "basic string"` or `key = ["string", …]` on one line. Anything else is an error
 * naming the line (the cell then keeps its fallback).
 */
export function parseTimeline(text) {
  const events = [];
  let current = null;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, n) => {
    const where = `timeline.toml line ${n + 1}`;
    let pos = 0;
    const line = raw;
    const skipSpace = () => { while (pos < line.length && (line[pos] === " " || line[pos] === "\t")) pos++; };
    const atEnd = () => { skipSpace(); return pos >= line.length || line[pos] === "#"; };
    const string = () => {
      if (line[pos] !== '"') throw new Error(`${where}: expected a "string"`);
      pos++;
      let out = "";
      while (pos < line.length && line[pos] !== '"') {
        if (line[pos] === "\\") {
          const c = line[pos + 1];
          const simple = { '"': '"', "\\": "\\", n: "\n", t: "\t", r: "\r", b: "\b", f: "\f" };
          if (c in simple) { out += simple[c]; pos += 2; continue; }
          if (c === "u" || c === "U") {
            const len = c === "u" ? 4 : 8;
            const hex = line.slice(pos + 2, pos + 2 + len);
            if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new Error(`${where}: bad \\${c} escape`);
            out += String.fromCodePoint(parseInt(hex, 16));
            pos += 2 + len;
            continue;
          }
          throw new Error(`${where}: unknown escape \\${c}`);
        }
        out += line[pos++];
      }
      if (line[pos] !== '"') throw new Error(`${where}: unterminated string`);
      pos++;
      return out;
    };
    if (atEnd()) return;
    if (line.slice(pos).startsWith("[[events]]")) {
      pos += "[[events]]".length;
      if (!atEnd()) throw new Error(`${where}: text after [[events]]`);
      current = {};
      events.push(current);
      return;
    }
    const key = /^[A-Za-z0-9_-]+/.exec(line.slice(pos))?.[0];
    if (!key) throw new Error(`${where}: expected key = value`);
    if (!current) throw new Error(`${where}: ${key} outside [[events]]`);
    pos += key.length;
    skipSpace();
    if (line[pos] !== "=") throw new Error(`${where}: expected = after ${key}`);
    pos++;
    skipSpace();
    let value;
    if (line[pos] === "[") {
      pos++;
      value = [];
      skipSpace();
      while (line[pos] !== "]") {
        value.push(string());
        skipSpace();
        if (line[pos] === ",") { pos++; skipSpace(); } else if (line[pos] !== "]") throw new Error(`${where}: expected , or ]`);
      }
      pos++;
    } else {
      value = string();
    }
    if (!atEnd()) throw new Error(`${where}: text after the value of ${key}`);
    if (key in current) throw new Error(`${where}: ${key} given twice`);
    current[key] = value;
  });
  for (const [i, e] of events.entries()) {
    for (const key of ["date", "title", "chapter", "source"]) {
      if (typeof e[key] !== "string") throw new Error(`event ${i + 1}: no ${key}`);
    }
    if (!Array.isArray(e.tags)) throw new Error(`event ${i + 1}: no tags`);
    if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(e.date)) throw new Error(`event ${i + 1}: bad date ${e.date}`);
  }
  return events;
}

/** "7 Apr 1969", "Oct 1969", "1969" (in Korean "1969년 4월 7일", "1969년 10월", "1969"). */
export function displayDate(date) {
  const [y, m, d] = date.split("-");
  if (!m) return y;
  const month = MONTHS[Number(m) - 1];
  return d ? t("{day} {month} {year}", { day: Number(d), month, year: y }) : t("{month} {year}", { month, year: y });
}

const decade = (year) => Math.floor(year / 10) * 10;

function chapterName(chapter) {
  const link = document.querySelector(`.toc a[data-url="${CSS.escape(`${chapter}/index.html`)}"]`);
  return link ? link.textContent.replace(/\s+/g, " ").trim() : chapter;
}

export default async function mount(element) {
  // The edition's own copy: /ko/timeline.toml has the titles in Korean.
  const root = document.body.dataset.root || "/";
  const response = await fetch(`${root}timeline.toml`);
  if (!response.ok) throw new Error(`${root}timeline.toml: ${response.status}`);
  const events = parseTimeline(await response.text());
  const years = events.map((e) => Number(e.date.slice(0, 4)));
  const decades = [];
  for (let d = decade(Math.min(...years)); d <= decade(Math.max(...years)); d += 10) decades.push(d);

  const selected = new Set();
  const preset = element.dataset.filter;
  if (preset && TOPICS.some(([tag]) => tag === preset)) selected.add(preset);
  const clamp = (value, fallback) => {
    const n = Number(value);
    if (!value || !Number.isFinite(n)) return fallback;
    return Math.max(decades[0], Math.min(decades.at(-1), decade(n)));
  };
  let from = clamp(element.dataset.from, decades[0]);
  let to = clamp(element.dataset.to, decades.at(-1));

  const id = `timeline-${Math.random().toString(36).slice(2, 8)}`;
  const allButton = h("button", { type: "button", class: "tl-topic tl-all", "aria-pressed": "false" }, t("All topics"));
  const topicButtons = TOPICS.map(([tag, name]) =>
    h("button", { type: "button", class: "tl-topic", "aria-pressed": "false", dataset: { tag } }, name));
  const decadeSelect = (suffix, value) => h("select", { id: `${id}-${suffix}` },
    decades.map((d) => h("option", { value: String(d), selected: d === value || undefined }, t("{decade}s", { decade: d }))));
  const fromSelect = decadeSelect("from", from);
  const toSelect = decadeSelect("to", to);
  const count = h("p", { class: "tl-count", "aria-live": "polite" });
  const list = h("div", { class: "tl-list" });

  element.replaceChildren(keepForPrint(element),
    h("p", { class: "cell-title" }, h("strong", {}, `${t("Live cell: the timeline.")} `),
      t("Pick topics (none picked shows them all) and a range of decades. Every date comes from a chapter, with the primary source that dates it.")),
    h("div", { class: "tl-controls", role: "group", "aria-label": t("Topics") }, allButton, topicButtons),
    // "From [1950s] to [1970s]": one label a select, the words around them translated apart.
    h("div", { class: "tl-controls" },
      h("label", { for: fromSelect.id }, `${t("From")} `), fromSelect,
      h("label", { for: toSelect.id }, ` ${t("to")} `), toSelect),
    count,
    list,
  );

  function render() {
    allButton.setAttribute("aria-pressed", String(selected.size === 0));
    for (const b of topicButtons) b.setAttribute("aria-pressed", String(selected.has(b.dataset.tag)));
    const shown = events.filter((e, i) => {
      const d = decade(years[i]);
      return d >= from && d <= to && (selected.size === 0 || e.tags.some((tag) => selected.has(tag)));
    });
    const topics = selected.size ? TOPICS.filter(([tag]) => selected.has(tag)).map(([, n]) => n).join(", ") : t("all topics");
    count.textContent = t("{shown} of {total} events · {topics} · {from}s to {to}s", { shown: shown.length, total: events.length, topics, from, to });
    element.dataset.shown = String(shown.length);
    const byYear = new Map();
    for (const e of shown) {
      const y = e.date.slice(0, 4);
      if (!byYear.has(y)) byYear.set(y, []);
      byYear.get(y).push(e);
    }
    list.replaceChildren(...[...byYear].map(([year, items]) => h("section", { class: "tl-year", dataset: { year } },
      h("h3", {}, year),
      h("ol", {}, items.map((e) => h("li", { class: "tl-event", dataset: { tags: e.tags.join(" "), date: e.date } },
        h("time", { datetime: e.date }, displayDate(e.date)),
        h("div", {},
          h("span", { class: "tl-title" }, e.title),
          " ",
          h("a", { href: `${root}${e.chapter}/index.html`, class: "tl-chapter" }, chapterName(e.chapter)),
          h("span", { class: "tl-source" }, t("Source: {source}", { source: e.source }))),
      ))))));
    if (!shown.length) list.append(h("p", { class: "tl-empty" }, t("No events match: pick another topic or widen the decades.")));
  }

  allButton.addEventListener("click", () => { selected.clear(); render(); });
  for (const b of topicButtons) {
    b.addEventListener("click", () => {
      const tag = b.dataset.tag;
      if (selected.has(tag)) selected.delete(tag); else selected.add(tag);
      render();
    });
  }
  fromSelect.addEventListener("change", () => {
    from = Number(fromSelect.value);
    if (to < from) { to = from; toSelect.value = String(to); }
    render();
  });
  toSelect.addEventListener("change", () => {
    to = Number(toSelect.value);
    if (from > to) { from = to; fromSelect.value = String(from); }
    render();
  });
  render();
}
