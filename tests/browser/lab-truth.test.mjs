// The WebSocket lab tells the truth about what happened, in the order it happened (issue 11):
// one clock for the page's events and the server's, every item drawn in time order, `open`
// after the 101, each `message` event after (and linked to) the frame(s) that delivered it;
// hints written from the frames observed (the RSV1 protocol error, the 1.1 MiB message the
// browser fragments); each card labelled with the frame's real size.
//
// Run: WIRETRAIL_URL=http://127.0.0.1:8080 node --test tests/browser/lab-truth.test.mjs
// (tests/slow/browser.rs starts the server and does this.)

import { test, before } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, BASE, WAIT } from "./harness.mjs";

if (!BASE) throw new Error("set WIRETRAIL_URL to the server's http:// URL");

const browser = useBrowser({ prefix: "lab-truth", viewport: { width: 1280, height: 900 } });
const { pageErrors, cspViolations } = browser;
const step = browser.step;
let page;
before(async () => {
  await browser.ready;
  page = browser.page;
});

/** The timeline's items in the order drawn. */
async function items() {
  return page.$$eval("#timeline > li.ev", (lis) => lis.map((li) => ({
    id: li.id,
    kind: li.dataset.kind,
    seq: li.dataset.seq === undefined ? null : Number(li.dataset.seq),
    group: Number(li.dataset.group),
    t: Number(li.dataset.t),
    text: li.textContent,
    direction: li.querySelector("article")?.dataset.direction ?? null,
    opcode: li.querySelector("article")?.dataset.opcode ?? null,
    causes: [...li.querySelectorAll("a.ev-cause")].map((a) => a.getAttribute("href")),
  })));
}

async function until(predicate, what) {
  const deadline = Date.now() + WAIT;
  let last = [];
  while (Date.now() < deadline) {
    last = await items();
    if (predicate(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what}; items: ${JSON.stringify(last.map((i) => `${i.kind}#${i.seq}`))}`);
}

async function connect() {
  await page.goto(`${BASE}/labs/websocket`);
  await page.waitForSelector("#bench-panel:not([hidden])", { timeout: WAIT });
  await page.click("#connect");
  await page.waitForFunction(() => !document.getElementById("send-box").disabled, null, { timeout: WAIT });
}

test("one clock: every event in time order, open after the 101, each message after its frames", async () => {
  await step("connect and exchange", async () => {
    await connect();
    await page.fill("#send-text", "Hello");
    await page.click("#send-text-form button[type=submit]");
    await page.fill("#frag-text", "abcdefghi");
    await page.fill("#frag-parts", "3");
    await page.click("#ask-fragmented-form button[type=submit]");
    await until((all) => all.filter((i) => i.kind === "page" && i.text.includes("message event")).length >= 2, "two message events");
  });

  await step("order", async () => {
    const all = await items();
    const mine = all.filter((i) => i.group === all.at(-1).group);
    for (let i = 1; i < mine.length; i++) {
      assert.ok(mine[i - 1].t <= mine[i].t, `drawn in time order: ${mine[i - 1].kind}#${mine[i - 1].seq} at ${mine[i - 1].t} before ${mine[i].kind}#${mine[i].seq} at ${mine[i].t}`);
    }
    const at = (pred) => mine.findIndex(pred);
    const response = at((i) => i.kind === "handshake-response");
    const open = at((i) => i.kind === "page" && i.text.includes("open event"));
    assert.ok(response >= 0 && open > response, `open (${open}) after the 101 (${response})`);
    assert.deepEqual(mine[open].causes, [`#${mine[response].id}`], "open links to the 101");
    assert.match(mine[open].text, /±\d+(\.\d+)? ms/, "a page event's time says how sure it is");

    const messages = mine.filter((i) => i.kind === "page" && i.text.includes("message event"));
    assert.equal(messages.length, 2);
    assert.deepEqual(messages.map((m) => m.causes.length), [1, 3], "Hello in one frame, the fragmented text in three");
    for (const m of messages) {
      const index = mine.indexOf(m);
      for (const href of m.causes) {
        const frame = mine.findIndex((i) => `#${i.id}` === href);
        assert.ok(frame >= 0 && frame < index, `${href} is drawn above the message event it delivered`);
        assert.equal(mine[frame].kind, "frame");
        assert.equal(mine[frame].direction, "server");
      }
    }
    assert.match(mine[0].text, /One clock/);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(cspViolations, []);
  });
});

