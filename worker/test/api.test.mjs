// Every /api/v1 endpoint on workerd against the local Garage, with real uploads read back byte for byte.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, asKey, ORIGIN, S3, readBack, bytes, sameBytes, assertNoSecrets, sendable, refusedByS3 } from "./harness.mjs";

let w;
before(async () => {
  w = await startWorker();
});
after(async () => {
  await w.dispose();
  assertNoSecrets();
});

test("health needs no auth and says ok", async () => {
  const r = await w.request("/api/v1/health");
  assert.equal(r.status, 200);
  assert.equal(r.body.success, true);
  assert.equal(r.body.status, "ok");
  assert.match(r.body.version, /^\d+\.\d+\.\d+/);
  assert.match(r.headers.get("x-request-id"), /^[0-9a-f-]{36}$/);
});

test("config describes the policy", async () => {
  const r = await w.request("/api/v1/config", { headers: asKey() });
  assert.equal(r.status, 200);
  assert.equal(r.body.maxSize, 64 * 1024 * 1024);
  assert.deepEqual(r.body.allowedContentTypes, ["image/*", "text/plain", "application/octet-stream"]);
  assert.equal(r.body.maxParts, 10000);
  assert.equal(r.body.partSize, 8 * 1024 * 1024);
  assert.deepEqual(r.body.storageClasses, { allowed: ["STANDARD"], default: "STANDARD" });
  assert.deepEqual(r.body.buckets, [{ name: S3.bucket, region: S3.region, default: true }]);
  assert.equal(r.body.checksumAlgorithm, null);
  assert.equal(r.body.anonymous, false);
});

test("regions lists AWS regions, the buckets and storage classes", async () => {
  const r = await w.request("/api/v1/regions", { headers: asKey() });
  assert.equal(r.status, 200);
  assert.ok(r.body.regions.length >= 34);
  const fra = r.body.regions.find((x) => x.code === "eu-central-1");
  assert.equal(fra.partition, "aws");
  assert.equal(typeof fra.latitude, "number");
  assert.deepEqual(r.body.buckets, [{ name: S3.bucket, region: S3.region, default: true }]);
  assert.ok(r.body.storageClasses.find((s) => s.name === "STANDARD" && s.allowed === true));
  assert.ok(r.body.storageClasses.find((s) => s.name === "GLACIER" && s.allowed === false));
});

test("signed-url: the original plan's request → a PUT that uploads, byte-identical", async () => {
  const data = bytes(70001, 7);
  const r = await w.request("/api/v1/upload/s3/signed-url", {
    method: "POST",
    headers: asKey(),
    json: { filename: "Holiday photo (1).png", contentType: "image/png", size: data.length, s3StorageClass: "STANDARD" },
  });
  assert.equal(r.status, 200, r.text);
  const b = r.body;
  assert.equal(b.success, true);
  assert.equal(b.provider, "s3");
  assert.equal(b.method, "PUT");
  assert.equal(b.region, S3.region);
  assert.equal(b.bucket, S3.bucket);
  assert.equal(b.storageClass, "STANDARD");
  assert.equal(b.expiresIn, 900);
  assert.ok(b.expiresAt > Date.now() + 800e3 && b.expiresAt <= Date.now() + 901e3);
  assert.match(b.key, /^uploads\/\d{4}\/\d{2}\/\d{2}\/[0-9a-f]{16}\/Holiday-photo-1\.png$/);
  assert.match(b.uploadId, /^p[0-9a-z]+\.[0-9a-z]*\.[0-9a-f]{16}$/, "the worker's upload token");
  assert.match(b.downloadToken, /^[0-9a-f]{32}$/);
  assert.equal(b.headers["content-type"], "image/png");
  assert.equal(b.headers["content-length"], String(data.length));
  assert.equal(b.headers["x-amz-server-side-encryption"], "AES256");
  assert.equal(b.headers["if-none-match"], "*");
  assert.ok(b.publicUrl.endsWith(b.key));
  // If-None-Match: * is signed (AWS then refuses to overwrite; Garage 2.5 ignores the condition), so a client
  // cannot drop it.
  assert.match(new URL(b.uploadUrl).searchParams.get("X-Amz-SignedHeaders"), /(^|;)if-none-match(;|$)/);
  const noCondition = sendable(b.headers);
  delete noCondition["if-none-match"];
  await refusedByS3(b.uploadUrl, { method: "PUT", headers: noCondition, body: data });
  const put = await fetch(b.uploadUrl, { method: "PUT", headers: sendable(b.headers), body: data });
  assert.equal(put.status, 200, await put.text());
  const back = await readBack(b.key);
  assert.equal(back.status, 200);
  assert.ok(sameBytes(back.bytes, data), "object differs from what was uploaded");
});

