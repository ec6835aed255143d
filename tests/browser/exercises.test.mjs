// The workbook's cards in a chapter page, in a real headless Chromium: each page of chapter 8
// shows the cards of its own exercises only (before the quiz), with level, time, status, the
// task and the terminal commands; Check on 03-unmask says "grading…", then shows the failing
// tests with insta's diff in a <pre>; Next hint shows the hints in order. Chapter 7's live
// cost cell computes what exercise 17's answer key says. No script error, no CSP violation.
//
// Needs a server started on a fresh workbook (03-unmask still the stub):
//   wiretrail exercises init /tmp/labs
//   wiretrail serve --addr 127.0.0.1:8080 --workbook /tmp/labs
//   WIRETRAIL_URL=http://127.0.0.1:8080 WIRETRAIL_WORKBOOK=/tmp/labs node --test tests/browser/exercises.test.mjs
// (WIRETRAIL_EXERCISES_TARGET_DIR in the server's environment sets the grader's build
// directory, as for `wiretrail exercises`; the first check compiles insta, which takes a
// while.) Skipped when WIRETRAIL_WORKBOOK is unset. Chromium is Debian's /usr/bin/chromium
// (or CHROMIUM_PATH); playwright-core downloads no browser.

import { test, before } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { useBrowser, BASE, WAIT } from "./harness.mjs";

const WORKBOOK = process.env.WIRETRAIL_WORKBOOK;
// A check builds first; the first build in a new build directory compiles insta.
const GRADE_WAIT = 15 * 60_000;

const browser = useBrowser({ prefix: "exercises", enabled: Boolean(WORKBOOK) });
const { pageErrors, cspViolations } = browser;
const step = browser.step;
let page;
before(async () => {
  await browser.ready;
  page = browser.page;
});

