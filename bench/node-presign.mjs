// Node benchmark: presign the same PUT with the wasm package, aws4fetch, the AWS SDK v3 presigner and aws4 in one
// run; prints the median CPU µs per presign (process.cpuUsage over batches) and the ratios, then the wasm memory
// after 10^6 presigns. Run: node bench/node-presign.mjs [--quick]
import { readFileSync } from "node:fs";
import { initSync, S3Signer } from "../pkg/s3_edge_signer.js";
import { AwsV4Signer } from "aws4fetch";
import aws4 from "aws4";
import { S3Client, PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { CREDS, REGION, BUCKET, HOST, KEY, CONTENT_TYPE, EXPIRES, median } from "./presign-cases.mjs";

const quick = process.argv.includes("--quick");
const wasm = initSync({ module: readFileSync(new URL("../pkg/s3_edge_signer_bg.wasm", import.meta.url)) });

const signer = new S3Signer({ ...CREDS, region: REGION, bucket: BUCKET });
const sdk = new S3Client({ region: REGION, credentials: CREDS, requestChecksumCalculation: "WHEN_REQUIRED" });

const contenders = {
  "s3-edge-signer (wasm)": () => signer.presignPut(KEY, { contentType: CONTENT_TYPE, expiresIn: EXPIRES }).url,
  aws4: () =>
    aws4.sign({ host: HOST, path: `/${KEY}?X-Amz-Expires=${EXPIRES}`, method: "PUT", service: "s3", region: REGION, signQuery: true, headers: { "Content-Type": CONTENT_TYPE } }, CREDS).path,
  aws4fetch: async () =>
    (await new AwsV4Signer({ ...CREDS, url: `https://${HOST}/${KEY}?X-Amz-Expires=${EXPIRES}`, method: "PUT", headers: { "content-type": CONTENT_TYPE }, service: "s3", region: REGION, signQuery: true }).sign()).url.toString(),
  "@aws-sdk/s3-request-presigner": () =>
    getSignedUrl(sdk, new PutObjectCommand({ Bucket: BUCKET, Key: KEY, ContentType: CONTENT_TYPE }), { expiresIn: EXPIRES, signableHeaders: new Set(["content-type"]) }),
};

async function measure(fn, batches, perBatch) {
  const samples = [];
  for (let b = 0; b < batches + 2; b++) {
    const start = process.cpuUsage();
    for (let i = 0; i < perBatch; i++) await fn();
    const used = process.cpuUsage(start);
    if (b >= 2) samples.push((used.user + used.system) / perBatch); // the first two batches warm up
  }
  return median(samples);
}

const results = {};
for (const [name, fn] of Object.entries(contenders)) {
  const slow = name.startsWith("@aws-sdk") || name === "aws4fetch";
  // Batches of 10 ms or more: process.cpuUsage() advances in scheduler ticks on some machines (this one), so shorter
  // batches measure the tick, not the signer. --quick runs fewer batches, never shorter ones.
  const perBatch = slow ? 200 : 2000;
  results[name] = await measure(fn, quick ? 5 : 15, perBatch);
}
const ours = results["s3-edge-signer (wasm)"];
console.log("| signer | median CPU µs per presign | ratio to s3-edge-signer |");
console.log("|---|---:|---:|");
for (const [name, us] of Object.entries(results)) console.log(`| ${name} | ${us.toFixed(2)} | ${(us / ours).toFixed(1)}× |`);

const before = wasm.memory.buffer.byteLength;
const n = quick ? 100_000 : 1_000_000;
for (let i = 0; i < n; i++) signer.presignPut(`k/${i}`, { contentType: CONTENT_TYPE, contentLength: i });
console.log(`\nwasm memory: ${before} B before, ${wasm.memory.buffer.byteLength} B after ${n.toLocaleString("en")} presigns`);
