// The notebook's own cells and page features in a real headless Chromium:
//  - chapter 1's topology cell: destroying stations (by click, by keyboard, and at random
//    from a seed) changes the survivability score exactly as this test computes it;
//  - the timeline page: filtering by CSNET shows exactly the CSNET events of timeline.toml,
//    and chapter 4's cell starts filtered;
//  - chapter 7's polling-cost cell: changing the message rate gives the byte counts of this
//    test's own arithmetic;
//  - the quiz remembers an answer across a reload; "/" opens search and "Baran" finds
//    chapter 1; → goes to the next page (the sub-page after chapter 1);
//  - search results walk with ArrowDown/ArrowUp and Enter opens the first;
//  - a hex dump in a book cell fits its card at 1280 px (the text column whole);
//  - without a workbook, the setup sentence shows its commands as code, not backticks.
//
// Run: WIRETRAIL_URL=http://127.0.0.1:8080 node --test tests/browser/book-cells.test.mjs
// (tests/browser_book.rs starts the server and does this.)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { useBrowser, BASE, HERE, WAIT } from "./harness.mjs";

if (!BASE) throw new Error("set WIRETRAIL_URL to the server's http:// URL");
const TIMELINE = readFileSync(join(HERE, "..", "..", "chapters", "timeline.toml"), "utf8");

const browser = useBrowser({ prefix: "book-cells" });
const { pageErrors, cspViolations } = browser;
const step = browser.step;
let page;
before(async () => {
  await browser.ready;
  page = browser.page;
  page.on("console", (m) => {
    if (m.type() === "warning" && /live cell/.test(m.text())) pageErrors.push(m.text());
  });
});

const url = (path) => new URL(path, BASE).href;

// ---- the test's own model of chapter 1's 4 × 4 grid ------------------------------------

const LABELS = "abcdefghijklmnop".split("");
/** The largest group of surviving stations of the 4 × 4 grid (each linked to its 4 neighbours). */
function largestGroup(destroyed) {
  const alive = (i) => !destroyed.has(LABELS[i]);
  const seen = new Set();
  let best = 0;
  for (let s = 0; s < 16; s++) {
    if (!alive(s) || seen.has(s)) continue;
    const stack = [s];
    seen.add(s);
    let size = 0;
    while (stack.length) {
      const i = stack.pop();
      size++;
      const r = Math.floor(i / 4), c = i % 4;
      for (const [dr, dc] of [[0, 1], [0, -1], [1, 0], [-1, 0]]) {
        const nr = r + dr, nc = c + dc;
        const j = nr * 4 + nc;
        if (nr < 0 || nr > 3 || nc < 0 || nc > 3 || !alive(j) || seen.has(j)) continue;
        seen.add(j);
        stack.push(j);
      }
    }
    best = Math.max(best, size);
  }
  return best;
}

