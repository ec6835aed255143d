// The README's screenshots, taken again from a running app: a book page with a live cell,
// the WebSocket lab after a few frames, the HTTP/2 lab after "three requests at once" (the
// interleaved streams and the legend) and, with --push, the push lab after a run. Headless
// Debian Chromium through playwright-core, as the browser tests; the light theme at 1280 px,
// so the pictures do not depend on this machine's settings.
//
// Run: WIRETRAIL_URL=http://127.0.0.1:8080 node tests/browser/screenshots.mjs [--push]
// (writes static/screenshots/*.png; not a test: `node --test` does not pick it up).

import { join } from "node:path";
import { launch, BASE, HERE } from "./harness.mjs";

if (!BASE) throw new Error("set WIRETRAIL_URL to the server's http:// URL");
const OUT = join(HERE, "..", "..", "static", "screenshots");
const WAIT = 20_000;
const { context, close } = await launch({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
await page.addInitScript(() => localStorage.setItem("wiretrail.theme", JSON.stringify("light")));
await page.emulateMedia({ colorScheme: "light" });

/** A screenshot of the page from the top of `from` down to the bottom of the `n`th element
 * matching `to` (or `height` px tall), at most 4000 px. */
async function shot(name, from, height, to, n = 1) {
  const top = await page.evaluate((sel) => document.querySelector(sel)?.getBoundingClientRect().top + window.scrollY, from);
  if (top === undefined || Number.isNaN(top)) throw new Error(`${name}: ${from} is not on the page`);
  if (to) {
    const bottom = await page.evaluate(([sel, k]) => {
      const all = document.querySelectorAll(sel);
      const last = all[Math.min(k, all.length) - 1];
      return last ? last.getBoundingClientRect().bottom + window.scrollY : undefined;
    }, [to, n]);
    if (bottom !== undefined) height = Math.min(4000, bottom - top + 24);
  }
  const clip = { x: 0, y: Math.max(0, top - 8), width: 1280, height: Math.round(height) };
  await page.screenshot({ path: join(OUT, `${name}.png`), clip, fullPage: true });
  console.log(`static/screenshots/${name}.png`);
}

// A book page: chapter 8.1's accept-key cell with a key typed in.
await page.goto(`${BASE}/08-websocket/handshake.html`);
const cell = page.locator(".cell[data-cell='accept-key']");
await cell.locator(".accept-value").waitFor({ timeout: WAIT });
await cell.getByLabel("Sec-WebSocket-Key").fill("x3JJHMbDL1EzLkh9GBhXDw==");
await page.waitForFunction(() => document.querySelector(".cell[data-cell='accept-key'] .accept-value")?.textContent === "HSmrc0sMlYUkAGmm5OPpG2HaGWk=",
  null, { timeout: WAIT });
await cell.scrollIntoViewIfNeeded();
await page.evaluate(() => window.scrollBy(0, -120));
await page.screenshot({ path: join(OUT, "book-live-cell.png") });
console.log("static/screenshots/book-live-cell.png");

// The WebSocket lab: Connect, send "Hello", ask for a ping.
await page.goto(`${BASE}/labs/websocket`);
await page.click("#connect");
await page.waitForSelector("#timeline article.wt-card[data-kind='frame'], #timeline article.wt-card", { timeout: WAIT });
await page.fill("#send-text", "Hello");
await page.click("#send-text-form button[type=submit]");
await page.waitForFunction(() => document.querySelectorAll("#timeline article.wt-card").length >= 4, null, { timeout: WAIT });
await page.waitForTimeout(500);
// The field tables folded (each card's "Field by field"), down to the fourth card.
await page.evaluate(() => { for (const d of document.querySelectorAll("#timeline details[open]")) d.open = false; });
await shot("lab-websocket", "#timeline", 1800, "#timeline article.wt-card", 4);

// The HTTP/2 lab: one request, then three at once.
await page.goto(`${BASE}/labs/http2`);
await page.waitForSelector("#h2-one:visible");
await page.click("#h2-one");
await page.waitForFunction(() => document.getElementById("h2-status").textContent.startsWith("Done"), null, { timeout: WAIT });
await page.click("#h2-concurrent");
await page.waitForFunction(() => document.getElementById("h2-status").textContent.startsWith("Done"), null, { timeout: WAIT });
await page.waitForTimeout(500);
await shot("lab-http2", "#streams-title", 1100);

if (process.argv.includes("--push")) {
  await page.goto(`${BASE}/labs/push`);
  await page.click("#run");
  await page.waitForSelector("#push-summary tbody tr", { timeout: 120_000 });
  await page.waitForSelector("#push-charts svg", { timeout: 120_000 });
  await shot("lab-push", "#summary-title", 1800);
}
await close();
