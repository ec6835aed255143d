// Shared by the book's live cells: the lab's card styles, labelled inputs, JSON calls with
// errors shown in the cell, and a stepper. Everything from the server goes through h()
// (text nodes only); no inline styles or handlers (the CSP forbids them). The cells' own words
// go through ../i18n.js (its t and tn: whole sentences, values as {name} placeholders); the
// texts of the server's dissections and simulations (explanations, problems, API errors)
// through ../i18n-wire.js (its wire); RFC field names and header names stay as the RFC writes them.

import { h } from "../render/dom.js";
import { t } from "../i18n.js";
import { wire } from "../i18n-wire.js";

let styled = false;

/** The cards (static/render/cards.js) are styled by static/render/cards.css, the cells by
 * cells.css: load them once on a book page. */
export function ensureCardStyles() {
  if (styled) return;
  styled = true;
  for (const href of ["/static/render/cards.css", "/static/cells/cells.css"]) {
    if (!document.querySelector(`link[href="${href}"]`)) document.head.append(h("link", { rel: "stylesheet", href }));
  }
}

let counter = 0;
/** A page-unique id. */
export const uid = (name) => `cell-${name}-${++counter}`;

/** A labelled input: <label for=…>text</label><input id=…>. Returns {wrap, input}. */
export function labelled(text, input, hint) {
  if (!input.id) input.id = uid("in");
  const wrap = h("div", { class: "cell-field" }, h("label", { for: input.id, text }), input);
  if (hint) {
    const hintId = uid("hint");
    wrap.append(h("span", { class: "hint", id: hintId, text: hint }));
    input.setAttribute("aria-describedby", hintId);
  }
  return { wrap, input };
}

/** A number input with bounds. */
export function numberInput(name, value, min, max) {
  return h("input", { type: "number", name, value: String(value), min: String(min), max: String(max), step: "1", inputmode: "numeric" });
}

/** Replaces the cell's fallback with a heading line and the live parts. The fallback (the
 * chapter's written worked example) is kept, hidden, for printing: book.css shows it and
 * hides the widget in print. */
export function replaceFallback(element, intro, ...parts) {
  ensureCardStyles();
  element.replaceChildren(keepForPrint(element),
    h("p", { class: "cell-intro" }, h("strong", { text: `${t("Live cell.")} ` }), intro), ...parts);
}

/** The element's children moved into a hidden `.cell-fallback`, shown only in print. */
export function keepForPrint(element) {
  const kept = h("div", { class: "cell-fallback", hidden: "" });
  kept.append(...element.childNodes);
  return kept;
}

/** A status line the cell reports errors in (announced to screen readers). */
export function statusLine() {
  return h("p", { class: "cell-status", role: "status", "aria-live": "polite" });
}

/**
 * fetch() that always resolves: {ok, status, data} with data the parsed JSON (or null), and
 * an error sentence when not ok.
 */
export async function callJson(url, options = {}) {
  let r;
  try {
    r = await fetch(url, { cache: "no-store", ...options });
  } catch (e) {
    return { ok: false, status: 0, data: null, error: t("the request failed: {message}", { message: e.message }) };
  }
  let data = null;
  try { data = await r.json(); } catch { /* not JSON */ }
  if (!r.ok) return { ok: false, status: r.status, data, error: typeof data?.error === "string" ? wire(data.error) : t("the server answered {status}", { status: r.status }) };
  return { ok: true, status: r.status, data, error: null };
}

export const postJson = (url, body) => callJson(url, {
  method: "POST", headers: { "content-type": "application/json", "x-wiretrail": "1" }, body: JSON.stringify(body),
});

/** Calls fn at most once per `ms`, with the latest arguments; returns a trigger. */
export function debounce(fn, ms = 150) {
  let timer = null;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

/**
 * Previous/next buttons and "step n of N" around a render(i) callback. Left/right arrow keys
 * step too while focus is in the stepper.
 */
export function stepper(render) {
  const prev = h("button", { type: "button", class: "step-prev", text: t("← Previous") });
  const next = h("button", { type: "button", class: "step-next", text: t("Next →") });
  const where = h("span", { class: "step-where", "aria-live": "polite" });
  const nav = h("div", { class: "cell-stepper", role: "group", "aria-label": t("Step through") }, prev, where, next);
  const state = { i: 0, n: 0 };
  const show = () => {
    prev.disabled = state.i <= 0;
    next.disabled = state.i >= state.n - 1;
    where.textContent = state.n ? t("Step {i} of {n}", { i: state.i + 1, n: state.n }) : "";
    if (state.n) render(state.i);
  };
  prev.addEventListener("click", () => { if (state.i > 0) { state.i--; show(); } });
  next.addEventListener("click", () => { if (state.i < state.n - 1) { state.i++; show(); } });
  nav.addEventListener("keydown", (e) => {
    if (e.key === "ArrowLeft") { prev.click(); e.preventDefault(); }
    if (e.key === "ArrowRight") { next.click(); e.preventDefault(); }
  });
  return {
    nav,
    /** Sets the number of steps, keeping the current one when it still exists. */
    reset(n, keep = true) { state.n = n; if (!keep || state.i >= n) state.i = 0; show(); },
    go(i) { state.i = Math.max(0, Math.min(state.n - 1, i)); show(); },
    get index() { return state.i; },
  };
}

export { h };