/** mulberry32, as the cell documents it, and its choice of `n` stations among the survivors. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function knockOut(destroyed, n, seed) {
  const random = mulberry32(seed);
  const candidates = LABELS.filter((l) => !destroyed.has(l));
  const chosen = [];
  for (let k = 0; k < n && candidates.length; k++) chosen.push(candidates.splice(Math.floor(random() * candidates.length), 1)[0]);
  return chosen;
}

function expectedScore(largest, total) {
  const exact = (100 * largest) / total;
  const rounded = Math.round(exact);
  return `${largest}/${total} ${rounded === exact ? "=" : "≈"} ${rounded}%`;
}

async function summary() {
  return page.$eval(".cell[data-cell=topology] .topo-summary", (s) => ({
    ...s.dataset,
    score: s.querySelector(".topo-score").textContent,
    reach: s.querySelector(".topo-reach").textContent,
  }));
}

async function assertSummary(destroyed) {
  const largest = largestGroup(destroyed);
  const survivors = 16 - destroyed.size;
  await page.waitForFunction(
    (want) => document.querySelector(".topo-summary")?.dataset.destroyed === want,
    [...destroyed].sort().join(" "), { timeout: WAIT });
  const s = await summary();
  assert.equal(Number(s.largest), largest, `largest group after destroying ${[...destroyed]}`);
  assert.equal(Number(s.survivors), survivors);
  assert.equal(s.score, expectedScore(largest, 16));
  assert.equal(s.reach, expectedScore(largest, survivors));
}

test("chapter 1: destroying stations changes the survivability score as computed here", () => step("topology", async () => {
  await page.goto(url("/01-before-arpanet/index.html"));
  await page.waitForSelector(".cell[data-cell=topology].cell-live .topo-station", { timeout: WAIT });
  assert.equal(await page.locator(".topo-station").count(), 16);
  await assertSummary(new Set());

  // Click the centre four: a ring of 12 survives (the chapter's example 1: 75%).
  const destroyed = new Set();
  for (const label of ["f", "g", "j", "k"]) {
    await page.click(`.topo-station[data-label="${label}"]`);
    destroyed.add(label);
    await assertSummary(destroyed);
  }
  assert.equal((await summary()).score, "12/16 = 75%");

  // The keyboard: repair all, then from a, → to b, Enter; ↓ to f, ← to e, Enter (example 3).
  await page.click(".topo-repair");
  destroyed.clear();
  await assertSummary(destroyed);
  await page.focus('.topo-station[data-label="a"]');
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await page.evaluate(() => document.activeElement?.dataset?.label), "e");
  await page.keyboard.press("Enter");
  destroyed.add("b").add("e");
  await assertSummary(destroyed);
  assert.equal((await summary()).score, "13/16 ≈ 81%");

  // At random, from a seed: the stations this test's copy of the generator picks.
  await page.click(".topo-repair");
  destroyed.clear();
  await page.fill(".cell[data-cell=topology] input[id$='-count']", "5");
  await page.fill(".cell[data-cell=topology] input[id$='-seed']", "1962");
  await page.click(".topo-knock");
  for (const label of knockOut(destroyed, 5, 1962)) destroyed.add(label);
  await assertSummary(destroyed);
  assert.equal(await page.inputValue(".cell[data-cell=topology] input[id$='-seed']"), "1963");
  await page.click(".topo-knock");
  for (const label of knockOut(destroyed, 5, 1963)) destroyed.add(label);
  await assertSummary(destroyed);

  // The centralised star: losing the hub leaves 15 survivors in groups of one (example 4).
  await page.click(".topo-preset >> text=The star's hub H");
  await page.waitForFunction(() => document.querySelector(".topo-summary")?.dataset.destroyed === "H");
  const s = await summary();
  assert.equal(s.score, "1/16 ≈ 6%");
  assert.equal(Number(s.groups), 15);
}));

// ---- the timeline -------------------------------------------------------------------------

/** The events of timeline.toml as [date, tags], read with a regex (independent of the cell's parser). */
function timelineEvents() {
  return TIMELINE.split(/^\[\[events\]\]$/m).slice(1).map((block) => ({
    date: /^date = "([^"]+)"/m.exec(block)[1],
    tags: JSON.parse(/^tags = (\[.*\])$/m.exec(block)[1]),
  }));
}

async function shownEvents(cell) {
  return page.$$eval(`${cell} .tl-event`, (items) => items.map((li) => ({ date: li.dataset.date, tags: li.dataset.tags.split(" ") })));
}

