// The push lab's charts, drawn as SVG by the page from a run's measurements: bytes per event
// stacked by kind (one small chart per technique, and the averages side by side), latency
// per event, and requests over time. The colours are the theme's (static/lab/push.css names
// them by technique and by kind); every chart has a title and a text summary for readers
// that do not see it.

import { h } from "../render/dom.js";
import { NAMES } from "./push-clients.js";
import { t } from "../i18n.js";

const SVG = "http://www.w3.org/2000/svg";
const KINDS = ["payload", "framing", "header"];
/** The kinds as the legend and the tooltips name them. */
const KIND_NAMES = { payload: t("payload"), framing: t("framing"), header: t("header") };

/** An SVG element with attributes; strings become text nodes. */
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  for (const c of children) {
    if (c === null || c === undefined) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** A round number at or above `v` (1, 2 or 5 times a power of ten). */
export function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

const fmt = (v) => (Math.abs(v) >= 100 || Number.isInteger(v) ? String(Math.round(v)) : v.toFixed(1));

/** A chart's frame: the svg, its plot area, and the axes with ticks. */
function frame({ width, height, xMax, xMin = 0, yMax, xLabel, yLabel, title, desc, integerX = false }) {
  const m = { left: 48, right: 12, top: 20, bottom: 32 };
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "push-chart", role: "img", "aria-label": title },
    s("title", {}, title), s("desc", {}, desc));
  const plot = { x0: m.left, x1: width - m.right, y0: height - m.bottom, y1: m.top };
  const x = (v) => plot.x0 + ((v - xMin) / (xMax - xMin || 1)) * (plot.x1 - plot.x0);
  const y = (v) => plot.y0 - (v / (yMax || 1)) * (plot.y0 - plot.y1);
  const axes = s("g", { class: "axes" });
  axes.append(s("line", { x1: plot.x0, y1: plot.y0, x2: plot.x1, y2: plot.y0 }),
    s("line", { x1: plot.x0, y1: plot.y0, x2: plot.x0, y2: plot.y1 }));
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    axes.append(s("line", { class: "grid", x1: plot.x0, x2: plot.x1, y1: y(v), y2: y(v) }),
      s("text", { x: plot.x0 - 4, y: y(v) + 4, "text-anchor": "end" }, fmt(v)));
    let xv = xMin + ((xMax - xMin) * i) / 4;
    if (integerX) xv = Math.round(xv);
    axes.append(s("text", { x: x(xv), y: plot.y0 + 14, "text-anchor": "middle" }, fmt(xv)));
  }
  axes.append(s("text", { x: (plot.x0 + plot.x1) / 2, y: height - 4, "text-anchor": "middle", class: "label" }, xLabel),
    s("text", { x: 4, y: 12, class: "label" }, yLabel));
  svg.append(axes);
  return { svg, x, y, plot };
}

function legend(techniques) {
  return h("ul", { class: "push-legend" }, techniques.map((tech) =>
    h("li", { class: `t-${tech}` }, h("span", { class: "swatch", "aria-hidden": "true" }), NAMES[tech] ?? tech)));
}

function figure(title, svg, caption, extra) {
  return h("figure", { class: "push-figure" }, h("figcaption", {}, h("strong", { text: title }), " ", caption), svg, extra);
}

/** Bytes per event, stacked by kind: one small chart per technique, each its own scale. */
function bytesPerEvent(results) {
  const box = h("div", { class: "push-multiples" });
  for (const r of results) {
    const events = r.per_event ?? [];
    const top = niceMax(Math.max(0, ...events.map((e) => e.header + e.framing + e.payload)));
    const n = Math.max(1, events.length);
    const sum = (k) => events.reduce((a, e) => a + e[k], 0);
    const avg = (k) => (events.length ? sum(k) / events.length : 0);
    const desc = t("{technique}: on average {header} header, {framing} framing and {payload} payload bytes per event.",
      { technique: NAMES[r.technique], header: fmt(avg("header")), framing: fmt(avg("framing")), payload: fmt(avg("payload")) });
    const { svg, x, y, plot } = frame({ width: 320, height: 150, xMin: 0, xMax: n, yMax: top, integerX: true,
      xLabel: t("event"), yLabel: t("bytes"), title: t("Bytes per event, {technique}", { technique: NAMES[r.technique] }), desc });
    const w = Math.max(0.6, ((plot.x1 - plot.x0) / n) * 0.8);
    const bars = s("g", { class: "bars" });
    events.forEach((e, i) => {
      let base = 0;
      for (const k of KINDS) {
        if (e[k] <= 0) continue;
        bars.append(s("rect", { class: `k-${k}`, x: x(i) + w * 0.1, width: w, y: y(base + e[k]), height: Math.max(0, y(base) - y(base + e[k])) },
          s("title", {}, t("event {n}: {bytes} {kind} bytes", { n: e.n ?? i + 1, bytes: e[k], kind: KIND_NAMES[k] }))));
        base += e[k];
      }
    });
    svg.append(bars);
    box.append(h("figure", { class: "push-small", dataset: { technique: r.technique } },
      h("figcaption", { text: t("{technique} — {bytes} B per event", { technique: NAMES[r.technique], bytes: fmt(avg("header") + avg("framing") + avg("payload")) }) }), svg));
  }
  const kinds = h("ul", { class: "push-legend" }, KINDS.slice().reverse().map((k) =>
    h("li", { class: `k-${k}` }, h("span", { class: "swatch", "aria-hidden": "true" }), KIND_NAMES[k])));
  return figure(t("Bytes per event, by kind."), box, t("Every byte of a technique since the previous event, the event's own included; each chart has its own scale."), kinds);
}

