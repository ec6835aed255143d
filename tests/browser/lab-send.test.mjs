// The WebSocket lab's workbench sends what the learner built (issue 11, item 4) and the
// timeline is navigable like Wireshark's (items 2 and 5): predict-then-reveal scored against
// the server's real answer (unmasked → Close 1002, masked Hello → echo), the raw connection's
// frames drawn in the lanes (three frames in one write → three echoes), one Tab stop per card
// with arrow keys inside, focus after Connect, collapse all and one line per frame, and a
// fragmented message grouped with its payload reassembled once.
//
// Run: WIRETRAIL_URL=http://127.0.0.1:8080 node --test tests/browser/lab-send.test.mjs
// (tests/slow/browser.rs starts the server and does this.)

import { test, before } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, BASE, WAIT } from "./harness.mjs";

if (!BASE) throw new Error("set WIRETRAIL_URL to the server's http:// URL");

const browser = useBrowser({ prefix: "lab-send", viewport: { width: 1280, height: 900 } });
const { pageErrors, cspViolations } = browser;
const step = browser.step;
let page;
before(async () => {
  await browser.ready;
  page = browser.page;
});

async function open() {
  await page.goto(`${BASE}/labs/websocket`);
  await page.waitForSelector("#bench-panel:not([hidden])", { timeout: WAIT });
}

async function connect() {
  await open();
  await page.click("#connect");
  await page.waitForFunction(() => !document.getElementById("send-box").disabled, null, { timeout: WAIT });
}

/** Picks a preset and a prediction, sends, and waits for the verdict. */
async function sendRaw(preset, prediction) {
  await page.click(`#raw-form button.preset[data-preset='${preset}']`);
  await page.check(`input[name='raw-predict'][value='${prediction}']`);
  await page.click("#raw-send");
  const verdict = page.locator("#raw-result .raw-verdict");
  await verdict.waitFor({ timeout: WAIT });
  return {
    right: await verdict.getAttribute("data-right"),
    outcome: await verdict.getAttribute("data-outcome"),
    text: await page.locator("#raw-result").textContent(),
  };
}

/** The raw connections' frame cards drawn: {connection, direction, opcode, text}. */
async function rawFrames() {
  return page.$$eval("#timeline > li.ev[data-connection][data-kind='frame']", (lis) => lis.map((li) => ({
    connection: Number(li.dataset.connection),
    direction: li.querySelector("article")?.dataset.direction,
    opcode: li.querySelector("article")?.dataset.opcode,
    label: li.querySelector(".ev-raw-tag")?.textContent ?? "",
    text: li.querySelector("tr[data-name='Text'] .fvalue")?.textContent ?? "",
  })));
}