test("the timeline page: every event, then only CSNET's when filtered; chapter 4 starts filtered", () => step("timeline", async () => {
  const events = timelineEvents();
  assert.ok(events.length >= 60, `${events.length} events`);
  const csnet = events.filter((e) => e.tags.includes("csnet"));
  assert.ok(csnet.length >= 10);

  await page.goto(url("/timeline.html"));
  const cell = ".cell[data-cell=timeline]";
  await page.waitForSelector(`${cell}.cell-live .tl-event`, { timeout: WAIT });
  assert.equal((await shownEvents(cell)).length, events.length);
  // Every event links to its chapter, and the chapter link works.
  const hrefs = await page.$$eval(`${cell} .tl-chapter`, (links) => [...new Set(links.map((a) => a.getAttribute("href")))]);
  for (const href of hrefs) {
    const response = await page.request.get(url(href));
    assert.equal(response.status(), 200, href);
  }

  await page.click(`${cell} .tl-topic[data-tag="csnet"]`);
  await page.waitForFunction((n) => document.querySelectorAll(".cell[data-cell=timeline] .tl-event").length === n, csnet.length, { timeout: WAIT });
  const shown = await shownEvents(cell);
  assert.deepEqual(shown.map((e) => e.date), csnet.map((e) => e.date));
  for (const e of shown) assert.ok(e.tags.includes("csnet"), `${e.date} is not a CSNET event`);
  assert.equal(await page.getAttribute(`${cell} .tl-topic[data-tag="csnet"]`, "aria-pressed"), "true");

  // A decade range narrows it further: CSNET in the 1970s is the two 1979 events.
  await page.selectOption(`${cell} select[id$='-to']`, "1970");
  await page.waitForFunction((n) => document.querySelectorAll(".cell[data-cell=timeline] .tl-event").length === n,
    csnet.filter((e) => e.date < "1980").length, { timeout: WAIT });

  await page.goto(url("/04-csnet/index.html"));
  await page.waitForSelector(`${cell}.cell-live .tl-event`, { timeout: WAIT });
  const preset = await shownEvents(cell);
  assert.equal(preset.length, csnet.length);
  for (const e of preset) assert.ok(e.tags.includes("csnet"));
}));

// ---- polling cost -------------------------------------------------------------------------

async function costRow(method) {
  return page.$eval(`.cell[data-cell=polling-cost] tr[data-method="${method}"]`, (tr) => ({
    bytes: Number(tr.dataset.bytes),
    requests: Number(tr.dataset.requests),
    text: tr.querySelector(".pc-bytes").textContent,
  }));
}

test("chapter 7: the byte counts follow this test's arithmetic", () => step("polling-cost", async () => {
  await page.goto(url("/07-web2-push/index.html"));
  const cell = ".cell[data-cell=polling-cost]";
  await page.waitForSelector(`${cell}.cell-live tr[data-method]`, { timeout: WAIT });
  const request = 114, response = 96, payload = 20;

  // The chapter's example: one message a second, a poll a second.
  const check = async (perMinute, interval) => {
    const polls = 60 / interval;
    const want = {
      polling: [(request + response) * polls + payload * perMinute, polls],
      longPolling: [(request + response + payload) * perMinute, perMinute],
      streaming: [("14\r\n".length + payload + "\r\n".length) * perMinute, 0],
      websocket: [(2 + payload) * perMinute, 0],
    };
    for (const [method, [bytes, requests]] of Object.entries(want)) {
      await page.waitForFunction(([m, b]) => document.querySelector(`.cell[data-cell=polling-cost] tr[data-method="${m}"]`)?.dataset.bytes === String(b),
        [method, bytes], { timeout: WAIT }).catch(() => {});
      const row = await costRow(method);
      assert.equal(row.bytes, bytes, `${method} bytes at ${perMinute}/min, poll every ${interval} s`);
      assert.equal(row.requests, requests, `${method} requests`);
      assert.equal(row.text, bytes.toLocaleString("en-US"));
    }
  };
  await check(60, 1);
  assert.equal((await costRow("polling")).bytes, 13800);
  assert.equal((await costRow("websocket")).bytes, 1320);

  await page.fill(`${cell} input[data-field="perMinute"]`, "6");
  await check(6, 1);
  await page.fill(`${cell} input[data-field="interval"]`, "5");
  await check(6, 5);
  // The bars: polling's is the longest, WebSocket's the shortest.
  const widths = await page.$$eval(`${cell} .pc-bar`, (bars) => bars.map((b) => b.getBoundingClientRect().width));
  assert.ok(widths[0] > widths[3], `bars ${widths}`);
}));

