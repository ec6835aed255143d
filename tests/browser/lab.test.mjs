// The live WebSocket lab in a real headless Chromium: the page connects, the handshake card
// shows the accept key of the key the browser really sent, frames are drawn with the right
// opcode, MASK bit and length in both directions, the closing handshake is shown, nothing a
// peer sends becomes markup, the workbench and the session log work.
//
// Run: WIRETRAIL_URL=http://127.0.0.1:8080 node --test tests/browser/lab.test.mjs
// (tests/browser_lab.rs starts the server and does this.) Chromium is Debian's
// /usr/bin/chromium (or CHROMIUM_PATH); playwright-core downloads no browser.

import { test, before } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { useBrowser, BASE, WAIT } from "./harness.mjs";

if (!BASE) throw new Error("set WIRETRAIL_URL to the server's http:// URL");
const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const XSS = "<img src=x onerror=alert(1)>";

const browser = useBrowser({ prefix: "lab", viewport: { width: 1280, height: 900 }, acceptDownloads: true });
const { pageErrors, cspViolations, dialogs } = browser;
const step = browser.step;
let page;
before(async () => {
  await browser.ready;
  page = browser.page;
});

/** The frame cards of the timeline as plain facts, in order. */
async function frames() {
  return page.$$eval("#timeline article.wt-card[data-kind='frame']", (cards) => cards.map((c) => ({
    seq: Number(c.dataset.seq),
    direction: c.dataset.direction,
    opcode: Number(c.dataset.opcode),
    fin: Number(c.dataset.fin),
    mask: Number(c.dataset.mask),
    length: Number(c.dataset.length),
    summary: c.querySelector(".wt-summary")?.textContent ?? "",
    // What the learner sees: the bits drawn in the grid for MASK and Opcode.
    gridMask: [...c.querySelectorAll(".bitgrid .seg")].find((s) => s.querySelector(".seg-name")?.textContent === "MASK")?.querySelector(".seg-bits")?.textContent,
    gridOpcode: [...c.querySelectorAll(".bitgrid .seg")].find((s) => s.querySelector(".seg-name")?.textContent === "Opcode")?.querySelector(".seg-bits")?.textContent,
    opcodeValue: c.querySelector("tr[data-name='Opcode'] .fvalue")?.textContent,
    text: c.querySelector(".decoded-text")?.textContent ?? null,
    reason: c.querySelector("tr[data-name='Reason'] .fvalue")?.textContent ?? null,
  })));
}

