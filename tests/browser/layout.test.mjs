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
