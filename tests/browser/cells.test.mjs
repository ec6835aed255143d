// The book's live cells in a real headless Chromium: the accept-key cell derives the RFC's
// value for a typed key, the IPv4 cell recomputes the header checksum when a field changes
// (checked against a checksum computed here), and the my-request cell shows the request
// line of the fetch() that asked for it. No cell may break the CSP or throw.
//
// Run: WIRETRAIL_URL=http://127.0.0.1:8080 node --test tests/browser/cells.test.mjs
// (tests/browser_cells.rs starts the server and does this.)

import { test, before } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { useBrowser, BASE, WAIT } from "./harness.mjs";

if (!BASE) throw new Error("set WIRETRAIL_URL to the server's http:// URL");
const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

const browser = useBrowser({ prefix: "cells" });
const { pageErrors, cspViolations } = browser;
const step = browser.step;
let page;
before(async () => {
  await browser.ready;
  page = browser.page;
});

/** The Internet checksum (RFC 1071) of a header whose checksum field is zero. */
function internetChecksum(bytes) {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i] << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return (~sum) & 0xffff;
}

test("accept-key cell: a typed key gives its Sec-WebSocket-Accept", async () => {
  await step("accept-key", async () => {
    await page.goto(`${BASE}/08-websocket/handshake.html`);
    const cell = page.locator(".cell[data-cell='accept-key']");
    await cell.locator(".accept-value").waitFor({ timeout: WAIT });
    const key = "x3JJHMbDL1EzLkh9GBhXDw==";
    const want = createHash("sha1").update(key + GUID).digest("base64");
    const input = cell.getByLabel("Sec-WebSocket-Key");
    await input.fill(key);
    await page.waitForFunction(([w]) => document.querySelector(".cell[data-cell='accept-key'] .accept-value")?.textContent === w,
      [want], { timeout: WAIT });
    assert.equal(await cell.locator(".accept-value").textContent(), want);
    assert.ok(await cell.locator("article.wt-card").count() >= 1, "a dissection card is drawn");
  });
});

test("ipv4-header cell: changing a field recomputes the checksum", async () => {
  await step("ipv4", async () => {
    await page.goto(`${BASE}/05-tcp-ip/index.html`);
    const cell = page.locator(".cell[data-cell='ipv4-header']");
    const checksum = cell.locator(".ipv4-checksum");
    await page.waitForFunction(() => document.querySelector(".ipv4-checksum")?.textContent === "0x324e", null, { timeout: WAIT });
    await cell.getByRole("spinbutton", { name: "Time to Live" }).fill("17");
    await cell.getByRole("spinbutton", { name: "Identification" }).fill("4660");
    // The header computed here: the chapter's, with TTL 17 and Identification 0x1234.
    const header = [0x45, 0x00, 0x00, 0x28, 0x12, 0x34, 0x40, 0x00, 17, 0x06, 0, 0,
      192, 0, 2, 1, 198, 51, 100, 7];
    const want = `0x${internetChecksum(header).toString(16).padStart(4, "0")}`;
    await page.waitForFunction(([w]) => document.querySelector(".ipv4-checksum")?.textContent === w, [want], { timeout: WAIT });
    assert.equal(await checksum.textContent(), want);
    const bytes = (await cell.locator(".ipv4-bytes").textContent()).replace(/\s+/g, "");
    assert.equal(bytes.slice(16, 18), "11", "TTL byte");
    assert.equal(bytes.slice(20, 24), want.slice(2), "the checksum sits in bytes 10-11");
  });
});

test("my-request cell: shows the request line of its own fetch()", async () => {
  await step("my-request", async () => {
    await page.goto(`${BASE}/06-web/index.html`);
    const cell = page.locator(".cell[data-cell='my-request']");
    await cell.locator(".wt-text-view").waitFor({ timeout: WAIT });
    const text = await cell.locator(".wt-text-view").textContent();
    assert.match(text, /^GET \/api\/my-request HTTP\/1\.1\\r\\n/);
    assert.match(text, /Sec-Fetch-Mode: cors/i);
  });
});

test("the stepping cells and the hpack cell draw without errors", async () => {
  await step("steppers", async () => {
    await page.goto(`${BASE}/05-tcp-ip/index.html`);
    const tcp = page.locator(".cell[data-cell='tcp-handshake']");
    await tcp.locator(".step-where").filter({ hasText: "Step 1 of 7" }).waitFor({ timeout: WAIT });
    await tcp.getByRole("button", { name: "Next →" }).click();
    await tcp.locator(".step-title").filter({ hasText: "SYN, ACK" }).waitFor({ timeout: WAIT });
    await page.goto(`${BASE}/03-ncp/index.html`);
    const ncp = page.locator(".cell[data-cell='ncp-icp']");
    await ncp.locator(".step-title").filter({ hasText: "RTS 100, 1, link 5" }).waitFor({ timeout: WAIT });
    // An odd U breaks the parity rule: the cell says so, and the server refuses at step 2.
    await ncp.getByLabel("User's socket U").fill("101");
    await ncp.locator(".ncp-rules li").filter({ hasText: "U = 101 is odd" }).waitFor({ timeout: WAIT });
    await ncp.locator(".step-where").filter({ hasText: "of 2" }).waitFor({ timeout: WAIT });
    assert.doesNotMatch(await ncp.textContent(), /101, odd/);
    // The connections table marks the broken pair, and the last step is the server's refusal.
    await ncp.getByRole("button", { name: "Next →" }).click();
    await ncp.locator(".ncp-connections").filter({ hasText: "1 + 101 = 102, even: parity broken" }).waitFor({ timeout: WAIT });
    assert.match(await ncp.locator(".step-explanation").textContent(), /CLS/);
    assert.doesNotMatch(await ncp.textContent(), /as the parity rule requires/);
    await page.goto(`${BASE}/09-http2/hpack.html`);
    const hpack = page.locator(".cell[data-cell='hpack']");
    await hpack.locator("article.wt-card").nth(1).waitFor({ timeout: WAIT });
    await page.goto(`${BASE}/08-websocket/frames.html`);
    const bench = page.locator(".cell[data-cell='frame-workbench']");
    await bench.locator("article.wt-card").first().waitFor({ timeout: WAIT });
    assert.equal((await bench.getByLabel(/Frame bytes in hex/).inputValue()).replace(/\s+/g, ""), "818201020304496b");
  });
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(cspViolations, []);
});
