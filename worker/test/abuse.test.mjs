// The worker attacked as an anonymous browser (or a leaked API key) would: each test replays one attack from the
// trust-boundary issue against workerd and the local Garage, and asserts both the refusal and what the bucket holds
// afterwards (no object over MAX_SIZE, none of a refused type, no multipart upload left after the sweep).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startFaultProxy, op } from "./fault-proxy.mjs";
import { startWorker, asKey, ORIGIN, S3, API_KEY_2, UPLOAD_KEY_SECRET, assertNoSecrets, sendable, refusedByS3, headBack, uploadsUnder, partsOf, bytes, readBack, sameBytes, direct } from "./harness.mjs";

const MiB = 1024 * 1024;
const anon = { origin: ORIGIN };
let w;
before(async () => {
  w = await startWorker({ MAX_SIZE: "12MiB", PART_SIZE: "8MiB", MULTIPART_MAX_AGE_SECONDS: "0" });
});
after(async () => {
  await w.dispose();
  assertNoSecrets();
});

const api = (worker, p, json, headers = asKey()) => worker.request(p, { method: "POST", headers, json });
const uppyQ = (key) => `key=${encodeURIComponent(key)}`;

async function put(url, headers, body) {
  const res = await fetch(url, { method: "PUT", headers, body });
  await res.arrayBuffer();
  return res;
}

test("attack 1: size bypass through the Uppy part routes on an /api/v1 upload — parts are size-signed everywhere", async () => {
  // initiate fixes a 2-part layout for 10 MiB (8 MiB + 2 MiB) under MAX_SIZE 12 MiB …
  const init = await api(w, "/api/v1/upload/s3/multipart/initiate", { filename: "big.bin", contentType: "application/octet-stream", size: 10 * MiB });
  assert.equal(init.status, 200, init.text);
  assert.equal(init.body.partCount, 2);
  const { key, uploadId } = init.body;
  // … then the Uppy batch route signs both parts: each URL now carries its exact Content-Length.
  const batch = await w.request(`/s3/multipart/${encodeURIComponent(uploadId)}/batch?${uppyQ(key)}&partNumbers=1,2`, { headers: anon });
  assert.equal(batch.status, 200, batch.text);
  for (const [n, size] of [["1", 8 * MiB], ["2", 2 * MiB]]) {
    assert.match(new URL(batch.body.presignedUrls[n]).searchParams.get("X-Amz-SignedHeaders"), /content-length/);
    assert.equal(batch.body.headers[n]["content-length"], String(size));
  }
  const single = await w.request(`/s3/multipart/${encodeURIComponent(uploadId)}/2?${uppyQ(key)}`, { headers: anon });
  assert.equal(single.body.headers["content-length"], String(2 * MiB));
  // Two 8 MiB parts: S3 refuses the second (its signed length is 2 MiB).
  const eight = bytes(8 * MiB, 1);
  const p1 = await put(batch.body.presignedUrls["1"], {}, eight);
  assert.equal(p1.status, 200);
  await refusedByS3(batch.body.presignedUrls["2"], { method: "PUT", body: eight });
  await refusedByS3(single.body.url, { method: "PUT", body: eight });
  // Completing with what is there is refused (the layout needs both parts), on both families of routes.
  const parts = [{ partNumber: 1, etag: p1.headers.get("etag") }, { partNumber: 2, etag: p1.headers.get("etag") }];
  const done = await api(w, "/api/v1/upload/s3/multipart/complete", { key, uploadId, parts });
  assert.equal(done.status, 400, done.text);
  assert.equal(done.body.error.code, "PartNotUploaded");
  const uppyDone = await w.request(`/s3/multipart/${encodeURIComponent(uploadId)}/complete?${uppyQ(key)}`, { method: "POST", headers: anon, json: { parts: [{ PartNumber: 1, ETag: p1.headers.get("etag") }] } });
  assert.equal(uppyDone.status, 400, uppyDone.text);
  assert.equal(uppyDone.body.error.code, "IncompleteUpload");
  // The bucket: no object, and S3 holds only the 8 MiB part the layout allows.
  assert.equal((await headBack(key)).status, 404);
  assert.deepEqual((await partsOf(key, uploadId)).map((p) => [p.partNumber, p.size]), [[1, 8 * MiB]]);
  await api(w, "/api/v1/upload/s3/multipart/abort", { key, uploadId });
});

