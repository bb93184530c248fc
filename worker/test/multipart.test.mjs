// Multipart through the worker: initiate → sign-parts (batch) → PUT parts → list (resume) → complete, read back
// byte for byte; abort is idempotent; the layout from initiate is enforced by what is signed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, asKey, S3, readBack, bytes, sameBytes, assertNoSecrets, sendable, refusedByS3 } from "./harness.mjs";

const MiB = 1024 * 1024;
let w;
before(async () => {
  w = await startWorker({ PART_SIZE: "5MiB" });
});
after(async () => {
  await w.dispose();
  assertNoSecrets();
});

const call = (p, json) => w.request(`/api/v1/upload/s3/multipart/${p}`, { method: "POST", headers: asKey(), json });

function layout(size, partSize) {
  const parts = [];
  for (let n = 1, off = 0; off < size; n++, off += partSize) parts.push({ partNumber: n, size: Math.min(partSize, size - off), offset: off });
  return parts;
}

async function putPart(p, data, offset) {
  const r = await fetch(p.url, { method: "PUT", headers: sendable(p.headers), body: data.subarray(offset, offset + Number(p.headers["content-length"])) });
  assert.equal(r.status, 200, await r.text());
  return r.headers.get("etag");
}

test("a 3-part upload, resumed from list, completes and reads back byte-identical", async () => {
  const size = 11 * MiB + 12345;
  const data = bytes(size, 11);
  const init = await call("initiate", { filename: "video clip.mp4", contentType: "application/octet-stream", size });
  assert.equal(init.status, 200, init.text);
  const b = init.body;
  assert.equal(b.bucket, S3.bucket);
  assert.equal(b.region, S3.region);
  assert.equal(b.partSize, 5 * MiB);
  assert.equal(b.partCount, 3);
  assert.equal(b.storageClass, "STANDARD");
  assert.match(b.key, /^uploads\/\d{4}\/\d\d\/\d\d\/m[0-9a-f]{10}\.[0-9a-z]+\.[0-9a-z]+\.[0-9a-f]{16}\/video-clip\.mp4$/);
  assert.ok(b.uploadId.length > 10);
  const parts = layout(size, b.partSize);
  const signed = await call("sign-parts", { key: b.key, uploadId: b.uploadId, parts: parts.map(({ partNumber, size }) => ({ partNumber, size })) });
  assert.equal(signed.status, 200, signed.text);
  assert.equal(signed.body.parts.length, 3);
  for (const p of signed.body.parts) {
    assert.equal(p.method, "PUT");
    assert.equal(p.headers["content-length"], String(parts[p.partNumber - 1].size));
    assert.match(new URL(p.url).searchParams.get("X-Amz-SignedHeaders"), /content-length/);
  }
  // Upload parts 1 and 3, "lose" the client, then resume from the list.
  const etags = {};
  for (const n of [3, 1]) etags[n] = await putPart(signed.body.parts[n - 1], data, parts[n - 1].offset);
  const listed = await call("list", { key: b.key, uploadId: b.uploadId, bucket: b.bucket });
  assert.equal(listed.status, 200, listed.text);
  assert.deepEqual(listed.body.parts.map((p) => [p.partNumber, p.size]), [[1, parts[0].size], [3, parts[2].size]]);
  assert.deepEqual(listed.body.parts.map((p) => p.etag), [etags[1], etags[3]]);
  const resume = await call("sign-parts", { key: b.key, uploadId: b.uploadId, parts: [{ partNumber: 2, size: parts[1].size }] });
  etags[2] = await putPart(resume.body.parts[0], data, parts[1].offset);
  // Parts in any order: the worker sorts them as S3 requires.
  const done = await call("complete", { key: b.key, uploadId: b.uploadId, parts: [3, 1, 2].map((n) => ({ partNumber: n, etag: etags[n] })) });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.body.key, b.key);
  assert.match(done.body.etag, /-3"?$/);
  assert.ok(done.body.publicUrl.endsWith(b.key.split("/").pop()));
  const back = await readBack(b.key);
  assert.ok(sameBytes(back.bytes, data), "the completed object differs from the uploaded bytes");
  const viaWorker = await fetch(done.body.downloadUrl);
  assert.equal(viaWorker.status, 200);
  assert.equal(Number(viaWorker.headers.get("content-length")), size);
  await viaWorker.body.cancel();
});