test("signed-url: S3 enforces the signed size and type", async () => {
  const r = await w.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "a.txt", contentType: "text/plain", size: 10 } });
  assert.equal(r.status, 200);
  const h = sendable(r.body.headers);
  await refusedByS3(r.body.uploadUrl, { method: "PUT", headers: h, body: "x".repeat(11) });
  await refusedByS3(r.body.uploadUrl, { method: "PUT", headers: { ...h, "content-type": "text/html" }, body: "x".repeat(10) });
  const noSse = { ...h };
  delete noSse["x-amz-server-side-encryption"];
  await refusedByS3(r.body.uploadUrl, { method: "PUT", headers: noSse, body: "x".repeat(10) });
  const ok = await fetch(r.body.uploadUrl, { method: "PUT", headers: h, body: "x".repeat(10) });
  assert.equal(ok.status, 200);
});

test("post-policy: a form POST uploads within the signed range; S3 refuses a larger file and another type", async () => {
  const data = bytes(4096, 3);
  const r = await w.request("/api/v1/upload/s3/post-policy", { method: "POST", headers: asKey(), json: { filename: "scan.txt", contentType: "text/plain", size: data.length } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.method, "POST");
  assert.equal(r.body.maxSize, data.length);
  const policy = JSON.parse(Buffer.from(r.body.fields.policy || r.body.fields.Policy, "base64").toString());
  assert.ok(policy.conditions.some((c) => Array.isArray(c) && c[0] === "content-length-range" && c[1] === data.length && c[2] === data.length));
  const form = (type, body) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(r.body.fields)) f.append(k, k === "Content-Type" ? type : v);
    f.append("file", new Blob([body], { type }));
    return { method: "POST", body: f };
  };
  await refusedByS3(r.body.url, form("text/plain", new Uint8Array(data.length + 1)));
  await refusedByS3(r.body.url, form("text/html", data));
  const good = await fetch(r.body.url, form("text/plain", data));
  assert.ok(good.status === 204 || good.status === 200 || good.status === 201, `POST failed: ${good.status} ${await good.text()}`);
  const back = await readBack(r.body.key);
  assert.ok(sameBytes(back.bytes, data));
});

test("post-policy without size: range is [MIN_SIZE, MAX_SIZE]", async () => {
  const r = await w.request("/api/v1/upload/s3/post-policy", { method: "POST", headers: asKey(), json: { filename: "x.png", contentType: "image/png" } });
  assert.equal(r.status, 200);
  assert.equal(r.body.minSize, 1);
  assert.equal(r.body.maxSize, 64 * 1024 * 1024);
});

test("download: a signed GET of an uploaded object", async () => {
  const data = bytes(1234, 9);
  const up = await w.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "d.bin", contentType: "application/octet-stream", size: data.length } });
  assert.equal((await fetch(up.body.uploadUrl, { method: "PUT", headers: sendable(up.body.headers), body: data })).status, 200);
  const r = await w.request(`/api/v1/download/s3/signed-url?key=${encodeURIComponent(up.body.key)}&token=${up.body.downloadToken}&expiresIn=60`, { headers: asKey() });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.method, "GET");
  assert.equal(r.body.expiresIn, 60);
  const got = await fetch(r.body.url);
  assert.equal(got.status, 200);
  assert.ok(sameBytes(new Uint8Array(await got.arrayBuffer()), data));
});

