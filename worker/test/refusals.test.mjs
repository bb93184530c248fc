// Every refusal path answers a 4xx with { success: false, error: { code, message } } — never a 500.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, asKey, ORIGIN, API_KEY, S3, assertNoSecrets, addSecret } from "./harness.mjs";

let w;
before(async () => {
  w = await startWorker({ MAX_BODY_BYTES: "2KiB", RATE_LIMIT_PER_MINUTE: "100000" });
});
after(async () => {
  await w.dispose();
  assertNoSecrets();
});

const good = { filename: "cat.png", contentType: "image/png", size: 1000 };
const SIGNED = "/api/v1/upload/s3/signed-url";

async function refused(pathname, init, status, code, messagePattern) {
  const r = await w.request(pathname, init);
  assert.equal(r.status, status, `${pathname}: expected ${status} ${code}, got ${r.status} ${r.text}`);
  assert.equal(r.body.success, false);
  assert.equal(r.body.error.code, code, r.text);
  assert.equal(typeof r.body.error.message, "string");
  assert.ok(r.body.error.message.length > 10, "the message should name the rule");
  if (messagePattern) assert.match(r.body.error.message, messagePattern);
  assert.ok(r.headers.get("x-request-id"));
  return r;
}

test("no key → 401 Unauthorized", async () => {
  const r = await refused(SIGNED, { method: "POST", json: good }, 401, "Unauthorized", /API key/);
  assert.equal(r.headers.get("www-authenticate"), "Bearer");
});

test("wrong key, and a malformed Authorization header → 401", async () => {
  await refused(SIGNED, { method: "POST", headers: { authorization: `Bearer ${API_KEY}x` }, json: good }, 401, "Unauthorized", /not valid/);
  await refused(SIGNED, { method: "POST", headers: { authorization: `Bearer ${API_KEY.slice(0, -1)}` }, json: good }, 401, "Unauthorized");
  await refused(SIGNED, { method: "POST", headers: { authorization: `Basic ${API_KEY}` }, json: good }, 401, "Unauthorized", /Bearer/);
  // A wrong key is refused even from an anonymous origin: a presented key must be valid.
  await refused(SIGNED, { method: "POST", headers: { origin: ORIGIN, authorization: "Bearer nope-nope-nope-nope-nope-nope" }, json: good }, 401, "Unauthorized");
});

test("an origin that is neither CORS nor anonymous → 403, and gets no CORS headers", async () => {
  const r = await refused(SIGNED, { method: "POST", headers: asKey({ origin: "https://evil.example" }), json: good }, 403, "Forbidden", /CORS_ORIGINS/);
  assert.equal(r.headers.get("access-control-allow-origin"), null);
  const pre = await refused(SIGNED, { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } }, 403, "Forbidden");
  assert.equal(pre.headers.get("access-control-allow-origin"), null);
});

test("disallowed content type → 400 ContentTypeNotAllowed; a malformed one → InvalidRequest", async () => {
  await refused(SIGNED, { method: "POST", headers: asKey(), json: { ...good, contentType: "text/html" } }, 400, "ContentTypeNotAllowed", /image\/\*/);
  await refused(SIGNED, { method: "POST", headers: asKey(), json: { ...good, contentType: "application/x-msdownload" } }, 400, "ContentTypeNotAllowed");
  await refused(SIGNED, { method: "POST", headers: asKey(), json: { ...good, contentType: "image" } }, 400, "InvalidRequest", /media type/);
  await refused(SIGNED, { method: "POST", headers: asKey(), json: { ...good, contentType: "image/png\r\nx-evil: 1" } }, 400, "InvalidRequest");
  await refused(SIGNED, { method: "POST", headers: asKey(), json: { filename: "a.png", size: 1 } }, 400, "InvalidRequest", /contentType/);
});

test("wildcards: image/* admits any image subtype, case-insensitively — but never active content such as SVG", async () => {
  for (const t of ["image/webp", "IMAGE/PNG", "image/png; name=x"]) {
    const r = await w.request(SIGNED, { method: "POST", headers: asKey(), json: { ...good, contentType: t } });
    assert.equal(r.status, 200, `${t}: ${r.text}`);
    assert.equal(r.body.headers["content-type"], t, "the type is signed exactly as the client will send it");
    assert.equal(r.body.headers["content-disposition"], undefined);
  }
  for (const t of ["image/svg+xml", "IMAGE/SVG+XML", "image/svg+xml; charset=utf-8", "image/vnd.foo+xml"]) {
    await refused(SIGNED, { method: "POST", headers: asKey(), json: { ...good, contentType: t } }, 400, "ContentTypeNotAllowed", /script/);
  }
});

