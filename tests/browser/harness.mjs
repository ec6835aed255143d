// What every browser test file shares: Debian's headless Chromium with a fresh profile
// (playwright-core downloads no browser), opened before a file's tests and closed after, the
// page's script errors, CSP reports and dialogs collected, and `step()`, which saves a
// screenshot and the page's HTML to target/browser-artifacts/ when a step fails.

import { before, after } from "node:test";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const BASE = process.env.WIRETRAIL_URL;
export const HERE = dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = process.env.WIRETRAIL_ARTIFACTS ?? join(HERE, "..", "..", "target", "browser-artifacts");
/** How long to wait for anything the page shows. */
export const WAIT = 15_000;
export const url = (path) => new URL(path, BASE).href;

/** The flags these machines need (no network but loopback, root, no GPU). */
export const CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
  "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** Launches Chromium with a fresh profile; call `close()` when done. */
export async function launch({ viewport = { width: 1280, height: 900 }, acceptDownloads = false } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), "wiretrail-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    acceptDownloads,
  });
  const close = async () => {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, close };
}

/**
 * Opens the browser before this file's tests (unless `enabled` is false) and closes it after.
 * Returns a handle whose `page` is set once `ready` settles, and whose arrays collect the
 * page's script errors, CSP reports and dialogs (dismissed).
 */
export function useBrowser({ prefix, enabled = true, ...options }) {
  const browser = { context: null, page: null, pageErrors: [], cspViolations: [], dialogs: [] };
  let close = async () => {};
  let opened;
  /** Settles once the browser is open (or will not be): await it in the file's `before`. */
  browser.ready = new Promise((resolve) => { opened = resolve; });
  before(async () => {
    if (!enabled) return opened();
    if (!BASE) throw new Error("set WIRETRAIL_URL to the server's http:// URL");
    const launched = await launch(options);
    close = launched.close;
    browser.context = launched.context;
    browser.page = launched.context.pages()[0] ?? (await launched.context.newPage());
    browser.page.on("dialog", (d) => { browser.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    browser.page.on("pageerror", (e) => browser.pageErrors.push(e.message));
    browser.page.on("console", (m) => {
      if (/Content.Security.Policy/i.test(m.text())) browser.cspViolations.push(m.text());
    });
    opened();
  });
  after(() => close());
  /** Runs a step; on failure saves a screenshot and the HTML, and rethrows. */
  browser.step = async (name, fn) => {
    try {
      return await fn();
    } catch (e) {
      mkdirSync(ARTIFACTS, { recursive: true });
      const file = join(ARTIFACTS, `${prefix}-${name.replace(/[^a-z0-9]+/gi, "-")}.png`);
      await browser.page?.screenshot({ path: file, fullPage: true }).catch(() => {});
      writeFileSync(`${file}.html`, (await browser.page?.content().catch(() => "")) ?? "");
      e.message = `${name}: ${e.message} (screenshot: ${file})`;
      throw e;
    }
  };
  return browser;
}