test("attack 2: unbounded parts on a size-less (Uppy) upload — part count bounded, uploaded bytes checked at every signing, upload aborted", async () => {
  const c = await w.request("/s3/multipart", { method: "POST", headers: anon, json: { filename: "u.bin", type: "application/octet-stream" } });
  assert.equal(c.status, 200, c.text);
  const { key, uploadId } = c.body;
  const id = encodeURIComponent(uploadId);
  // MAX_SIZE 12 MiB in parts of at least 5 MiB: at most 3 parts.
  const tooMany = await w.request(`/s3/multipart/${id}/batch?${uppyQ(key)}&partNumbers=1,2,3,4`, { headers: anon });
  assert.equal(tooMany.status, 400);
  assert.equal(tooMany.body.error.code, "InvalidPartNumber");
  const one = await w.request(`/s3/multipart/${id}/1?${uppyQ(key)}`, { headers: anon });
  assert.equal(one.status, 200, one.text);
  assert.equal(one.body.headers["content-length"], undefined, "Uppy sends no size: none can be signed");
  // The attacker parks 13 MiB in one part …
  assert.equal((await put(one.body.url, {}, new Uint8Array(13 * MiB))).status, 200);
  // … and the next signing finds it in S3's list: refused, and the upload is aborted with its parts.
  const next = await w.request(`/s3/multipart/${id}/2?${uppyQ(key)}`, { headers: anon });
  assert.equal(next.status, 400, next.text);
  assert.equal(next.body.error.code, "FileTooLarge");
  assert.match(next.body.error.message, /aborted/);
  assert.equal(await partsOf(key, uploadId), null, "the upload and its 13 MiB part are gone");
  assert.equal((await headBack(key)).status, 404);
});

test("attack 2b: completion is built from S3's ListParts — a missing part and a part replaced after listing are refused", async () => {
  const c = (await w.request("/s3/multipart", { method: "POST", headers: anon, json: { filename: "r.bin", type: "application/octet-stream" } })).body;
  const id = encodeURIComponent(c.uploadId);
  const sign = async (n) => (await w.request(`/s3/multipart/${id}/${n}?${uppyQ(c.key)}`, { headers: anon })).body.url;
  const first = await put(await sign(1), {}, bytes(5 * MiB, 2));
  const second = await put(await sign(2), {}, bytes(1000, 3));
  const parts = [{ PartNumber: 1, ETag: first.headers.get("etag") }, { PartNumber: 2, ETag: second.headers.get("etag") }];
  // A part the client lists but never uploaded: once counted as 0 bytes, now refused.
  const missing = await w.request(`/s3/multipart/${id}/complete?${uppyQ(c.key)}`, { method: "POST", headers: anon, json: { parts: [...parts, { PartNumber: 3, ETag: '"0000"' }] } });
  assert.equal(missing.status, 400, missing.text);
  assert.equal(missing.body.error.code, "PartNotUploaded");
  // Part 2 replaced (with more bytes) after the client read its ETag: S3's list has another ETag now.
  await put(await sign(2), {}, bytes(4000, 4));
  const swapped = await w.request(`/s3/multipart/${id}/complete?${uppyQ(c.key)}`, { method: "POST", headers: anon, json: { parts } });
  assert.equal(swapped.status, 409, swapped.text);
  assert.equal(swapped.body.error.code, "PartETagMismatch");
  assert.equal((await headBack(c.key)).status, 404);
  // With S3's current ETags it completes, and the object is exactly what was checked.
  const listed = (await w.request(`/s3/multipart/${id}?${uppyQ(c.key)}`, { headers: anon })).body;
  const ok = await w.request(`/s3/multipart/${id}/complete?${uppyQ(c.key)}`, { method: "POST", headers: anon, json: { parts: listed.map((p) => ({ PartNumber: p.PartNumber, ETag: p.ETag })) } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await headBack(c.key)).size, 5 * MiB + 4000);
});

