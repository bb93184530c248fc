// Resuming multipart uploads in headless Chromium against the running stack: an upload interrupted by a reload or
// by a lost network continues from the parts S3 holds when the same file is added again — and only then. Parts are
// counted on the wire (the page's requests to Garage), objects read back from Garage byte for byte, and the page's
// IndexedDB records read as the page stores them.
//
//   source "$S3ES_STATE_DIR/env.sh"   # Garage endpoint and keys, from scripts/s3-servers.sh
//   node --test tests/e2e/

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assertSameBytes, openDemo } from "./demo-session.mjs";
import { DEMO_URL } from "./demo-page.mjs";
import { checksumBase64, garageFromEnv } from "./garage.mjs";
import { allowedTypes, multipartSize, patternBytes } from "./sample-files.mjs";

const garage = garageFromEnv();
const TEST_MS = 240_000;
const GARAGE_ORIGIN = new URL(garage.endpoint).origin;
const PARTS = 5;
// One modification time for every file of these tests: "the same file" to the page is name, size, time and content.
const LAST_MODIFIED = Date.UTC(2026, 10, 30, 12, 0, 0);

function partNumberOf(request) {
  const url = new URL(request.url());
  if (url.origin !== GARAGE_ORIGIN || request.method() !== "PUT" || !url.searchParams.has("partNumber")) return null;
  return Number(url.searchParams.get("partNumber"));
}

/** Part PUTs the page sends, per part number, from the moment this is called until `stop()`. */
function countPartPuts(page) {
  const counts = new Map();
  const listener = (request) => {
    const n = partNumberOf(request);
    if (n !== null) counts.set(n, (counts.get(n) ?? 0) + 1);
  };
  page.on("request", listener);
  return {
    counts,
    stop: () => page.off("request", listener),
    /** [count of part 1, count of part 2, …] */
    perPart: (count) => Array.from({ length: count }, (_, i) => counts.get(i + 1) ?? 0),
  };
}

