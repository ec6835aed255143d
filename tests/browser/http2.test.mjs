// The HTTP/2 lab in a real headless Chromium: the page makes the server speak HTTP/2 to
// itself, and the frame cards appear — the preface, SETTINGS both ways, HEADERS with its HPACK
// fields decoded (:status 200 in the server's), the dynamic table, the stream timeline — with
// no page error and no CSP violation. Then a second request on the same connection, and the
// curl command shown with the page's own host.
//
// Run: WIRETRAIL_URL=http://127.0.0.1:8080 node --test tests/browser/http2.test.mjs
// (tests/browser_http2.rs starts the server and does this.)

import { test, before } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:http2";
import { useBrowser, BASE, WAIT } from "./harness.mjs";

if (!BASE) throw new Error("set WIRETRAIL_URL to the server's http:// URL");

const browser = useBrowser({ prefix: "http2" });
const { pageErrors, cspViolations } = browser;
const step = browser.step;
let page;
before(async () => {
  await browser.ready;
  page = browser.page;
});

/** The frame cards of the lab's timeline: {direction, type, stream}. */
async function cards() {
  return page.$$eval("#h2-timeline article.wt-card", (cs) => cs.map((c) => ({
    direction: c.dataset.direction, type: c.dataset.frameType, stream: Number(c.dataset.stream),
  })));
}

