// Every page of the book, in a real headless Chromium, at a phone's width and a laptop's:
// nothing is wider than the screen (long words and code wrap or scroll inside their box),
// and no page logs a script error or a Content-Security-Policy violation (live cells
// included). Then, at 390 px: the chapter list and search behind a toggle at the top, tables
// that stack instead of being cut (the book's cells and the WebSocket lab's handshake), the
// bit grid's scroll cue; the print view's written fallbacks (no live cell, no button, the
// `openssl` check of an accept key); and the WebSocket lab's states (selected field, the
// directions, errors) at WCAG AA in both themes, computed from the colours the browser draws.
//
// Run: WIRETRAIL_URL=http://127.0.0.1:8080 node --test tests/browser/layout.test.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, BASE } from "./harness.mjs";

let context;
let close = async () => {};

before(async () => {
  if (!BASE) throw new Error("set WIRETRAIL_URL to the server's http:// URL");
  ({ context, close } = await launch());
});

after(() => close());

async function bookPages(page) {
  await page.goto(new URL("/", BASE).href);
  const hrefs = await page.$$eval(".toc a[data-url]", (links) => links.map((a) => a.getAttribute("href")));
  assert.ok(hrefs.length >= 15, `only ${hrefs.length} pages in the table of contents`);
  return hrefs;
}

for (const [name, width] of [["phone", 390], ["laptop", 1280]]) {
  test(`every book page fits a ${name} screen (${width}px) and runs without errors`, async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    const errors = [];
    page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
    page.on("console", (m) => {
      // A failed fetch is reported below with its URL; other errors and CSP reports here.
      if (/Failed to load resource/.test(m.text())) return;
      if (m.type() === "error" || /Content.Security.Policy/i.test(m.text())) errors.push(`${page.url()}: ${m.text()}`);
    });
    page.on("response", (r) => {
      if (r.status() >= 400) errors.push(`${page.url()}: ${r.status()} for ${r.url()}`);
    });
    const hrefs = await bookPages(page);
    const tooWide = [];
    for (const href of [...hrefs, "/print.html"]) {
      await page.goto(new URL(href, BASE).href, { waitUntil: "networkidle" });
      const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      if (scroll > client + 1) tooWide.push(`${href}: ${scroll}px on a ${client}px screen`);
    }
    await page.close();
    assert.deepEqual(tooWide, [], "pages wider than the screen");
    assert.deepEqual(errors, [], "script errors or CSP violations");
  });
}

test("on a phone (390px) the chapter list and search are behind a toggle at the top, and tables fit", async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 390, height: 800 });
  const errors = [];
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  await page.goto(new URL("/08-websocket/handshake.html", BASE).href, { waitUntil: "networkidle" });
  // The toggle is at the top of the page, the chapter list hidden until it is pressed.
  const toggle = page.locator("#nav-toggle");
  assert.ok(await toggle.isVisible(), "the toggle is visible");
  const box = await toggle.boundingBox();
  assert.ok(box && box.y < 60, `the toggle is at the top: ${JSON.stringify(box)}`);
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  assert.ok(await page.locator("#sidebar").isHidden());
  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "search");
  // Opened, the list is above the chapter, within the first screen.
  const toc = await page.locator("#sidebar .toc").boundingBox();
  const chapter = await page.locator("article.chapter").boundingBox();
  assert.ok(toc && chapter && toc.y < 200 && toc.y < chapter.y, `toc ${JSON.stringify(toc)}, chapter ${JSON.stringify(chapter)}`);
  assert.ok(await page.locator("#sidebar a[href='/labs/http2']").isVisible());
  await toggle.click();
  assert.ok(await page.locator("#sidebar").isHidden());

  // Tables stack instead of being cut; the bit grid scrolls with a visible cue.
  const cut = async () => page.evaluate(() => [...document.querySelectorAll("table")]
    .filter((t) => t.getBoundingClientRect().right > window.innerWidth + 1 || t.scrollWidth > t.parentElement.clientWidth + 1)
    .map((t) => `${t.className || t.tagName}: ${t.scrollWidth}px, right edge ${Math.round(t.getBoundingClientRect().right)}`));
  for (const path of ["/08-websocket/handshake.html", "/03-ncp/index.html", "/07-web2-push/index.html", "/09-http2/hpack.html"]) {
    await page.goto(new URL(path, BASE).href, { waitUntil: "networkidle" });
    await page.waitForSelector(".cell-live", { timeout: 15_000 });
    assert.deepEqual(await cut(), [], `${path}: tables cut at 390px`);
  }
  await page.goto(new URL("/08-websocket/frames.html", BASE).href, { waitUntil: "networkidle" });
  const grid = await page.waitForSelector(".cell-live .bitgrid", { timeout: 15_000 });
  const cue = await grid.evaluate((g) => ({ scrolls: g.scrollWidth > g.clientWidth, image: getComputedStyle(g).backgroundImage }));
  assert.ok(cue.scrolls, "the bit grid scrolls at 390px");
  assert.match(cue.image, /linear-gradient/, "the bit grid draws its scroll shadows");
  // The WebSocket lab's handshake table, after Connect.
  await page.goto(new URL("/labs/websocket", BASE).href, { waitUntil: "networkidle" });
  await page.click("#connect");
  await page.waitForSelector("table.wt-fields", { timeout: 15_000 });
  assert.deepEqual(await cut(), [], "the lab's tables at 390px");
  await page.close();
  assert.deepEqual(errors, []);
});