test("attack 2c: an initiated upload that is never completed is aborted by the scheduled sweep", async () => {
  const api1 = (await api(w, "/api/v1/upload/s3/multipart/initiate", { filename: "left.bin", contentType: "application/octet-stream", size: 6 * MiB })).body;
  const uppy1 = (await w.request("/s3/multipart", { method: "POST", headers: anon, json: { filename: "left2.bin", type: "application/octet-stream" } })).body;
  const partUrl = (await w.request(`/s3/multipart/${encodeURIComponent(uppy1.uploadId)}/1?${uppyQ(uppy1.key)}`, { headers: anon })).body.url;
  assert.equal((await put(partUrl, {}, new Uint8Array(1024))).status, 200);
  // An upload under KEY_PREFIX that the worker did not create is not its to abort.
  const foreignKey = "uploads/not-from-the-worker.bin";
  const abortForeign = async (uploads) => {
    for (const u of uploads) {
      const r = direct.abortMultipartUpload(foreignKey, u.uploadId, {});
      await fetch(r.url, { method: r.method, headers: r.headers });
    }
  };
  await abortForeign(await uploadsUnder(foreignKey)); // leftovers of an interrupted earlier run
  const createReq = direct.createMultipartUpload(foreignKey, {});
  assert.equal((await fetch(createReq.url, { method: createReq.method, headers: createReq.headers })).status, 200);
  assert.ok((await uploadsUnder("uploads/")).length >= 3);
  await w.scheduled();
  const left = await uploadsUnder("uploads/");
  assert.ok(left.length >= 1 && left.every((u) => u.key === foreignKey), `every upload the worker created is gone, the foreign one is kept: ${left.map((u) => u.key)}`);
  assert.equal(await partsOf(api1.key, api1.uploadId), null);
  assert.equal(await partsOf(uppy1.key, uppy1.uploadId), null);
  await abortForeign(left);
  await new Promise((res) => setTimeout(res, 50));
  assert.ok(w.logs.some((l) => l.includes('"msg":"multipart sweep"') && l.includes('"foreign":1')), "the sweep logs what it did");
});

test("attack 3: download URLs only for objects the caller was given (download token), never any key", async () => {
  const mine = await api(w, "/api/v1/upload/s3/signed-url", { filename: "mine.txt", contentType: "text/plain", size: 4 }, anon);
  assert.equal(mine.status, 200, mine.text);
  assert.equal((await put(mine.body.uploadUrl, sendable(mine.body.headers), "mine")).status, 200);
  const theirs = await api(w, "/api/v1/upload/s3/signed-url", { filename: "theirs.txt", contentType: "text/plain", size: 6 });
  assert.equal((await put(theirs.body.uploadUrl, sendable(theirs.body.headers), "theirs")).status, 200);
  const dl = (key, token, headers = anon) => w.request(`/api/v1/download/s3/signed-url?key=${encodeURIComponent(key)}${token ? `&token=${token}` : ""}`, { headers });
  for (const [key, token] of [[theirs.body.key, undefined], [theirs.body.key, mine.body.downloadToken], [theirs.body.key, "0".repeat(32)], [theirs.body.key, "x"]]) {
    const r = await dl(key, token);
    assert.equal(r.status, 403, r.text);
    assert.equal(r.body.error.code, "DownloadNotAllowed");
  }
  const ok = await dl(mine.body.key, mine.body.downloadToken);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(await (await fetch(ok.body.url)).text(), "mine");
  // API keys are held to the same rule unless listed in DOWNLOAD_ANY_KEY.
  assert.equal((await dl(theirs.body.key, undefined, asKey())).status, 403);
  const trusted = await startWorker({ DOWNLOAD_ANY_KEY: "other" });
  try {
    const r = await trusted.request(`/api/v1/download/s3/signed-url?key=${encodeURIComponent(theirs.body.key)}`, { headers: { authorization: `Bearer ${API_KEY_2}` } });
    assert.equal(r.status, 200, r.text);
    assert.equal((await trusted.request(`/api/v1/download/s3/signed-url?key=${encodeURIComponent(theirs.body.key)}`, { headers: asKey() })).status, 403, "only the listed key");
  } finally {
    await trusted.dispose();
  }
});

