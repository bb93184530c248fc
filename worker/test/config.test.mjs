// Configuration: validated on first use with errors that say what to fix (never a secret); a KV overlay changes
// policy without a redeploy; bring-your-own credentials only when enabled; optional bindings.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, asKey, S3, assertNoSecrets, addSecret, sendable } from "./harness.mjs";

after(() => assertNoSecrets());

async function withWorker(bindings, fn, options) {
  const w = await startWorker(bindings, options);
  try {
    return await fn(w);
  } finally {
    await w.dispose();
  }
}

test("a broken configuration: health 503 and every other endpoint 500 ConfigurationError, listing each problem to the operator only", async () => {
  await withWorker({ BUCKETS: "", MAX_SIZE: "lots", SSE: "rot13", ALLOWED_CONTENT_TYPES: "images" }, async (w) => {
    const h = await w.request("/api/v1/health", { headers: asKey() });
    assert.equal(h.status, 503);
    assert.equal(h.body.error.code, "ConfigurationError");
    assert.equal(h.body.error.retryable, false);
    for (const needle of ["BUCKETS is not set", "MAX_SIZE must be a size", "SSE must be one of", "ALLOWED_CONTENT_TYPES"]) {
      assert.ok(h.body.error.message.includes(needle), `missing "${needle}" in: ${h.body.error.message}`);
    }
    const r = await w.request("/api/v1/config", { headers: asKey() });
    assert.equal(r.status, 500);
    assert.equal(r.body.error.code, "ConfigurationError");
    // An unauthenticated caller (or a wrong key) learns that the worker is misconfigured, not how.
    for (const headers of [{}, { authorization: "Bearer not-a-key-not-a-key-not-a-key" }]) {
      const anon = await w.request("/api/v1/health", { headers });
      assert.equal(anon.status, 503);
      assert.equal(anon.body.error.code, "ConfigurationError");
      assert.doesNotMatch(anon.text, /BUCKETS|MAX_SIZE|SSE|ALLOWED_CONTENT_TYPES/);
      assert.match(anon.body.error.message, /log \(request id [0-9a-f-]{36}\)/);
    }
    await new Promise((res) => setTimeout(res, 50));
    assert.ok(w.logs.some((l) => l.includes("BUCKETS is not set")), "the details are in the operator's log");
  });
  await withWorker({ API_KEYS: "short" }, async (w) => {
    const h = await w.request("/api/v1/health", { headers: asKey() });
    assert.equal(h.status, 503);
    assert.doesNotMatch(h.text, /API_KEYS/, "with no valid key configured, nobody is authenticated to see details");
    await new Promise((res) => setTimeout(res, 50));
    assert.ok(w.logs.some((l) => l.includes("API_KEYS entry 1 (key1) is shorter than 24 characters")));
  });
});

test("UPLOAD_KEY_SECRET is required outside ENVIRONMENT=development, at least 32 characters, and rotates", async () => {
  await withWorker({ UPLOAD_KEY_SECRET: undefined }, async (w) => {
    const h = await w.request("/api/v1/health", { headers: asKey() });
    assert.equal(h.status, 503);
    assert.match(h.body.error.message, /UPLOAD_KEY_SECRET is not set.*openssl rand -hex 32/);
  });
  await withWorker({ UPLOAD_KEY_SECRET: undefined, ENVIRONMENT: "development" }, async (w) => {
    assert.equal((await w.request("/api/v1/health")).status, 200, "development falls back to a derived key");
  });
  await withWorker({ UPLOAD_KEY_SECRET: "too-short" }, async (w) => {
    assert.match((await w.request("/api/v1/health", { headers: asKey() })).body.error.message, /UPLOAD_KEY_SECRET is shorter than 32 characters/);
  });
  await withWorker({ UPLOAD_KEY_SECRET: undefined, UPLOAD_KEY_SECRET_PREVIOUS: "p".repeat(40) }, async (w) => {
    assert.match((await w.request("/api/v1/health", { headers: asKey() })).body.error.message, /UPLOAD_KEY_SECRET_PREVIOUS is set without UPLOAD_KEY_SECRET/);
  });
});

