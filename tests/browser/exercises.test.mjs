// The workbook's cards in a chapter page, in a real headless Chromium: chapter 8 shows one
// card per exercise of the chapter (before the quiz) with its status, the task and the
// terminal commands; Check on 03-unmask says "grading…", then shows the failing tests with
// insta's diff in a <pre>; Next hint shows the hints in order. No script error, no CSP
// violation.
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
import { existsSync } from "node:fs";
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
    assert.ok(ids.length >= 5, `the chapter's exercises: ${ids}`);
    assert.ok(ids.includes("01-accept-key") && ids.includes("03-unmask"), `${ids}`);
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

  assert.deepEqual(pageErrors, [], "no script errors");
  assert.deepEqual(cspViolations, [], "no CSP violations");
});
