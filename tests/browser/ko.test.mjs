// The Korean edition in a real headless Chromium, on a small fixture book and catalog
// (tests/browser/ko-book/, served with --book):
//  - the switch on an English page, with a section in the address bar, lands on the same
//    section of the Korean page (<html lang="ko">, the Korean heading at that id) and sets
//    the wt_lang cookie; a section chosen on the Korean page is kept on the way back;
//  - the choice is remembered: an English page then opens in Korean;
//  - Korean pages break lines between words (word-break: keep-all) in a Korean font stack;
//  - the Korean search finds the Korean page with a particle on the query (핸드셰이크를);
//  - switching back to English sets the cookie back; no script error, no CSP violation;
//  - the Korean book's chrome (po/pages/ko.po), and the WebSocket and HTTP/2 labs in Korean:
//    connect, send, the frame cards show; the switch from a Korean lab back to English.
//
// Run: tests/slow/browser.rs (korean_edition) starts the server with the fixture.

import { test, before } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, BASE, WAIT, url } from "./harness.mjs";

if (!BASE) throw new Error("set WIRETRAIL_URL to the server's http:// URL");

const browser = useBrowser({ prefix: "ko" });
const { pageErrors, cspViolations } = browser;
const step = browser.step;
let page;
before(async () => {
  await browser.ready;
  page = browser.page;
});

const cookie = async () => (await browser.context.cookies()).find((c) => c.name === "wt_lang")?.value;

test("the switch keeps the page and the section, and the choice is remembered", () => step("switch", async () => {
  await page.goto(url("/08-websocket/handshake.html#the-accept-key"));
  assert.equal(await page.getAttribute("html", "lang"), "en");
  await page.click("#lang-switch");
  await page.waitForURL(/\/ko\/08-websocket\/handshake\.html#the-accept-key$/, { timeout: WAIT });
  assert.equal(await page.getAttribute("html", "lang"), "ko");
  assert.equal((await page.textContent("h2#the-accept-key")).trim(), "수락 키");
  assert.equal(await cookie(), "ko");
  const style = await page.evaluate(() => {
    const s = getComputedStyle(document.querySelector("article.chapter p"));
    return { wordBreak: s.wordBreak, font: s.fontFamily };
  });
  assert.equal(style.wordBreak, "keep-all");
  assert.match(style.font, /Noto Sans CJK KR/);

  // Remembered: the English index of the chapter opens in Korean.
  await page.goto(url("/08-websocket/index.html"));
  await page.waitForURL(/\/ko\/08-websocket\/index\.html$/, { timeout: WAIT });
  assert.match(await page.textContent("article.chapter"), /양방향 메시지를 위한 프로토콜/);
}));

test("a section chosen on the page (its heading's link) is kept on the way back", () => step("section", async () => {
  await page.goto(url("/ko/08-websocket/handshake.html"));
  await page.click("h2#the-accept-key a.header");
  await page.waitForURL(/#the-accept-key$/, { timeout: WAIT });
  await page.click("#lang-switch");
  await page.waitForURL(/\/08-websocket\/handshake\.html#the-accept-key$/, { timeout: WAIT });
  assert.ok(!page.url().includes("/ko/"), page.url());
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.equal(await cookie(), "en");
}));

test("a Korean query with a particle finds the Korean page", () => step("search", async () => {
  await page.goto(url("/ko/"));
  await page.fill("#search", "핸드셰이크를");
  const first = page.locator("#search-results li a").first();
  await first.waitFor({ timeout: WAIT });
  assert.match(await first.getAttribute("href"), /^\/ko\/08-websocket\/handshake\.html/);
  assert.match(await first.textContent(), /여는 핸드셰이크/);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(cspViolations, []);
}));

// The Korean labs (po/pages/ko.po through the same page): the Korean book's chrome, then the
// WebSocket lab in Korean (connect, send, the frame card shows) and the HTTP/2 lab in Korean
// (a request, its cards), and the switch from a Korean lab back to the English one.

test("the Korean book's chrome: index, a chapter, the search box", () => step("ko-chrome", async () => {
  await page.goto(url("/ko/"));
  assert.equal(await page.getAttribute("html", "lang"), "ko");
  assert.match(await page.textContent("label[for='search']"), /[가-힣]/, "the search label is Korean");
  await page.click("a[href='/ko/08-websocket/index.html']");
  await page.waitForURL(/\/ko\/08-websocket\/index\.html$/, { timeout: WAIT });
  assert.match(await page.textContent("p.side-links"), /[가-힣]/);
  assert.equal(await page.getAttribute("p.side-links a[href$='print.html']", "href"), "/ko/print.html");
}));

test("the WebSocket lab in Korean: connect, send, a frame card", () => step("ko-lab", async () => {
  await page.goto(url("/ko/labs/websocket"));
  assert.equal(await page.getAttribute("html", "lang"), "ko");
  assert.match(await page.textContent("h1"), /실습/);
  await page.waitForSelector("#bench-panel:not([hidden])", { timeout: WAIT });
  assert.match(await page.textContent("#connect"), /[가-힣]/, "the Connect button is Korean");
  await page.click("#connect");
  await page.waitForSelector("#timeline article[data-kind='handshake-response']", { timeout: WAIT });
  await page.fill("#send-text", "안녕");
  await page.click("#send-text-form button[type=submit]");
  await page.waitForFunction(() => [...document.querySelectorAll("#timeline article.wt-card[data-kind='frame'][data-direction='server']")]
    .some((c) => c.querySelector(".decoded-text")?.textContent === "안녕"), null, { timeout: WAIT });
  // The card speaks Korean: its own words (po/scripts) and the dissection's summary and
  // values (po/wire, normalised: the byte count and the quoted text are values).
  const card = await page.$$eval("#timeline article.wt-card[data-kind='frame'][data-direction='server']",
    (cards) => cards.find((c) => c.querySelector(".decoded-text")?.textContent === "안녕").textContent);
  assert.match(card, /Text 프레임\(FIN\), 마스킹 안 됨, 페이로드 6바이트/, card);
  // The fields' values in words are Korean too ("1 (final fragment)", "0 (not masked)").
  assert.doesNotMatch(card, /final fragment|not masked|\d bytes/, card);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(cspViolations, []);

  await page.click("#lang-switch");
  await page.waitForURL(/\/labs\/websocket$/, { timeout: WAIT });
  assert.ok(!page.url().includes("/ko/"), page.url());
  assert.equal(await page.getAttribute("html", "lang"), "en");
}));

test("the HTTP/2 lab in Korean: a request and its frames", () => step("ko-h2", async () => {
  await page.goto(url("/ko/labs/http2"));
  assert.equal(await page.getAttribute("html", "lang"), "ko");
  await page.waitForSelector("#h2-one:visible", { timeout: WAIT });
  assert.match(await page.textContent("#h2-one"), /[가-힣]/);
  await page.click("#h2-one");
  await page.waitForSelector("#h2-timeline article.wt-card[data-frame-type='DATA']", { timeout: WAIT });
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(cspViolations, []);
}));
