// Chromium benchmark of the checksum module against the full package and plain JavaScript (bench/checksum-cases.mjs),
// in headless Debian Chromium driven by playwright-core; a local static server on 127.0.0.1 serves pkg/ and the
// cases. Run: node bench/browser-checksum.mjs
import { runInChromium } from "./browser-page.mjs";

const files = {
  "/pkg/s3_edge_signer.js": ["pkg/s3_edge_signer.js", "text/javascript"],
  "/pkg/s3_edge_signer_bg.wasm": ["pkg/s3_edge_signer_bg.wasm", "application/wasm"],
  "/pkg/checksum/s3_edge_checksum.js": ["pkg/checksum/s3_edge_checksum.js", "text/javascript"],
  "/pkg/checksum/s3_edge_checksum_bg.wasm": ["pkg/checksum/s3_edge_checksum_bg.wasm", "application/wasm"],
  "/cases.js": ["bench/checksum-cases.mjs", "text/javascript"],
};
const page = `<!doctype html><script type="module">
import initChecksum, * as checksumModule from "/pkg/checksum/s3_edge_checksum.js";
import initFull, * as fullPackage from "/pkg/s3_edge_signer.js";
import { run } from "/cases.js";
await Promise.all([initChecksum(), initFull()]);
window.result = run(checksumModule, fullPackage, () => performance.now());
</script>`;

const { result: rows, version } = await runInChromium({ files, page, timeout: 300_000 });
const { table } = await import("./checksum-cases.mjs");
console.log(`Chromium ${version}\n`);
console.log(table(rows));
