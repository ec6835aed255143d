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