test("report and metrics: outcomes feed the per-region counters (durable); metrics need an API key", async () => {
  const zero = { issued: 0, completed: 0, failed: 0, bytesCompleted: 0, latencyCount: 0 };
  const before = (await w.request("/api/v1/metrics", { headers: asKey() })).body.regions[S3.region] || zero;
  const up = await w.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "m.txt", contentType: "text/plain", size: 3 } });
  const lost = await w.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "n.txt", contentType: "text/plain", size: 3 } });
  assert.equal((await fetch(up.body.uploadUrl, { method: "PUT", headers: sendable(up.body.headers), body: "abc" })).status, 200);
  const ok = await w.request("/api/v1/upload/s3/complete", { method: "POST", headers: asKey(), json: { uploadId: up.body.uploadId, key: up.body.key, success: true, bytes: 3, durationMs: 12 } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.region, S3.region);
  assert.equal(ok.body.bytes, 3, "the size counted is S3's");
  const fail = await w.request("/api/v1/upload/s3/complete", { method: "POST", headers: asKey(), json: { uploadId: lost.body.uploadId, key: lost.body.key, success: false, bucket: S3.bucket, error: { class: "network", message: "offline" } } });
  assert.equal(fail.status, 200, fail.text);
  const m = await w.request("/api/v1/metrics", { headers: asKey() });
  assert.equal(m.status, 200);
  assert.equal(m.body.scope, "durable");
  const after = m.body.regions[S3.region];
  assert.equal(after.completed, before.completed + 1);
  assert.equal(after.failed, before.failed + 1);
  assert.equal(after.failedBy.network >= 1, true);
  assert.equal(after.bytesCompleted, before.bytesCompleted + 3);
  assert.ok(after.issued >= before.issued + 2);
  assert.ok(after.latencyCount > before.latencyCount);
  assert.equal(typeof after.latencyMs.p95, "number");
  const anon = await w.request("/api/v1/metrics", { headers: { origin: ORIGIN } });
  assert.equal(anon.status, 401);
  assert.equal(anon.body.error.code, "Unauthorized");
});

test("anonymous use from an allow-listed origin, with CORS; same-origin GETs count as the worker's origin", async () => {
  const r = await w.request("/api/v1/config", { headers: { origin: ORIGIN } });
  assert.equal(r.status, 200);
  assert.equal(r.body.anonymous, true);
  assert.equal(r.headers.get("access-control-allow-origin"), ORIGIN);
  assert.match(r.headers.get("access-control-expose-headers"), /x-request-id/);
  const pre = await w.request("/api/v1/upload/s3/signed-url", { method: "OPTIONS", headers: { origin: ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "content-type" } });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get("access-control-allow-origin"), ORIGIN);
  assert.match(pre.headers.get("access-control-allow-headers"), /content-type/);
  assert.match(pre.headers.get("access-control-allow-methods"), /POST/);
  // A key-holding app on a CORS origin gets CORS headers too.
  const app = await w.request("/api/v1/config", { headers: asKey({ origin: "https://app.example.com" }) });
  assert.equal(app.status, 200);
  assert.equal(app.headers.get("access-control-allow-origin"), "https://app.example.com");
  // ...but that origin is not anonymous.
  const appAnon = await w.request("/api/v1/config", { headers: { origin: "https://app.example.com" } });
  assert.equal(appAnon.status, 401);
  const w2 = await startWorker({ ANONYMOUS_ORIGINS: "http://worker.test" });
  try {
    const same = await w2.request("/api/v1/config", { headers: { "sec-fetch-site": "same-origin" } });
    assert.equal(same.status, 200, same.text);
    assert.equal(same.body.anonymous, true);
  } finally {
    await w2.dispose();
  }
});

