// Classroom mode in real browsers (issue 12): three students, each in a browser context of
// their own (their own cookies), join one chat room by nickname on /labs/room; each sees the
// others' messages relayed by the server and labelled by sender, the server's frames unmasked
// and their own frames masked with their own browser's keys; the teacher's page broadcasts (all
// three see it), runs a live question (its distribution shows all three answers, the reveal
// reaches every student), and closes every socket with 4000 (each student's lab shows that
// code). One nickname is markup, and stays text everywhere.
//
// Run: WIRETRAIL_URL=http://127.0.0.1:8080 WIRETRAIL_TEACHER_TOKEN=… node --test
// tests/browser/classroom.test.mjs, against `wiretrail classroom --loopback-is-student
// --teacher-token …` (tests/slow/browser.rs starts the server and does this). With
// WIRETRAIL_SCREENSHOT=path it saves the teacher's view there (the README's screenshot).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { BASE, WAIT, CHROMIUM_ARGS, url } from "./harness.mjs";

if (!BASE) throw new Error("set WIRETRAIL_URL to the server's http:// URL");
const TOKEN = process.env.WIRETRAIL_TEACHER_TOKEN;
if (!TOKEN) throw new Error("set WIRETRAIL_TEACHER_TOKEN to the classroom's teacher token");

const NICKS = ["ada", "bob", "<img src=x onerror=alert(1)>"];
let browser;
const students = [];
let teacher;
const problems = [];

function watch(page, who) {
  page.on("pageerror", (e) => problems.push(`${who}: ${e.message}`));
  page.on("console", (m) => {
    if (/Content.Security.Policy/i.test(m.text())) problems.push(`${who}: ${m.text()}`);
  });
  page.on("dialog", (d) => { problems.push(`${who}: a dialog opened: ${d.message()}`); d.dismiss().catch(() => {}); });
}

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
  });
  for (const nick of NICKS) {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    watch(page, nick);
    students.push({ nick, page });
  }
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  teacher = await context.newPage();
  watch(teacher, "teacher");
});

after(async () => {
  await browser?.close();
});

/** The log lines of a student's page: who, text, and whether the frame was masked. */
function lines(page) {
  return page.$$eval("#room-log > li", (lis) => lis.map((li) => ({
    who: li.querySelector(".who")?.textContent ?? "",
    text: li.querySelector(".text")?.textContent ?? "",
    masked: li.dataset.masked ?? null,
  })));
}

async function until(page, predicate, what) {
  const deadline = Date.now() + WAIT;
  for (;;) {
    const got = await lines(page);
    if (predicate(got)) return got;
    if (Date.now() > deadline) assert.fail(`${what}; the log was ${JSON.stringify(got, null, 1)}`);
    await page.waitForTimeout(100);
  }
}

