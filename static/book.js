// The notebook's page script: theme, keyboard, search, quizzes and read marks.
// Everything a learner does is remembered in this browser only (localStorage).
// Text from the search index goes into the page through textContent, never innerHTML.

import { THEMES, savedTheme, chooseTheme } from "./theme.js";
import { terms as searchTerms, matches, score } from "./search.js";
import { t } from "./i18n.js";

// The edition's root: "/" for English, "/ko/" for Korean (its own search index and pages).
const root = document.body.dataset.root || "/";

const store = {
  get(key, fallback) {
    try { return JSON.parse(localStorage.getItem(`wiretrail.${key}`)) ?? fallback; } catch { return fallback; }
  },
  set(key, value) {
    try { localStorage.setItem(`wiretrail.${key}`, JSON.stringify(value)); } catch { /* private mode */ }
  },
};

// ---- theme: auto → light → dark → auto (static/theme.js keeps it) ----------------------
const THEME_NAMES = { auto: t("auto"), light: t("light"), dark: t("dark") };
function showTheme(theme) {
  const button = document.getElementById("theme");
  const name = THEME_NAMES[theme] ?? theme;
  if (button) button.setAttribute("aria-label", t("Theme: {theme}", { theme: name })), (button.textContent = `◐ ${name}`);
}
showTheme(savedTheme());
document.getElementById("theme")?.addEventListener("click", () => {
  showTheme(chooseTheme(THEMES[(THEMES.indexOf(savedTheme()) + 1) % THEMES.length]));
});

// ---- keyboard: ← → for previous/next, / for search ------------------------------------
function typing(target) {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}
document.addEventListener("keydown", (e) => {
  if (e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
  if (e.key === "ArrowLeft") document.querySelector("a[rel=prev]")?.click();
  else if (e.key === "ArrowRight") document.querySelector("a[rel=next]")?.click();
  else if (e.key === "/") { e.preventDefault(); openNav(true); document.getElementById("search")?.focus(); }
});

// ---- the phone's chapter list: behind a toggle at the top (static/book.css) -------------
const layout = document.getElementById("book-layout");
const toggle = document.getElementById("nav-toggle");
function openNav(open) {
  layout?.classList.toggle("nav-open", open);
  toggle?.setAttribute("aria-expanded", String(open));
}
if (layout && toggle) {
  layout.classList.add("nav-js");
  toggle.hidden = false;
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    openNav(open);
    if (open) document.getElementById("search")?.focus();
  });
}

// ---- read marks -------------------------------------------------------------------------
const page = document.body.dataset.page;
const read = new Set(store.get("read", []));
function showReadMarks() {
  for (const link of document.querySelectorAll(".toc a[data-url]")) {
    link.classList.toggle("read", read.has(link.dataset.url));
  }
  const button = document.getElementById("read-mark");
  if (button && page && page !== "print.html") {
    button.hidden = false;
    button.textContent = read.has(page) ? t("✓ Read (undo)") : t("Mark as read");
    button.setAttribute("aria-pressed", String(read.has(page)));
  }
}
document.getElementById("read-mark")?.addEventListener("click", () => {
  if (read.has(page)) read.delete(page); else read.add(page);
  store.set("read", [...read]);
  showReadMarks();
});
showReadMarks();