/** The averages side by side, on one scale: where the bytes go. */
function averages(results) {
  const rows = results.map((r) => {
    const ev = r.per_event ?? [];
    const per = (k) => (ev.length ? ev.reduce((a, e) => a + e[k], 0) / ev.length : 0);
    return { t: r.technique, header: per("header"), framing: per("framing"), payload: per("payload") };
  });
  const top = niceMax(Math.max(0, ...rows.map((r) => r.header + r.framing + r.payload)));
  const height = 26 * rows.length + 40;
  const width = 640;
  const left = 130;
  const xs = (v) => left + (v / top) * (width - left - 60);
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "push-chart", role: "img", "aria-label": t("Average bytes per event") },
    s("title", {}, t("Average bytes per event, by technique and kind")),
    s("desc", {}, rows.map((r) => t("{technique}: {bytes} bytes per event", { technique: NAMES[r.t], bytes: fmt(r.header + r.framing + r.payload) })).join("; ")));
  rows.forEach((r, i) => {
    const yy = 10 + i * 26;
    svg.append(s("text", { x: left - 6, y: yy + 14, "text-anchor": "end" }, NAMES[r.t]));
    let base = 0;
    for (const k of KINDS) {
      if (r[k] > 0) svg.append(s("rect", { class: `k-${k}`, x: xs(base), y: yy, height: 18, width: Math.max(0.5, xs(base + r[k]) - xs(base)) },
        s("title", {}, t("{technique}: {bytes} {kind} bytes per event", { technique: NAMES[r.t], bytes: fmt(r[k]), kind: KIND_NAMES[k] }))));
      base += r[k];
    }
    svg.append(s("text", { x: xs(base) + 4, y: yy + 14 }, `${fmt(base)} B`));
  });
  svg.append(s("text", { x: left, y: height - 6, class: "label" }, t("0 to {top} bytes per event", { top: fmt(top) })));
  return figure(t("Average bytes per event."), svg, t("The same scale for all: header (top), framing and payload."));
}

/** Latency per event, one line per technique. */
function latency(results, events) {
  const all = results.flatMap((r) => r.latencies.map((l) => l.ms));
  const top = niceMax(Math.max(1, ...all));
  const desc = results.map((r) => t("{technique}: {n} events, up to {ms} ms",
    { technique: NAMES[r.technique], n: r.latencies.length, ms: fmt(Math.max(0, ...r.latencies.map((l) => l.ms))) })).join("; ");
  const { svg, x, y } = frame({ width: 640, height: 240, xMin: 1, xMax: Math.max(2, events), yMax: top, integerX: true,
    xLabel: t("event"), yLabel: "ms", title: t("Latency per event, from publication to this page's handler"), desc });
  for (const r of results) {
    const pts = r.latencies.map((l) => `${x(l.n).toFixed(1)},${y(Math.max(0, l.ms)).toFixed(1)}`).join(" ");
    const g = s("g", { class: `series t-${r.technique}` }, s("polyline", { points: pts }));
    for (const l of r.latencies) g.append(s("circle", { cx: x(l.n), cy: y(Math.max(0, l.ms)), r: 2.2 }, s("title", {}, t("{technique}, event {n}: {ms} ms", { technique: NAMES[r.technique], n: l.n, ms: fmt(l.ms) }))));
    svg.append(g);
  }
  return figure(t("Latency per event."), svg, t("On the session's clock; a negative value would mean the clock offset is off by more than its uncertainty."), legend(results.map((r) => r.technique)));
}

/** Requests over time since the feed started, cumulative, one step line per technique. */
function requests(results, startedMs) {
  const times = results.map((r) => (r.request_ms ?? []).map((at) => at - startedMs).sort((a, b) => a - b));
  const flat = times.flat();
  const xMin = Math.min(0, ...flat);
  const xMax = Math.max(xMin + 1, ...flat);
  const top = niceMax(Math.max(1, ...times.map((list) => list.length)));
  const desc = results.map((r, i) => t("{technique}: {n} requests", { technique: NAMES[r.technique], n: times[i].length })).join("; ");
  const { svg, x, y } = frame({ width: 640, height: 220, xMin, xMax, yMax: top,
    xLabel: t("ms since the feed started"), yLabel: t("requests"), title: t("Requests over time"), desc });
  results.forEach((r, i) => {
    let pts = `${x(xMin).toFixed(1)},${y(0).toFixed(1)}`;
    times[i].forEach((at, k) => { pts += ` ${x(at).toFixed(1)},${y(k).toFixed(1)} ${x(at).toFixed(1)},${y(k + 1).toFixed(1)}`; });
    pts += ` ${x(xMax).toFixed(1)},${y(times[i].length).toFixed(1)}`;
    svg.append(s("g", { class: `series step t-${r.technique}` }, s("polyline", { points: pts }, s("title", {}, t("{technique}: {n} requests", { technique: NAMES[r.technique], n: times[i].length })))));
  });
  return figure(t("Requests over time."), svg, t("Each step is a request the tap saw arrive."), legend(results.map((r) => r.technique)));
}

/**
 * Draws the charts of one or more runs into `box`.
 * @param {{technique:string, per_event:object[], request_ms:number[], latencies:{n:number, ms:number}[], startedMs:number}[]} results
 * @param {number} events
 */
export function renderCharts(box, results, events) {
  if (!results.length) {
    box.replaceChildren();
    return;
  }
  // Requests are drawn against each run's own feed start (one after another, each run has one).
  const shifted = results.map((r) => ({ ...r, request_ms: (r.request_ms ?? []).map((at) => at - (r.startedMs ?? 0)) }));
  box.replaceChildren(averages(results), bytesPerEvent(results), latency(results, events), requests(shifted, 0));
}
