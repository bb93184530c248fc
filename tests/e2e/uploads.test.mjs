// The demo page in headless Chromium against the running stack (worker on S3ES_DEMO_URL, Garage from S3ES_GARAGE_*):
// real uploads through CORS, read back from Garage byte for byte, and the page's states as a person sees them.
//
//   source "$S3ES_STATE_DIR/env.sh"   # Garage endpoint and keys, from scripts/s3-servers.sh
//   node --test tests/e2e/

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { PHONE } from "./browser.mjs";
import { assertSameBytes, openDemo } from "./demo-session.mjs";
import { DEMO_URL } from "./demo-page.mjs";
import { checksumBase64, garageFromEnv } from "./garage.mjs";
import { allowedTypes, multipartSize, patternBytes, refusedType } from "./sample-files.mjs";

const garage = garageFromEnv();
// A bound on each test so that a stuck upload fails the run instead of hanging it; not a performance target.
const TEST_MS = 240_000;
const API = /\/api\/v1\//;
const GARAGE_ORIGIN = new URL(garage.endpoint).origin;
const garageUrl = (url) => new URL(url).origin === GARAGE_ORIGIN;

// The algorithm the page uses: the worker's required one, else the page's own CRC32C (www/app.js).
function checksumAlgorithm(config) {
  return config.checksumAlgorithm || "CRC32C";
}

function nonDefaultStorageClass(config) {
  const { allowed = [], default: fallback } = config.storageClasses ?? {};
  return allowed.find((name) => name !== fallback) ?? fallback;
}

async function assertStoredAs(bytes, shown, type) {
  assertSameBytes(await garage.getObject(shown.bucket, shown.key), bytes, `Garage copy of ${shown.key}`);
  const head = await garage.headObject(shown.bucket, shown.key);
  assert.equal(head.get("content-type"), type, "stored Content-Type");
  return head;
}

async function assertLinkServes(link, bytes) {
  assert.ok(link, "the page shows a download link");
  const response = await fetch(link);
  assert.equal(response.status, 200, `the page's download link answers ${response.status}`);
  assertSameBytes(Buffer.from(await response.arrayBuffer()), bytes, "bytes behind the page's download link");
}