test("attack 4: stored script — SVG, HTML, XML and script types are refused by every wildcard, on every route", async () => {
  const routes = [
    ["signed-url", (t) => api(w, "/api/v1/upload/s3/signed-url", { filename: "x.svg", contentType: t, size: 10 }, anon)],
    ["post-policy", (t) => api(w, "/api/v1/upload/s3/post-policy", { filename: "x.svg", contentType: t }, anon)],
    ["initiate", (t) => api(w, "/api/v1/upload/s3/multipart/initiate", { filename: "x.svg", contentType: t, size: 6 * MiB }, anon)],
    ["uppy params", (t) => w.request(`/s3/params?filename=x.svg&type=${encodeURIComponent(t)}`, { headers: anon })],
    ["uppy create", (t) => w.request("/s3/multipart", { method: "POST", headers: anon, json: { filename: "x.svg", type: t } })],
  ];
  const w2 = await startWorker({ ALLOWED_CONTENT_TYPES: "*/*" });
  try {
    for (const t of ["image/svg+xml", "text/html", "application/xhtml+xml", "text/xml", "application/javascript", "Image/SVG+XML; charset=utf-8"]) {
      for (const [name, send] of routes) {
        const r = await send(t);
        assert.equal(r.status, 400, `${name} ${t}: ${r.text}`);
        assert.equal(r.body.error.code, "ContentTypeNotAllowed", `${name} ${t}`);
      }
      const r = await api(w2, "/api/v1/upload/s3/signed-url", { filename: "x.svg", contentType: t, size: 10 });
      assert.equal(r.body.error.code, "ContentTypeNotAllowed", `*/* must not admit ${t}`);
    }
  } finally {
    await w2.dispose();
  }
  assert.deepEqual((await uploadsUnder("uploads/")).filter((u) => u.key.endsWith(".svg")), [], "no multipart upload of a refused type was created");
});

test("attack 4b: an operator who lists image/svg+xml by name gets it served as a download (Content-Disposition signed)", async () => {
  const w2 = await startWorker({ ALLOWED_CONTENT_TYPES: "image/*,image/svg+xml" });
  const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
  try {
    const r = await api(w2, "/api/v1/upload/s3/signed-url", { filename: "logo.svg", contentType: "image/svg+xml", size: svg.length });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.headers["content-disposition"], "attachment");
    assert.match(new URL(r.body.uploadUrl).searchParams.get("X-Amz-SignedHeaders"), /content-disposition/);
    const without = sendable(r.body.headers);
    delete without["content-disposition"];
    await refusedByS3(r.body.uploadUrl, { method: "PUT", headers: without, body: svg });
    assert.equal((await headBack(r.body.key)).status, 404, "the refused PUT stored nothing");
    assert.equal((await put(r.body.uploadUrl, sendable(r.body.headers), svg)).status, 200);
    assert.equal((await headBack(r.body.key)).headers.get("content-disposition"), "attachment");
    const post = await api(w2, "/api/v1/upload/s3/post-policy", { filename: "logo.svg", contentType: "image/svg+xml" });
    assert.equal(post.body.fields["Content-Disposition"], "attachment");
    const policy = JSON.parse(Buffer.from(post.body.fields.policy || post.body.fields.Policy, "base64").toString());
    assert.ok(policy.conditions.some((c) => (c["Content-Disposition"] ?? (Array.isArray(c) && c[1] === "$Content-Disposition" && c[2])) === "attachment"), JSON.stringify(policy.conditions));
    const m = await api(w2, "/api/v1/upload/s3/multipart/initiate", { filename: "big.svg", contentType: "image/svg+xml", size: 5 * MiB + 1 });
    assert.equal(m.status, 200, m.text);
    await api(w2, "/api/v1/upload/s3/multipart/abort", { key: m.body.key, uploadId: m.body.uploadId });
  } finally {
    await w2.dispose();
  }
});