async function waitFor(fn, what) {
  const deadline = Date.now() + WAIT;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

test("send what you built: predict, send, the server's real answer drawn and the prediction scored", async () => {
  await step("no prediction, no send", async () => {
    await open();
    await page.click("#raw-form button.preset[data-preset='unmasked']");
    await page.click("#raw-send");
    assert.match(await page.locator("#raw-result").textContent(), /First commit to a prediction/);
    assert.equal(await page.locator("#raw-result .raw-verdict").count(), 0);
    assert.ok(await page.evaluate(() => document.activeElement?.name === "raw-predict"), "focus goes to the prediction");
  });

  await step("unmasked → Close 1002", async () => {
    const v = await sendRaw("unmasked", "close-1002");
    assert.equal(v.outcome, "close-1002", v.text);
    assert.equal(v.right, "true", v.text);
    assert.match(v.text, /✓ Right/);
    assert.match(v.text, /§5\.1/, "explained from the reason: a client must mask");
    const frames = await waitFor(async () => {
      const all = await rawFrames();
      return all.some((f) => f.direction === "server" && f.opcode === "8") ? all : null;
    }, "the raw connection's Close drawn");
    assert.ok(frames.some((f) => f.direction === "client" && f.opcode === "1"), "the unmasked frame as sent");
    assert.ok(frames.every((f) => /^raw connection \d+$/.test(f.label)), `labelled: ${frames.map((f) => f.label)}`);
    const hint = await page.locator("#timeline li[data-kind='hint']").last().textContent();
    assert.match(hint, /Send what you built/);
  });

  await step("masked Hello → echo, and a wrong prediction is scored wrong", async () => {
    const v = await sendRaw("masked-hello", "echo");
    assert.equal(v.outcome, "echo", v.text);
    assert.equal(v.right, "true", v.text);
    const wrong = await sendRaw("rsv1", "echo");
    assert.equal(wrong.outcome, "close-1002", wrong.text);
    assert.equal(wrong.right, "false");
    assert.match(wrong.text, /✗ Not this time/);
    assert.match(wrong.text, /§5\.2/, "RSV1: the rule of §5.2");
  });

  await step("the other presets: bad UTF-8 → 1007, a 126-byte Ping → 1002, half a frame → nothing yet", async () => {
    const utf8 = await sendRaw("bad-utf8", "close-1007");
    assert.deepEqual([utf8.outcome, utf8.right], ["close-1007", "true"], utf8.text);
    assert.match(utf8.text, /UTF-8/);
    const ping = await sendRaw("ping-126", "close-1002");
    assert.deepEqual([ping.outcome, ping.right], ["close-1002", "true"], ping.text);
    assert.match(ping.text, /§5\.5/, "control frames carry at most 125 bytes");
    const half = await sendRaw("half", "nothing");
    assert.deepEqual([half.outcome, half.right], ["nothing", "true"], half.text);
    assert.match(half.text, /still waiting/);
  });

  await step("three frames in one write → three echoes drawn", async () => {
    const v = await sendRaw("three", "echo");
    assert.equal(v.outcome, "echo", v.text);
    const conn = Number((v.text.match(/raw connection (\d+)/) ?? [])[1]);
    assert.ok(Number.isFinite(conn), v.text);
    const echoes = await waitFor(async () => {
      const mine = (await rawFrames()).filter((f) => f.connection === conn && f.direction === "server" && f.opcode === "1");
      return mine.length >= 3 ? mine : null;
    }, "three echoes");
    assert.deepEqual(echoes.map((f) => f.text), ['"one"', '"two"', '"six"']);
    // The TCP lane: the server read the three frames in one read.
    const reads = await page.$$eval(`#timeline > li.lane-tcp[data-connection='${conn}']`, (lis) => lis
      .filter((li) => li.textContent.includes("The server read"))
      .map((li) => [...li.querySelectorAll(".tcp-frames a")].map((a) => a.getAttribute("href"))));
    assert.ok(reads.some((r) => r.length === 3), `one read carried the three frames: ${JSON.stringify(reads)}`);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(cspViolations, []);
  });
});

test("one Tab stop per card, arrow keys inside, focus after Connect", async () => {
  await step("focus after connect", async () => {
    await connect();
    assert.equal(await page.evaluate(() => document.activeElement?.id), "send-text", "focus goes to the first thing to do next, not <body>");
    await page.fill("#send-text", "Hello");
    await page.click("#send-text-form button[type=submit]");
    await page.waitForSelector("#timeline li.ev[data-kind='page'] >> text=message event", { timeout: WAIT });
  });

  await step("tab and arrows", async () => {
    const ids = await page.$$eval("#timeline > li.ev", (lis) => lis.map((li, i) => { li.dataset.test = String(i); return i; }));
    assert.ok(ids.length >= 5);
    const at = () => page.evaluate(() => {
      const a = document.activeElement;
      const li = a?.closest("#timeline > li.ev");
      return { card: li ? Number(li.dataset.test) : null, onCard: a === li, tag: a?.tagName };
    });
    await page.locator("#timeline > li.ev").first().focus();
    assert.deepEqual(await at(), { card: 0, onCard: true, tag: "LI" });
    for (let i = 1; i < ids.length; i++) {
      await page.keyboard.press("Tab");
      assert.deepEqual(await at(), { card: i, onCard: true, tag: "LI" }, `Tab ${i}: the next card, not a field inside`);
    }
    await page.keyboard.press("Shift+Tab");
    assert.equal((await at()).card, ids.length - 2);

    // A frame card: arrows inside, Enter selects, Esc back, j/k between cards.
    const frame = await page.$eval("#timeline > li.ev[data-kind='frame']", (li) => Number(li.dataset.test));
    await page.locator(`#timeline > li.ev[data-test='${frame}']`).focus();
    await page.keyboard.press("ArrowDown");
    const first = await at();
    assert.equal(first.card, frame);
    assert.equal(first.onCard, false, "ArrowDown goes into the card");
    const names = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press("ArrowDown");
      const now = await at();
      assert.equal(now.card, frame, "arrows stay in the card");
      names.push(await page.evaluate(() => document.activeElement.textContent));
    }
    assert.ok(new Set(names).size > 3, `arrows move from field to field: ${names}`);
    const fid = await page.locator(`#timeline > li.ev[data-test='${frame}'] button.fname`).nth(4);
    await fid.focus();
    await page.keyboard.press("Enter");
    assert.equal(await fid.getAttribute("aria-pressed"), "true", "Enter selects the field");
    assert.ok(await page.locator(`#timeline > li.ev[data-test='${frame}'] .hexdump .b.sel`).count() > 0, "its bytes are highlighted");
    await page.keyboard.press("End");
    await page.keyboard.press("Home");
    assert.equal((await at()).card, frame);
    await page.keyboard.press("Escape");
    assert.deepEqual(await at(), { card: frame, onCard: true, tag: "LI" });
    await page.keyboard.press("j");
    assert.equal((await at()).card, frame + 1);
    await page.keyboard.press("k");
    assert.equal((await at()).card, frame);
    await page.keyboard.press("PageDown");
    assert.equal((await at()).card, frame + 1);
    assert.match(await page.locator(".keys-help").textContent(), /one stop per card/);
    assert.deepEqual(pageErrors, []);
  });
});

