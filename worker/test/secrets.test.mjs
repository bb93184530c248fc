// The S3 secret never appears in a response, a log line, an error or a URL — including when S3 refuses the
// worker's own request, when the configuration is broken, and when a caller's own secret is sent.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, asKey, S3, assertNoSecrets, addSecret } from "./harness.mjs";

after(() => {
  const { bodies, logs } = assertNoSecrets();
  assert.ok(bodies > 10 && logs > 10, `the scan covered ${bodies} responses and ${logs} log lines`);
});

test("S3 refusing the worker (wrong secret) → 502 UpstreamError without S3's message or any secret", async () => {
  const wrong = "wrong-secret-wrong-secret-wrong-secret-000";
  addSecret(wrong);
  const w = await startWorker({ S3_SECRET_ACCESS_KEY: wrong });
  try {
    const r = await w.request("/api/v1/upload/s3/multipart/initiate", { method: "POST", headers: asKey(), json: { filename: "s.bin", contentType: "application/octet-stream", size: 6 * 1024 * 1024 } });
    assert.equal(r.status, 502, r.text);
    assert.equal(r.body.error.code, "UpstreamError");
    assert.match(r.body.error.message, /request id [0-9a-f-]{36}/);
    await new Promise((res) => setTimeout(res, 60));
    const detail = w.logs.find((l) => l.includes("S3 refused the worker's request"));
    assert.ok(detail, "the S3 error is logged for the operator");
    // URLs carry the key id in X-Amz-Credential, never the secret.
    const s = await w.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "s.txt", contentType: "text/plain", size: 1 } });
    assert.match(s.body.uploadUrl, new RegExp(S3.accessKeyId));
  } finally {
    await w.dispose();
  }
});

test("every endpoint, success and refusal, with the secret checked in bodies, headers and logs", async () => {
  const w = await startWorker({ ALLOW_BYO_CREDENTIALS: "true" });
  try {
    const byo = "caller-own-secret-0123456789-abcdefghijkl";
    addSecret(byo);
    const calls = [
      ["/api/v1/health"],
      ["/api/v1/config", { headers: asKey() }],
      ["/api/v1/regions", { headers: asKey() }],
      ["/api/v1/metrics", { headers: asKey() }],
      ["/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "a.txt", contentType: "text/plain", size: 1 } }],
      ["/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "a.txt", contentType: "text/plain", size: 1, s3Bucket: S3.bucket, s3AccessKey: "GKcaller", s3SecretKey: byo } }],
      ["/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "a.txt", contentType: "text/html", size: 1, s3Bucket: S3.bucket, s3AccessKey: "GKcaller", s3SecretKey: byo } }],
      ["/api/v1/upload/s3/post-policy", { method: "POST", headers: asKey(), json: { filename: "a.txt", contentType: "text/plain" } }],
      ["/api/v1/upload/s3/post-policy", { method: "POST", headers: asKey(), json: { filename: "a.txt", contentType: "text/plain", s3Bucket: S3.bucket, s3AccessKey: "GKcaller", s3SecretKey: byo } }],
      ["/api/v1/download/s3/signed-url?key=uploads/x.txt", { headers: asKey() }],
      ["/api/v1/upload/s3/complete", { method: "POST", headers: asKey(), json: { key: "uploads/x.txt", success: true } }],
      ["/api/v1/upload/s3/multipart/initiate", { method: "POST", headers: asKey(), json: { filename: "a.bin", contentType: "application/octet-stream", size: 10 } }],
      ["/api/v1/upload/s3/signed-url", { method: "POST", headers: { authorization: "Bearer wrong-wrong-wrong-wrong-wrong" }, json: {} }],
      ["/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey({ "content-type": "application/json" }), body: "{" }],
      ["/s3/params?filename=a.png&type=image/png", { headers: asKey() }],
      ["/s3/multipart", { method: "POST", headers: asKey(), json: { filename: "u.bin", type: "application/octet-stream" } }],
    ];
    for (const [p, init] of calls) {
      const r = await w.request(p, init);
      assert.ok(r.status < 500, `${p}: ${r.status} ${r.text}`);
    }
  } finally {
    await w.dispose();
  }
});
