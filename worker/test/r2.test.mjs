// A bucket on Cloudflare R2 (`backend: "r2"`), through the worker: what R2 lacks is refused with a clear code before
// anything reaches R2 (POST policies, storage classes other than STANDARD/STANDARD_IA, SSE-KMS), and a PUT is signed
// for R2's region "auto". No request here reaches a server: every refusal comes from the worker and the signer.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, asKey, ORIGIN, assertNoSecrets } from "./harness.mjs";

const R2 = { name: "r2-uploads", region: "auto", backend: "r2", endpoint: "https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com" };
const MiB = 1024 * 1024;
let w;
before(async () => {
  w = await startWorker({ BUCKETS: JSON.stringify([R2]), SSE: "none", STORAGE_CLASSES: "STANDARD,STANDARD_IA,GLACIER" });
});
after(async () => {
  await w.dispose();
  assertNoSecrets();
});

const post = (p, json, headers = asKey()) => w.request(p, { method: "POST", headers, json });

test("R2: a presigned PUT is signed for region auto on the R2 endpoint, in STANDARD or STANDARD_IA", async () => {
  for (const s3StorageClass of [undefined, "STANDARD_IA"]) {
    const r = await post("/api/v1/upload/s3/signed-url", { filename: "r.png", contentType: "image/png", size: 10, s3StorageClass });
    assert.equal(r.status, 200, r.text);
    const url = new URL(r.body.uploadUrl);
    assert.equal(url.host, new URL(R2.endpoint).host);
    assert.match(url.searchParams.get("X-Amz-Credential"), /\/auto\/s3\/aws4_request$/);
    assert.equal(r.body.region, "auto");
    assert.equal(r.body.headers["x-amz-server-side-encryption"], undefined);
  }
});

test("R2: POST policies are refused (UnsupportedByBackend) on /api/v1 and on Uppy's /s3/params", async () => {
  for (const r of [
    await post("/api/v1/upload/s3/post-policy", { filename: "r.png", contentType: "image/png" }),
    await w.request("/s3/params?filename=r.png&type=image/png", { headers: { origin: ORIGIN } }),
  ]) {
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.error.code, "UnsupportedByBackend");
    assert.match(r.body.error.message, /POST policy/);
  }
});

test("R2: a storage class R2 lacks is refused on PUT and multipart, even where STORAGE_CLASSES allows it", async () => {
  const put = await post("/api/v1/upload/s3/signed-url", { filename: "r.png", contentType: "image/png", size: 10, s3StorageClass: "GLACIER" });
  assert.equal(put.status, 400, put.text);
  assert.equal(put.body.error.code, "UnsupportedByBackend");
  assert.match(put.body.error.message, /STANDARD and STANDARD_IA/);
  const mp = await post("/api/v1/upload/s3/multipart/initiate", { filename: "r.bin", contentType: "image/png", size: 6 * MiB, s3StorageClass: "GLACIER" });
  assert.equal(mp.status, 400, mp.text);
  assert.equal(mp.body.error.code, "UnsupportedByBackend");
});

test("R2: SSE-KMS, and a default storage class R2 lacks, are configuration errors naming the bucket", async () => {
  for (const [vars, pattern] of [
    [{ SSE: "aws:kms", SSE_KMS_KEY_ID: "arn:aws:kms:us-east-1:111122223333:key/x" }, /bucket r2-uploads is on R2, which has no SSE-KMS/],
    [{ SSE: "none", STORAGE_CLASSES: "GLACIER", DEFAULT_STORAGE_CLASS: "GLACIER" }, /stores only STANDARD and STANDARD_IA: DEFAULT_STORAGE_CLASS GLACIER/],
  ]) {
    const bad = await startWorker({ BUCKETS: JSON.stringify([R2]), ...vars });
    try {
      const h = await bad.request("/api/v1/health", { headers: asKey() });
      assert.equal(h.status, 503);
      assert.match(h.body.error.message, pattern);
    } finally {
      await bad.dispose();
    }
  }
});