test("every request writes one JSON log line with request id, op, bucket, region, status and latency", async () => {
  const r = await w.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "l.txt", contentType: "text/plain", size: 1 } });
  await new Promise((res) => setTimeout(res, 50));
  const line = w.requestLogs().find((l) => l.requestId === r.headers.get("x-request-id"));
  assert.ok(line, "no log line for the request");
  assert.equal(line.op, "signed-url");
  assert.equal(line.bucket, S3.bucket);
  assert.equal(line.region, S3.region);
  assert.equal(line.status, 200);
  assert.equal(typeof line.latencyMs, "number");
  assert.equal(line.client, "key:tests");
  const same = w.requestLogs().filter((l) => l.requestId === line.requestId);
  assert.equal(same.length, 1);
});

test("storage-classes: what each class is for, the plan's names, whether allowed, and dated indicative prices", async () => {
  const r = await w.request("/api/v1/storage-classes", { headers: asKey() });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.default, "STANDARD");
  assert.equal(r.body.prices.region, "us-east-1");
  assert.match(r.body.prices.asOf, /^\d{4}/);
  const byName = Object.fromEntries(r.body.classes.map((c) => [c.name, c]));
  assert.equal(byName.STANDARD.allowed, true);
  assert.equal(byName.DEEP_ARCHIVE.allowed, false);
  assert.equal(byName.DEEP_ARCHIVE.minStorageDays, 180);
  assert.equal(byName.GLACIER_IR.minStorageDays, 90);
  assert.equal(byName.STANDARD_IA.minBillableBytes, 128 * 1024);
  assert.ok(byName.DEEP_ARCHIVE.aliases.includes("GLACIER_DEEP_ARCHIVE"));
  assert.ok(byName.GLACIER.aliases.includes("GLACIER_FLEXIBLE_RETRIEVAL"));
  assert.equal(typeof byName.STANDARD.prices.storage, "number");
  assert.ok(byName.DEEP_ARCHIVE.prices.storage < byName.STANDARD.prices.storage);
  // The plan's names are accepted where classes are chosen.
  const w2 = await startWorker({ STORAGE_CLASSES: "STANDARD,GLACIER_INSTANT_RETRIEVAL,GLACIER_FLEXIBLE_RETRIEVAL,GLACIER_DEEP_ARCHIVE" });
  try {
    for (const [asked, signed] of [["GLACIER_INSTANT_RETRIEVAL", "GLACIER_IR"], ["GLACIER_FLEXIBLE_RETRIEVAL", "GLACIER"], ["GLACIER_DEEP_ARCHIVE", "DEEP_ARCHIVE"]]) {
      const s = await w2.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "g.txt", contentType: "text/plain", size: 1, s3StorageClass: asked } });
      assert.equal(s.status, 200, s.text);
      assert.equal(s.body.storageClass, signed);
      assert.equal(s.body.headers["x-amz-storage-class"], signed);
    }
  } finally {
    await w2.dispose();
  }
});

test("download of a specific version: versionId is signed into the S3 URL", async () => {
  const data = bytes(10, 4);
  const up = await w.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "v.bin", contentType: "application/octet-stream", size: data.length } });
  const r = await w.request(`/api/v1/download/s3/signed-url?key=${encodeURIComponent(up.body.key)}&token=${up.body.downloadToken}&versionId=3HL4kqtJlcpXroDTDmJ%2Brmcl7xCq`, { headers: asKey() });
  assert.equal(r.status, 200, r.text);
  assert.equal(new URL(r.body.url).searchParams.get("versionId"), "3HL4kqtJlcpXroDTDmJ+rmcl7xCq");
  assert.equal(r.body.versionId, "3HL4kqtJlcpXroDTDmJ+rmcl7xCq");
});