/** The hint written after the close event. */
async function hint() {
  await page.waitForSelector("#timeline li[data-kind='hint']", { timeout: WAIT });
  return page.locator("#timeline li[data-kind='hint']").last().textContent();
}

test("the RSV1 protocol error: the hint says what the browser sent and why the page got 1006", async () => {
  await step("protocol error", async () => {
    await connect();
    await page.click("#ask-protocol-error");
    const text = await hint();
    const all = await items();
    const close = await page.$$eval("#timeline article[data-kind='frame'][data-opcode='8']", (cards) => cards.map((c) => ({
      direction: c.dataset.direction,
      seq: Number(c.dataset.seq),
      reason: c.querySelector("tr[data-name='Reason'] .fvalue")?.textContent ?? "",
    })));
    const mine = close.find((c) => c.direction === "client");
    assert.ok(mine, "Chromium sends a Close of its own");
    const reason = mine.reason.replace(/^"|"$/g, "");
    assert.ok(reason.length > 0);
    assert.ok(text.includes(`Close 1002 “${reason}” (#${mine.seq})`), `the hint names the browser's Close: ${text}`);
    assert.match(text, /code 1006/);
    assert.match(text, /wasClean false/);
    assert.match(text, /WHATWG/);
    assert.doesNotMatch(text, /without a Close frame/, "not the canned story the frames contradict");
    assert.doesNotMatch(text, /“\(none\)”/, "an empty reason is no reason");
    const theirs = close.find((c) => c.direction === "server");
    if (theirs) assert.ok(text.includes(`(#${theirs.seq})`), "and the server's answer");
    const page1006 = all.findIndex((i) => i.kind === "page" && i.text.includes("close event: code 1006"));
    assert.ok(page1006 >= 0 && all.findIndex((i) => i.kind === "hint") > page1006, "the hint follows the close event");
  });
});

