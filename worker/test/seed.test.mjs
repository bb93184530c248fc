// The original plan's exact request, byte for byte, against a default configuration (only the settings a deploy
// must make: buckets, credentials, API keys, UPLOAD_KEY_SECRET), and what keeps a size-less upload bounded: the
// object is verified after the upload — at the report, at the download route, and by the sweep once its URL expired
// — and deleted when it is outside [MIN_SIZE, MAX_SIZE].
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, asKey, S3, assertNoSecrets, sendable, headBack, readBack, bytes, sameBytes, DEFAULTS_ONLY } from "./harness.mjs";

const MiB = 1024 * 1024;

let w;
before(async () => {
  w = await startWorker(DEFAULTS_ONLY);
});
after(async () => {
  await w.dispose();
  assertNoSecrets();
});

test("the plan's request body, byte for byte, succeeds on a default configuration with the plan's answer fields", async () => {
  const body = `{"filename":"photo.jpg","contentType":"image/jpeg","s3Bucket":"${S3.bucket}","s3Region":"${S3.region}","s3StorageClass":"STANDARD","s3CloudFrontDomain":"d111111abcdef8.cloudfront.net"}`;
  const r = await w.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey({ "content-type": "application/json" }), body });
  assert.equal(r.status, 200, r.text);
  for (const field of ["success", "uploadUrl", "publicUrl", "uploadId", "provider", "region", "storageClass", "expiresIn", "method", "headers", "key"]) {
    assert.ok(field in r.body, `the plan's answer field ${field}`);
  }
  assert.equal(r.body.provider, "s3");
  assert.equal(r.body.region, S3.region);
  assert.equal(r.body.storageClass, "STANDARD");
  assert.equal(r.body.method, "PUT");
  assert.equal(r.body.sizeEnforcement, "verified");
  assert.equal(r.body.maxSize, 1024 ** 3, "the default MAX_SIZE");
  assert.match(r.body.publicUrl, /^https:\/\/d111111abcdef8\.cloudfront\.net\/uploads\//, "the plan's CDN domain shapes publicUrl");
  assert.equal(r.body.headers["content-length"], undefined, "no size was given, so none is signed");
  const photo = bytes(123456, 5);
  assert.equal((await fetch(r.body.uploadUrl, { method: "PUT", headers: sendable(r.body.headers), body: photo })).status, 200);
  assert.ok(sameBytes((await readBack(r.body.key)).bytes, photo));
  const report = await w.request("/api/v1/upload/s3/complete", { method: "POST", headers: asKey(), json: { uploadId: r.body.uploadId, key: r.body.key, success: true } });
  assert.equal(report.status, 200, report.text);
  assert.equal(report.body.bytes, photo.length);
});

test("a size-less PUT over MAX_SIZE is deleted when reported, when downloaded, and by the sweep after its URL expired", async () => {
  const small = await startWorker({ MAX_SIZE: "1MiB" });
  try {
    const sign = (expiresIn) => small.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "big.txt", contentType: "text/plain", ...(expiresIn ? { expiresIn } : {}) } });
    const big = new Uint8Array(2 * MiB);
    const upload = async (a) => assert.equal((await fetch(a.body.uploadUrl, { method: "PUT", headers: sendable(a.body.headers), body: big })).status, 200, "S3 cannot refuse a size it was not told");
    // 1. At the outcome report.
    const a = await sign();
    await upload(a);
    const report = await small.request("/api/v1/upload/s3/complete", { method: "POST", headers: asKey(), json: { uploadId: a.body.uploadId, key: a.body.key, success: true } });
    assert.equal(report.status, 400, report.text);
    assert.equal(report.body.error.code, "FileTooLarge");
    assert.match(report.body.error.message, /deleted/);
    assert.equal((await headBack(a.body.key)).status, 404);
    // 2. At the download route: never handed out.
    const b = await sign();
    await upload(b);
    const dl = await small.request(`/api/v1/download/s3/signed-url?key=${encodeURIComponent(b.body.key)}&token=${b.body.downloadToken}`, { headers: asKey() });
    assert.equal(dl.status, 400, dl.text);
    assert.equal(dl.body.error.code, "FileTooLarge");
    assert.equal((await headBack(b.body.key)).status, 404);
    // 3. Nobody reports or downloads: the sweep verifies it once its URL has expired.
    const c = await sign(1);
    await upload(c);
    const fine = await sign(1);
    assert.equal((await fetch(fine.body.uploadUrl, { method: "PUT", headers: sendable(fine.body.headers), body: "ok" })).status, 200);
    await new Promise((res) => setTimeout(res, 1500));
    await small.scheduled();
    assert.equal((await headBack(c.body.key)).status, 404, "the oversized object is gone");
    assert.equal((await headBack(fine.body.key)).status, 200, "the one within limits is kept");
    await new Promise((res) => setTimeout(res, 50));
    assert.ok(small.logs.some((l) => l.includes('"msg":"multipart sweep"') && /"sizeless":\{"verified":1,"deleted":1/.test(l)), "the sweep logs its verifications");
  } finally {
    await small.dispose();
  }
});

test("SIZELESS_PUT=refuse requires a size; a sized PUT is signed and enforced by S3 itself", async () => {
  const strict = await startWorker({ SIZELESS_PUT: "refuse" });
  try {
    const r = await strict.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "a.txt", contentType: "text/plain" } });
    assert.equal(r.status, 400);
    assert.match(r.body.error.message, /size.*SIZELESS_PUT=refuse/);
    const sized = await strict.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "a.txt", contentType: "text/plain", size: 2 } });
    assert.equal(sized.body.sizeEnforcement, "signed");
  } finally {
    await strict.dispose();
  }
});

test("s3CloudFrontDomain: a configured CDN domain must be named exactly; without one, a well-formed host shapes publicUrl", async () => {
  const cdn = await startWorker({ BUCKETS: JSON.stringify([{ name: S3.bucket, region: S3.region, endpoint: S3.endpoint, cdnDomain: "cdn.example.com" }]) });
  try {
    const sign = (worker, d, path = "signed-url") => worker.request(`/api/v1/upload/s3/${path}`, { method: "POST", headers: asKey(), json: { filename: "c.png", contentType: "image/png", size: 3, s3CloudFrontDomain: d } });
    assert.match((await sign(cdn, "CDN.example.com")).body.publicUrl, /^https:\/\/cdn\.example\.com\//);
    for (const path of ["signed-url", "post-policy", "multipart/initiate"]) {
      const r = await sign(cdn, "evil.example.net", path);
      assert.equal(r.body.error?.code, "CdnDomainNotAllowed", `${path}: ${r.text}`);
    }
    assert.equal((await sign(w, "https://evil.example.net/x")).body.error.code, "CdnDomainNotAllowed", "a host name, not a URL");
    assert.equal((await sign(w, "localhost")).body.error.code, "CdnDomainNotAllowed", "a domain with a dot");
  } finally {
    await cdn.dispose();
  }
});
