// Temporary (STS-shaped) credentials: S3_SESSION_TOKEN signs into every URL and POST policy (SigV4 requires
// X-Amz-Security-Token / x-amz-security-token), so it may appear in answers while the secret key never does, and
// no URL outlives the credentials when S3_SESSION_EXPIRES_AT is set.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, asKey, ORIGIN, S3, assertNoSecrets, sendable, readBack, sameBytes, bytes } from "./harness.mjs";

// A session token of STS's shape (base64 with '/', '+' and '='), fixed for the test; Garage does not validate it,
// but it is signed, so a changed token is refused.
const TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCWV1LXdlc3QtMSJHMEUCIQD+test+session+token/value==";
const MiB = 1024 * 1024;
let w;
before(async () => {
  w = await startWorker({ S3_SESSION_TOKEN: TOKEN, S3_SESSION_EXPIRES_AT: new Date(Date.now() + 3600e3).toISOString() });
});
after(async () => {
  await w.dispose();
  assertNoSecrets();
});

test("signed-url with a session token: the URL carries it, uploads, and a changed token is refused", async () => {
  const r = await w.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "s.txt", contentType: "text/plain", size: 5 } });
  assert.equal(r.status, 200, r.text);
  const url = new URL(r.body.uploadUrl);
  assert.equal(url.searchParams.get("X-Amz-Security-Token"), TOKEN);
  const tampered = new URL(r.body.uploadUrl);
  tampered.searchParams.set("X-Amz-Security-Token", TOKEN.replace("test", "tost"));
  const bad = await fetch(tampered, { method: "PUT", headers: sendable(r.body.headers), body: "hello" });
  assert.ok(bad.status >= 400);
  assert.equal((await fetch(r.body.uploadUrl, { method: "PUT", headers: sendable(r.body.headers), body: "hello" })).status, 200);
});

test("post-policy and Uppy's /s3/params with a session token: the policy holds x-amz-security-token, and the form uploads", async () => {
  for (const get of [
    () => w.request("/api/v1/upload/s3/post-policy", { method: "POST", headers: asKey(), json: { filename: "p.txt", contentType: "text/plain" } }),
    () => w.request("/s3/params?filename=p.txt&type=text/plain", { headers: { origin: ORIGIN } }),
  ]) {
    const r = await get();
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.fields["x-amz-security-token"], TOKEN);
    const policy = JSON.parse(Buffer.from(r.body.fields.policy || r.body.fields.Policy, "base64").toString());
    assert.ok(policy.conditions.some((c) => c["x-amz-security-token"] === TOKEN));
    const data = bytes(3000, 4);
    const form = new FormData();
    for (const [k, v] of Object.entries(r.body.fields)) form.append(k, v);
    form.append("file", new Blob([data], { type: "text/plain" }));
    const res = await fetch(r.body.url, { method: "POST", body: form });
    assert.ok(res.status < 300, `${res.status} ${await res.text()}`);
    assert.ok(sameBytes((await readBack(r.body.key)).bytes, data));
  }
});

test("multipart with a session token: the worker's own calls carry it", async () => {
  const init = await w.request("/api/v1/upload/s3/multipart/initiate", { method: "POST", headers: asKey(), json: { filename: "m.bin", contentType: "application/octet-stream", size: 5 * MiB + 1 } });
  assert.equal(init.status, 200, init.text);
  const abort = await w.request("/api/v1/upload/s3/multipart/abort", { method: "POST", headers: asKey(), json: { key: init.body.key, uploadId: init.body.uploadId } });
  assert.equal(abort.status, 200, abort.text);
});

test("URLs never outlive the credentials: lifetimes are cut to S3_SESSION_EXPIRES_AT, and expired credentials are a 503", async () => {
  const soon = await startWorker({ S3_SESSION_TOKEN: TOKEN, S3_SESSION_EXPIRES_AT: String(Math.floor(Date.now() / 1000) + 600), MAX_EXPIRES_IN: "3600" });
  const gone = await startWorker({ S3_SESSION_TOKEN: TOKEN, S3_SESSION_EXPIRES_AT: new Date(Date.now() - 1000).toISOString() });
  try {
    const r = await soon.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "s.txt", contentType: "text/plain", size: 1, expiresIn: 3600 } });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.expiresIn <= 540 && r.body.expiresIn > 500, `expiresIn ${r.body.expiresIn}: 600 s left minus a 60 s margin`);
    const e = await gone.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "s.txt", contentType: "text/plain", size: 1 } });
    assert.equal(e.status, 503, e.text);
    assert.equal(e.body.error.code, "CredentialsExpired");
    assert.equal(e.body.error.retryable, true);
    const bad = await startWorker({ S3_SESSION_EXPIRES_AT: "tomorrow" });
    try {
      assert.match((await bad.request("/api/v1/health", { headers: asKey() })).body.error.message, /S3_SESSION_EXPIRES_AT must be an ISO 8601 time/);
    } finally {
      await bad.dispose();
    }
  } finally {
    await soon.dispose();
    await gone.dispose();
  }
});
