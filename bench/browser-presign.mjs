// Chromium benchmark: the wasm package against aws4fetch, in headless Debian Chromium driven by playwright-core.
// A local static server on 127.0.0.1 serves pkg/ and aws4fetch; the page signs the same PUT and reports the median
// wall-clock µs per presign over batches (performance.now). Run: node bench/browser-presign.mjs
import { runInChromium } from "./browser-page.mjs";

const files = {
  "/pkg/s3_edge_signer.js": ["pkg/s3_edge_signer.js", "text/javascript"],
  "/pkg/s3_edge_signer_bg.wasm": ["pkg/s3_edge_signer_bg.wasm", "application/wasm"],
  "/aws4fetch.js": ["node_modules/aws4fetch/dist/aws4fetch.esm.mjs", "text/javascript"],
  "/cases.js": ["bench/presign-cases.mjs", "text/javascript"],
};
const page = `<!doctype html><script type="module">
import init, { S3Signer } from "/pkg/s3_edge_signer.js";
import { AwsV4Signer } from "/aws4fetch.js";
import { CREDS, REGION, BUCKET, HOST, KEY, CONTENT_TYPE, EXPIRES, median } from "/cases.js";
await init();
const signer = new S3Signer({ ...CREDS, region: REGION, bucket: BUCKET });
async function measure(fn, batches, perBatch) {
  const samples = [];
  for (let b = 0; b < batches + 2; b++) {
    const t = performance.now();
    for (let i = 0; i < perBatch; i++) await fn();
    if (b >= 2) samples.push((performance.now() - t) * 1000 / perBatch);
  }
  return median(samples);
}
const ours = await measure(() => signer.presignPut(KEY, { contentType: CONTENT_TYPE, expiresIn: EXPIRES }), 15, 2000);
const theirs = await measure(async () => (await new AwsV4Signer({ ...CREDS, url: "https://" + HOST + "/" + KEY + "?X-Amz-Expires=" + EXPIRES, method: "PUT", headers: { "content-type": CONTENT_TYPE }, service: "s3", region: REGION, signQuery: true }).sign()).url.toString(), 15, 200);
window.result = { ours, theirs };
</script>`;

const { result: { ours, theirs }, version } = await runInChromium({ files, page, timeout: 120_000 });
console.log(`Chromium ${version}: s3-edge-signer ${ours.toFixed(2)} µs, aws4fetch ${theirs.toFixed(2)} µs per presign (${(theirs / ours).toFixed(1)}×)`);