test("attack 6: rotating UPLOAD_KEY_SECRET (with the previous value kept) or reordering BUCKETS never orphans an upload", async () => {
  const init = (await api(w, "/api/v1/upload/s3/multipart/initiate", { filename: "rot.bin", contentType: "application/octet-stream", size: 5 * MiB + 7 })).body;
  const put1 = await api(w, "/api/v1/upload/s3/signed-url", { filename: "rot.txt", contentType: "text/plain", size: 3 });
  const next = "next-upload-key-" + "0f9e8d7c6b5a49382716f5e4d3c2b1a0";
  const buckets = JSON.stringify([{ name: "other-bucket", region: S3.region, endpoint: S3.endpoint }, { name: S3.bucket, region: S3.region, endpoint: S3.endpoint, default: true }]);
  const rotated = await startWorker({ UPLOAD_KEY_SECRET: next, UPLOAD_KEY_SECRET_PREVIOUS: UPLOAD_KEY_SECRET, BUCKETS: buckets, MAX_SIZE: "12MiB" });
  const after = await startWorker({ UPLOAD_KEY_SECRET: next, BUCKETS: buckets, MAX_SIZE: "12MiB" });
  try {
    const signed = await api(rotated, "/api/v1/upload/s3/multipart/sign-parts", { key: init.key, uploadId: init.uploadId, parts: [{ partNumber: 1, size: 5 * MiB + 7 }] });
    assert.equal(signed.status, 200, signed.text);
    const data = bytes(5 * MiB + 7, 6);
    const p = await put(signed.body.parts[0].url, sendable(signed.body.parts[0].headers), data);
    const done = await api(rotated, "/api/v1/upload/s3/multipart/complete", { key: init.key, uploadId: init.uploadId, parts: [{ partNumber: 1, etag: p.headers.get("etag") }] });
    assert.equal(done.status, 200, done.text);
    assert.ok(sameBytes((await readBack(init.key)).bytes, data));
    const dl = await rotated.request(`/api/v1/download/s3/signed-url?key=${encodeURIComponent(put1.body.key)}&token=${put1.body.downloadToken}`, { headers: asKey() });
    assert.equal(dl.status, 200, "a download token from before the rotation still works during it");
    // Once the previous secret is removed, old tokens stop working — with a clear code, not a 500.
    const old = await after.request(`/api/v1/download/s3/signed-url?key=${encodeURIComponent(put1.body.key)}&token=${put1.body.downloadToken}`, { headers: asKey() });
    assert.equal(old.status, 403);
    const stale = await api(after, "/api/v1/upload/s3/multipart/abort", { key: init.key, uploadId: init.uploadId });
    assert.equal(stale.body.error.code, "InvalidUploadKey");
  } finally {
    await rotated.dispose();
    await after.dispose();
  }
});

test("attack 10: outcome reports only for uploads this worker issued, once, with S3's size", async () => {
  const metrics = async () => (await w.request("/api/v1/metrics", { headers: asKey() })).body.regions[S3.region] || { completed: 0, failed: 0, bytesCompleted: 0 };
  const before = await metrics();
  const up = await api(w, "/api/v1/upload/s3/signed-url", { filename: "rep.txt", contentType: "text/plain", size: 5 }, anon);
  const report = (json) => api(w, "/api/v1/upload/s3/complete", json, anon);
  // Success before the object exists: refused.
  assert.equal((await report({ uploadId: up.body.uploadId, key: up.body.key, success: true })).body.error.code, "UploadNotFound");
  await put(up.body.uploadUrl, sendable(up.body.headers), "hello");
  // Forged ids and keys.
  for (const forged of [{ uploadId: "p1.5.0123456789abcdef", key: up.body.key }, { uploadId: up.body.uploadId, key: up.body.key.replace("rep", "rex") }, { key: up.body.key }]) {
    const r = await report({ ...forged, success: true, bytes: 1e12, durationMs: 1 });
    assert.equal(r.status, 403, r.text);
    assert.equal(r.body.error.code, "UnknownUpload");
  }
  const tooLong = await report({ uploadId: up.body.uploadId, key: up.body.key, success: true, durationMs: 86400000 });
  assert.equal(tooLong.body.error.code, "InvalidRequest");
  const ok = await report({ uploadId: up.body.uploadId, key: up.body.key, success: true, bytes: 1e12, durationMs: 5 });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.bytes, 5, "S3's size, not the claimed 1e12");
  const again = await report({ uploadId: up.body.uploadId, key: up.body.key, success: false, error: { class: "network" } });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, "AlreadyReported");
  const after2 = await metrics();
  assert.equal(after2.completed, before.completed + 1);
  assert.equal(after2.failed, before.failed);
  assert.equal(after2.bytesCompleted, before.bytesCompleted + 5);
});

test("attack 10b: two racing reports of one upload count once (the Durable Object's claim)", async () => {
  const up = await api(w, "/api/v1/upload/s3/signed-url", { filename: "twice.txt", contentType: "text/plain", size: 2 });
  await put(up.body.uploadUrl, sendable(up.body.headers), "hi");
  const json = { uploadId: up.body.uploadId, key: up.body.key, success: true };
  const [a, b] = await Promise.all([api(w, "/api/v1/upload/s3/complete", json), api(w, "/api/v1/upload/s3/complete", json)]);
  assert.deepEqual([a.status, b.status].sort(), [200, 409], "a race of two reports counts one");
});