test("collapse all, one line per frame, and a 3-fragment message grouped with its reassembled payload", async () => {
  await step("fragmented", async () => {
    await connect();
    await page.fill("#frag-text", "abcdefghi");
    await page.fill("#frag-parts", "3");
    await page.click("#ask-fragmented-form button[type=submit]");
    await page.waitForSelector("#timeline > li.ev[data-kind='message']", { timeout: WAIT });
    const group = await page.$eval("#timeline > li.ev[data-kind='message']", (li) => ({
      id: li.id,
      payload: li.querySelector(".ev-reassembled")?.textContent,
      frames: [...li.querySelectorAll("a.ev-fragment-link")].map((a) => a.getAttribute("href")),
    }));
    assert.equal(group.payload, "abcdefghi", "reassembled once");
    assert.equal(group.frames.length, 3);
    const fragments = await page.$$eval("#timeline > li.ev-fragment", (lis) => lis.map((li) => ({ id: li.id, message: li.dataset.message, of: li.querySelector(".ev-fragment-of")?.textContent })));
    assert.deepEqual(fragments.map((f) => `#${f.id}`), group.frames);
    assert.ok(fragments.every((f) => f.message === group.id && /of 3/.test(f.of)), JSON.stringify(fragments));
    const link = await waitFor(() => page.evaluate(() => [...document.querySelectorAll("#timeline li[data-kind='page']")]
      .find((li) => li.textContent.includes("message event"))?.querySelector("a.ev-message-link")?.getAttribute("href")), "the message event");
    assert.equal(link, `#${group.id}`, "the message event links to the group");
    const order = await page.$$eval("#timeline > li.ev", (lis) => lis.map((li) => li.id || li.dataset.kind));
    assert.ok(order.indexOf(group.id) > order.indexOf(fragments[2].id), "the group after its last frame");
  });

  await step("collapse all", async () => {
    const shown = () => page.$$eval("#timeline > li.ev[data-kind='frame']", (lis) => lis.map((li) => li.querySelector(".bitgrid")?.checkVisibility() ?? false));
    assert.ok((await shown()).every(Boolean), "cards whole at first");
    await page.click("#collapse-all");
    assert.ok((await shown()).every((v) => !v), "every card collapsed");
    assert.ok(await page.$$eval("#timeline > li.ev[data-kind='frame'] .wt-summary", (ps) => ps.every((p) => p.checkVisibility())), "headers stay");
    await page.click("#expand-all");
    assert.ok((await shown()).every(Boolean), "expanded again");
    // Enter on a card collapses it alone.
    await page.locator("#timeline > li.ev[data-kind='frame']").first().focus();
    await page.keyboard.press("Enter");
    const now = await shown();
    assert.equal(now[0], false);
    assert.ok(now.slice(1).every(Boolean));
  });

  await step("one line per frame", async () => {
    await page.check("#timeline-compact");
    const lines = await page.$$eval("#timeline > li.ev[data-kind='frame']", (lis) => lis.map((li) => ({
      card: li.querySelector("article").checkVisibility(),
      line: li.querySelector(".ev-oneline")?.checkVisibility() ? li.querySelector(".ev-oneline").textContent : null,
      height: li.getBoundingClientRect().height,
    })));
    assert.ok(lines.every((l) => !l.card && l.line), JSON.stringify(lines));
    assert.ok(lines.some((l) => /server → client.*Text \(FIN 0\).*“abc”/.test(l.line)), JSON.stringify(lines));
    assert.ok(lines.every((l) => l.height < 40), `one line each: ${lines.map((l) => l.height)}`);
    await page.uncheck("#timeline-compact");
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(cspViolations, []);
  });

  await step("grouped in a replay too", async () => {
    const frame = (seq, fin, opcode, hex) => ({ seq, t_ms: seq, kind: "frame", direction: "server", session: "old", dissection: {
      summary: "x", bytes: "", problems: [], header_bits: 0, fields: [
        { name: "FIN", raw: { kind: "uint", value: fin } }, { name: "Opcode", raw: { kind: "uint", value: opcode } },
        { name: "Payload length", raw: { kind: "uint", value: hex.length / 2 } }, { name: "Payload data", raw: { kind: "bytes", value: hex } }] } });
    const capture = JSON.stringify({ format: "wiretrail-lab-capture", version: 1, events: [
      frame(1, 0, 1, "7265"), frame(2, 0, 0, "706c"), frame(3, 1, 0, "6179")] });
    await page.evaluate((text) => window.wiretrailLab.importCapture(text, "fragments.json"), capture);
    const replayed = await page.$$eval("#timeline > li.ev[data-kind='message'] .ev-reassembled", (ps) => ps.map((p) => p.textContent));
    assert.ok(replayed.includes("replay"), JSON.stringify(replayed));
    assert.deepEqual(pageErrors, []);
  });
});

test("the HTTP/2 lab's stream timeline: each mark is a link to its frame's card", async () => {
  await step("h2 marks", async () => {
    await page.goto(`${BASE}/labs/http2`);
    await page.waitForSelector("#h2-one:visible");
    await page.click("#h2-one");
    await page.waitForSelector("#h2-streams td.mark a", { timeout: WAIT });
    await page.waitForFunction(() => document.getElementById("h2-status").textContent.startsWith("Done"), null, { timeout: WAIT });
    const marks = await page.$$eval("#h2-streams td.mark a", (as) => as.map((a) => ({
      href: a.getAttribute("href"), text: a.textContent,
      type: document.querySelector(a.getAttribute("href"))?.querySelector("article")?.dataset.frameType ?? null,
    })));
    assert.ok(marks.length >= 4, JSON.stringify(marks));
    for (const m of marks) assert.ok(m.type, `${m.href} is a card: ${JSON.stringify(m)}`);
    const data = marks.find((m) => m.text === "D");
    assert.equal(data?.type, "DATA");
    await page.click(`#h2-streams td.mark a[href='${data.href}']`);
    assert.equal(await page.evaluate(() => location.hash), data.href);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(cspViolations, []);
  });
});