test("the print view shows the written fallbacks, not widgets or buttons", async () => {
  const page = await context.newPage();
  await page.goto(new URL("/print.html", BASE).href, { waitUntil: "networkidle" });
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator(".cell-live").count(), 0, "no live cell on the print view");
  const accept = page.locator(".cell[data-cell='accept-key']");
  assert.match(await accept.innerText(), /openssl sha1 -binary/);
  const buttons = await page.$$eval("button", (bs) => bs.filter((b) => b.offsetParent !== null).map((b) => b.textContent));
  assert.deepEqual(buttons, [], "buttons printed");
  // Every quiz's explanation is printed.
  const hidden = await page.$$eval(".quiz-context", (cs) => cs.filter((c) => c.offsetParent === null).length);
  assert.equal(hidden, 0);
  // A chapter page printed from the browser: the live cell prints its written fallback.
  await page.emulateMedia({ media: "screen" });
  await page.goto(new URL("/08-websocket/handshake.html", BASE).href, { waitUntil: "networkidle" });
  const live = page.locator(".cell-live[data-cell='accept-key']");
  await live.locator(".accept-value").waitFor({ timeout: 15_000 });
  assert.doesNotMatch(await live.innerText(), /openssl sha1/, "on screen, the widget");
  await page.emulateMedia({ media: "print" });
  const printed = await live.innerText();
  assert.match(printed, /openssl sha1 -binary/, "printed, the written check");
  assert.doesNotMatch(printed, /Random key/, "printed, no widget");
  await page.close();
});

test("the WebSocket lab's states reach WCAG AA in both themes, as the browser draws them", async () => {
  for (const theme of ["light", "dark"]) {
    const page = await context.newPage();
    await page.addInitScript((t) => localStorage.setItem("wiretrail.theme", JSON.stringify(t)), theme);
    await page.goto(new URL("/labs/websocket", BASE).href, { waitUntil: "networkidle" });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
    await page.click("#connect");
    await page.waitForSelector("#timeline .fname", { timeout: 15_000 });
    // A selected field (its row, bits and bytes), then a server refusal: a protocol error.
    await page.locator("#timeline .fname").nth(2).click();
    await page.waitForSelector("#timeline .sel");
    const low = await page.evaluate(() => {
      const rgb = (c) => c.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      const lum = ([r, g, b]) => {
        const f = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const background = (el) => {
        for (let e = el; e; e = e.parentElement) {
          const c = rgb(getComputedStyle(e).backgroundColor);
          if ((c[3] ?? 1) > 0.5) return c;
        }
        return rgb(getComputedStyle(document.body).backgroundColor);
      };
      const out = [];
      const states = ".sel, .sel *, .wt-dir, .dir-client .wt-dir, .dir-server .wt-dir, .warn, .refused, .wt-truncated, .inline-problem";
      const seen = document.querySelectorAll(states);
      for (const el of seen) {
        if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
        const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(background(el))];
        const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        if (ratio < 4.5) out.push(`${el.className || el.tagName} "${el.textContent.trim().slice(0, 30)}": ${ratio.toFixed(2)}:1`);
      }
      return { checked: seen.length, out };
    });
    await page.close();
    assert.ok(low.checked > 20, `${theme}: only ${low.checked} state elements found`);
    assert.deepEqual(low.out, [], `${theme} theme: text below 4.5:1`);
  }
});