test("the HTTP/2 lab shows a real h2c conversation frame by frame", async () => {
  await step("open", async () => {
    await page.goto(`${BASE}/labs/http2`);
    await page.waitForSelector("#h2-one:visible");
    const cmd = await page.textContent("#curl-command");
    assert.equal(cmd, `curl --http2-prior-knowledge ${BASE}/healthz`);
  });

  await step("one request", async () => {
    await page.click("#h2-one");
    await page.waitForSelector("#h2-timeline article.wt-card[data-frame-type='DATA']", { timeout: WAIT });
    await page.waitForFunction(() => document.getElementById("h2-status").textContent.startsWith("Done"), null, { timeout: WAIT });
    const got = await cards();
    assert.ok(got.some((c) => c.type === "PREFACE" && c.direction === "client"), JSON.stringify(got));
    for (const dir of ["client", "server"]) {
      assert.ok(got.some((c) => c.type === "SETTINGS" && c.direction === dir), `${dir} SETTINGS: ${JSON.stringify(got)}`);
      assert.ok(got.some((c) => c.type === "HEADERS" && c.direction === dir && c.stream === 1), `${dir} HEADERS: ${JSON.stringify(got)}`);
    }
    // The SETTINGS card draws the 9-octet header as a bit grid.
    const grid = await page.$$eval("#h2-timeline article.wt-card[data-frame-type='SETTINGS'] .bitgrid", (els) => els.length);
    assert.ok(grid > 0, "a SETTINGS card has its bit grid");
    // The Flags octet bit by bit: HEADERS defines END_STREAM, END_HEADERS, PADDED, PRIORITY.
    const flagCells = await page.$$eval(
      "#h2-timeline article.wt-card[data-frame-type='HEADERS'] .bitgrid button .seg-name",
      (els) => els.map((e) => e.textContent));
    for (const flag of ["END_STREAM", "END_HEADERS", "PADDED", "PRIORITY", "R"]) {
      assert.ok(flagCells.includes(flag), `${flag} in ${JSON.stringify(flagCells)}`);
    }
    // The server's HEADERS, decoded field by field: :status 200.
    const status = await page.$eval(
      "#h2-timeline article.wt-card[data-frame-type='HEADERS'][data-direction='server'] tr[data-header=':status']",
      (tr) => tr.querySelector(".h2-value").textContent);
    assert.equal(status, "200");
    const table = await page.$eval(
      "#h2-timeline article.wt-card[data-frame-type='HEADERS'][data-direction='client'] .h2-table caption",
      (c) => c.textContent);
    assert.match(table, /dynamic table afterwards: 1 entry/);
    const rows = await page.$$eval("#h2-streams tr[data-stream='1'] td.mark", (tds) => tds.map((t) => t.textContent));
    assert.ok(rows.includes("H") && rows.includes("D"), JSON.stringify(rows));
  });

  await step("again on the same connection", async () => {
    const before = (await cards()).length;
    await page.click("#h2-again");
    await page.waitForSelector("#h2-timeline article.wt-card[data-frame-type='HEADERS'][data-stream='3'][data-direction='server']", { timeout: WAIT });
    const reps = await page.$$eval(
      "#h2-timeline article.wt-card[data-frame-type='HEADERS'][data-stream='3'][data-direction='client'] tr[data-header=':authority'] .h2-rep",
      (tds) => tds.map((t) => t.textContent));
    assert.deepEqual(reps, ["Indexed Header Field"]);
    assert.ok((await cards()).length > before);
  });

  await step("three at once: DATA frames of three streams interleave", async () => {
    await page.click("#h2-concurrent");
    await page.waitForFunction(() => document.getElementById("h2-status").textContent.startsWith("Done"), null, { timeout: WAIT });
    // The cards in the order the frames crossed the wire: the server's DATA on streams 5, 7, 9.
    const order = (await cards()).filter((c) => c.type === "DATA" && c.direction === "server" && c.stream >= 5)
      .map((c) => c.stream);
    for (const s of [5, 7, 9]) assert.ok(order.includes(s), `stream ${s}: ${order}`);
    const runs = order.filter((s, i) => i === 0 || order[i - 1] !== s).length;
    assert.ok(runs >= 6, `DATA frames by stream, in wire order: ${order} (${runs} runs)`);
    // The timeline draws them on three rows, with a legend for the marks and the directions.
    for (const s of ["5", "7", "9"]) {
      const marks = await page.$$eval(`#h2-streams tr[data-stream='${s}'] td.mark`, (tds) => tds.map((t) => t.textContent));
      assert.ok(marks.includes("D"), `stream ${s}: ${marks}`);
    }
    const legend = await page.$$eval("#h2-legend li", (lis) => lis.map((li) => li.textContent.trim()));
    for (const entry of ["D DATA", "H HEADERS", "W WINDOW_UPDATE", "S SETTINGS"]) {
      assert.ok(legend.includes(entry), `${entry} in ${JSON.stringify(legend)}`);
    }
    assert.ok(legend.some((l) => /client → server/.test(l)) && legend.some((l) => /server → client/.test(l)), JSON.stringify(legend));
    assert.ok(await page.isVisible("#h2-legend"));
  });

  await step("a client's own h2c session in the captures list", async () => {
    // Node's HTTP/2 client speaks h2c with prior knowledge to an http:// URL, as curl does.
    await new Promise((resolve, reject) => {
      const session = connect(BASE);
      session.on("error", reject);
      const req = session.request({ ":path": "/healthz" });
      req.on("error", reject);
      req.resume();
      req.on("end", () => session.close(resolve));
      req.end();
    });
    await page.click("#h2-refresh");
    const button = await page.waitForSelector("#h2-captures button[data-n]", { timeout: WAIT });
    assert.match(await button.textContent(), /\/healthz/);
    await button.focus();
    await page.keyboard.press("Enter");
    const path = await page.waitForSelector(
      "#h2-capture-timeline article.wt-card[data-frame-type='HEADERS'][data-direction='client'] tr[data-header=':path'] .h2-value",
      { timeout: WAIT });
    assert.equal(await path.textContent(), "/healthz");
    const status = await page.$eval(
      "#h2-capture-timeline article.wt-card[data-frame-type='HEADERS'][data-direction='server'] tr[data-header=':status'] .h2-value",
      (td) => td.textContent);
    assert.equal(status, "200");
  });

  await step("a phone's width", async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= inner, `the page is ${scroll} px wide at ${inner} px`);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  assert.deepEqual(pageErrors, []);
  assert.deepEqual(cspViolations, []);
});

test("the book links the HTTP/2 lab: the sidebar's Labs group and chapter 9's text", async () => {
  await step("sidebar", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${BASE}/09-http2/frames.html`);
    const labs = await page.$$eval("#sidebar .toc li.lab-link a", (as) => as.map((a) => [a.textContent, a.getAttribute("href")]));
    assert.deepEqual(labs.map((l) => l[1]), ["/labs/websocket", "/labs/http2", "/labs/push"]);
    assert.equal(await page.textContent("#toc-labs"), "Labs");
  });
  await step("chapter 9's text", async () => {
    const link = page.locator("article.chapter p a[href='/labs/http2']");
    assert.equal(await link.count(), 1);
    await link.click();
    await page.waitForURL(`${BASE}/labs/http2`);
    await page.waitForSelector("#h2-one:visible");
  });
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(cspViolations, []);
});
