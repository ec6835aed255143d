#!/usr/bin/env node
// The front end's check, without a bundler or an npm package: node alone, over the files
// the server embeds (static/) and the askama templates (templates/).
//
//  1. every JS module parses (`node --input-type=module --check`);
//  2. every import (static, `export … from`, dynamic `import("…")` with a literal) and every
//     "/static/…" file a module or a template names exists — or is a module the server
//     generates (a "/static/generated/…" path named in crates/server/src, e.g. routes/tables.rs);
//  3. the Content-Security-Policy (`script-src 'self'`, `style-src 'self'`) holds in the
//     templates and static HTML: no inline script, no inline event handler, no style
//     attribute or <style> element, no javascript: URL; and no module writes HTML from
//     strings (innerHTML and kin), except where named below with the reason;
//  4. one theme: only static/theme.css declares custom properties or colours, and every
//     var(--x) any stylesheet uses is declared there;
//  5. WCAG 2.x AA: each text colour of the theme has a contrast ratio of at least 4.5:1 on
//     each background it is drawn on, in the light and in the dark theme: the palette's
//     pairs, the labs' states (selected, error, client, server), and every rule of any
//     stylesheet that sets both a colour and a background from the theme.
//
// Run from anywhere: `node tests/lint-static.mjs`. Exit status 1 and one line per problem
// when something is wrong. tests/run-all runs it before `cargo test`.

import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { join, dirname, relative, resolve, extname } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const STATIC = join(ROOT, "static");
const TEMPLATES = join(ROOT, "templates");
const THEME = join(STATIC, "theme.css");
/**
 * The Rust sources whose routes serve the generated files: routes/tables.rs (the tables
 * module) and wherever else the server names a "/static/generated/…" path (the Korean UI
 * catalog, /static/generated/ui.ko.json, is built with the pages).
 */
const GENERATED_BY = join(ROOT, "crates/server/src");

/**
 * Where a module builds HTML from a string, and why that string is not a peer's. Keyed by
 * the path under static/; each entry is a substring of the line.
 */
const TRUSTED_HTML = {
  // The server's own rendering of the workbook's TASK.md (pulldown-cmark), not a peer's bytes.
  "exercises.js": ["task.innerHTML = ex.task_html"],
  // The server's own rendering of a chapter's speaker notes (chapters/*/notes.md, the
  // book's Markdown options), shown to the teacher alone; no student writes them.
  "teacher.js": ["notes.innerHTML = data.html"],
};

/**
 * Which text colours are drawn on which backgrounds, and where. Each pair must reach 4.5:1
 * (WCAG 2.x SC 1.4.3, normal text) in both themes. Inside a selection every text is
 * --sel-fg (static/render/cards.css), so --sel-fg is the one colour drawn on --sel.
 */
const PAIRS = [
  ["--fg", ["--bg", "--card", "--code-bg", "--k0", "--k1", "--k2", "--k3"], "body text, card text, the XOR strip's key bytes"],
  ["--muted", ["--bg", "--card", "--code-bg"], "hints, offsets, the \"Where\" column"],
  ["--accent", ["--bg", "--card"], "links, field names, outline buttons"],
  ["--bg", ["--accent", "--in", "--out", "--group-3", "--group-4"], "a filled button's text, a pressed toggle's, the topology cell's station labels"],
  ["--in", ["--bg", "--card"], "server → client labels, passed checks"],
  ["--out", ["--bg", "--card"], "client → server labels, failing checks"],
  ["--warn", ["--bg", "--card"], "problems, wrong answers, refusals"],
  ["--sel-fg", ["--sel"], "the selected field, its bits and its bytes"],
];
const AA = 4.5;

/**
 * The labs' states, each a text colour on the backgrounds it is drawn on (checked like PAIRS,
 * and named in the report): a selected field or row, an error, the two directions.
 */
const LAB_STATES = [
  ["selected field or row", "--sel-fg", ["--sel"]],
  ["error (problems, refusals, a broken rule)", "--warn", ["--bg", "--card", "--code-bg"]],
  ["client → server (frames sent, the browser's side)", "--out", ["--bg", "--card", "--code-bg"]],
  ["server → client (frames received, the server's side)", "--in", ["--bg", "--card", "--code-bg"]],
  ["field names and links in a card", "--accent", ["--bg", "--card", "--code-bg"]],
];

const problems = [];
const problem = (file, line, text) => problems.push(`${file}${line ? `:${line}` : ""}: ${text}`);

/** Every file below `dir` (as absolute paths), skipping `skip` folder names. */
function walk(dir, skip = new Set()) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!skip.has(name)) out.push(...walk(path, skip));
    } else {
      out.push(path);
    }
  }
  return out.sort();
}

const staticFiles = walk(STATIC, new Set(["screenshots"]));
const modules = staticFiles.filter((f) => [".js", ".mjs"].includes(extname(f)));
const stylesheets = staticFiles.filter((f) => extname(f) === ".css");
const pages = [...walk(TEMPLATES), ...staticFiles.filter((f) => extname(f) === ".html")];
const rel = (f) => relative(ROOT, f);
const lineOf = (text, index) => text.slice(0, index).split("\n").length;

