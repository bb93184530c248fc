// Chromium benchmark of the checksum module against the full package and plain JavaScript (bench/checksum-cases.mjs),
// in headless Debian Chromium driven by playwright-core; a local static server on 127.0.0.1 serves pkg/ and the
// cases. Run: node bench/browser-checksum.mjs
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { chromium } from "playwright-core";

const root = new URL("../", import.meta.url);
const files = {
  "/pkg/s3_edge_signer.js": ["pkg/s3_edge_signer.js", "text/javascript"],
  "/pkg/s3_edge_signer_bg.wasm": ["pkg/s3_edge_signer_bg.wasm", "application/wasm"],
  "/pkg/checksum/s3_edge_checksum.js": ["pkg/checksum/s3_edge_checksum.js", "text/javascript"],
  "/pkg/checksum/s3_edge_checksum_bg.wasm": ["pkg/checksum/s3_edge_checksum_bg.wasm", "application/wasm"],
  "/cases.js": ["bench/checksum-cases.mjs", "text/javascript"],
  "/": [null, "text/html"],
};
const page = `<!doctype html><script type="module">
import initChecksum, * as checksumModule from "/pkg/checksum/s3_edge_checksum.js";
import initFull, * as fullPackage from "/pkg/s3_edge_signer.js";
import { run } from "/cases.js";
await Promise.all([initChecksum(), initFull()]);
window.result = run(checksumModule, fullPackage, () => performance.now());
</script>`;

const server = createServer(async (req, res) => {
  const entry = files[req.url];
  if (!entry) return res.writeHead(404).end();
  res.writeHead(200, { "content-type": entry[1] });
  res.end(entry[0] ? await readFile(new URL(entry[0], root)) : page);
}).listen(0, "127.0.0.1");
await new Promise((r) => server.once("listening", r));
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${server.address().port}/`);
  const rows = await tab.waitForFunction(() => window.result, null, { timeout: 300_000 }).then((h) => h.jsonValue());
  const { table } = await import("./checksum-cases.mjs");
  console.log(`Chromium ${browser.version()}\n`);
  console.log(table(rows));
} finally {
  await browser.close();
  server.close();
}
