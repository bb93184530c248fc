// Node benchmark: presign the same PUT with the wasm package, aws4fetch, the AWS SDK v3 presigner, aws4 and lean-s3
// in one run; prints the median CPU µs per presign (process.cpuUsage over batches) and each one's ratio to the
// s3-edge-signer row that signs the same request, then the wasm memory after 10^6 presigns.
// Run: node bench/node-presign.mjs [--quick]
import { readFileSync } from "node:fs";
import { initSync, S3Signer } from "../pkg/s3_edge_signer.js";
import { AwsV4Signer } from "aws4fetch";
import aws4 from "aws4";
import { S3Client, PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { S3Client as LeanS3Client } from "lean-s3";
import { CREDS, REGION, BUCKET, HOST, KEY, CONTENT_TYPE, CONTENT_LENGTH, EXPIRES, median } from "./presign-cases.mjs";

const quick = process.argv.includes("--quick");
const wasm = initSync({ module: readFileSync(new URL("../pkg/s3_edge_signer_bg.wasm", import.meta.url)) });

const signer = new S3Signer({ ...CREDS, region: REGION, bucket: BUCKET });
const sdk = new S3Client({ region: REGION, credentials: CREDS, requestChecksumCalculation: "WHEN_REQUIRED" });
const lean = new LeanS3Client({ ...CREDS, region: REGION, bucket: BUCKET, endpoint: "https://{bucket}.s3.{region}.amazonaws.com" });

// The reference request: a PUT with Content-Type signed, valid 15 minutes. lean-s3 cannot sign Content-Type (its
// presign signs Host and, optionally, Content-Length), so it presigns the same PUT with Content-Length signed instead,
// and is compared with s3-edge-signer signing exactly that.
const TYPED = "s3-edge-signer (wasm)";
const SIZED = "s3-edge-signer, Content-Length signed";
const contenders = {
  [TYPED]: [TYPED, () => signer.presignPut(KEY, { contentType: CONTENT_TYPE, expiresIn: EXPIRES }).url],
  // The signing time given: as a number, and as a Date (issue 14: a Date used to send the whole options object down
  // the slow property-by-property path).
  "s3-edge-signer, now: Date.now()": [TYPED, () => signer.presignPut(KEY, { contentType: CONTENT_TYPE, expiresIn: EXPIRES, now: Date.now() }).url],
  "s3-edge-signer, now: new Date()": [TYPED, () => signer.presignPut(KEY, { contentType: CONTENT_TYPE, expiresIn: EXPIRES, now: new Date() }).url],
  aws4: [TYPED, () =>
    aws4.sign({ host: HOST, path: `/${KEY}?X-Amz-Expires=${EXPIRES}`, method: "PUT", service: "s3", region: REGION, signQuery: true, headers: { "Content-Type": CONTENT_TYPE } }, CREDS).path],
  aws4fetch: [TYPED, async () =>
    (await new AwsV4Signer({ ...CREDS, url: `https://${HOST}/${KEY}?X-Amz-Expires=${EXPIRES}`, method: "PUT", headers: { "content-type": CONTENT_TYPE }, service: "s3", region: REGION, signQuery: true }).sign()).url.toString()],
  "@aws-sdk/s3-request-presigner": [TYPED, () =>
    getSignedUrl(sdk, new PutObjectCommand({ Bucket: BUCKET, Key: KEY, ContentType: CONTENT_TYPE }), { expiresIn: EXPIRES, signableHeaders: new Set(["content-type"]) })],
  [SIZED]: [SIZED, () => signer.presignPut(KEY, { contentLength: CONTENT_LENGTH, expiresIn: EXPIRES }).url],
  "lean-s3 (node:crypto), Content-Length signed": [SIZED, () => lean.presign(KEY, { method: "PUT", contentLength: CONTENT_LENGTH, expiresIn: EXPIRES })],
};

// Both sides of the lean-s3 comparison sign the same request: same host, path, lifetime and signed headers (lean-s3
// also puts X-Amz-Content-Sha256=UNSIGNED-PAYLOAD in the query, which S3 reads as the default it already is).
const params = (url) => Object.fromEntries([...new URL(url).searchParams].filter(([name]) => !/Signature|Date|Content-Sha256/.test(name)));
const [ours, theirs] = [contenders[SIZED][1](), contenders["lean-s3 (node:crypto), Content-Length signed"][1]()];
if (new URL(ours).pathname !== new URL(theirs).pathname || JSON.stringify(params(ours)) !== JSON.stringify(params(theirs))) {
  throw new Error(`lean-s3 does not presign the same request:\n  ${ours}\n  ${theirs}`);
}

/** CPU µs per call of one batch of `perBatch` calls. */
async function batch(fn, perBatch) {
  const start = process.cpuUsage();
  for (let i = 0; i < perBatch; i++) await fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / perBatch;
}

// Rounds of one batch per contender, interleaved, so that the machine's drift (up to 2x between runs here) falls on
// every contender alike; the median over rounds. The fast contenders' rounds run first and apart from the two slow
// ones, whose garbage would otherwise be collected during the fast ones' batches. Batches of 10 ms or more:
// process.cpuUsage() advances in scheduler ticks on some machines (this one), so shorter batches measure the tick,
// not the signer. --quick runs fewer rounds, never shorter batches. The first two rounds warm up.
const SLOW = new Set(["aws4fetch", "@aws-sdk/s3-request-presigner"]);
const samples = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
const rounds = quick ? 5 : 21;
for (const slow of [false, true]) {
  const group = Object.entries(contenders).filter(([name]) => SLOW.has(name) === slow);
  for (let round = 0; round < rounds + 2; round++) {
    for (const [name, [, fn]] of group) {
      const us = await batch(fn, slow ? 200 : 4000);
      if (round >= 2) samples[name].push(us);
    }
  }
}
const results = Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, median(list)]));
// A ratio within the fast group is the median of the per-round ratios (each round's two batches ran back to back);
// the slow contenders ran apart, so theirs is the ratio of the medians.
const ratio = (name, base) =>
  SLOW.has(name) === SLOW.has(base) ? median(samples[name].map((us, i) => us / samples[base][i])) : results[name] / results[base];
console.log("| signer | median CPU µs per presign | ratio to s3-edge-signer on the same request |");
console.log("|---|---:|---:|");
for (const [name, us] of Object.entries(results)) {
  const base = contenders[name][0];
  console.log(`| ${name} | ${us.toFixed(2)} | ${name === base ? "1.0×" : `${ratio(name, base).toFixed(2)}× (${base})`} |`);
}
const [number, date] = ["s3-edge-signer, now: Date.now()", "s3-edge-signer, now: new Date()"].map((name) => samples[name]);
console.log(`\nnow: new Date() minus now: Date.now(), median of the paired rounds: ${median(date.map((us, i) => us - number[i])).toFixed(2)} µs per presign`);

const before = wasm.memory.buffer.byteLength;
const n = quick ? 100_000 : 1_000_000;
for (let i = 0; i < n; i++) signer.presignPut(`k/${i}`, { contentType: CONTENT_TYPE, contentLength: i });
console.log(`\nwasm memory: ${before} B before, ${wasm.memory.buffer.byteLength} B after ${n.toLocaleString("en")} presigns`);
