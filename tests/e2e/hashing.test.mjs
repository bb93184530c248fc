// Where and how the demo page hashes, in headless Chromium against the running stack: only the small checksum
// module is loaded (never the signing package), hashing runs in a module worker, and a large file hashes without
// freezing the page — in the worker, and on the main thread in slices where module workers are unavailable.
//
// Responsiveness is measured as a person would feel it: the longest gap between the page's own timer and
// animation-frame callbacks while the work runs. Gaps, not speed: a slow machine may hash slowly, never frozen.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assertSameBytes, openDemo } from "./demo-session.mjs";
import { DEMO_URL } from "./demo-page.mjs";
import { ChecksumHasher, garageFromEnv } from "./garage.mjs";
import { allowedTypes, patternBytes } from "./sample-files.mjs";

const garage = garageFromEnv();
const TEST_MS = 240_000;
const MIB = 1024 * 1024;
const LARGE = 64 * MIB;
// A frame is 16 ms; 200 ms is where a person notices a page stop responding (RAIL's "response" budget is 100 ms,
// doubled for a shared 2-core machine running the browser, the worker and Garage at once).
const MAX_GAP_MS = 200;
const CHECKSUM_WASM = "/pkg/checksum/s3_edge_checksum_bg.wasm";

/** SHA-256 in Node of `LARGE` bytes made of one 1 MiB pattern chunk repeated, as the page builds its Blob. */
function expectedLargeSha256(seed) {
  const chunk = patternBytes(seed, MIB);
  const hasher = new ChecksumHasher("SHA256");
  for (let i = 0; i < LARGE / MIB; i += 1) hasher.update(chunk);
  const value = hasher.digestBase64();
  hasher.free();
  return value;
}

/**
 * Installs `window.__probe` in the page: start() begins a setTimeout chain and a requestAnimationFrame chain and
 * stop() returns the longest gap either saw between two of its callbacks (ms), with the number of callbacks.
 */
async function installProbe(page) {
  await page.evaluate(() => {
    let running = false;
    let last = 0;
    let maxGap = 0;
    let ticks = 0;
    const tick = () => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticks += 1;
    };
    const timer = () => {
      if (!running) return;
      tick();
      setTimeout(timer, 5);
    };
    const frame = () => {
      if (!running) return;
      tick();
      requestAnimationFrame(frame);
    };
    window.__probe = {
      start() {
        running = true;
        last = performance.now();
        maxGap = 0;
        ticks = 0;
        setTimeout(timer, 5);
        requestAnimationFrame(frame);
      },
      stop() {
        tick();
        running = false;
        return { maxGap, ticks };
      },
    };
  });
}

/** Hashes a 64 MiB Blob with SHA-256 through the page's own checksum.js while the probe runs. */
function hashLargeInPage(page, seed) {
  return page.evaluate(
    async ({ seed, size, source }) => {
      const patternBytes = new Function(`return (${source})`)();
      const chunk = new Blob([patternBytes(seed, 1024 * 1024)]);
      const blob = new Blob(new Array(size / chunk.size).fill(chunk));
      const { checksumOfBlob } = await import("/checksum.js");
      let progressEvents = 0;
      let lastProgress = 0;
      window.__probe.start();
      const started = performance.now();
      const value = await checksumOfBlob("SHA256", blob, {
        onProgress: (bytes) => {
          progressEvents += 1;
          lastProgress = bytes;
        },
      });
      const ms = performance.now() - started;
      return { value, ms, progressEvents, lastProgress, ...window.__probe.stop() };
    },
    { seed, size: LARGE, source: patternBytes.toString() },
  );
}