test("bucket mistakes name the bucket and the fix", async () => {
  const cases = [
    [[{ name: "b-1", region: "eu-centrl-1" }], /BUCKETS\[0\]\.region "eu-centrl-1" is not a known AWS region/],
    [[{ name: "Bad_Bucket", region: "eu-central-1" }], /BUCKETS\[0\] \(Bad_Bucket\): InvalidBucketName/],
    [[{ name: "b-1", region: "eu-central-1", endpoint: "ftp://x" }], /InvalidEndpoint/],
    [[{ name: "b-1" }], /BUCKETS\[0\]\.region is required/],
    [[{ name: "b-1", region: "eu-central-1", colour: "blue" }], /BUCKETS\[0\]\.colour is not a bucket setting/],
    [[{ name: "b-1", region: "eu-central-1", credentials: "R2" }], /R2_ACCESS_KEY_ID and R2_SECRET_ACCESS_KEY must be set for bucket b-1: run `wrangler secret put R2_ACCESS_KEY_ID`/],
    ["[{name:", /BUCKETS is not valid JSON/],
  ];
  for (const [buckets, pattern] of cases) {
    await withWorker({ BUCKETS: typeof buckets === "string" ? buckets : JSON.stringify(buckets) }, async (w) => {
      const h = await w.request("/api/v1/health", { headers: asKey() });
      assert.equal(h.status, 503, JSON.stringify(buckets));
      assert.match(h.body.error.message, pattern);
    });
  }
});

test("missing credentials say which `wrangler secret put` to run, without echoing the other one", async () => {
  await withWorker({ S3_SECRET_ACCESS_KEY: "" }, async (w) => {
    const h = await w.request("/api/v1/health", { headers: asKey() });
    assert.equal(h.status, 503);
    assert.match(h.body.error.message, /wrangler secret put S3_SECRET_ACCESS_KEY/);
    assert.ok(!h.text.includes(S3.accessKeyId), "the access key id is not echoed");
  });
});

test("KV overlay: policy changes without a redeploy, re-read after CONFIG_TTL_SECONDS; secrets are refused in KV", async () => {
  await withWorker({ CONFIG_TTL_SECONDS: "1" }, async (w) => {
    const kv = await w.mf.getKVNamespace("CONFIG_KV");
    await kv.put("config", JSON.stringify({ MAX_SIZE: "1KiB", ALLOWED_CONTENT_TYPES: ["text/plain"] }));
    await new Promise((r) => setTimeout(r, 1100));
    const sign = (size, contentType = "text/plain") => w.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "k.txt", contentType, size } });
    assert.equal((await sign(2000)).body.error.code, "FileTooLarge");
    assert.equal((await sign(10, "image/png")).body.error.code, "ContentTypeNotAllowed");
    await kv.put("config", JSON.stringify({ MAX_SIZE: "10KiB" }));
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal((await sign(2000)).status, 200);
    assert.equal((await sign(10, "image/png")).status, 200, "the overlay no longer restricts types: back to the vars");
    await kv.put("config", JSON.stringify({ S3_SECRET_ACCESS_KEY: "from-kv-secret-value" }));
    addSecret("from-kv-secret-value");
    await new Promise((r) => setTimeout(r, 1100));
    const h = await w.request("/api/v1/health", { headers: asKey() });
    assert.equal(h.status, 503);
    assert.match(h.body.error.message, /CONFIG_KV must not hold the secret S3_SECRET_ACCESS_KEY/);
    await kv.put("config", "{not json");
    await new Promise((r) => setTimeout(r, 1100));
    assert.match((await w.request("/api/v1/health", { headers: asKey() })).body.error.message, /not valid JSON/);
  }, { kvNamespaces: ["CONFIG_KV"] });
});