test("chapter 8's workbook cards: status, task, Check with the failing diff, hints", { timeout: GRADE_WAIT + 60_000 }, async (t) => {
  if (!WORKBOOK) {
    t.skip("WIRETRAIL_WORKBOOK is unset (start the server with --workbook DIR and set it to DIR)");
    return;
  }
  assert.ok(existsSync(join(WORKBOOK, ".wiretrail")), `${WORKBOOK} is a workbook`);
  const card = page.locator("article.exercise-card[data-exercise='03-unmask']");

  await step("open", async () => {
    await page.goto(`${BASE}/08-websocket/frames.html`);
    await card.waitFor({ timeout: WAIT });
    const ids = await page.$$eval("section.workbook article.exercise-card", (cards) => cards.map((c) => c.dataset.exercise));
    // This page's exercises only: the handshake's are on the handshake page.
    assert.deepEqual(ids, ["02-frame-header", "03-unmask", "04-encode-frame", "06-reassemble"]);
    assert.equal((await card.locator(".exercise-meta").textContent()).trim(), "easy · about 10 min");
    // After the chapter's content, before its quiz when it has one.
    const placed = await page.evaluate(() => {
      const section = document.querySelector("section.workbook");
      const quiz = document.querySelector("article.chapter section.quiz");
      return {
        inChapter: section.parentElement?.matches("article.chapter") ?? false,
        beforeQuiz: quiz ? Boolean(section.compareDocumentPosition(quiz) & Node.DOCUMENT_POSITION_FOLLOWING) : true,
      };
    });
    assert.deepEqual(placed, { inChapter: true, beforeQuiz: true });
    assert.equal((await card.locator(".exercise-status").textContent()).trim(), "not started");
    assert.match(await card.locator(".exercise-commands").textContent(), /wiretrail exercises check 03-unmask/);
    // The task is collapsed, and opens from the keyboard.
    const details = card.locator("details.exercise-details");
    assert.equal(await details.evaluate((d) => d.open), false);
    await card.locator("summary").focus();
    await page.keyboard.press("Enter");
    assert.equal(await details.evaluate((d) => d.open), true);
    assert.match(await card.locator(".exercise-task").textContent(), /RFC 6455/);
  });

  await step("check", async () => {
    const button = card.locator("button.exercise-check");
    await button.focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => {
      const b = document.querySelector("article[data-exercise='03-unmask'] button.exercise-check");
      return b?.textContent === "grading…" || document.querySelector("article[data-exercise='03-unmask'] .exercise-verdict");
    }, null, { timeout: WAIT });
    await card.locator(".exercise-verdict").waitFor({ timeout: GRADE_WAIT });
    assert.match(await card.locator(".exercise-verdict").textContent(), /Failed: 0 of \d+ tests pass/);
    const diffs = await card.locator("pre.exercise-diff").allTextContents();
    assert.ok(diffs.length >= 1, "one diff a failing test");
    assert.ok(diffs.some((d) => d.includes("-old snapshot")), diffs.join("\n---\n"));
    assert.equal(await card.locator("pre.exercise-diff *").count(), 0, "the diff is text, not markup");
    assert.equal((await card.locator(".exercise-status").textContent()).trim(), "failing");
    assert.equal(await button.textContent(), "Check");
    assert.equal(await button.isEnabled(), true);
  });

  await step("cards on their own page", async () => {
    await page.goto(`${BASE}/08-websocket/handshake.html`);
    await page.locator("article.exercise-card").first().waitFor({ timeout: WAIT });
    const ids = await page.$$eval("section.workbook article.exercise-card", (cards) => cards.map((c) => c.dataset.exercise));
    assert.deepEqual(ids, ["01-accept-key", "07-handshake"]);
    await page.goto(`${BASE}/08-websocket/frames.html`);
    await card.waitFor({ timeout: WAIT });
  });

  await step("hints", async () => {
    const button = card.locator("button.exercise-hint");
    const before = await card.locator(".exercise-hints li").count();
    await button.click();
    await page.waitForFunction((n) => document.querySelectorAll("article[data-exercise='03-unmask'] .exercise-hints li").length === n + 1, before, { timeout: WAIT });
    await button.click();
    await page.waitForFunction((n) => document.querySelectorAll("article[data-exercise='03-unmask'] .exercise-hints li").length === n + 2, before, { timeout: WAIT });
    const numbers = await card.locator(".exercise-hint-number").allTextContents();
    assert.match(numbers.at(-1), new RegExp(`^Hint ${before + 2} of \\d+$`));
  });

  await step("the cost cell agrees with exercise 17's answer key", async () => {
    // "  polling   60 requests   13800 bytes  framing 91%" per method, for the chapter's example
    // and the same from a client.
    const snap = readFileSync(new URL("../../crates/exercises/book/17-polling-cost/tests/snapshots/check__chapter_example.snap", import.meta.url), "utf8");
    const blocks = snap.split("\n\n").map((block) => Object.fromEntries(
      [...block.matchAll(/^ {2}(polling|long polling|streaming|WebSocket) +([\d.]+) requests +([\d.]+) bytes/gm)]
        .map(([, method, requests, bytes]) => [method, { requests: Number(requests), bytes: Number(bytes) }])));
    assert.equal(blocks.length, 2, snap);
    const computed = await page.evaluate(async () => {
      const { costs } = await import("/static/cells/polling-cost.js");
      const chapter = { clients: 1, perMinute: 60, payload: 20, interval: 1, requestHeaders: 114, responseHeaders: 96 };
      return [costs({ ...chapter, masked: false }), costs({ ...chapter, masked: true })];
    });
    const names = { polling: "polling", longPolling: "long polling", streaming: "streaming", websocket: "WebSocket" };
    computed.forEach((result, i) => {
      for (const [key, method] of Object.entries(names)) {
        assert.deepEqual({ requests: result[key].requests, bytes: result[key].bytes }, blocks[i][method], `${method}, block ${i + 1}`);
      }
    });
  });

  assert.deepEqual(pageErrors, [], "no script errors");
  assert.deepEqual(cspViolations, [], "no CSP violations");
});
