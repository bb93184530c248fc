// The worker's own S3 calls against an S3 that fails the first N calls (a fault-injecting proxy on 127.0.0.1):
// bounded retries with backoff on 5xx, resets and timeouts; no retry on a client error; region discovery and
// correction from region hints; nearest-bucket selection from request.cf.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, asKey, S3, readBack, bytes, sameBytes, assertNoSecrets, sendable, uploadsUnder } from "./harness.mjs";
import { startFaultProxy, op } from "./fault-proxy.mjs";

const MiB = 1024 * 1024;
let proxy;
let w;
before(async () => {
  proxy = await startFaultProxy(S3.endpoint);
  w = await startWorker({
    BUCKETS: JSON.stringify([{ name: S3.bucket, region: S3.region, endpoint: proxy.url }]),
    S3_TIMEOUT_MS: "400",
    S3_COMPLETE_TIMEOUT_MS: "1500",
    S3_MAX_ATTEMPTS: "4",
    PART_SIZE: "5MiB",
  });
});
after(async () => {
  await w.dispose();
  await proxy.close();
  assertNoSecrets();
});

const call = (worker, p, json) => worker.request(`/api/v1/upload/s3/multipart/${p}`, { method: "POST", headers: asKey(), json });
const logOf = (worker, r) => worker.requestLogs().find((l) => l.requestId === r.headers.get("x-request-id"));
const settle = () => new Promise((r) => setTimeout(r, 60));


test("503 SlowDown twice on CreateMultipartUpload → retried, succeeds on the third attempt", async () => {
  proxy.reset();
  proxy.fail(2, "503", op.create);
  const r = await call(w, "initiate", { filename: "r.bin", contentType: "application/octet-stream", size: 6 * MiB });
  assert.equal(r.status, 200, r.text);
  assert.equal(proxy.calls.filter((c) => c.method === "POST").length, 3);
  await settle();
  assert.equal(logOf(w, r).retries, 2);
  await call(w, "abort", { key: r.body.key, uploadId: r.body.uploadId });
});

test("a reset connection on ListParts and a hung AbortMultipartUpload (timeout) are retried", async () => {
  const init = (await call(w, "initiate", { filename: "r.bin", contentType: "application/octet-stream", size: 6 * MiB })).body;
  proxy.reset();
  proxy.fail(1, "reset", op.listParts);
  const list = await call(w, "list", { key: init.key, uploadId: init.uploadId });
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.body.parts, []);
  assert.equal(proxy.calls.length, 2);
  proxy.reset();
  proxy.fail(1, "hang", op.abort);
  const started = Date.now();
  const abort = await call(w, "abort", { key: init.key, uploadId: init.uploadId });
  assert.equal(abort.status, 200, abort.text);
  assert.equal(abort.body.alreadyGone, undefined, "the hung call never reached S3, so the retry aborted it");
  assert.ok(Date.now() - started >= 400, "the retry came after the 400 ms timeout");
  assert.equal(proxy.calls.length, 2);
});

test("CompleteMultipartUpload answering 200 with an <Error> body is retried, and the object is whole", async () => {
  const size = 6 * MiB + 3;
  const data = bytes(size, 5);
  const init = (await call(w, "initiate", { filename: "c.bin", contentType: "application/octet-stream", size })).body;
  const signed = (await call(w, "sign-parts", { key: init.key, uploadId: init.uploadId, parts: [{ partNumber: 1, size: 5 * MiB }, { partNumber: 2, size: size - 5 * MiB }] })).body;
  const etags = [];
  for (const p of signed.parts) {
    const off = (p.partNumber - 1) * 5 * MiB;
    const r = await fetch(p.url, { method: "PUT", headers: sendable(p.headers), body: data.subarray(off, off + Number(p.headers["content-length"])) });
    assert.equal(r.status, 200);
    etags.push({ partNumber: p.partNumber, etag: r.headers.get("etag") });
  }
  proxy.reset();
  proxy.fail(1, "200-error", op.complete);
  proxy.fail(1, "503", op.complete);
  const done = await call(w, "complete", { key: init.key, uploadId: init.uploadId, parts: etags });
  assert.equal(done.status, 200, done.text);
  assert.equal(proxy.calls.filter((c) => c.method === "POST").length, 3);
  assert.ok(sameBytes((await readBack(init.key)).bytes, data));
});

test("retries are bounded: after S3_MAX_ATTEMPTS failures → 503 UpstreamBusy (S3 overloaded) or 502 UpstreamError, retryable, no credentials", async () => {
  proxy.reset();
  proxy.fail(100, "503", op.create);
  const r = await call(w, "initiate", { filename: "x.bin", contentType: "application/octet-stream", size: 6 * MiB });
  assert.equal(r.status, 503, r.text);
  assert.equal(r.body.error.code, "UpstreamBusy");
  assert.equal(r.body.error.retryable, true);
  assert.match(r.headers.get("retry-after"), /^\d+$/);
  assert.match(r.body.error.message, /4 attempts/);
  assert.equal(proxy.calls.length, 4);
  proxy.reset();
  proxy.fail(100, "reset", op.create);
  const reset = await call(w, "initiate", { filename: "x.bin", contentType: "application/octet-stream", size: 6 * MiB });
  assert.equal(reset.status, 502, reset.text);
  assert.equal(reset.body.error.code, "UpstreamError");
  assert.equal(reset.body.error.retryable, true);
  proxy.reset();
});