test("bring-your-own credentials when enabled: the caller's keys sign, the worker's are not used, nothing is echoed", async () => {
  const bogusSecret = "byo-bogus-secret-0123456789abcdefghij";
  addSecret(bogusSecret);
  await withWorker({ ALLOW_BYO_CREDENTIALS: "true" }, async (w) => {
    const sign = (json) => w.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "b.txt", contentType: "text/plain", size: 3, s3Bucket: S3.bucket, ...json } });
    const bogus = await sign({ s3AccessKey: "GKbyo0000000000000000000", s3SecretKey: bogusSecret });
    assert.equal(bogus.status, 200, bogus.text);
    assert.match(bogus.body.uploadUrl, /GKbyo0000000000000000000/, "signed with the caller's key id");
    const refused = await fetch(bogus.body.uploadUrl, { method: "PUT", headers: sendable(bogus.body.headers), body: "byo" });
    assert.ok(refused.status >= 400, "S3 refuses a URL signed with unknown credentials");
    const real = await sign({ s3AccessKey: S3.accessKeyId, s3SecretKey: S3.secretAccessKey });
    assert.equal(real.status, 200, real.text);
    const put = await fetch(real.body.uploadUrl, { method: "PUT", headers: sendable(real.body.headers), body: "byo" });
    assert.equal(put.status, 200);
    const missing = await sign({ s3AccessKey: "GKbyo", s3SecretKey: "" });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.code, "InvalidRequest");
    const noRegion = await w.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "b.txt", contentType: "text/plain", size: 3, s3Bucket: "my-own-bucket", s3AccessKey: "AKIAEXAMPLE", s3SecretKey: bogusSecret } });
    assert.equal(noRegion.body.error.code, "InvalidRequest");
    assert.match(noRegion.body.error.message, /s3Region/);
    const aws = await w.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "b.txt", contentType: "text/plain", size: 3, s3Bucket: "my-own-bucket", s3Region: "eu-west-1", s3AccessKey: "AKIAEXAMPLE", s3SecretKey: bogusSecret } });
    assert.equal(aws.status, 200, aws.text);
    assert.match(aws.body.uploadUrl, /^https:\/\/my-own-bucket\.s3\.eu-west-1\.amazonaws\.com\//);
  });
});

test("SSE=none (S3-compatible stores) and SSE=aws:kms with a key id are what gets signed", async () => {
  await withWorker({ SSE: "none" }, async (w) => {
    const r = await w.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "s.txt", contentType: "text/plain", size: 1 } });
    assert.equal(r.body.headers["x-amz-server-side-encryption"], undefined);
  });
  await withWorker({ SSE: "aws:kms", SSE_KMS_KEY_ID: "arn:aws:kms:eu-central-1:111122223333:key/abcd" }, async (w) => {
    const r = await w.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "s.txt", contentType: "text/plain", size: 1 } });
    assert.equal(r.body.headers["x-amz-server-side-encryption"], "aws:kms");
    assert.equal(r.body.headers["x-amz-server-side-encryption-aws-kms-key-id"], "arn:aws:kms:eu-central-1:111122223333:key/abcd");
  });
  await withWorker({ SSE_KMS_KEY_ID: "k" }, async (w) => {
    assert.match((await w.request("/api/v1/health", { headers: asKey() })).body.error.message, /SSE_KMS_KEY_ID is set but SSE is not aws:kms/);
  });
});

test("optional bindings: Workers Rate Limiting (RATE_LIMITER) and Analytics Engine (ANALYTICS)", async () => {
  await withWorker({}, async (w) => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await w.request("/api/v1/config", { headers: asKey() })).status);
    assert.deepEqual(statuses, [200, 200, 429, 429]);
    const sign = await w.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey({ authorization: `Bearer k-0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e` }), json: { filename: "a.txt", contentType: "text/plain", size: 1 } });
    assert.equal(sign.status, 200, "another API key has its own budget; Analytics Engine writes do not break requests");
  }, {
    ratelimits: { RATE_LIMITER: { simple: { limit: 2, period: 60 } } },
    analyticsEngineDatasets: { ANALYTICS: { dataset: "s3_edge_signer" } },
  });
});
