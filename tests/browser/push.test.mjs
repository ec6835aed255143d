// The push lab in a real headless Chromium: the page runs all six techniques at once on one
// feed (a fetch poll, a held fetch, the forever iframe, a streamed fetch, an EventSource, a
// WebSocket), and its summary table is checked against what the server's tap measured (the
// run's report, fetched separately): requests, bytes both ways and by kind, empty answers —
// and against what the page itself received: all events, in order, the payload bytes the
// feed published, latencies present. Then one technique after another, the charts, a card,
// the exports; no page error, no CSP violation.
//
// Run: WIRETRAIL_URL=http://127.0.0.1:8080 node --test tests/browser/push.test.mjs
// (tests/browser.rs starts the server and does this.)

import { test, before } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, BASE, WAIT } from "./harness.mjs";

if (!BASE) throw new Error("set WIRETRAIL_URL to the server's http:// URL");

const browser = useBrowser({ prefix: "push", acceptDownloads: true });
const { pageErrors, cspViolations } = browser;
const step = browser.step;
let page;
before(async () => {
  await browser.ready;
  page = browser.page;
});

const FIELDS = ["requests", "bytes_up", "bytes_down", "header_bytes", "framing_bytes", "payload_bytes", "empty_responses"];
const TECHNIQUES = ["poll", "long-poll", "iframe", "streaming", "sse", "websocket"];

/** The summary table as the page shows it: {technique: {field: text}}. */
async function table() {
  return page.$$eval("#push-summary tbody tr", (rows) => Object.fromEntries(rows.map((tr) => [
    tr.dataset.technique,
    Object.fromEntries([...tr.querySelectorAll("td")].map((td) => [td.dataset.field, td.textContent])),
  ])));
}

async function runAndWait(timeout = 60_000) {
  await page.click("#run");
  await page.waitForFunction(() => ["done", "error"].includes(document.getElementById("lab-push").dataset.state) && !document.getElementById("run").disabled, null, { timeout });
  const state = await page.$eval("#lab-push", (el) => el.dataset.state);
  assert.equal(state, "done", await page.textContent("#push-status"));
}

/** The server's report of run `n` of the page's session. */
async function report(n) {
  return page.evaluate(async (n) => {
    const id = document.getElementById("lab-push").dataset.session;
    const res = await fetch(`/api/lab/push/${id}/runs/${n}`);
    return res.json();
  }, n);
}