test("a client error from S3 (NoSuchUpload) is not retried; complete confirms with HeadObject that nothing was completed", async () => {
  const init = (await call(w, "initiate", { filename: "n.bin", contentType: "application/octet-stream", size: 6 * MiB })).body;
  proxy.reset();
  const r = await call(w, "complete", { key: init.key, uploadId: "not-an-upload", parts: [{ partNumber: 1, etag: "\"x\"" }, { partNumber: 2, etag: "\"y\"" }] });
  assert.equal(r.status, 404, r.text);
  assert.equal(r.body.error.code, "NoSuchUpload");
  assert.deepEqual(proxy.calls.map((c) => c.method), ["GET", "HEAD"], "ListParts once, then HeadObject: no retry of a client error");
  await call(w, "abort", { key: init.key, uploadId: init.uploadId });
});

test("CreateMultipartUpload whose answer is lost: the retry's duplicate upload is aborted at once", async () => {
  proxy.reset();
  proxy.fail(1, "lost", op.create);
  const r = await call(w, "initiate", { filename: "dup.bin", contentType: "application/octet-stream", size: 6 * MiB });
  assert.equal(r.status, 200, r.text);
  assert.equal(proxy.calls.filter((c) => op.create({ method: c.method, url: c.url })).length, 2, "created twice");
  const list = await uploadsUnder(r.body.key);
  assert.deepEqual(list.map((u) => u.uploadId), [r.body.uploadId], "only the upload the client was given is left");
  await call(w, "abort", { key: r.body.key, uploadId: r.body.uploadId });
});

test("CompleteMultipartUpload whose answer is lost (a long completion): the retry's NoSuchUpload is confirmed with HeadObject as success", async () => {
  const size = 6 * MiB + 5;
  const data = bytes(size, 8);
  const init = (await call(w, "initiate", { filename: "lost.bin", contentType: "application/octet-stream", size })).body;
  const signed = (await call(w, "sign-parts", { key: init.key, uploadId: init.uploadId, parts: [{ partNumber: 1, size: 5 * MiB }, { partNumber: 2, size: size - 5 * MiB }] })).body;
  const etags = [];
  for (const p of signed.parts) {
    const off = (p.partNumber - 1) * 5 * MiB;
    const put = await fetch(p.url, { method: "PUT", headers: sendable(p.headers), body: data.subarray(off, off + Number(p.headers["content-length"])) });
    etags.push({ partNumber: p.partNumber, etag: put.headers.get("etag") });
  }
  proxy.reset();
  proxy.fail(1, "lost", op.complete);
  const started = Date.now();
  const done = await call(w, "complete", { key: init.key, uploadId: init.uploadId, parts: etags });
  assert.equal(done.status, 200, done.text);
  assert.ok(Date.now() - started >= 1500, "waited S3_COMPLETE_TIMEOUT_MS, not S3_TIMEOUT_MS");
  assert.equal(done.body.size, size);
  assert.ok(sameBytes((await readBack(init.key)).bytes, data));
  // A client repeating complete after a lost answer gets the same success.
  proxy.reset();
  const again = await call(w, "complete", { key: init.key, uploadId: init.uploadId, parts: etags });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.body.size, size);
});

test("region \"auto\": discovered once (HeadBucket, then the error's <Region>), cached, and the URL uploads", async () => {
  const w2 = await startWorker({ BUCKETS: JSON.stringify([{ name: S3.bucket, region: "auto", endpoint: proxy.url }]) });
  try {
    proxy.reset();
    const r = await w2.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "auto.txt", contentType: "text/plain", size: 4 } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.region, S3.region);
    assert.equal(proxy.calls[0].method, "HEAD");
    const put = await fetch(r.body.uploadUrl, { method: "PUT", headers: sendable(r.body.headers), body: "auto" });
    assert.equal(put.status, 200, await put.text());
    const callsAfterFirst = proxy.calls.length;
    const again = await w2.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "auto.txt", contentType: "text/plain", size: 4 } });
    assert.equal(again.body.region, S3.region);
    assert.equal(proxy.calls.length, callsAfterFirst, "the discovered region is cached");
    const cfg = await w2.request("/api/v1/config", { headers: asKey() });
    assert.equal(cfg.body.buckets[0].region, S3.region);
  } finally {
    await w2.dispose();
  }
});