async function waitForFrames(predicate, what) {
  const deadline = Date.now() + WAIT;
  let last = [];
  while (Date.now() < deadline) {
    last = await frames();
    if (predicate(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what}; frames: ${JSON.stringify(last.map((f) => f.summary))}`);
}

const bits = (n, width) => n.toString(2).padStart(width, "0");

test("the live lab: handshake, frames both ways, fragmentation, closing, no markup from peers", async () => {
  await step("open", async () => {
    await page.goto(`${BASE}/labs/websocket`);
    await page.waitForSelector("#bench-panel:not([hidden])", { timeout: WAIT });
    assert.equal(await page.locator(".nojs").count(), 0, "the no-JS note goes when JS runs");
  });

  let key;
  await step("handshake", async () => {
    await page.selectOption("#subprotocols", "chat,superchat");
    await page.click("#connect");
    await page.waitForSelector("article[data-kind='handshake-request']", { timeout: WAIT });
    await page.waitForSelector("article[data-kind='handshake-response']", { timeout: WAIT });
    await page.waitForFunction(() => !document.getElementById("send-box").disabled, null, { timeout: WAIT });
    const request = page.locator("article[data-kind='handshake-request']");
    key = (await request.locator("tr[data-name='Sec-WebSocket-Key'] .fvalue").textContent()).trim();
    assert.match(key, /^[A-Za-z0-9+/]{22}==$/, "a 16-byte nonce in base64");
    // The exact bytes: the key is in the request text the browser sent.
    assert.ok((await request.locator(".wt-text-view").textContent()).includes(`Sec-WebSocket-Key: ${key}`));
    const expected = createHash("sha1").update(key + GUID).digest("base64");
    assert.equal((await request.locator("[data-role='accept']").textContent()).trim(), expected);
    const response = page.locator("article[data-kind='handshake-response']");
    const accept = await response.evaluate((card) => [...card.querySelectorAll("tr[data-name]")]
      .find((tr) => tr.dataset.name.toLowerCase() === "sec-websocket-accept")?.querySelector(".fvalue")?.textContent);
    assert.equal(accept?.trim(), expected, "the 101 carries the same accept key");
    assert.match(await response.locator(".wt-text-view").textContent(), /^HTTP\/1\.1 101 /);
  });

  await step("hello", async () => {
    await page.fill("#send-text", "Hello");
    await page.click("#send-text-form button[type=submit]");
    const all = await waitForFrames((fs) => fs.some((f) => f.direction === "server" && f.text === "Hello"), "the echoed Hello");
    const sent = all.find((f) => f.direction === "client" && f.text === "Hello");
    const echoed = all.find((f) => f.direction === "server" && f.text === "Hello");
    assert.ok(sent, "the browser's frame is shown");
    assert.deepEqual([sent.opcode, sent.fin, sent.mask, sent.length], [1, 1, 1, 5]);
    assert.deepEqual([echoed.opcode, echoed.fin, echoed.mask, echoed.length], [1, 1, 0, 5]);
    assert.equal(sent.gridMask, "1", "the grid draws MASK = 1 for client → server");
    assert.equal(echoed.gridMask, "0", "and MASK = 0 for server → client");
    assert.equal(sent.gridOpcode, bits(1, 4));
    assert.equal(sent.opcodeValue, "Text (1)");
    assert.ok(sent.seq < echoed.seq, "in order");
  });

  await step("select a field", async () => {
    const card = page.locator("article[data-kind='frame'][data-direction='client']").first();
    await card.locator(".bitgrid .seg", { hasText: "Opcode" }).first().focus();
    await page.keyboard.press("Enter");
    assert.match(await card.locator(".wt-detail").textContent(), /Opcode.*Text \(1\)/s);
    assert.equal(await card.locator(".hexdump .b.sel").count(), 1, "the opcode's byte is highlighted");
  });

  await step("fragmented", async () => {
    const before = (await frames()).length;
    await page.fill("#frag-text", "abcdefghi");
    await page.fill("#frag-parts", "3");
    await page.click("#ask-fragmented-form button[type=submit]");
    const all = await waitForFrames((fs) => fs.slice(before).filter((f) => f.direction === "server").length >= 3, "three fragments");
    const parts = all.slice(before).filter((f) => f.direction === "server").slice(0, 3);
    assert.deepEqual(parts.map((f) => [f.opcode, f.fin, f.mask]), [[1, 0, 0], [0, 0, 0], [0, 1, 0]], "Text, Continuation, Continuation (FIN)");
    assert.equal(parts.reduce((n, f) => n + f.length, 0), 9);
    assert.equal(parts.map((f) => f.text).join(""), "abcdefghi");
  });

  await step("xss as text", async () => {
    await page.fill("#send-text", XSS);
    await page.click("#send-text-form button[type=submit]");
    const all = await waitForFrames((fs) => fs.some((f) => f.direction === "server" && f.text === XSS), "the echoed markup");
    const sent = all.find((f) => f.direction === "client" && f.text === XSS);
    assert.deepEqual([sent.opcode, sent.mask, sent.length], [1, 1, Buffer.byteLength(XSS)]);
  });

  await step("close", async () => {
    await page.fill("#browser-close-code", "1000");
    await page.fill("#browser-close-reason", XSS);
    await page.click("#browser-close-form button[type=submit]");
    const all = await waitForFrames((fs) => fs.some((f) => f.direction === "client" && f.opcode === 8)
      && fs.some((f) => f.direction === "server" && f.opcode === 8), "both Close frames");
    const mine = all.find((f) => f.direction === "client" && f.opcode === 8);
    const theirs = all.find((f) => f.direction === "server" && f.opcode === 8);
    assert.deepEqual([mine.fin, mine.mask, mine.length], [1, 1, 2 + Buffer.byteLength(XSS)]);
    assert.equal(theirs.mask, 0);
    assert.ok(mine.reason?.includes(XSS), `the reason is shown as text: ${mine.reason}`);
    await page.waitForSelector("#timeline li[data-kind='closed']", { timeout: WAIT });
    await page.waitForFunction(() => [...document.querySelectorAll("#timeline li[data-kind='page']")]
      .some((li) => li.textContent.includes("close event: code 1000")), null, { timeout: WAIT });
  });

  await step("nothing became markup", async () => {
    assert.equal(await page.locator("img").count(), 0, "no img element was created");
    assert.deepEqual(dialogs, [], "no dialog opened");
    assert.deepEqual(pageErrors, [], "no script error");
    assert.deepEqual(cspViolations, [], "nothing the CSP had to block");
  });

  if (process.env.WIRETRAIL_SCREENSHOT) {
    await page.locator("#timeline").screenshot({ path: process.env.WIRETRAIL_SCREENSHOT });
  }

  await step("session log", async () => {
    const [json] = await Promise.all([page.waitForEvent("download"), page.click("#export-json")]);
    const capture = JSON.parse(readFileSync(await json.path(), "utf8"));
    assert.equal(capture.format, "wiretrail-lab-capture");
    const kinds = new Set(capture.events.map((e) => e.kind));
    for (const k of ["handshake-request", "handshake-response", "frame", "closed"]) assert.ok(kinds.has(k), `the capture has ${k}`);
    const [md] = await Promise.all([page.waitForEvent("download"), page.click("#export-md")]);
    const report = readFileSync(await md.path(), "utf8");
    assert.match(report, /^# WebSocket lab report/);
    assert.match(report, /\| Opcode \| Text \(1\) \|/);
    // Replay into a fresh page: the same cards, no server session.
    const frameCount = capture.events.filter((e) => e.kind === "frame").length;
    await page.goto(`${BASE}/labs/websocket`);
    await page.setInputFiles("#import-file", await json.path());
    await page.waitForFunction((n) => document.querySelectorAll("#timeline article[data-kind='frame']").length === n, frameCount, { timeout: WAIT });
    assert.equal(await page.locator("#timeline article[data-kind='handshake-request'] [data-role='accept']").textContent(),
      createHash("sha1").update(key + GUID).digest("base64"));
    assert.equal(await page.locator("img").count(), 0);
  });
});

test("the workbench dissects pasted and built frames, and points at bad hex", async () => {
  await step("workbench", async () => {
    await page.goto(`${BASE}/labs/websocket`);
    await page.fill("#hex", "81 85 37 fa 21 3d 7f 9f 4d 51 58");
    await page.click("#dissect-form button[type=submit]");
    const card = page.locator("#bench-output article.wt-card").first();
    await card.waitFor({ timeout: WAIT });
    assert.deepEqual(await card.evaluate((c) => [c.dataset.opcode, c.dataset.mask, c.dataset.length]), ["1", "1", "5"]);
    assert.equal(await card.locator(".decoded-text").textContent(), "Hello");
    assert.equal(await card.locator(".xor-col:not(.labels) .xk").first().textContent(), "37");

    // 300 bytes unmasked: the 16-bit length form.
    await page.selectOption("#b-payload-kind", "text");
    await page.fill("#b-payload", "x".repeat(300));
    await page.uncheck("#b-mask");
    await page.click("#builder button[type=submit]");
    await page.waitForFunction(() => document.querySelector("#bench-output article.wt-card")?.dataset.length === "300", null, { timeout: WAIT });
    assert.ok(await page.locator("#bench-output .bitgrid .seg-name", { hasText: "Extended payload length" }).count() >= 1);

    await page.fill("#hex", "81 8z");
    await page.click("#dissect-form button[type=submit]");
    await page.waitForSelector("#hex-error:not([hidden]) .caret", { timeout: WAIT });
    const view = await page.locator("#hex-error .caret-view").textContent();
    const [line, caretLine] = view.split("\n");
    assert.equal(line[caretLine.indexOf("^")], "z", `the caret points at the bad character: ${JSON.stringify(view)}`);
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(pageErrors, []);
  });
});

test("the timeline keeps at most 500 cards and says so", async () => {
  await step("memory cap", async () => {
    await page.goto(`${BASE}/labs/websocket`);
    const frame = { kind: "frame", direction: "client", t_ms: 1, dissection: { summary: "x", bytes: "810548656c6c6f", fields: [], problems: [], header_bits: 16 } };
    const events = Array.from({ length: 620 }, (_, seq) => ({ ...frame, seq }));
    const shown = await page.evaluate((text) => {
      window.wiretrailLab.importCapture(text, "many.json");
      return {
        items: document.querySelectorAll("#timeline > li.ev").length,
        note: document.querySelector("#timeline > li.ev-dropped")?.textContent ?? "",
        logged: window.wiretrailLab.events.length,
      };
    }, JSON.stringify({ format: "wiretrail-lab-capture", version: 1, events }));
    assert.equal(shown.items, 500);
    assert.match(shown.note, /^121 older cards were removed/);
    assert.equal(shown.logged, 621, "the log keeps every event (and the replay marker)");
  });
});