test("too big → 400 FileTooLarge (MAX_SIZE, and S3's 5 GiB single-PUT limit); too small → FileTooSmall", async () => {
  await refused(SIGNED, { method: "POST", headers: asKey(), json: { ...good, size: 64 * 1024 * 1024 + 1 } }, 400, "FileTooLarge", /67108864/);
  const w2 = await startWorker({ MAX_SIZE: "6GiB" });
  try {
    const r = await w2.request(SIGNED, { method: "POST", headers: asKey(), json: { ...good, size: 5 * 1024 ** 3 + 1 } });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, "FileTooLarge");
    assert.match(r.body.error.message, /multipart/);
  } finally {
    await w2.dispose();
  }
  await refused(SIGNED, { method: "POST", headers: asKey(), json: { ...good, size: 0 } }, 400, "FileTooSmall");
  await refused(SIGNED, { method: "POST", headers: asKey(), json: { ...good, size: -1 } }, 400, "InvalidRequest");
  await refused(SIGNED, { method: "POST", headers: asKey(), json: { ...good, size: 1.5 } }, 400, "InvalidRequest", /integer/);
  await refused(SIGNED, { method: "POST", headers: asKey(), json: { ...good, size: "1000" } }, 400, "InvalidRequest");
});

test("bad filename → 400 InvalidFilename; odd names are sanitised, never trusted", async () => {
  for (const filename of ["", "\u0000.png", "a\nb.png", "....", "/", "../../..", "%%%.png", "x".repeat(1025)]) {
    await refused(SIGNED, { method: "POST", headers: asKey(), json: { ...good, filename } }, 400, "InvalidFilename");
  }
  await refused(SIGNED, { method: "POST", headers: asKey(), json: { ...good, filename: 42 } }, 400, "InvalidFilename");
  const cases = {
    "../../etc/passwd.png": /\/passwd\.png$/,
    "C:\\Users\\me\\My Photo.PNG": /\/My-Photo\.png$/,
    "a+b%20c 'quoted' (1).png": /\/a-b-20c-quoted-1\.png$/,
    "日本語 ファイル.png": /\/日本語-ファイル\.png$/,
    ".hidden.png": /\/hidden\.png$/,
  };
  for (const [filename, pattern] of Object.entries(cases)) {
    const r = await w.request(SIGNED, { method: "POST", headers: asKey(), json: { ...good, filename } });
    assert.equal(r.status, 200, `${filename}: ${r.text}`);
    assert.match(r.body.key, pattern);
    assert.match(r.body.key, /^uploads\/\d{4}\/\d\d\/\d\d\/[0-9a-f]{16}\/[^/]+$/);
  }
});

test("unknown bucket or region → 400 UnknownBucket", async () => {
  await refused(SIGNED, { method: "POST", headers: asKey(), json: { ...good, s3Bucket: "someone-elses-bucket" } }, 400, "UnknownBucket", /not configured/);
  await refused(SIGNED, { method: "POST", headers: asKey(), json: { ...good, s3Region: "ap-south-1" } }, 400, "UnknownBucket", /ap-south-1/);
  await refused(`/api/v1/download/s3/signed-url?key=uploads/x&bucket=nope`, { headers: asKey() }, 400, "UnknownBucket");
});

test("BYO credentials while disabled → 400 CredentialsNotAllowed; never echoed or logged", async () => {
  const byoSecret = "BYOsecretBYOsecretBYOsecret0123456789abcd";
  addSecret(byoSecret);
  await refused(SIGNED, { method: "POST", headers: asKey(), json: { ...good, s3AccessKey: "AKIAEXAMPLEBYO", s3SecretKey: byoSecret } }, 400, "CredentialsNotAllowed", /ALLOW_BYO_CREDENTIALS/);
  await refused(SIGNED, { method: "POST", headers: asKey(), json: { ...good, s3SecretKey: byoSecret } }, 400, "CredentialsNotAllowed");
  await refused("/api/v1/upload/s3/post-policy", { method: "POST", headers: asKey(), json: { ...good, s3AccessKey: "AKIAEXAMPLEBYO", s3SecretKey: byoSecret } }, 400, "CredentialsNotAllowed");
  await refused("/api/v1/upload/s3/multipart/initiate", { method: "POST", headers: asKey(), json: { ...good, s3AccessKey: "AKIAEXAMPLEBYO", s3SecretKey: byoSecret } }, 400, "CredentialsNotAllowed");
});