// ---- the page around the cells: quiz memory, search, keyboard ------------------------------

test("the quiz remembers an answer, / searches, → goes to the next page", () => step("page", async () => {
  await page.goto(url("/01-before-arpanet/index.html"));
  const question = ".quiz-question[data-n='0']";
  await page.check(`${question} input[data-right="true"]`);
  await page.click(`${question} button[type=submit]`);
  await page.waitForSelector(`${question} .quiz-verdict.right`, { timeout: WAIT });
  await page.reload();
  await page.waitForSelector(`${question} .quiz-verdict.right`, { timeout: WAIT });
  assert.equal(await page.isChecked(`${question} input[data-right="true"]`), true);
  assert.equal(await page.isHidden(`${question} .quiz-context`), false);

  await page.locator("h1").first().click();
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "search");
  await page.keyboard.type("Baran");
  await page.waitForSelector("#search-results a[href^='/01-before-arpanet/index.html']", { timeout: WAIT });

  await page.locator("h1").first().click();
  // The next page in SUMMARY order: chapter 1's sub-page.
  await Promise.all([page.waitForURL(/\/01-before-arpanet\/visions-and-queues\.html$/, { timeout: WAIT }), page.keyboard.press("ArrowRight")]);
  assert.match(await page.textContent("h1"), /Kleinrock/);
}));

test("search results answer ArrowDown, ArrowUp and Enter", () => step("search keys", async () => {
  await page.goto(url("/02-arpanet/index.html"));
  await page.locator("h1").first().click();
  await page.keyboard.press("/");
  await page.keyboard.type("Baran");
  await page.waitForSelector("#search-results a[href^='/01-before-arpanet/index.html']", { timeout: WAIT });
  const hrefs = await page.$$eval("#search-results a[href]", (as) => as.map((a) => a.getAttribute("href")));
  assert.ok(hrefs.length >= 2, JSON.stringify(hrefs));
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("href")), hrefs[0]);
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("href")), hrefs[1]);
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "search");
  // Enter in the box opens the first result.
  await Promise.all([page.waitForURL(url(hrefs[0]), { timeout: WAIT }),
    page.keyboard.press("Enter")]);
}));

test("a hex dump in a book cell shows its text column whole at a laptop's width", () => step("hexdump", async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  for (const path of ["/08-websocket/handshake.html", "/08-websocket/frames.html", "/09-http2/hpack.html"]) {
    await page.goto(url(path));
    await page.waitForSelector(".cell-live .hexdump .hx-text", { timeout: WAIT });
    const cut = await page.$$eval(".cell .hexdump", (dumps) => dumps.filter((d) => d.scrollWidth > d.clientWidth + 1)
      .map((d) => `${d.scrollWidth}px in ${d.clientWidth}px`));
    assert.deepEqual(cut, [], `${path}: hex dumps wider than their card`);
  }
}));

test("without a workbook, the setup sentence shows its commands as code, not `backticks`", () => step("workbook note", async () => {
  await page.goto(url("/08-websocket/handshake.html"));
  const note = page.locator(".workbook-setup .exercise-note");
  await note.waitFor({ timeout: WAIT });
  const text = await note.textContent();
  assert.match(text, /^No workbook here: run wiretrail exercises init my-labs/);
  assert.doesNotMatch(text, /`/);
  const code = await note.locator("code").allTextContents();
  assert.ok(code.includes("wiretrail exercises init my-labs"), JSON.stringify(code));
}));

test("no script errors and no CSP violations on the way", () => {
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(cspViolations, []);
});
