// Uppy Companion compatibility: the real @uppy/aws-s3 (bundled with esbuild) in headless Debian Chromium,
// pointed at the worker (Miniflare on 127.0.0.1), uploads to the local Garage through CORS — a single POST-policy
// upload and a 3-part multipart upload — and the objects read back byte-identical. The page's origin is one the
// local Garage allows (S3ES_CORS_ORIGINS); playwright serves the page at that origin, so nothing listens on it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { startWorker, asKey, S3, WORKER_DIR, readBack, bytes, sameBytes, assertNoSecrets } from "./harness.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const PAGE_ORIGIN = (process.env.S3ES_CORS_ORIGINS || "http://127.0.0.1:8787").split(/[\s,]+/).filter(Boolean)[0];
const MiB = 1024 * 1024;

let w;
let endpoint;
let browser;
let page;
let profile;
before(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  const bundle = await build({
    entryPoints: [path.join(WORKER_DIR, "test/uppy/entry.mjs")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  w = await startWorker({ ANONYMOUS_ORIGINS: PAGE_ORIGIN, PART_SIZE: "5MiB" }, { host: "127.0.0.1", port: 0 });
  endpoint = (await w.mf.ready).origin;
  profile = mkdtempSync(path.join(tmpdir(), "uppy-chromium-"));
  // A fresh profile directory per run (launchPersistentContext passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    // The page is fulfilled by playwright, so it has no IP address and Chromium would place it in the public
    // address space and block its requests to loopback (Local Network Access). Served for real from 127.0.0.1
    // (wrangler dev) it is loopback itself; the flag only undoes the artefact of fulfilling it.
    args: ["--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = browser.pages()[0] || (await browser.newPage());
  await page.route(`${PAGE_ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === "/uppy.html") return route.fulfill({ contentType: "text/html", body: '<!doctype html><meta charset="utf-8"><title>uppy</title><script src="/uppy.js"></script>' });
    if (url.pathname === "/uppy.js") return route.fulfill({ contentType: "text/javascript", body: bundle.outputFiles[0].text });
    return route.fulfill({ status: 404, body: "" });
  });
  await page.goto(`${PAGE_ORIGIN}/uppy.html`);
  await page.waitForFunction(() => typeof window.runUppy === "function");
});
after(async () => {
  await browser?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await w?.dispose();
  assertNoSecrets();
});

test("@uppy/aws-s3 single upload (GET /s3/params → POST policy) reads back byte-identical", async () => {
  const file = { name: "uppy photo.png", type: "image/png", size: 300001, seed: 21 };
  const r = await page.evaluate((args) => window.runUppy(args), { endpoint, files: [file], multipart: false });
  assert.deepEqual(r.failed, []);
  assert.equal(r.successful.length, 1);
  assert.match(r.successful[0].key, /^uploads\/\d{4}\/\d\d\/\d\d\/[0-9a-f]{16}\/uppy-photo\.png$/);
  const back = await readBack(r.successful[0].key);
  assert.equal(back.status, 200);
  assert.ok(sameBytes(back.bytes, bytes(file.size, file.seed)));
  assert.equal(back.headers.get("content-type"), "image/png");
  assert.ok(w.requestLogs().some((l) => l.op === "uppy-params" && l.status === 200));
});

test("@uppy/aws-s3 multipart (create → sign part ×3 → PUT → complete) reads back byte-identical", async () => {
  const file = { name: "clip.bin", type: "application/octet-stream", size: 11 * MiB + 777, seed: 33 };
  const r = await page.evaluate((args) => window.runUppy(args), { endpoint, files: [file], multipart: true });
  assert.deepEqual(r.failed, []);
  assert.equal(r.successful.length, 1);
  const key = r.successful[0].key;
  assert.match(key, /\/m[0-9a-f]{10}\.0\.0\.[0-9a-f]{16}\/clip\.bin$/);
  const back = await readBack(key);
  assert.ok(sameBytes(back.bytes, bytes(file.size, file.seed)));
  const ops = w.requestLogs().map((l) => l.op);
  assert.ok(ops.includes("uppy-create") && ops.includes("uppy-complete"));
  assert.equal(ops.filter((o) => o === "uppy-sign-part").length, 3);
});

test("@uppy/aws-s3 with a disallowed type: the worker refuses and Uppy reports the failure", async () => {
  const r = await page.evaluate((args) => window.runUppy(args), { endpoint, files: [{ name: "page.html", type: "text/html", size: 10, seed: 1 }], multipart: false });
  assert.equal(r.successful.length, 0);
  assert.equal(r.failed.length, 1);
  assert.ok(w.requestLogs().some((l) => l.op === "uppy-params" && l.status === 400 && l.code === "ContentTypeNotAllowed"));
});

test("Companion routes Uppy versions use besides: batch sign, list parts, abort; MAX_SIZE enforced at complete", async () => {
  const create = await w.request("/s3/multipart", { method: "POST", headers: asKey(), json: { filename: "b.bin", type: "application/octet-stream", metadata: { name: "b.bin" } } });
  assert.equal(create.status, 200, create.text);
  const { key, uploadId, bucket } = create.body;
  assert.equal(bucket, S3.bucket);
  const q = `key=${encodeURIComponent(key)}`;
  const id = encodeURIComponent(uploadId);
  const batch = await w.request(`/s3/multipart/${id}/batch?${q}&partNumbers=1,2`, { headers: asKey() });
  assert.equal(batch.status, 200, batch.text);
  assert.deepEqual(Object.keys(batch.body.presignedUrls), ["1", "2"]);
  const data = bytes(5 * MiB, 4);
  const put = await fetch(batch.body.presignedUrls["1"], { method: "PUT", body: data });
  assert.equal(put.status, 200);
  const list = await w.request(`/s3/multipart/${id}?${q}`, { headers: asKey() });
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.body.map((p) => [p.PartNumber, p.Size]), [[1, 5 * MiB]]);
  assert.equal(list.body[0].ETag, put.headers.get("etag"));
  const badPart = await w.request(`/s3/multipart/${id}/0?${q}`, { headers: asKey() });
  assert.equal(badPart.body.error.code, "InvalidPartNumber");
  const noKey = await w.request(`/s3/multipart/${id}/1`, { headers: asKey() });
  assert.equal(noKey.body.error.code, "InvalidRequest");
  const del = await w.request(`/s3/multipart/${id}?${q}`, { method: "DELETE", headers: asKey() });
  assert.equal(del.status, 200, del.text);
  assert.deepEqual(del.body, {});
  // Uppy sends no sizes, so parts are signed without Content-Length: a 6 MiB MAX_SIZE allows at most 2 parts
  // (parts but the last are ≥ 5 MiB) and is enforced at complete from S3's ListParts; the oversized upload is aborted.
  const small = await startWorker({ MAX_SIZE: "6MiB" });
  try {
    const c = (await small.request("/s3/multipart", { method: "POST", headers: asKey(), json: { filename: "big.bin", type: "application/octet-stream" } })).body;
    const cq = `key=${encodeURIComponent(c.key)}`;
    const etags = [];
    for (const n of [1, 2]) {
      const s = await small.request(`/s3/multipart/${encodeURIComponent(c.uploadId)}/${n}?${cq}`, { headers: asKey() });
      assert.equal(s.status, 200, s.text);
      const r = await fetch(s.body.url, { method: "PUT", body: bytes(n === 1 ? 5 * MiB : 2 * MiB, n) });
      etags.push({ PartNumber: n, ETag: r.headers.get("etag") });
    }
    const third = await small.request(`/s3/multipart/${encodeURIComponent(c.uploadId)}/3?${cq}`, { headers: asKey() });
    assert.equal(third.body.error.code, "InvalidPartNumber");
    const done = await small.request(`/s3/multipart/${encodeURIComponent(c.uploadId)}/complete?${cq}`, { method: "POST", headers: asKey(), json: { parts: etags } });
    assert.equal(done.status, 400, done.text);
    assert.equal(done.body.error.code, "FileTooLarge");
    assert.match(done.body.error.message, /aborted/);
    const gone = await small.request(`/s3/multipart/${encodeURIComponent(c.uploadId)}?${cq}`, { headers: asKey() });
    assert.equal(gone.status, 404, "the oversized upload no longer exists");
  } finally {
    await small.dispose();
  }
});