describe(`demo page at ${DEMO_URL}`, () => {
  test("a small file goes up in one PUT with its CRC32C signed and reads back byte-identical", { timeout: TEST_MS }, async (t) => {
    const { demo, page, finish } = await openDemo(t);
    const config = demo.config;
    const [{ type, ext }] = allowedTypes(config);
    const storageClass = await demo.chooseStorageClass(nonDefaultStorageClass(config));
    const name = `holiday photo (1).${ext}`;
    const bytes = patternBytes(101, Math.min(180_000, config.multipartThreshold));
    const puts = [];
    page.on("request", (request) => {
      if (garageUrl(request.url()) && request.method() === "PUT") puts.push(request.url());
    });

    await demo.pick([{ name, type, bytes }]);
    const shown = await demo.waitFinal(name);

    assert.equal(shown.state, "done", shown.message ?? "");
    assert.equal(shown.badge, "Uploaded");
    assert.equal(shown.mode, "single");
    assert.match(shown.meta, /single PUT/);
    assert.equal(puts.length, 1, `one PUT to S3, saw ${puts.length}`);
    assert.ok(!new URL(puts[0]).searchParams.has("partNumber"), "a plain PUT, not a part");
    assert.match(shown.signed, /Content-Length/);
    assert.match(shown.signed, new RegExp(checksumAlgorithm(config)));
    assert.match(shown.signed, /S3 will reject a different body/);
    assert.equal(shown.storageClass, storageClass);
    const bucket = config.buckets.find((b) => b.name === shown.bucket);
    assert.ok(bucket, `the page names a bucket the worker offers (${shown.bucket})`);
    assert.match(shown.region, new RegExp(`\\(${bucket.region}\\)$`));
    assert.match(shown.duration, /\d/);
    assert.deepEqual(shown.progress, { value: bytes.length, max: bytes.length });
    assert.match(shown.stats, /100%/);

    const head = await assertStoredAs(bytes, shown, type);
    const algorithm = checksumAlgorithm(config);
    assert.equal(head.get(`x-amz-checksum-${algorithm.toLowerCase()}`), checksumBase64(algorithm, bytes), "the checksum S3 stored is the file's");
    await assertLinkServes(shown.link, bytes);
    assert.equal((await demo.overall()).summary, "1 of 1 uploaded");
    assert.match(await demo.announcement(), new RegExp(`${name.replace(/[()]/g, "\\$&")} uploaded`));
    await finish("single-put");
  });

  test("a file above the multipart threshold goes up in parallel parts and reads back byte-identical", { timeout: TEST_MS }, async (t) => {
    const { demo, page, finish } = await openDemo(t);
    const config = demo.config;
    const [{ type, ext }] = allowedTypes(config);
    const size = multipartSize(config, 3);
    const partCount = Math.ceil(size / config.partSize);
    const concurrency = 2;
    await demo.setConcurrency(concurrency);
    const name = `big-archive.${ext}`;
    const bytes = patternBytes(202, size);

    // Part PUTs in flight at once, counted inside the page where send() and the end of a request are strictly
    // ordered (network event timestamps come from two processes and can overlap by a millisecond or two). The end
    // listener is added in open(), before the page sets onload, so it runs before the page's own handler can start
    // the next part.
    await page.evaluate(() => {
      const counter = (window.__partsInFlight = { now: 0, max: 0 });
      const { open, send } = XMLHttpRequest.prototype;
      XMLHttpRequest.prototype.open = function (method, url, ...rest) {
        this.isPartUpload = method === "PUT" && new URL(url, location.href).searchParams.has("partNumber");
        if (this.isPartUpload) {
          let ended = false;
          const end = () => {
            if (!ended) counter.now -= 1;
            ended = true;
          };
          for (const type of ["load", "error", "abort", "timeout"]) this.addEventListener(type, end);
        }
        return open.call(this, method, url, ...rest);
      };
      XMLHttpRequest.prototype.send = function (body) {
        if (this.isPartUpload) {
          counter.now += 1;
          counter.max = Math.max(counter.max, counter.now);
        }
        return send.call(this, body);
      };
    });
    const partNumbers = [];
    page.on("requestfinished", (request) => {
      if (garageUrl(request.url()) && request.method() === "PUT" && new URL(request.url()).searchParams.has("partNumber")) {
        partNumbers.push(Number(new URL(request.url()).searchParams.get("partNumber")));
      }
    });
    await demo.pick([{ name, type, bytes }]);
    const shown = await demo.waitFinal(name);

    assert.equal(shown.state, "done", shown.message ?? "");
    assert.equal(shown.mode, "multipart");
    assert.ok(partCount >= 3);
    assert.match(shown.meta, new RegExp(`multipart, ${partCount} parts of`));
    assert.match(shown.detail, new RegExp(`^${partCount} of ${partCount} parts done`));
    assert.deepEqual(partNumbers.sort((a, b) => a - b), Array.from({ length: partCount }, (_, i) => i + 1));
    const maxInFlight = await page.evaluate(() => window.__partsInFlight.max);
    // Exactly the limit: the first parts are signed in one batch and start together, so they do overlap.
    assert.equal(maxInFlight, concurrency, `${concurrency} parts in flight at most and at once, saw ${maxInFlight}`);
    assert.match(shown.signed, new RegExp(`Signed per part: .*${checksumAlgorithm(config)}`));

    const head = await assertStoredAs(bytes, shown, type);
    // S3's multipart ETag is "<md5 of the part MD5s>-<part count>": proof of how the object was assembled.
    assert.match(head.get("etag"), new RegExp(`-${partCount}"$`));
    await assertLinkServes(shown.link, bytes);
    assert.deepEqual(await demo.resumeRecords(), [], "a completed upload leaves nothing to resume");
    await finish("multipart");
  });

  test("several dropped files upload at once, each byte-identical", { timeout: TEST_MS }, async (t) => {
    const { demo, finish } = await openDemo(t);
    const config = demo.config;
    const types = allowedTypes(config);
    const pick = (i) => types[i % types.length];
    const specs = [
      { name: `notes.${pick(0).ext}`, type: pick(0).type, seed: 301, size: 1_234 },
      { name: `diagram.${pick(1).ext}`, type: pick(1).type, seed: 302, size: 64 * 1024 + 3 },
      { name: `scan ü+ß.${pick(2).ext}`, type: pick(2).type, seed: 303, size: Math.min(700_001, config.multipartThreshold) },
      { name: `recording.${pick(3).ext}`, type: pick(3).type, seed: 304, size: multipartSize(config, 3) },
    ];
    const { highlightedWhileDragging } = await demo.drop(specs);
    assert.ok(highlightedWhileDragging, "the drop zone shows it will accept the drop");

    const keys = new Set();
    for (const spec of specs) {
      const shown = await demo.waitFinal(spec.name);
      assert.equal(shown.state, "done", `${spec.name}: ${shown.message ?? ""}`);
      assert.equal(shown.mode, spec.size > config.multipartThreshold ? "multipart" : "single", spec.name);
      await assertStoredAs(patternBytes(spec.seed, spec.size), shown, spec.type);
      keys.add(shown.key);
    }
    assert.equal(keys.size, specs.length, "each file has its own key");
    const overall = await demo.overall();
    assert.equal(overall.summary, `${specs.length} of ${specs.length} uploaded`);
    const total = specs.reduce((sum, s) => sum + s.size, 0);
    assert.deepEqual(overall.progress, { value: total, max: total });
    assert.match(overall.stats, /100% · all finished/);
    await finish("several-files");
  });

  test("a file of a refused type shows the worker's reason; the others still upload", { timeout: TEST_MS }, async (t) => {
    const { demo, page, finish } = await openDemo(t);
    const config = demo.config;
    const refused = refusedType(config);
    assert.ok(refused, `the worker accepts every content type (${JSON.stringify(config.allowedContentTypes)}): no type refusal to test`);
    const [allowed] = allowedTypes(config);
    const refusedFile = { name: `installer.${refused.ext}`, type: refused.type, bytes: patternBytes(401, 4096) };
    const okFile = { name: `readme.${allowed.ext}`, type: allowed.type, bytes: patternBytes(402, 2048) };
    // The worker's own words for this refusal, asked the same way the page asks.
    const expected = await page.evaluate(async (f) => {
      const response = await fetch("/api/v1/upload/s3/signed-url", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ filename: f.name, contentType: f.type, size: f.size }),
      });
      return { status: response.status, body: await response.json() };
    }, { name: refusedFile.name, type: refusedFile.type, size: refusedFile.bytes.length });
    assert.ok(expected.status >= 400 && expected.status < 500, `the worker refuses ${refused.type} with a 4xx (got ${expected.status})`);

    await demo.pick([refusedFile, okFile]);
    const shown = await demo.waitFinal(refusedFile.name);
    assert.equal(shown.state, "refused");
    assert.equal(shown.badge, "Refused");
    assert.ok(shown.message.includes(expected.body.error.code), `shows the code ${expected.body.error.code}: ${shown.message}`);
    assert.ok(shown.message.includes(expected.body.error.message), `shows the worker's message: ${shown.message}`);
    assert.equal(shown.key, null, "a refused file has no key");
    assert.equal(shown.link, null);
    assert.equal(shown.signed, null, "nothing was signed for it");

    const ok = await demo.waitFinal(okFile.name);
    assert.equal(ok.state, "done", ok.message ?? "");
    await assertStoredAs(okFile.bytes, ok, okFile.type);
    const overall = await demo.overall();
    assert.equal(overall.summary, "1 of 2 uploaded · 1 refused");
    assert.deepEqual(overall.progress, { value: okFile.bytes.length, max: okFile.bytes.length }, "refused bytes are not counted as work");
    await finish("refused-type", { expectedErrors: [{ url: API, status: expected.status }] });
  });

  test("a file over the worker's size limit is refused before any byte is read or sent", { timeout: TEST_MS }, async (t) => {
    const { demo, page, finish } = await openDemo(t);
    const config = demo.config;
    // 64 GiB of references to one 1 MiB chunk is still a small Blob; past that the test would cost real memory.
    if (!(config.maxSize < 64 * 1024 ** 3)) {
      t.skip(`maxSize is ${config.maxSize} bytes: too large to build a bigger file in the browser`);
      return;
    }
    const [allowed] = allowedTypes(config);
    const spec = { name: `too-big.${allowed.ext}`, type: allowed.type, seed: 501, size: config.maxSize + 1, repeat: true };
    const s3Requests = [];
    page.on("request", (request) => {
      if (garageUrl(request.url())) s3Requests.push(request.url());
    });
    await demo.drop([spec]);
    const shown = await demo.waitFinal(spec.name);
    assert.equal(shown.state, "refused");
    assert.match(shown.message, /Refused by the worker/);
    assert.match(shown.message, /FileTooLarge|PayloadTooLarge/);
    assert.deepEqual(s3Requests, [], "no request reached S3");
    await finish("refused-size", { expectedErrors: [{ url: API, status: 400 }, { url: API, status: 413 }] });
  });

  test("a part that S3 answers 503 is retried with backoff and the object is still byte-identical", { timeout: TEST_MS }, async (t) => {
    const { demo, page, finish } = await openDemo(t);
    const config = demo.config;
    const [{ type, ext }] = allowedTypes(config);
    const name = `retried.${ext}`;
    const bytes = patternBytes(601, multipartSize(config, 3));
    let failedOnce = false;
    await page.route(
      (url) => url.origin === GARAGE_ORIGIN && url.searchParams.get("partNumber") === "2",
      async (route) => {
        if (failedOnce || route.request().method() !== "PUT") return route.continue();
        failedOnce = true;
        // What S3 sends when throttling, with the bucket's CORS headers so the page can read it.
        await route.fulfill({
          status: 503,
          headers: {
            "content-type": "application/xml",
            "access-control-allow-origin": new URL(DEMO_URL).origin,
            "access-control-expose-headers": "ETag",
          },
          body: "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>",
        });
      },
    );
    await demo.pick([{ name, type, bytes }]);
    const shown = await demo.waitFinal(name);
    assert.ok(failedOnce, "the test's 503 was served");
    assert.equal(shown.state, "done", shown.message ?? "");
    assert.match(shown.detail, /1 retry \(last: SlowDown\)/);
    await assertStoredAs(bytes, shown, type);
    await finish("retry", { expectedErrors: [{ url: /partNumber=2/, status: 503 }] });
  });

  test("a body that does not match the signed checksum is refused by S3 and shown as failed", { timeout: TEST_MS }, async (t) => {
    const { demo, page, finish } = await openDemo(t);
    const config = demo.config;
    const [{ type, ext }] = allowedTypes(config);
    const name = `tampered.${ext}`;
    const bytes = patternBytes(701, 10_000);
    // Swap the page's checksum for another file's on the way to the worker: the worker signs a value that the body
    // does not have, exactly as if the body had been damaged after hashing.
    await page.route("**/api/v1/upload/s3/signed-url", async (route) => {
      const body = JSON.parse(route.request().postData());
      body.checksum = { algorithm: body.checksum.algorithm, value: checksumBase64(body.checksum.algorithm, patternBytes(702, 10_000)) };
      await route.continue({ postData: JSON.stringify(body) });
    });
    const signedResponse = page.waitForResponse(/\/api\/v1\/upload\/s3\/signed-url/);
    await demo.pick([{ name, type, bytes }]);
    const { key, bucket } = await (await signedResponse).json();
    const shown = await demo.waitFinal(name);
    assert.equal(shown.state, "failed");
    assert.match(shown.message, /S3 error (BadDigest|InvalidDigest)/);
    assert.match(shown.stats, /nothing stored/);
    assert.match(shown.detail, /retries \(last: (BadDigest|InvalidDigest)\)/, "a damaged body is worth retrying, within bounds");
    assert.equal((await demo.overall()).summary, "0 of 1 uploaded · 1 failed");
    assert.equal(await garage.headObject(bucket, key), null, "S3 stored nothing");
    await finish("checksum-mismatch", { expectedErrors: [{ url: new RegExp(`^${GARAGE_ORIGIN}/`), status: 400 }] });
  });

  test("cancelling a multipart upload stops it and aborts it in S3", { timeout: TEST_MS }, async (t) => {
    const { demo, page, finish } = await openDemo(t);
    const config = demo.config;
    const [{ type, ext }] = allowedTypes(config);
    await demo.setConcurrency(1);
    const name = `cancel-me.${ext}`;
    const bytes = patternBytes(801, multipartSize(config, 3));
    // Hold part 2 on the wire so the cancel lands mid-upload however fast the machine is.
    let seen;
    const partTwoSeen = new Promise((resolve) => (seen = resolve));
    let release;
    const released = new Promise((resolve) => (release = resolve));
    await page.route(
      (url) => url.origin === GARAGE_ORIGIN && url.searchParams.get("partNumber") === "2",
      async (route) => {
        if (route.request().method() !== "PUT") return route.continue();
        seen();
        await released;
        await route.abort().catch(() => {});
      },
    );
    const initiated = page.waitForResponse(/\/multipart\/initiate/);
    await demo.pick([{ name, type, bytes }]);
    const { key, bucket, uploadId } = await (await initiated).json();
    await partTwoSeen;
    assert.equal(await garage.listPartsStatus(bucket, key, uploadId), 200, "the multipart upload exists while it runs");
    assert.equal((await demo.resumeRecords()).filter((r) => r.uploadId === uploadId).length, 1, "the page notes the upload for resuming");
    const during = await demo.read(name);
    assert.equal(during.state, "uploading");
    assert.match(during.detail, /^1 of \d+ parts done · 1 in flight/);

    const aborted = page.waitForResponse(/\/multipart\/abort/);
    await page.getByRole("button", { name: `Cancel upload of ${name}` }).click();
    const shown = await demo.waitFinal(name);
    release();
    assert.equal(shown.state, "cancelled");
    assert.equal((await aborted).status(), 200);
    assert.match(shown.stats, /sent before cancelling; S3 discarded the uploaded parts/);
    assert.equal(await garage.listPartsStatus(bucket, key, uploadId), 404, "S3 no longer knows the upload");
    assert.deepEqual(await demo.resumeRecords(), [], "a cancelled upload is forgotten, not offered for resuming");
    assert.equal(await garage.headObject(bucket, key), null, "no object was created");
    assert.match((await demo.overall()).summary, /1 cancelled/);
    await finish("cancel");
  });

  test("a CORS failure is reported with its class, and the page shows the worker's diagnosis of the bucket's rules", { timeout: TEST_MS }, async (t) => {
    const { demo, finish } = await openDemo(t);
    const config = demo.config;
    const [{ type, ext }] = allowedTypes(config);
    const bucket = config.buckets.find((b) => b.default)?.name ?? config.buckets[0].name;
    const pageOrigin = new URL(DEMO_URL).origin;
    // The bucket's CORS loses this page's origin (as after a careless bucket change); put back afterwards.
    const saved = await garage.getCors(bucket);
    t.after(() => garage.putCors(bucket, saved));
    await garage.putCors(bucket, saved.replace(new RegExp(`<AllowedOrigin>${pageOrigin.replace(/[.]/g, "\\.")}</AllowedOrigin>`), ""));
    const name = `cors.${ext}`;
    const reported = demo.page.waitForResponse(/\/api\/v1\/upload\/s3\/complete/, { timeout: TEST_MS });
    await demo.pick([{ name, type, bytes: patternBytes(901, 2000) }]);
    const report = await reported;
    const sent = JSON.parse(report.request().postData());
    assert.equal(sent.success, false);
    assert.equal(sent.error.class, "network", "a browser cannot tell a CORS refusal from a network failure");
    const answer = await report.json();
    assert.deepEqual(answer.diagnosis.findings.map((f) => f.id), ["cors-origin-missing"]);
    const shown = await demo.waitFinal(name);
    assert.equal(shown.state, "failed");
    await demo.page.waitForSelector('[data-diagnosis="cors"]');
    const diagnosis = await demo.item(name).locator('[data-diagnosis="cors"]').innerText();
    assert.match(diagnosis, new RegExp(`no CORS rule allows ${pageOrigin.replace(/[.]/g, "\\.")}`));
    assert.match(diagnosis, /Fix: put this CORS configuration/);
    await finish("cors-diagnosis", { expectedErrors: [{ text: /blocked by CORS policy|net::ERR_FAILED/ }] });
  });

  test("keyboard only at phone width: reach the picker, upload, reach the result link", { timeout: TEST_MS }, async (t) => {
    const { demo, page, finish } = await openDemo(t, { viewport: PHONE });
    const [{ type, ext }] = allowedTypes(demo.config);
    const name = `keyboard.${ext}`;
    const bytes = patternBytes(901, 5_000);

    // Listen for the file chooser before any key is pressed: Playwright turns on chooser interception when the first
    // listener is added, asynchronously, and a chooser opened before that is a native dialog it never reports.
    let chooserOpened;
    const chooser = new Promise((resolve) => (chooserOpened = resolve));
    page.on("filechooser", chooserOpened);
    await page.evaluate(() => 0);

    const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.dataset?.link || document.activeElement?.tagName);
    const tabUntil = async (target, limit) => {
      const seen = [];
      for (let i = 0; i < limit; i += 1) {
        await page.keyboard.press("Tab");
        const now = await focused();
        seen.push(now);
        if (now === target) return seen;
      }
      assert.fail(`Tab never reached ${target}; focus went through ${seen.join(" → ")}`);
    };
    const order = await tabUntil("file-input", 20);
    assert.ok(order.includes("concurrency"), `settings come before the picker: ${order.join(" → ")}`);
    const ring = await page.locator("#dropzone").evaluate((zone) => getComputedStyle(zone).outlineStyle);
    assert.notEqual(ring, "none", "the drop zone shows focus");

    await page.keyboard.press("Space");
    await (await Promise.race([chooser, page.waitForTimeout(30_000).then(() => assert.fail("Space on the focused file input opened no file chooser"))])).setFiles([{ name, mimeType: type, buffer: Buffer.from(bytes) }]);
    const shown = await demo.waitFinal(name);
    assert.equal(shown.state, "done", shown.message ?? "");
    await tabUntil("signed", 30);
    const linkRing = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(linkRing, "none", "the focused link shows focus");
    await assertStoredAs(bytes, shown, type);
    await finish("keyboard-phone");
  });
});