test("three students, one room, the teacher's controls", async () => {
  await teacher.goto(url(`/teacher?token=${TOKEN}`));
  await teacher.waitForSelector("#t-count", { timeout: WAIT });

  for (const s of students) {
    await s.page.goto(url("/labs/room"));
    await s.page.fill("#room-name", "class");
    await s.page.fill("#room-nick", s.nick);
    await s.page.click("#room-connect");
    await s.page.waitForFunction(() => document.querySelector("#room-status").textContent.startsWith("In room class"),
      null, { timeout: WAIT });
  }
  await teacher.waitForFunction(() => document.querySelector("#t-count").textContent.startsWith("3 students"),
    null, { timeout: WAIT });

  // Everyone speaks; everyone sees everyone, labelled, in one order.
  let order = null;
  for (const s of students) {
    await s.page.fill("#room-text", `hello from ${s.nick}`);
    await s.page.click("#room-send-button");
  }
  for (const s of students) {
    const got = await until(s.page, (ls) => NICKS.every((n) => ls.some((l) => l.text === `hello from ${n}`
      && l.masked === "false" && (n === s.nick ? l.who === `${n} (you, relayed)` : l.who === n))),
    `${s.nick} sees every message relayed, labelled by sender`);
    const relayed = got.filter((l) => l.text.startsWith("hello from") && l.masked === "false").map((l) => l.text);
    order ??= relayed;
    assert.deepEqual(relayed, order, "every member sees the room's one order");
  }

  // Each student's own frame, as the server read it: masked, with that browser's own key.
  const keys = [];
  for (const s of students) {
    const mine = await until(s.page, (ls) => ls.some((l) => l.masked === "true"), `${s.nick}'s own frame`);
    const own = mine.find((l) => l.masked === "true");
    const key = own.text.match(/key ([0-9a-f]{8})/)?.[1];
    assert.ok(key, `a masking key is named: ${own.text}`);
    keys.push(key);
    const ownLine = s.page.locator("#room-log > li[data-masked='true']").first();
    await ownLine.locator("summary").click();
    await ownLine.locator("article.wt-card[data-mask='1'][data-direction='client']").waitFor({ timeout: WAIT });
    const relayedLine = s.page.locator("#room-log > li[data-masked='false']", { hasText: `hello from ${NICKS[0]}` }).first();
    await relayedLine.locator("summary").click();
    await relayedLine.locator("article.wt-card[data-mask='0'][data-direction='server']").waitFor({ timeout: WAIT });
  }
  assert.equal(new Set(keys).size, 3, `three browsers, three keys: ${keys}`);

  // Ada opens a WebSocket lab session: the teacher's list shows it with its captures' exports.
  const made = await students[0].page.evaluate(async () =>
    (await fetch("/api/lab/ws/sessions", { method: "POST", headers: { "X-Wiretrail": "1" } })).status);
  assert.equal(made, 201);
  await teacher.waitForSelector("#t-rooms a[href*='/export?format=pcap']", { timeout: WAIT });

  // The teacher sees who is connected (nickname, browser family) and the traffic.
  await teacher.waitForFunction(() => document.querySelectorAll("#t-rooms td").length >= 15, null, { timeout: WAIT });
  const cells = await teacher.$$eval("#t-rooms td", (tds) => tds.map((td) => td.textContent));
  for (const n of NICKS) assert.ok(cells.includes(n), `the teacher lists ${n}: ${cells}`);
  assert.ok(cells.some((c) => c.includes("Chrome")), `the browser family is shown: ${cells}`);
  await teacher.waitForFunction(() => document.querySelector("#t-traffic").textContent.includes("hello from bob"),
    null, { timeout: WAIT });

  // Broadcast: all three see it, from "teacher".
  await teacher.fill("#t-text", "eyes on the projector");
  await teacher.click("#t-broadcast button[type=submit]");
  for (const s of students) {
    await until(s.page, (ls) => ls.some((l) => l.who === "teacher" && l.text === "eyes on the projector"),
      `${s.nick} sees the broadcast`);
  }

  // A live question from chapter 8's quiz: all three answer, the distribution shows 3.
  await teacher.waitForFunction(() => document.querySelectorAll("#q-chapter option").length > 0, null, { timeout: WAIT });
  await teacher.selectOption("#q-chapter", "08-websocket");
  await teacher.selectOption("#q-n", "0");
  await teacher.click("#q-start button[type=submit]");
  for (const s of students) {
    await s.page.waitForSelector("#room-question:not([hidden]) .q-choice[data-choice='1']", { timeout: WAIT });
    const prompt = await s.page.textContent("#q-prompt");
    assert.match(prompt, /Sec-WebSocket-Accept/);
    // Answer 0, then change to 1: counted once.
    await s.page.click(".q-choice[data-choice='0']");
    await s.page.waitForSelector(".q-choice[data-choice='0'][aria-pressed='true']", { timeout: WAIT });
    await s.page.click(".q-choice[data-choice='1']");
    await s.page.waitForSelector(".q-choice[data-choice='1'][aria-pressed='true']", { timeout: WAIT });
  }
  await teacher.waitForFunction(() => document.querySelector("#q-answered").textContent === "3 answered.",
    null, { timeout: WAIT });
  const counts = await teacher.$$eval("#q-counts li", (lis) => lis.map((li) => Number(li.dataset.count)));
  assert.deepEqual(counts, [0, 3, 0, 0], "the anonymous distribution");

  // Speaker notes for the chapter, in the teacher's view only.
  await teacher.selectOption("#n-chapter", "08-websocket");
  await teacher.waitForFunction(() => document.querySelector("#t-notes").textContent.includes("Speaker notes: WebSocket"),
    null, { timeout: WAIT });

  if (process.env.WIRETRAIL_SCREENSHOT) {
    await teacher.screenshot({ path: process.env.WIRETRAIL_SCREENSHOT, fullPage: true });
  }

  await teacher.click("#q-close");
  await teacher.waitForSelector("#q-reveal:not([disabled])", { timeout: WAIT });
  await teacher.click("#q-reveal");
  for (const s of students) {
    await s.page.waitForSelector(".q-choice.right", { timeout: WAIT });
    await s.page.waitForSelector("#q-context:not([hidden])", { timeout: WAIT });
    assert.match(await s.page.textContent(".q-choice.right"), /WebSocket handshake/);
    assert.ok(await s.page.locator(".q-choice[disabled]").count() === 4, "no more answers");
  }

  // Close every socket with 4000: each student's lab shows that code.
  await teacher.fill("#t-code", "4000");
  await teacher.fill("#t-reason", "lesson over");
  await teacher.click("#t-close button[type=submit]");
  for (const s of students) {
    await s.page.waitForFunction(() => document.querySelector("#room-status").textContent.startsWith("Closed with code 4000"),
      null, { timeout: WAIT });
  }

  // The markup nickname stayed text everywhere.
  for (const page of [teacher, ...students.map((s) => s.page)]) {
    assert.equal(await page.locator("img").count(), 0, "no img element was created");
  }
  assert.deepEqual(problems, [], "no script error, CSP report or dialog");
});
