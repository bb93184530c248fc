// Debian's Chromium driven by playwright-core (never `npx playwright install`: it would download a browser), one
// fresh profile per test, with every console error and page error recorded so that a test can fail on them.

import { mkdtemp, mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 812 };

const CHROMIUM = process.env.S3ES_CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const SCREENSHOT_DIR = new URL("../../test-results/e2e/", import.meta.url);

export class BrowserSession {
  static async open({ viewport = DESKTOP, deviceScaleFactor = 1 } = {}) {
    const profile = await mkdtemp(join(tmpdir(), "s3es-e2e-"));
    // A persistent context is how Playwright takes a --user-data-dir of our choosing.
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport,
      deviceScaleFactor,
      colorScheme: "light",
      reducedMotion: "reduce",
    });
    const page = context.pages()[0] ?? (await context.newPage());
    return new BrowserSession(context, page, profile);
  }

  constructor(context, page, profile) {
    this.context = context;
    this.page = page;
    this.profile = profile;
    this.problems = [];
    // Every request of the context, the page's and its workers' alike: which modules the page loads is part of
    // what the tests check.
    this.requests = [];
    context.on("request", (request) => this.requests.push(request.url()));
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "assert") {
        this.problems.push({ kind: "console", text: message.text(), url: message.location()?.url ?? "" });
      }
    });
    page.on("pageerror", (error) => this.problems.push({ kind: "pageerror", text: String(error.stack ?? error), url: "" }));
  }

  /**
   * Console errors and page errors except those `expected` describes: [{ url: RegExp, status: number }] for resource
   * loads the test provoked on purpose (Chromium logs any 4xx/5xx response as a console error, including the
   * worker's refusal of a file the test chose to be refused), or [{ text: RegExp }] for a message the test provoked
   * (a CORS refusal is logged with the page as its location).
   */
  unexpectedProblems(expected = []) {
    return this.problems.filter((problem) => {
      if (problem.kind !== "console") return true;
      return !expected.some((rule) =>
        rule.text ? rule.text.test(problem.text) : rule.url.test(problem.url) && problem.text.includes(`status of ${rule.status}`),
      );
    });
  }

  /** Full-page screenshots at desktop and phone width; also checks nothing overflows sideways at phone width. */
  async screenshots(name) {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    const original = this.page.viewportSize();
    await this.page.setViewportSize(DESKTOP);
    await this.page.screenshot({ path: new URL(`${name}-desktop.png`, SCREENSHOT_DIR).pathname, fullPage: true });
    await this.page.setViewportSize(PHONE);
    const overflow = await this.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await this.page.screenshot({ path: new URL(`${name}-phone.png`, SCREENSHOT_DIR).pathname, fullPage: true });
    await this.page.setViewportSize(original);
    return { phoneOverflowPx: overflow };
  }

  /** Requests for the full signing package (its JS glue or its wasm), which the demo page must never load. */
  signingPackageRequests() {
    return this.requests.filter((url) => /\/s3_edge_signer(_bg\.wasm|\.js)(\?|$)/.test(new URL(url).pathname));
  }

  async close() {
    await this.context.close();
    await rm(this.profile, { recursive: true, force: true });
  }
}