test("malformed JSON, a non-object body, non-UTF-8 → 400 InvalidJson; wrong media type → 415", async () => {
  await refused(SIGNED, { method: "POST", headers: asKey({ "content-type": "application/json" }), body: "{\"filename\": " }, 400, "InvalidJson");
  await refused(SIGNED, { method: "POST", headers: asKey({ "content-type": "application/json" }), body: "[1,2]" }, 400, "InvalidJson", /object/);
  await refused(SIGNED, { method: "POST", headers: asKey({ "content-type": "application/json" }), body: "null" }, 400, "InvalidJson");
  await refused(SIGNED, { method: "POST", headers: asKey({ "content-type": "application/json" }), body: new Uint8Array([0x7b, 0xff, 0x7d]) }, 400, "InvalidJson", /UTF-8/);
  await refused(SIGNED, { method: "POST", headers: asKey({ "content-type": "text/plain" }), body: JSON.stringify(good) }, 415, "UnsupportedMediaType");
  await refused(SIGNED, { method: "POST", headers: asKey() }, 415, "UnsupportedMediaType");
});

test("oversized body → 413 PayloadTooLarge (declared and streamed)", async () => {
  const big = JSON.stringify({ ...good, pad: "x".repeat(4096) });
  await refused(SIGNED, { method: "POST", headers: asKey({ "content-type": "application/json" }), body: big }, 413, "PayloadTooLarge", /2048/);
  const stream = new ReadableStream({
    start(c) {
      c.enqueue(new TextEncoder().encode(big));
      c.close();
    },
  });
  await refused(SIGNED, { method: "POST", headers: asKey({ "content-type": "application/json" }), body: stream, duplex: "half" }, 413, "PayloadTooLarge");
});

test("unknown path → 404 NotFound; wrong method → 405 with Allow", async () => {
  await refused("/api/v1/nope", { headers: asKey() }, 404, "NotFound");
  await refused("/api/v2/upload/s3/signed-url", { method: "POST", headers: asKey(), json: good }, 404, "NotFound");
  const r = await refused(SIGNED, { method: "GET", headers: asKey() }, 405, "MethodNotAllowed");
  assert.equal(r.headers.get("allow"), "POST");
  await refused("/api/v1/health", { method: "DELETE" }, 405, "MethodNotAllowed");
});

test("storage class, expiry, CDN domain, client prefix, checksum refusals", async () => {
  await refused(SIGNED, { method: "POST", headers: asKey(), json: { ...good, s3StorageClass: "GLACIER" } }, 400, "StorageClassNotAllowed", /STANDARD/);
  const bad = await w.request(SIGNED, { method: "POST", headers: asKey(), json: { ...good, s3StorageClass: "FROZEN" } });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.code, /^Invalid/, "the signer's own code is passed through");
  await refused(SIGNED, { method: "POST", headers: asKey(), json: { ...good, expiresIn: 3601 } }, 400, "ExpiresOutOfRange");
  await refused(SIGNED, { method: "POST", headers: asKey(), json: { ...good, expiresIn: 0 } }, 400, "ExpiresOutOfRange");
  await refused(SIGNED, { method: "POST", headers: asKey(), json: { ...good, s3CloudFrontDomain: "https://evil.example.com/" } }, 400, "CdnDomainNotAllowed");
  await refused(SIGNED, { method: "POST", headers: asKey(), json: { ...good, keyPrefix: "avatars" } }, 400, "KeyPrefixNotAllowed");
  await refused(SIGNED, { method: "POST", headers: asKey(), json: { ...good, checksum: { algorithm: "MD5", value: "x" } } }, 400, "InvalidRequest");
  const w2 = await startWorker({ CHECKSUM_ALGORITHM: "CRC32C", ALLOW_CLIENT_PREFIX: "true" });
  try {
    const need = await w2.request(SIGNED, { method: "POST", headers: asKey(), json: good });
    assert.equal(need.body.error.code, "ChecksumRequired");
    const other = await w2.request(SIGNED, { method: "POST", headers: asKey(), json: { ...good, checksum: { algorithm: "SHA256", value: "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=" } } });
    assert.equal(other.body.error.code, "ChecksumAlgorithmNotAllowed");
    const prefix = await w2.request(SIGNED, { method: "POST", headers: asKey(), json: { ...good, checksum: { algorithm: "CRC32C", value: "AAAAAA==" }, keyPrefix: "../etc" } });
    assert.equal(prefix.body.error.code, "InvalidKeyPrefix");
    const ok = await w2.request(SIGNED, { method: "POST", headers: asKey(), json: { ...good, checksum: { algorithm: "CRC32C", value: "AAAAAA==" }, keyPrefix: "avatars/u123" } });
    assert.equal(ok.status, 200, ok.text);
    assert.match(ok.body.key, /^uploads\/avatars\/u123\/\d{4}\//);
    assert.equal(ok.body.headers["x-amz-checksum-crc32c"], "AAAAAA==");
  } finally {
    await w2.dispose();
  }
});

