// What both Chromium benchmarks share: serve a page and the files it imports from a static server on 127.0.0.1,
// open it in headless Debian Chromium (playwright-core, a fresh temporary profile), and return what the page puts
// in `window.result`.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { chromium } from "playwright-core";

const root = new URL("../", import.meta.url);

/**
 * `files`: URL path → [repository path, content type]; `page`: the HTML served at "/". Returns `{ result, version }`
 * (the Chromium version), after at most `timeout` ms.
 */
export async function runInChromium({ files, page, timeout }) {
  const server = createServer(async (req, res) => {
    if (req.url === "/") return res.writeHead(200, { "content-type": "text/html" }).end(page);
    const entry = files[req.url];
    if (!entry) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": entry[1] });
    res.end(await readFile(new URL(entry[0], root)));
  }).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${server.address().port}/`);
    const result = await tab.waitForFunction(() => window.result, null, { timeout }).then((h) => h.jsonValue());
    return { result, version: browser.version() };
  } finally {
    await browser.close();
    server.close();
  }
}