test("the layout is enforced: part sizes, part numbers, tampered keys, other buckets", async () => {
  const size = 7 * MiB;
  const init = (await call("initiate", { filename: "l.bin", contentType: "application/octet-stream", size })).body;
  const base = { key: init.key, uploadId: init.uploadId };
  const bad = async (parts, code, json = base) => {
    const r = await call("sign-parts", { ...json, parts });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.error.code, code, r.text);
  };
  await bad([{ partNumber: 1, size: 5 * MiB + 1 }], "PartSizeMismatch");
  await bad([{ partNumber: 2, size: 5 * MiB }], "PartSizeMismatch");
  await bad([{ partNumber: 3, size: 1 }], "InvalidPartNumber");
  await bad([{ partNumber: 0, size: 1 }], "InvalidPartNumber");
  await bad([], "InvalidRequest");
  const tampered = init.key.replace(/\.([0-9a-z]+)\.([0-9a-z]+)\.([0-9a-f]{16})\//, (m, s, p, mac) => `.${(parseInt(s, 36) * 100).toString(36)}.${p}.${mac}/`);
  await bad([{ partNumber: 1, size: 5 * MiB }], "InvalidUploadKey", { ...base, key: tampered });
  const r = await call("sign-parts", { ...base, bucket: "not-configured", parts: [{ partNumber: 1, size: 5 * MiB }] });
  assert.equal(r.body.error.code, "UnknownBucket");
  // S3 refuses a part whose size differs from the signed Content-Length.
  const ok = await call("sign-parts", { ...base, parts: [{ partNumber: 2, size: 2 * MiB }] });
  await refusedByS3(ok.body.parts[0].url, { method: "PUT", headers: sendable(ok.body.parts[0].headers), body: new Uint8Array(2 * MiB + 1) });
  const again = await call("abort", base);
  assert.equal(again.status, 200);
});

test("abort is safe to repeat; completing an aborted upload is S3's NoSuchUpload", async () => {
  const init = (await call("initiate", { filename: "a.bin", contentType: "application/octet-stream", size: 6 * MiB })).body;
  const first = await call("abort", { key: init.key, uploadId: init.uploadId });
  assert.equal(first.status, 200, first.text);
  assert.equal(first.body.aborted, true);
  const second = await call("abort", { key: init.key, uploadId: init.uploadId });
  assert.equal(second.status, 200, second.text);
  assert.equal(second.body.alreadyGone, true);
  const late = await call("complete", { key: init.key, uploadId: init.uploadId, parts: [{ partNumber: 1, etag: "\"abc\"" }] });
  assert.equal(late.status, 404, late.text);
  assert.equal(late.body.error.code, "NoSuchUpload");
  const dup = await call("complete", { key: init.key, uploadId: init.uploadId, parts: [{ partNumber: 1, etag: "a" }, { partNumber: 1, etag: "a" }] });
  assert.equal(dup.body.error.code, "InvalidPartOrder");
});

test("a file too large for MAX_SIZE, and more than 10 000 parts, are refused at initiate", async () => {
  const big = await call("initiate", { filename: "a.bin", contentType: "application/octet-stream", size: 65 * MiB });
  assert.equal(big.body.error.code, "FileTooLarge");
  const w2 = await startWorker({ MAX_SIZE: "5TiB", PART_SIZE: "5MiB" });
  try {
    const r = await w2.request("/api/v1/upload/s3/multipart/initiate", { method: "POST", headers: asKey(), json: { filename: "a.bin", contentType: "application/octet-stream", size: 5 * 1024 ** 4 + 1 } });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.error.code, "FileTooLarge");
    // 60 GiB at a preferred 5 MiB would be 12 288 parts: the signer picks a larger part size that fits 10 000.
    const s = await w2.request("/api/v1/upload/s3/multipart/initiate", { method: "POST", headers: asKey(), json: { filename: "a.bin", contentType: "application/octet-stream", size: 60 * 1024 ** 3 } });
    assert.equal(s.status, 200, s.text);
    assert.ok(s.body.partCount <= 10000);
    assert.ok(s.body.partSize * s.body.partCount >= 60 * 1024 ** 3);
    await w2.request("/api/v1/upload/s3/multipart/abort", { method: "POST", headers: asKey(), json: { key: s.body.key, uploadId: s.body.uploadId } });
  } finally {
    await w2.dispose();
  }
});