test("the push lab runs six techniques in the page and its table is the tap's", async () => {
  await step("open", async () => {
    await page.goto(`${BASE}/labs/push`);
    await page.waitForFunction(() => document.getElementById("lab-push").dataset.state === "ready", null, { timeout: WAIT });
    const clock = await page.textContent("#push-clock");
    assert.match(clock, /known to ±\d+\.\d+ ms/);
  });

  await step("all six at once", async () => {
    await page.fill("#events", "20");
    await page.fill("#interval", "100");
    await page.fill("#payload", "32");
    await page.fill("#poll", "50");
    await page.fill("#delay", "0");
    await runAndWait();
    const shown = await table();
    assert.deepEqual(Object.keys(shown).sort(), [...TECHNIQUES].sort());
    const runs = await page.$eval("#lab-push", (el) => el.dataset.runs);
    assert.equal(runs.split(",").length, 1, "one run, one feed");
    const r = await report(Number(runs));
    assert.equal(r.settled, true);
    for (const t of TECHNIQUES) {
      const tap = r.results.find((x) => x.technique === t);
      for (const f of FIELDS) assert.equal(shown[t][f], String(tap[f]), `${t} ${f}: page ${shown[t][f]}, tap ${tap[f]}`);
      // Every event, in order, the feed's own bytes (no ⚠), and a latency for each.
      assert.equal(shown[t].events, "20/20", `${t}: ${shown[t].events}`);
      assert.equal(tap.payload_bytes, 20 * 32, t);
      assert.equal(tap.per_event.length, 20, t);
      for (const f of ["p50_ms", "p95_ms", "max_ms"]) assert.match(shown[t][f], /^-?\d+\.\d$/, `${t} ${f}`);
      assert.ok(Number(shown[t].p50_ms) > -5, `${t}: latency ${shown[t].p50_ms} (clock offset within its uncertainty)`);
      // The requests the page made are the requests the tap saw.
      const title = await page.$eval(`#push-summary tr[data-technique='${t}'] td[data-field='requests']`, (td) => td.title);
      const [seen, made] = title.match(/\d+/g).map(Number);
      assert.equal(seen, made, `${t}: ${title}`);
    }
    assert.equal(shown.iframe.requests, "1");
    assert.equal(shown.streaming.requests, "1");
    assert.equal(shown.websocket.requests, "1");
    assert.equal(shown.sse.requests, "2", "the reconnect with Last-Event-ID");
    const ws = r.results.find((x) => x.technique === "websocket");
    assert.ok(ws.per_event.slice(1).every((e) => e.framing === 2 && e.header === 0), JSON.stringify(ws.per_event.slice(0, 3)));
    const total = (t) => Number(shown[t].bytes_up) + Number(shown[t].bytes_down);
    assert.ok(total("websocket") < total("sse") && total("sse") < total("long-poll"), JSON.stringify(shown));
  });

  await step("the reconnect named the last event", async () => {
    const runs = await page.$eval("#lab-push", (el) => el.dataset.runs);
    const r = await report(Number(runs));
    const sse = r.results.find((x) => x.technique === "sse");
    const second = sse.exchanges[1].request.fields.map((f) => f.value ?? "").join("\n");
    assert.match(JSON.stringify(sse.exchanges[1].request), /last-event-id/i, second);
  });

  await step("charts and a card", async () => {
    const svgs = await page.$$eval("#push-charts svg.push-chart", (s) => s.length);
    assert.ok(svgs >= 3 + 6, `${svgs} charts`);
    const lines = await page.$$eval("#push-charts .series polyline", (p) => p.length);
    assert.ok(lines >= 12, `${lines} lines`);
    await page.click("#push-exchanges details[data-technique='streaming'] > summary");
    await page.waitForSelector("#push-exchanges details[data-technique='streaming'] article.wt-card[data-kind='body']", { timeout: WAIT });
    const names = await page.$$eval("#push-exchanges details[data-technique='streaming'] article.wt-card[data-kind='body'] .fname", (b) => b.map((x) => x.textContent));
    assert.ok(names.some((n) => n.startsWith("chunk-size line")) && names.some((n) => n.startsWith("event payload")), JSON.stringify(names));
  });

  await step("exports", async () => {
    const [csv] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
    assert.equal(csv.suggestedFilename(), "push-lab.csv");
    const [md] = await Promise.all([page.waitForEvent("download"), page.click("#export-md")]);
    assert.equal(md.suggestedFilename(), "push-lab.md");
    const text = await (await md.createReadStream()).toArray();
    assert.match(Buffer.concat(text).toString(), /\| WebSocket \|/);
  });

  await step("one after another, with a delay", async () => {
    for (const t of TECHNIQUES) await page.setChecked(`input[value='${t}']`, ["long-poll", "websocket"].includes(t));
    await page.check("input[name=mode][value=sequence]");
    await page.fill("#events", "10");
    await page.fill("#interval", "20");
    await page.fill("#delay", "100");
    await runAndWait();
    const shown = await table();
    const runs = (await page.$eval("#lab-push", (el) => el.dataset.runs)).split(",");
    assert.equal(runs.length, 2, "a run each");
    for (const t of ["long-poll", "websocket"]) {
      assert.equal(shown[t].events, "10/10");
      assert.ok(Number(shown[t].p50_ms) >= 90, `${t}: p50 ${shown[t].p50_ms} with 100 ms of delay`);
    }
  });

  await step("fits a phone", async () => {
    await page.setViewportSize({ width: 390, height: 900 });
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(scroll <= client + 1, `${scroll}px on a ${client}px screen`);
  });

  assert.deepEqual(pageErrors, [], "no script errors");
  assert.deepEqual(cspViolations, [], "no CSP violations");
});