test("downloads only under KEY_PREFIX; multipart keys must be the worker's own", async () => {
  await refused(`/api/v1/download/s3/signed-url?key=${encodeURIComponent("private/secret.txt")}`, { headers: asKey() }, 403, "Forbidden", /uploads\//);
  await refused(`/api/v1/download/s3/signed-url`, { headers: asKey() }, 400, "InvalidRequest");
  await refused(`/api/v1/download/s3/signed-url?key=uploads/../private/x`, { headers: asKey() }, 400, "InvalidObjectKey");
  const forged = "uploads/2026/01/01/m0123456789.2bi8.34dfk.0123456789abcdef/x.bin";
  await refused("/api/v1/upload/s3/multipart/sign-parts", { method: "POST", headers: asKey(), json: { key: forged, uploadId: "u", parts: [{ partNumber: 1, size: 5 }] } }, 400, "InvalidUploadKey");
  await refused("/api/v1/upload/s3/multipart/abort", { method: "POST", headers: asKey(), json: { key: "uploads/2026/01/01/0123456789abcdef/x.bin", uploadId: "u" } }, 400, "InvalidUploadKey");
  await refused("/api/v1/upload/s3/multipart/list", { method: "POST", headers: asKey(), json: { key: forged } }, 400, "InvalidRequest", /uploadId/);
});

test("rate limiting per client → 429 RateLimited with Retry-After; other clients unaffected", async () => {
  const w2 = await startWorker({ RATE_LIMIT_PER_MINUTE: "3", ANONYMOUS_RATE_LIMIT_PER_MINUTE: "2" });
  try {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await w2.request("/api/v1/config", { headers: asKey() })).status);
    // The window is a calendar minute: at most one boundary can fall inside this loop.
    assert.ok(statuses.filter((s) => s === 429).length >= 1, statuses.join(","));
    const r = await w2.request("/api/v1/config", { headers: asKey() });
    if (r.status === 429) {
      assert.equal(r.body.error.code, "RateLimited");
      assert.match(r.headers.get("retry-after"), /^\d+$/);
    }
    const anon = [];
    for (let i = 0; i < 4; i++) anon.push((await w2.request("/api/v1/config", { headers: { origin: ORIGIN, "cf-connecting-ip": "203.0.113.9" } })).status);
    assert.ok(anon.includes(429), anon.join(","));
    const otherIp = await w2.request("/api/v1/config", { headers: { origin: ORIGIN, "cf-connecting-ip": "203.0.113.10" } });
    assert.equal(otherIp.status, 200);
  } finally {
    await w2.dispose();
  }
});

test("missing fields in multipart calls → 400 with the field named", async () => {
  await refused("/api/v1/upload/s3/multipart/initiate", { method: "POST", headers: asKey(), json: { filename: "a.bin", contentType: "application/octet-stream" } }, 400, "InvalidRequest", /size/);
  await refused("/api/v1/upload/s3/multipart/sign-parts", { method: "POST", headers: asKey(), json: { uploadId: "x", parts: [] } }, 400, "InvalidRequest", /key/);
  await refused("/api/v1/upload/s3/multipart/complete", { method: "POST", headers: asKey(), json: { key: "uploads/x" } }, 400, "InvalidRequest", /uploadId/);
  await refused("/api/v1/upload/s3/complete", { method: "POST", headers: asKey(), json: { key: "uploads/x" } }, 400, "InvalidRequest", /success/);
});
