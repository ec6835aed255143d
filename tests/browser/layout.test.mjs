// Every page of the book, in a real headless Chromium, at a phone's width and a laptop's:
// nothing is wider than the screen (long words and code wrap or scroll inside their box),
// and no page logs a script error or a Content-Security-Policy violation (live cells
// included).
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
  await page.close();
});