describe(`hashing on ${DEMO_URL}`, () => {
  test("the page loads the checksum module into a worker, and never the signing package", { timeout: TEST_MS }, async (t) => {
    const { session, demo, page, finish } = await openDemo(t);
    const [{ type, ext }] = allowedTypes(demo.config);
    const name = `small.${ext}`;
    const bytes = patternBytes(2001, 70_000);
    await demo.pick([{ name, type, bytes }]);
    const shown = await demo.waitFinal(name);
    assert.equal(shown.state, "done", shown.message ?? "");
    const workers = page.workers().map((w) => new URL(w.url()).pathname);
    assert.deepEqual(workers, ["/checksum-worker.js"], "one hashing worker");
    const wasm = session.requests.map((url) => new URL(url).pathname).filter((path) => path.endsWith(".wasm"));
    assert.deepEqual(wasm, [CHECKSUM_WASM], "the only wasm loaded is the checksum module's, once");
    assert.deepEqual(session.signingPackageRequests(), []);
    await finish("hashing-module");
  });

  test("hashing 64 MiB in the worker leaves the main thread responsive; hashing it in one call on the main thread would not", { timeout: TEST_MS }, async (t) => {
    const { page, finish } = await openDemo(t);
    await installProbe(page);
    const seed = 2101;
    const run = await hashLargeInPage(page, seed);
    assert.equal(run.value, expectedLargeSha256(seed), "the worker's SHA-256 of the 64 MiB Blob");
    assert.ok(run.progressEvents >= 8, `progress is reported as the file is read (${run.progressEvents} events)`);
    assert.equal(run.lastProgress, LARGE);
    assert.ok(run.ticks > 10, `the probe ran while hashing (${run.ticks} callbacks in ${Math.round(run.ms)} ms)`);
    assert.ok(run.maxGap < MAX_GAP_MS, `the main thread stalled for ${Math.round(run.maxGap)} ms while the worker hashed 64 MiB in ${Math.round(run.ms)} ms`);

    // The control: the same bytes hashed in one call on the main thread. The probe must see that stall, or its
    // silence above would prove nothing.
    const control = await page.evaluate(async (size) => {
      const { default: init, checksumBase64 } = await import("/pkg/checksum/s3_edge_checksum.js");
      await init();
      const bytes = new Uint8Array(size).fill(7);
      window.__probe.start();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const started = performance.now();
      checksumBase64("SHA256", bytes);
      const ms = performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { ms, ...window.__probe.stop() };
    }, LARGE);
    assert.ok(control.maxGap >= control.ms - 5, `the probe saw the ${Math.round(control.ms)} ms one-call hash as a ${Math.round(control.maxGap)} ms stall`);
    t.diagnostic(`worker: ${Math.round(run.ms)} ms hashing, longest main-thread gap ${Math.round(run.maxGap)} ms; one call on the main thread: ${Math.round(control.ms)} ms stall`);
    await finish("hashing-responsive");
  });

  test("without module workers the page hashes on the main thread in slices: still responsive, and uploads still succeed", { timeout: TEST_MS }, async (t) => {
    // A browser that knows Worker but not module workers (Firefox before 114): it never reads the `type` option.
    const { page, demo, finish } = await openDemo(t, {
      initScript: () => {
        const RealWorker = window.Worker;
        window.Worker = function ClassicOnlyWorker(url) {
          return new RealWorker(url);
        };
      },
    });
    await installProbe(page);
    const seed = 2201;
    const run = await hashLargeInPage(page, seed);
    assert.equal(run.value, expectedLargeSha256(seed), "the main thread's SHA-256 of the 64 MiB Blob");
    assert.ok(run.progressEvents >= 64, `hashed in slices (${run.progressEvents} progress events)`);
    assert.ok(run.maxGap < MAX_GAP_MS, `the main thread stalled for ${Math.round(run.maxGap)} ms while hashing 64 MiB in slices in ${Math.round(run.ms)} ms`);

    // A multipart upload hashes each part the same way.
    const [{ type, ext }] = allowedTypes(demo.config);
    const name = `no-module-worker.${ext}`;
    const size = demo.config.multipartThreshold + 1234;
    await demo.drop([{ name, type, seed: 2202, size }]);
    const shown = await demo.waitFinal(name);
    assert.equal(shown.state, "done", shown.message ?? "");
    assert.equal(shown.mode, "multipart");
    const stored = await garage.getObject(shown.bucket, shown.key);
    assertSameBytes(stored, patternBytes(2202, size), "Garage copy");
    assert.deepEqual(page.workers(), [], "no worker is left running");
    t.diagnostic(`main thread in slices: ${Math.round(run.ms)} ms hashing, longest gap ${Math.round(run.maxGap)} ms`);
    await finish("hashing-main-thread");
  });

  test("a 64 MiB file dropped on the page uploads while the page stays responsive", { timeout: TEST_MS }, async (t) => {
    const { page, demo, finish } = await openDemo(t);
    const [{ type, ext }] = allowedTypes(demo.config);
    const name = `large.${ext}`;
    await installProbe(page);
    const file = await demo.dataTransfer([{ name, type, seed: 2301, size: LARGE, repeat: true }]);
    await page.evaluate(() => window.__probe.start());
    await demo.dropTransfer(file);
    const shown = await demo.waitFinal(name);
    const probe = await page.evaluate(() => window.__probe.stop());
    assert.equal(shown.state, "done", shown.message ?? "");
    assert.ok(probe.maxGap < MAX_GAP_MS, `the main thread stalled for ${Math.round(probe.maxGap)} ms during the upload`);
    const head = await garage.headObject(shown.bucket, shown.key);
    assert.equal(Number(head.get("content-length")), LARGE);
    t.diagnostic(`64 MiB upload: longest main-thread gap ${Math.round(probe.maxGap)} ms over ${probe.ticks} callbacks`);
    await finish("hashing-large-upload");
  });
});