test("attack 8: errors in the right class — S3's garbage is 502 (retryable), the caller's fault 4xx, never the other way round", async () => {
  const proxy = await startFaultProxy(S3.endpoint);
  const w2 = await startWorker({ BUCKETS: JSON.stringify([{ name: S3.bucket, region: S3.region, endpoint: proxy.url }]), S3_MAX_ATTEMPTS: "1" });
  const initiate = () => api(w2, "/api/v1/upload/s3/multipart/initiate", { filename: "e.bin", contentType: "application/octet-stream", size: 6 * MiB });
  try {
    proxy.fail(1, { status: 200, body: "<html>a captive portal</html>" }, op.create);
    const garbage = await initiate();
    assert.equal(garbage.status, 502, garbage.text);
    assert.equal(garbage.body.error.code, "UpstreamError");
    assert.equal(garbage.body.error.retryable, true);
    proxy.fail(1, { status: 400, body: "<Error><Code>AuthorizationHeaderMalformed</Code><Message>wrong region</Message><Region>not a region!</Region></Error>" }, op.create);
    const hint = await initiate();
    assert.equal(hint.status, 502, `a malformed region hint is S3's fault: ${hint.text}`);
    assert.equal(hint.body.error.retryable, true);
    const ok = (await initiate()).body;
    proxy.fail(1, { status: 400, body: "<Error><Code>MalformedXML</Code><Message>The XML you provided was not well-formed</Message></Error>" }, op.listParts);
    const caller = await api(w2, "/api/v1/upload/s3/multipart/list", { key: ok.key, uploadId: ok.uploadId });
    assert.equal(caller.status, 400, caller.text);
    assert.equal(caller.body.error.code, "MalformedXML");
    proxy.fail(1, { status: 403, body: "<Error><Code>AccessDenied</Code><Message>User arn:aws:iam::111122223333:user/uploader is not authorized</Message></Error>" }, op.listParts);
    const denied = await api(w2, "/api/v1/upload/s3/multipart/list", { key: ok.key, uploadId: ok.uploadId });
    assert.equal(denied.status, 502, "S3 refusing the worker's own credentials is the operator's problem, not the caller's");
    assert.doesNotMatch(denied.text, /111122223333|arn:aws/, "S3's message (it names the account) stays in the log");
    await api(w2, "/api/v1/upload/s3/multipart/abort", { key: ok.key, uploadId: ok.uploadId });
  } finally {
    await w2.dispose();
    await proxy.close();
  }
});

test("attack 9: rate limits per IPv6 /64 and IPv4 address, failed authentications count, the anonymous limit holds with a binding", async () => {
  const w2 = await startWorker({ ANONYMOUS_RATE_LIMIT_PER_MINUTE: "3", RATE_LIMIT_PER_MINUTE: "1000" }, { ratelimits: { RATE_LIMITER: { simple: { limit: 1000, period: 60 } } } });
  try {
    const from = (ip, headers = anon) => w2.request("/api/v1/config", { headers: { ...headers, "cf-connecting-ip": ip } });
    // Four addresses of one /64 are one client: the fourth request is refused. (A window is a calendar minute;
    // should it turn during the loop, the next request decides.)
    const statuses = [];
    for (const ip of ["2001:db8:7:1::1", "2001:db8:7:1::2", "2001:db8:7:1:ffff:ffff:ffff:ffff", "2001:0db8:0007:0001::9", "2001:db8:7:1::abc"]) statuses.push((await from(ip)).status);
    assert.ok(statuses.includes(429), `one /64, one budget: ${statuses}`);
    assert.equal((await from("2001:db8:7:2::1")).status, 200, "the next /64 is another client");
    // Guessing API keys: 401s count against the address, then 429.
    const guesses = [];
    for (let i = 0; i < 5; i++) guesses.push((await from("198.51.100.7", { authorization: `Bearer guess-${i}-guess-guess-guess-guess` })).status);
    assert.equal(guesses[0], 401);
    assert.ok(guesses.includes(429), `guesses: ${guesses}`);
    const r = await from("198.51.100.7", { authorization: "Bearer guess-guess-guess-guess-guess" });
    if (r.status === 429) assert.equal(r.body.error.retryable, true);
    // API keys have their own, larger budget (here also through the RATE_LIMITER binding).
    assert.equal((await w2.request("/api/v1/config", { headers: asKey({ "cf-connecting-ip": "198.51.100.7" }) })).status, 200);
  } finally {
    await w2.dispose();
  }
});