// ---- search -----------------------------------------------------------------------------
const input = document.getElementById("search");
const results = document.getElementById("search-results");
let index = null;
async function loadIndex() {
  if (!index) {
    const response = await fetch(`${root}search-index.json`);
    index = response.ok ? await response.json() : [];
  }
  return index;
}
function snippet(text, terms) {
  const lower = text.toLowerCase();
  const first = Math.min(...terms.map((term) => lower.indexOf(term)).filter((i) => i >= 0));
  const at = Number.isFinite(first) ? Math.max(0, first - 40) : 0;
  return (at > 0 ? "…" : "") + text.slice(at, at + 160) + (text.length > at + 160 ? "…" : "");
}
async function search(query) {
  const found = searchTerms(query);
  const terms = found.flat();
  results.replaceChildren();
  if (!terms.length) return;
  const docs = await loadIndex();
  const scored = [];
  for (const doc of docs) {
    if (!matches(doc, found)) continue;
    scored.push([score(doc, found), doc]);
  }
  scored.sort((a, b) => b[0] - a[0]);
  for (const [, doc] of scored.slice(0, 12)) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = `${root}${doc.url}`;
    link.textContent = doc.section ? `${doc.page} › ${doc.section}` : doc.page;
    const text = document.createElement("p");
    text.textContent = snippet(doc.text, terms);
    item.append(link, text);
    results.append(item);
  }
  if (!scored.length) {
    const item = document.createElement("li");
    item.textContent = t("Nothing found.");
    results.append(item);
  }
}
if (input) {
  let timer = 0;
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => search(input.value), 120); });
  // Enter opens the first result (searching first if the typing has not been searched yet).
  input.closest("form")?.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearTimeout(timer);
    await search(input.value);
    const first = results.querySelector("a[href]");
    if (first) location.assign(first.href);
  });
  const links = () => [...results.querySelectorAll("a[href]")];
  input.addEventListener("keydown", (e) => {
    if (e.key === "Escape") { input.value = ""; results.replaceChildren(); input.blur(); }
    else if (e.key === "ArrowDown" && links().length) { e.preventDefault(); links()[0].focus(); }
  });
  // ArrowDown/ArrowUp walk the results (ArrowUp from the first goes back to the box); Enter
  // follows the focused link, as links do.
  results.addEventListener("keydown", (e) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (at < 0) return;
    if (e.key === "ArrowDown") { e.preventDefault(); all[Math.min(at + 1, all.length - 1)].focus(); }
    else if (e.key === "ArrowUp") { e.preventDefault(); (at === 0 ? input : all[at - 1]).focus(); }
    else if (e.key === "Escape") { e.preventDefault(); input.focus(); }
  });
  const q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; search(q); }
}

// ---- quizzes ----------------------------------------------------------------------------
for (const quiz of document.querySelectorAll("section.quiz[data-quiz-id]")) {
  const key = `quiz.${quiz.dataset.quizId}`;
  const answers = store.get(key, {});
  for (const question of quiz.querySelectorAll(".quiz-question")) {
    const n = question.dataset.n;
    const form = question.querySelector("form");
    const verdict = question.querySelector(".quiz-verdict");
    const context = question.querySelector(".quiz-context");
    const judge = () => {
      let right;
      const text = form.querySelector("input[type=text]");
      if (text) {
        const accepted = (text.dataset.accept || "").split("\u001f");
        right = accepted.includes(text.value.trim().toLowerCase());
      } else {
        const boxes = [...form.querySelectorAll("input[data-right]")];
        if (!boxes.some((b) => b.checked)) return null;
        right = boxes.every((b) => b.checked === (b.dataset.right === "true"));
      }
      return right;
    };
    const show = (right) => {
      verdict.textContent = right ? t("✓ Right.") : t("✗ Not quite — read why below.");
      verdict.className = `quiz-verdict ${right ? "right" : "wrong"}`;
      context.hidden = false;
    };
    // Restore a saved answer.
    const saved = answers[n];
    if (saved) {
      const text = form.querySelector("input[type=text]");
      if (text) text.value = saved.value;
      else for (const b of form.querySelectorAll("input[data-right]")) b.checked = saved.value.includes(b.value);
      show(saved.right);
    }
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const right = judge();
      if (right === null) { verdict.textContent = t("Pick an answer first."); return; }
      const text = form.querySelector("input[type=text]");
      const value = text ? text.value : [...form.querySelectorAll("input:checked")].map((b) => b.value);
      answers[n] = { value, right };
      store.set(key, answers);
      show(right);
    });
  }
}
// The print view keeps every cell's written fallback (the worked examples, the `openssl`
// check of an accept key) instead of the live widgets.
if (page !== "print.html") {
  import("/static/cells/index.js");
  import("/static/exercises.js");
}