test("a wrongly configured region is corrected from S3's region hint, then URLs are signed for the real one", async () => {
  const w2 = await startWorker({ BUCKETS: JSON.stringify([{ name: S3.bucket, region: "us-west-2", endpoint: proxy.url }]) });
  try {
    const r = await w2.request("/api/v1/upload/s3/multipart/initiate", { method: "POST", headers: asKey(), json: { filename: "h.bin", contentType: "application/octet-stream", size: 6 * MiB } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.region, S3.region);
    await settle();
    assert.equal(logOf(w2, r).regionCorrections, 1);
    const put = await w2.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "h.txt", contentType: "text/plain", size: 2 } });
    assert.equal(put.body.region, S3.region);
    assert.match(put.body.uploadUrl, new RegExp(`%2F${S3.region}%2Fs3%2F`));
    const up = await fetch(put.body.uploadUrl, { method: "PUT", headers: sendable(put.body.headers), body: "ok" });
    assert.equal(up.status, 200);
    await w2.request("/api/v1/upload/s3/multipart/abort", { method: "POST", headers: asKey(), json: { key: r.body.key, uploadId: r.body.uploadId } });
  } finally {
    await w2.dispose();
  }
});

test("nearest bucket from request.cf coordinates, else continent; s3Region and s3Bucket choose explicitly", async () => {
  const buckets = [
    { name: S3.bucket, region: "eu-central-1", endpoint: S3.endpoint, default: true },
    { name: "us-uploads", region: "us-east-1", endpoint: S3.endpoint },
    { name: "au-uploads", region: "ap-southeast-2", endpoint: S3.endpoint },
  ];
  const w2 = await startWorker({ BUCKETS: JSON.stringify(buckets) });
  const w3 = await startWorker({ BUCKETS: JSON.stringify(buckets), BUCKET_SELECTION: "default" });
  try {
    const sign = (worker, cf, extra = {}) => worker.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), cf, json: { filename: "n.txt", contentType: "text/plain", size: 1, ...extra } });
    assert.equal((await sign(w2, { latitude: "-33.87", longitude: "151.21", continent: "OC" })).body.bucket, "au-uploads");
    assert.equal((await sign(w2, { latitude: "40.71", longitude: "-74.01", continent: "NA" })).body.bucket, "us-uploads");
    assert.equal((await sign(w2, { latitude: "48.14", longitude: "11.58", continent: "EU" })).body.bucket, S3.bucket);
    // Miniflare merges its fallback cf (which has coordinates) into ours: null them to leave only the continent.
    const only = (continent) => ({ continent, latitude: null, longitude: null });
    assert.equal((await sign(w2, only("NA"))).body.bucket, "us-uploads");
    assert.equal((await sign(w2, only("OC"))).body.bucket, "au-uploads");
    assert.equal((await sign(w2, only("EU"))).body.bucket, S3.bucket);
    const log = w2.requestLogs().at(-1);
    assert.equal(log?.selection, "nearest(continent)");
    const r = await sign(w2, { latitude: "-33.87", longitude: "151.21" }, { s3Region: "us-east-1" });
    assert.equal(r.body.bucket, "us-uploads");
    assert.equal(r.body.region, "us-east-1");
    assert.equal((await sign(w2, { latitude: "-33.87", longitude: "151.21" }, { s3Bucket: S3.bucket })).body.bucket, S3.bucket);
    assert.equal((await sign(w3, { latitude: "-33.87", longitude: "151.21" })).body.bucket, S3.bucket, "BUCKET_SELECTION=default ignores location");
    // A multipart key names its bucket: later calls find it without `bucket`, and refuse another one.
    const init = await w2.request("/api/v1/upload/s3/multipart/initiate", { method: "POST", headers: asKey(), cf: { latitude: "48.1", longitude: "11.6" }, json: { filename: "m.bin", contentType: "application/octet-stream", size: 6 * MiB } });
    assert.equal(init.status, 200, init.text);
    assert.equal(init.body.bucket, S3.bucket);
    const signed = await w2.request("/api/v1/upload/s3/multipart/sign-parts", { method: "POST", headers: asKey(), json: { key: init.body.key, uploadId: init.body.uploadId, parts: [{ partNumber: 1, size: 6 * MiB }] } });
    assert.equal(signed.status, 200, signed.text);
    assert.match(signed.body.parts[0].url, new RegExp(`/${S3.bucket}/`));
    const other = await w2.request("/api/v1/upload/s3/multipart/sign-parts", { method: "POST", headers: asKey(), json: { key: init.body.key, uploadId: init.body.uploadId, bucket: "us-uploads", parts: [{ partNumber: 1, size: 6 * MiB }] } });
    assert.equal(other.body.error.code, "InvalidUploadKey");
    await w2.request("/api/v1/upload/s3/multipart/abort", { method: "POST", headers: asKey(), json: { key: init.body.key, uploadId: init.body.uploadId } });
  } finally {
    await w2.dispose();
    await w3.dispose();
  }
});