/** The /static/… paths the server generates instead of reading them from static/. */
function generatedPaths() {
  if (!existsSync(GENERATED_BY)) return new Set();
  const out = new Set();
  for (const file of walk(GENERATED_BY).filter((f) => extname(f) === ".rs")) {
    const rust = readFileSync(file, "utf8");
    for (const m of rust.matchAll(/"(\/static\/generated\/[^"]+)"/g)) out.add(m[1]);
  }
  return out;
}
const GENERATED = generatedPaths();

/** Does this "/static/…" URL name a file the server serves? */
function served(url) {
  const path = url.split(/[?#]/)[0];
  if (GENERATED.has(path)) return true;
  return path.startsWith("/static/") && existsSync(join(STATIC, path.slice("/static/".length)));
}

// ---- 1 and 2: modules parse, imports resolve ----------------------------------------------

const IMPORTS = [
  /^\s*import\s[^'"]*?from\s*["']([^"']+)["']/gm,
  /^\s*import\s*["']([^"']+)["']/gm,
  /^\s*export\s[^'"]*?from\s*["']([^"']+)["']/gm,
  /\bimport\(\s*["']([^"']+)["']\s*\)/g,
];

for (const file of modules) {
  const source = readFileSync(file, "utf8");
  const check = spawnSync(process.execPath, ["--input-type=module", "--check"], { input: source, encoding: "utf8" });
  if (check.status !== 0) {
    const why = (check.stderr.match(/^\w*Error: .*$/m) ?? [check.stderr.trim()])[0];
    const at = check.stderr.match(/^\[stdin\]:(\d+)/m)?.[1];
    problem(rel(file), at, `does not parse as a module: ${why}`);
  }
  for (const pattern of IMPORTS) {
    for (const m of source.matchAll(pattern)) {
      const spec = m[1];
      const line = lineOf(source, m.index);
      if (spec.startsWith("/")) {
        if (!served(spec)) problem(rel(file), line, `imports ${spec}, which the server does not serve`);
      } else if (spec.startsWith("./") || spec.startsWith("../")) {
        const target = resolve(dirname(file), spec);
        const url = `/static/${relative(STATIC, target).split("\\").join("/")}`;
        if (!target.startsWith(STATIC + "/") || !served(url)) problem(rel(file), line, `imports ${spec}, which does not exist`);
      } else {
        problem(rel(file), line, `imports the bare specifier ${JSON.stringify(spec)}: there is no bundler, use a path`);
      }
    }
  }
  // Stylesheets, scripts and images a module names by URL.
  for (const m of source.matchAll(/["'`](\/static\/[^"'`$]+\.(?:css|js|mjs|svg|png|json|toml))["'`]/g)) {
    if (!served(m[1])) problem(rel(file), lineOf(source, m.index), `names ${m[1]}, which the server does not serve`);
  }
  // HTML from strings: the page's text must come from textContent.
  const trusted = TRUSTED_HTML[relative(STATIC, file)] ?? [];
  source.split("\n").forEach((text, i) => {
    if (/^\s*(\/\/|\*|\/\*)/.test(text)) return;
    if (/\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML\(|document\.write\(|\beval\(|new Function\(/.test(text)
      && !trusted.some((t) => text.includes(t))) {
      problem(rel(file), i + 1, "builds markup from a string; use h() / textContent (static/render/dom.js)");
    }
  });
}

// ---- 3: the CSP in templates and static HTML ---------------------------------------------

for (const file of pages) {
  const html = readFileSync(file, "utf8");
  for (const m of html.matchAll(/<script\b([^>]*)>/gi)) {
    if (!/\ssrc\s*=/.test(m[1])) problem(rel(file), lineOf(html, m.index), "an inline <script>: the CSP (script-src 'self') blocks it");
  }
  for (const m of html.matchAll(/<[a-z][^>]*?\s(on[a-z]+)\s*=/gi)) {
    problem(rel(file), lineOf(html, m.index), `an inline event handler (${m[1]}): the CSP blocks it; use addEventListener`);
  }
  for (const m of html.matchAll(/<[a-z][^>]*?\sstyle\s*=/gi)) {
    problem(rel(file), lineOf(html, m.index), "a style attribute: the CSP (style-src 'self') blocks it");
  }
  for (const m of html.matchAll(/<style\b/gi)) {
    problem(rel(file), lineOf(html, m.index), "a <style> element: the CSP (style-src 'self') blocks it");
  }
  for (const m of html.matchAll(/\s(?:href|src)\s*=\s*["']\s*javascript:/gi)) {
    problem(rel(file), lineOf(html, m.index), "a javascript: URL: the CSP blocks it");
  }
  for (const m of html.matchAll(/\s(?:href|src)\s*=\s*"(\/static\/[^"{]+)"/g)) {
    if (!served(m[1])) problem(rel(file), lineOf(html, m.index), `links ${m[1]}, which the server does not serve`);
  }
}

// ---- 4: one theme ---------------------------------------------------------------------------

/** The custom properties declared in a stylesheet: name → [light, dark] (or the one value). */
function declarations(css) {
  const out = new Map();
  for (const m of stripComments(css).matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) {
    const value = m[2].trim();
    const pair = value.match(/^light-dark\(\s*([^,]+?)\s*,\s*([^)]+?)\s*\)$/);
    out.set(m[1], pair ? [pair[1], pair[2]] : [value, value]);
  }
  return out;
}
const stripComments = (css) => css.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " "));
const COLOUR = /#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(/;

const theme = existsSync(THEME) ? declarations(readFileSync(THEME, "utf8")) : new Map();
if (!theme.size) problem(rel(THEME), 0, "declares no custom properties");
for (const file of stylesheets) {
  if (file === THEME) continue;
  const css = stripComments(readFileSync(file, "utf8"));
  css.split("\n").forEach((text, i) => {
    for (const m of text.matchAll(/(^|[;{\s])(--[\w-]+)\s*:/g)) {
      problem(rel(file), i + 1, `declares ${m[2]}: custom properties belong in static/theme.css`);
    }
    const colour = text.match(COLOUR);
    if (colour) problem(rel(file), i + 1, `a colour of its own (${colour[0]}…): use a custom property of static/theme.css`);
    for (const m of text.matchAll(/var\(\s*(--[\w-]+)/g)) {
      if (!theme.has(m[1])) problem(rel(file), i + 1, `uses ${m[1]}, which static/theme.css does not declare`);
    }
  });
}

// ---- 5: contrast -------------------------------------------------------------------------

/** WCAG 2.x relative luminance of "#rrggbb" (or "#rgb"). */
function luminance(hex) {
  let h = hex.replace("#", "");
  if (h.length === 3) h = [...h].map((c) => c + c).join("");
  if (!/^[0-9a-fA-F]{6}$/.test(h)) return null;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(h.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two colours (WCAG 2.x: (L1 + 0.05) / (L2 + 0.05), lighter first). */
export function contrast(a, b) {
  const [la, lb] = [luminance(a), luminance(b)];
  if (la === null || lb === null) return null;
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

const ratios = [];
const checked = new Set();
/** Checks `fg` on `bg` in both themes, once per pair and place. */
function check(fg, bg, where) {
  const key = `${fg} ${bg} ${where}`;
  if (checked.has(key)) return;
  checked.add(key);
  for (const [mode, i] of [["light", 0], ["dark", 1]]) {
    const [f, b] = [theme.get(fg)?.[i], theme.get(bg)?.[i]];
    if (!f || !b) {
      problem(rel(THEME), 0, `${fg} on ${bg}: ${f ? bg : fg} is not declared`);
      continue;
    }
    const ratio = contrast(f, b);
    if (ratio === null) {
      problem(rel(THEME), 0, `${fg} on ${bg} (${mode}): ${f} on ${b} is not a #rrggbb pair the check can compute`);
      continue;
    }
    ratios.push(`${mode.padEnd(5)} ${fg.padEnd(9)} on ${bg.padEnd(9)} ${ratio.toFixed(2).padStart(5)}:1  ${where}`);
    if (ratio < AA) problem(rel(THEME), 0, `${fg} on ${bg} in the ${mode} theme: ${ratio.toFixed(2)}:1 (${f} on ${b}), below WCAG AA's ${AA}:1 — ${where}`);
  }
}
for (const [fg, backgrounds, where] of PAIRS) {
  for (const bg of backgrounds) check(fg, bg, where);
}

for (const [state, fg, backgrounds] of LAB_STATES) {
  for (const bg of backgrounds) check(fg, bg, `the labs' state: ${state}`);
}

// Every rule of every stylesheet that sets both a text colour and a background from the
// theme: that pair, in both themes (a state drawn by its own rule, such as a selected row).
for (const file of stylesheets) {
  const css = stripComments(readFileSync(file, "utf8"));
  for (const m of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const body = m[2];
    const fg = body.match(/(?:^|[;\s])color\s*:\s*var\(\s*(--[\w-]+)\s*\)/);
    const bg = body.match(/(?:^|[;\s])background(?:-color)?\s*:\s*var\(\s*(--[\w-]+)\s*\)/);
    if (fg && bg) check(fg[1], bg[1], `${rel(file)}:${lineOf(css, m.index + m[1].search(/\S/))} ${m[1].trim()}`);
  }
}

// ---- report ------------------------------------------------------------------------------

if (process.argv.includes("--contrast")) console.log(ratios.join("\n"));
if (problems.length) {
  console.error(problems.join("\n"));
  console.error(`lint-static: ${problems.length} problem${problems.length === 1 ? "" : "s"}`);
  process.exit(1);
}
console.log(`lint-static: ${modules.length} modules, ${stylesheets.length} stylesheets, ${pages.length} pages: ok ` +
  `(${ratios.length} contrast ratios, the lowest ${Math.min(...ratios.map((r) => Number(r.match(/([\d.]+):1\b/)[1]))).toFixed(2)}:1)`);