async function waitUntil(what, check, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function fileSpec(config, name, seed) {
  const [{ type, ext }] = allowedTypes(config);
  return { name: `${name}.${ext}`, type, seed, size: multipartSize(config, PARTS), lastModified: LAST_MODIFIED };
}

/**
 * Aborts, once the test is over, an upload it leaves behind on purpose: through the worker, as the page's Cancel
 * does, from Node (the browser is closed by then) presenting the page's origin as the page would.
 */
function abortLater(t, upload) {
  t.after(async () => {
    const response = await fetch(new URL("api/v1/upload/s3/multipart/abort", DEMO_URL), {
      method: "POST",
      headers: { "content-type": "application/json", origin: new URL(DEMO_URL).origin },
      body: JSON.stringify({ key: upload.key, uploadId: upload.uploadId, bucket: upload.bucket }),
    });
    assert.equal(response.status, 200, `abort of the left-over upload: ${await response.text()}`);
  });
}

/**
 * Drops `spec` and reloads the page once `doneParts` parts are in S3 and noted by the page, while the next parts
 * are held on the wire (so the reload lands with parts done and parts in flight however fast the machine is).
 * Returns the initiate answer: { key, uploadId, bucket, partCount, … }.
 */
async function uploadThenReload(demo, spec, { doneParts }) {
  const { page } = demo;
  await demo.setConcurrency(2);
  const held = [];
  const later = (url) => url.origin === GARAGE_ORIGIN && Number(url.searchParams.get("partNumber")) > doneParts;
  const hold = async (route) => {
    if (route.request().method() !== "PUT") return route.continue();
    await new Promise((release) => held.push(release));
    await route.abort().catch(() => {}); // the reload has cancelled it already
  };
  await page.route(later, hold);
  const initiated = page.waitForResponse(/\/multipart\/initiate/);
  await demo.drop([spec]);
  const upload = await (await initiated).json();
  assert.equal(upload.partCount, PARTS);
  await waitUntil(`the page has noted ${doneParts} parts and holds the next`, async () => {
    const record = (await demo.resumeRecords()).find((r) => r.uploadId === upload.uploadId);
    return record && Object.keys(record.parts).length === doneParts && held.length > 0;
  });
  await demo.reload();
  for (const release of held) release();
  await page.unroute(later, hold);
  return upload;
}

describe(`resuming uploads on ${DEMO_URL}`, () => {
  test("after a reload mid-upload, the same file sends only the parts S3 lacks, and the object is byte-identical", { timeout: TEST_MS }, async (t) => {
    const { demo, page, finish } = await openDemo(t);
    const spec = fileSpec(demo.config, "holiday-video", 1101);
    const bytes = patternBytes(spec.seed, spec.size);
    const before = countPartPuts(page);
    const upload = await uploadThenReload(demo, spec, { doneParts: 2 });
    before.stop();
    assert.deepEqual(before.perPart(PARTS).slice(0, 2), [1, 1], "parts 1 and 2 were sent before the reload");

    // The page remembers it: the record survives the reload, and the page offers the upload to resume.
    const records = await demo.resumeRecords();
    assert.equal(records.length, 1);
    const [record] = records;
    assert.equal(record.uploadId, upload.uploadId);
    assert.equal(record.key, upload.key);
    assert.equal(record.bucket, upload.bucket);
    assert.deepEqual({ partSize: record.partSize, count: record.count }, { partSize: upload.partSize, count: PARTS });
    assert.equal(record.algorithm, demo.config.checksumAlgorithm || "CRC32C");
    assert.deepEqual(Object.keys(record.parts).sort(), ["1", "2"]);
    assert.ok(record.parts[1].etag && record.parts[1].checksum?.value, "each noted part has its ETag and checksum");
    assert.deepEqual(
      { name: record.file.name, size: record.file.size, lastModified: record.file.lastModified, sampled: record.file.sample?.algorithm },
      { name: spec.name, size: spec.size, lastModified: LAST_MODIFIED, sampled: "SHA256" },
    );
    assert.ok(Math.abs(record.createdAt - Date.now()) < 120_000, "createdAt is the time of the upload");
    const offered = await demo.unfinished();
    assert.equal(offered?.length, 1, "the page lists the unfinished upload");
    assert.match(offered[0], new RegExp(`${spec.name.replace(/[.]/g, "\\.")}[\\s\\S]*2 of ${PARTS} parts sent`));

    const after = countPartPuts(page);
    const initiates = [];
    page.on("request", (r) => {
      if (/\/multipart\/initiate/.test(r.url())) initiates.push(r.url());
    });
    await demo.drop([spec]);
    const shown = await demo.waitFinal(spec.name);
    after.stop();
    assert.equal(shown.state, "done", shown.message ?? "");
    assert.deepEqual(after.perPart(PARTS), [0, 0, 1, 1, 1], "after the reload only parts 3, 4 and 5 went on the wire, once each");
    assert.deepEqual(initiates, [], "no new upload was initiated");
    assert.equal(shown.resumed, `Resumed: 2 of ${PARTS} parts already in S3`);
    assert.match(shown.detail, new RegExp(`^${PARTS} of ${PARTS} parts done`));
    assert.match(shown.stats, /^\d+(\.\d)? MiB sent in /, "the speed shown is of the bytes sent this time");
    assert.equal(shown.key, upload.key, "the object is the one the first upload started");
    assertSameBytes(await garage.getObject(upload.bucket, upload.key), bytes, "Garage copy");
    assert.match((await garage.headObject(upload.bucket, upload.key)).get("etag"), new RegExp(`-${PARTS}"$`));
    assert.deepEqual(await demo.resumeRecords(), [], "the record is gone once the upload completed");
    assert.equal(await demo.unfinished(), null, "nothing is left to resume");
    await finish("resume-after-reload");
  });

  test("after the network fails, the same file resumes; a part in S3 that does not match the file is sent again", { timeout: TEST_MS }, async (t) => {
    const { demo, page, finish } = await openDemo(t);
    const spec = fileSpec(demo.config, "field-recording", 1201);
    const bytes = patternBytes(spec.seed, spec.size);
    await demo.setConcurrency(2);
    // Parts 3 and later never reach S3: the connection drops, every retry included.
    const cut = (url) => url.origin === GARAGE_ORIGIN && Number(url.searchParams.get("partNumber")) > 2;
    await page.route(cut, (route) => (route.request().method() === "PUT" ? route.abort("internetdisconnected") : route.continue()));
    const initiated = page.waitForResponse(/\/multipart\/initiate/);
    await demo.drop([spec]);
    const upload = await (await initiated).json();
    const failed = await demo.waitFinal(spec.name);
    assert.equal(failed.state, "failed");
    assert.match(failed.message, /NetworkError/);
    assert.match(failed.stats, /the 2 parts in S3 are kept for up to a day: add the same file again to resume/);
    assert.equal(await garage.listPartsStatus(upload.bucket, upload.key, upload.uploadId), 200, "the upload was not aborted");
    const [record] = await demo.resumeRecords();
    assert.deepEqual(Object.keys(record.parts).sort(), ["1", "2"]);
    await page.unroute(cut);

    // Meanwhile part 1 in S3 is replaced by other bytes of the same size (a damaged or foreign part).
    const foreign = patternBytes(1299, upload.partSize);
    const algorithm = record.algorithm;
    await garage.uploadPart(upload.bucket, upload.key, upload.uploadId, 1, foreign, { algorithm, value: checksumBase64(algorithm, foreign) });

    // The failed item is cleared first, as a person tidying up would, so that the page shows the file once.
    await page.getByRole("button", { name: "Clear finished" }).click();
    const again = countPartPuts(page);
    await demo.drop([spec]);
    const shown = await demo.waitFinal(spec.name);
    again.stop();
    assert.equal(shown.state, "done", shown.message ?? "");
    assert.equal(shown.resumed, `Resumed: 1 of ${PARTS} parts already in S3 (1 more did not match this file and is sent again)`);
    assert.deepEqual(again.perPart(PARTS), [1, 0, 1, 1, 1], "part 1 (replaced) and the missing parts were sent; part 2 was not");
    assertSameBytes(await garage.getObject(upload.bucket, upload.key), bytes, "Garage copy");
    assert.deepEqual(await demo.resumeRecords(), []);
    await finish("resume-after-network-loss", { expectedErrors: [{ text: /ERR_INTERNET_DISCONNECTED/ }] });
  });

  test("a different file with the same name, size and time is not resumed into the old upload", { timeout: TEST_MS }, async (t) => {
    const { demo, page, finish } = await openDemo(t);
    const first = fileSpec(demo.config, "scan", 1301);
    const old = await uploadThenReload(demo, first, { doneParts: 2 });
    abortLater(t, old);
    // Same name, size and modification time; other content.
    const second = { ...first, seed: 1302 };
    const initiated = page.waitForResponse(/\/multipart\/initiate/);
    const puts = countPartPuts(page);
    await demo.drop([second]);
    const fresh = await (await initiated).json();
    const shown = await demo.waitFinal(second.name);
    puts.stop();
    assert.equal(shown.state, "done", shown.message ?? "");
    assert.notEqual(fresh.uploadId, old.uploadId, "a new upload was initiated");
    assert.notEqual(shown.key, old.key);
    assert.equal(shown.resumed, null, "nothing was resumed");
    assert.deepEqual(puts.perPart(PARTS), [1, 1, 1, 1, 1], "every part of the new file was sent");
    assertSameBytes(await garage.getObject(fresh.bucket, fresh.key), patternBytes(second.seed, second.size), "Garage copy of the new file");
    // The old upload is left alone: it may belong to another file that still wants it. The worker's sweep aborts it
    // after a day, and the page forgets it after 23 hours.
    assert.equal(await garage.listPartsStatus(old.bucket, old.key, old.uploadId), 200, "the old upload still exists");
    assert.deepEqual((await demo.resumeRecords()).map((r) => r.uploadId), [old.uploadId], "only the old upload's record remains");
    assert.equal((await demo.unfinished())?.length, 1, "and it is still offered");

    // Until the person discards it: the page aborts it in S3 and forgets it.
    const abort = page.waitForResponse(/\/multipart\/abort/);
    await page.getByRole("button", { name: `Discard the unfinished upload of ${first.name}` }).click();
    assert.equal((await abort).status(), 200);
    await page.locator("#unfinished").waitFor({ state: "hidden" });
    assert.equal(await garage.listPartsStatus(old.bucket, old.key, old.uploadId), 404, "S3 no longer holds the old upload");
    assert.deepEqual(await demo.resumeRecords(), []);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "file-input", "focus moves to the picker, not the top of the page");
    await finish("resume-different-file");
  });

  test("a record of an upload S3 no longer holds is dropped and the file uploads afresh", { timeout: TEST_MS }, async (t) => {
    const { demo, page, finish } = await openDemo(t);
    const spec = fileSpec(demo.config, "report", 1401);
    const old = await uploadThenReload(demo, spec, { doneParts: 2 });
    // Gone from S3 meanwhile (aborted by the worker's sweep or from another device).
    const aborted = await demo.callWorker("upload/s3/multipart/abort", { key: old.key, uploadId: old.uploadId, bucket: old.bucket });
    assert.equal(aborted.status, 200);
    const listed = page.waitForResponse(/\/multipart\/list/);
    const initiated = page.waitForResponse(/\/multipart\/initiate/);
    const puts = countPartPuts(page);
    await demo.drop([spec]);
    const list = await listed;
    assert.equal(list.status(), 404);
    assert.equal((await list.json()).error.code, "NoSuchUpload");
    const fresh = await (await initiated).json();
    const shown = await demo.waitFinal(spec.name);
    puts.stop();
    assert.equal(shown.state, "done", shown.message ?? "");
    assert.notEqual(fresh.uploadId, old.uploadId);
    assert.equal(shown.resumed, null);
    assert.deepEqual(puts.perPart(PARTS), [1, 1, 1, 1, 1]);
    assertSameBytes(await garage.getObject(fresh.bucket, fresh.key), patternBytes(spec.seed, spec.size), "Garage copy");
    assert.deepEqual(await demo.resumeRecords(), [], "the dead record was dropped, and the new one removed on completion");
    await finish("resume-upload-gone", { expectedErrors: [{ url: /\/multipart\/list/, status: 404 }] });
  });

  test("a record whose key the worker no longer accepts is dropped, and records older than 23 hours are swept at load", { timeout: TEST_MS }, async (t) => {
    const { demo, page, finish } = await openDemo(t);
    // A key the worker refuses (InvalidUploadKey), as after its UPLOAD_KEY_SECRET was rotated.
    const spec = fileSpec(demo.config, "contract", 1501);
    const old = await uploadThenReload(demo, spec, { doneParts: 1 });
    abortLater(t, old);
    const forged = old.key.replace(/\.([0-9a-f]{16})\//, (_, mac) => `.${mac.replace(/./g, (c) => (c === "0" ? "1" : "0"))}/`);
    assert.notEqual(forged, old.key, `the key has the MAC segment this test expects: ${old.key}`);
    await demo.patchResumeRecord(old.uploadId, { key: forged });
    const listed = page.waitForResponse(/\/multipart\/list/);
    const initiated = page.waitForResponse(/\/multipart\/initiate/);
    await demo.drop([spec]);
    const list = await listed;
    assert.equal(list.status(), 400);
    assert.equal((await list.json()).error.code, "InvalidUploadKey");
    const fresh = await (await initiated).json();
    const shown = await demo.waitFinal(spec.name);
    assert.equal(shown.state, "done", shown.message ?? "");
    assert.equal(shown.resumed, null);
    assert.notEqual(fresh.uploadId, old.uploadId);
    assert.deepEqual(await demo.resumeRecords(), []);

    // A record from yesterday: S3's parts are about to be swept (the worker aborts after a day), so the page drops
    // it at load instead of offering it.
    const stale = fileSpec(demo.config, "yesterday", 1502);
    const aged = await uploadThenReload(demo, stale, { doneParts: 1 });
    abortLater(t, aged);
    assert.equal((await demo.unfinished())?.length, 1);
    await demo.patchResumeRecord(aged.uploadId, { createdAt: Date.now() - 23.5 * 60 * 60 * 1000 });
    await demo.reload();
    assert.deepEqual(await demo.resumeRecords(), [], "the stale record was swept at load");
    assert.equal(await demo.unfinished(), null, "and is not offered");
    await finish("resume-records-swept", { expectedErrors: [{ url: /\/multipart\/list/, status: 400 }] });
  });
});