test("Too big: the hint counts the browser's frames, the Close is drawn after the fragment, cards give real sizes", async () => {
  await step("too big", async () => {
    await connect();
    await page.click("#too-big");
    const text = await hint();
    const all = await items();
    const g = all.at(-1).group;
    const mine = all.filter((i) => i.group === g);
    const serverClose = mine.findIndex((i) => i.kind === "frame" && i.direction === "server" && i.opcode === "8");
    assert.ok(serverClose > 0, "the server closed");
    // The fragments the server had read when it refused (a later one may still arrive after).
    const fragments = mine.slice(0, serverClose).filter((i) => i.kind === "frame" && i.direction === "client" && ["0", "2"].includes(i.opcode));
    assert.ok(fragments.length >= 2, `the browser fragmented the message: ${fragments.length} frames`);
    const sizes = await page.$$eval("#timeline article[data-kind='frame'][data-direction='client']", (cards) => cards
      .filter((c) => ["0", "2"].includes(c.dataset.opcode)).map((c) => Number(c.dataset.length)));
    const first = sizes[0];
    assert.ok(text.includes(`into frames of ${first.toLocaleString("en-US")} bytes`), text);
    const n = fragments.length;
    const ord = `${n + 1}${n + 1 === 2 ? "nd" : n + 1 === 3 ? "rd" : "th"}`;
    // Where the server refused depends on how its reads fell: at a frame's header (the lab
    // saw it begun) or after the whole message. Either way the hint counts what was seen.
    if (text.includes("frame's header")) {
      assert.ok(text.includes(`read ${n} whole frames`) && text.includes(`the ${ord} frame's header`), `refused at frame ${n + 1}: ${text}`);
    } else {
      assert.ok(text.includes(`read all ${n} frames`) || text.includes(`read ${n} frames`), `read ${n} frames: ${text}`);
      assert.ok(text.includes(`(${n} frames for the whole message)`), text);
    }
    assert.match(text, /Close 1009 \(#\d+\)/);
    assert.ok(serverClose > mine.indexOf(fragments.at(-1)), "the server's Close is drawn after the fragment before it");
    // The card header gives the real size and says the payload is an excerpt.
    const head = await page.locator(`#${fragments[0].id} .wt-size`).textContent();
    const headerLen = first < 65536 ? 8 : 14;
    assert.equal(head, `${(first + headerLen).toLocaleString("en-US")} bytes, payload shown: first 4 KiB`);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(cspViolations, []);
  });
});

test("three lanes: page API, frames, TCP side by side on a wide screen, stacked on a phone; each read names its frames", async () => {
  await step("lanes", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await connect();
    await page.fill("#send-text", "Hello");
    await page.click("#send-text-form button[type=submit]");
    await until((all) => all.some((i) => i.kind === "page" && i.text.includes("message event")), "the message event");
    const x = async () => page.evaluate(() => {
      const left = (sel) => [...document.querySelectorAll(sel)].at(-1)?.getBoundingClientRect().left;
      return { page: left("#timeline > li.lane-page"), frames: left("#timeline > li.lane-frames[data-kind='frame']"), tcp: left("#timeline > li.lane-tcp") };
    });
    const wide = await x();
    assert.ok(wide.page < wide.frames && wide.frames < wide.tcp, `side by side: ${JSON.stringify(wide)}`);
    // The client's read of the Hello names the frame it carried.
    const hello = await page.$$eval("#timeline article[data-kind='frame'][data-direction='client']", (cs) => cs.at(-1).closest("li").id);
    const reads = await page.$$eval("#timeline > li.lane-tcp", (lis) => lis.map((li) => [...li.querySelectorAll(".tcp-frames a")].map((a) => a.getAttribute("href"))));
    assert.ok(reads.some((r) => r.includes(`#${hello}`)), `a read carried #${hello}: ${JSON.stringify(reads)}`);
    await page.setViewportSize({ width: 390, height: 800 });
    const narrow = await x();
    assert.ok(narrow.page === narrow.frames && narrow.frames === narrow.tcp, `stacked: ${JSON.stringify(narrow)}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `nothing wider than the phone: ${overflow}px`);
    await page.setViewportSize({ width: 1280, height: 900 });
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(cspViolations, []);
  });
});

test("navigable: frame permalinks (also in a replay), a hex byte selects its field, filters", async () => {
  await step("navigate", async () => {
    await connect();
    await page.fill("#send-text", "Hello");
    await page.click("#send-text-form button[type=submit]");
    await until((all) => all.some((i) => i.kind === "page" && i.text.includes("message event")), "the message event");
    const card = page.locator("#timeline article[data-kind='frame'][data-direction='client']").last();
    const id = await card.evaluate((c) => c.closest("li").id);
    assert.match(id, /^frame-\d+$/);
    assert.equal(await card.locator("a.wt-permalink").getAttribute("href"), `#${id}`);

    // Byte 1 of a masked Hello is MASK + Payload length: the narrowest field there is picked.
    await card.locator(".hexdump .b[data-at='1']").click();
    assert.match(await card.locator(".wt-detail .detail-name").textContent(), /MASK|Payload length/);
    await card.locator(".hexdump .b[data-at='3']").click();
    assert.equal(await card.locator(".wt-detail .detail-name").textContent(), "Masking-key");

    await page.selectOption("#timeline-filter", "control");
    const visible = await page.$$eval("#timeline > li.ev", (lis) => lis.filter((li) => getComputedStyle(li).display !== "none")
      .map((li) => li.querySelector("article")?.dataset.opcode ?? li.dataset.kind));
    assert.ok(visible.every((op) => ["8", "9", "10"].includes(op)), `only control frames: ${visible}`);
    await page.selectOption("#timeline-filter", "client");
    const sides = await page.$$eval("#timeline > li.ev", (lis) => lis.filter((li) => getComputedStyle(li).display !== "none")
      .map((li) => li.querySelector("article")?.dataset.direction));
    assert.ok(sides.length > 0 && sides.every((d) => d === "client"), `only the browser's: ${sides}`);
    await page.selectOption("#timeline-filter", "all");

    // A permalink into a replayed capture lands on the frame.
    const capture = JSON.stringify({ format: "wiretrail-lab-capture", version: 1, events: [
      { seq: 19, t_ms: 1, kind: "frame", direction: "client", dissection: { summary: "x", bytes: "810548656c6c6f", fields: [], problems: [], header_bits: 16 } }] });
    await page.goto("about:blank");
    await page.goto(`${BASE}/labs/websocket#s2-frame-19`);
    await page.waitForSelector("#bench-panel:not([hidden])", { timeout: WAIT });
    await page.evaluate((text) => window.wiretrailLab.importCapture(text, "one.json"), capture);
    assert.equal(await page.locator("#timeline li#s2-frame-19 a.wt-permalink").getAttribute("href"), "#s2-frame-19");
    assert.ok(await page.evaluate(() => document.querySelector("#s2-frame-19").matches(":target, .wt-target")), "the link's frame is the target");
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(cspViolations, []);
  });
});
