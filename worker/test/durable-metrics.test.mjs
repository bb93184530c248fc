// Metrics that hold across isolates: two workers (two isolates) bound to the same METRICS Durable Object both feed
// one total, and a report claimed through one cannot be counted again through the other. Without the binding, each
// isolate counts only its own slice — and says so.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { Miniflare } from "miniflare";
import { WORKER_DIR, REPO_DIR, baseBindings, API_KEY, S3, sendable, assertNoSecrets, startWorker, asKey } from "./harness.mjs";

const worker = (name, durableObject) => ({
  name,
  modules: true,
  scriptPath: path.join(WORKER_DIR, "src/index.js"),
  modulesRoot: REPO_DIR,
  modulesRules: [{ type: "ESModule", include: ["**/*.js"] }, { type: "CompiledWasm", include: ["**/*.wasm"] }],
  compatibilityDate: "2026-04-26",
  // Each request's events are written at once (the default queues them up to METRICS_FLUSH_MS per isolate).
  bindings: { ...baseBindings(), METRICS_FLUSH_MS: "0" },
  durableObjects: { METRICS: durableObject },
});

let mf;
let a;
let b;
before(async () => {
  mf = new Miniflare({
    workers: [
      worker("a", { className: "MetricsStore", useSQLite: true }),
      // Worker b's METRICS is worker a's class: one object per bucket for both.
      worker("b", { className: "MetricsStore", scriptName: "a", useSQLite: true }),
    ],
  });
  a = await mf.getWorker("a");
  b = await mf.getWorker("b");
});
after(async () => {
  await mf.dispose();
  assertNoSecrets();
});

const call = async (w, p, init = {}) => {
  const res = await w.fetch(`http://w${p}`, { ...init, headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json", ...(init.headers || {}) } });
  return { status: res.status, body: await res.json() };
};
const sign = (w) => call(w, "/api/v1/upload/s3/signed-url", { method: "POST", body: JSON.stringify({ filename: "d.txt", contentType: "text/plain", size: 2 }) });
const report = (w, up, success) => call(w, "/api/v1/upload/s3/complete", { method: "POST", body: JSON.stringify({ uploadId: up.uploadId, key: up.key, success, ...(success ? {} : { error: { class: "network" } }) }) });
const metrics = async (w) => (await call(w, "/api/v1/metrics")).body;

test("two isolates, one total: issued, completed and failed add up, whichever isolate served them", async () => {
  const before = (await metrics(a)).regions[S3.region] || { issued: 0, completed: 0, failed: 0 };
  const ups = [];
  for (const w of [a, b, b]) ups.push((await sign(w)).body);
  assert.equal((await fetch(ups[0].uploadUrl, { method: "PUT", headers: sendable(ups[0].headers), body: "ok" })).status, 200);
  assert.equal((await report(b, ups[0], true)).status, 200, "issued by a, reported through b");
  assert.equal((await report(a, ups[1], false)).status, 200);
  for (const w of [a, b]) {
    const m = await metrics(w);
    assert.equal(m.scope, "durable");
    const r = m.regions[S3.region];
    assert.equal(r.issued, before.issued + 3, "both isolates see all three issued");
    assert.equal(r.completed, before.completed + 1);
    assert.equal(r.failed, before.failed + 1);
  }
});

test("a report claimed through one isolate is refused through the other", async () => {
  const up = (await sign(a)).body;
  assert.equal((await report(a, up, false)).status, 200);
  const again = await report(b, up, false);
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, "AlreadyReported");
});

test("without the Durable Object, counters are one isolate's slice and say so", async () => {
  const w = await startWorker({}, { durableObjects: {} });
  try {
    await w.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "i.txt", contentType: "text/plain", size: 2 } });
    const m = (await w.request("/api/v1/metrics", { headers: asKey() })).body;
    assert.equal(m.scope, "isolate");
    assert.match(m.note, /this isolate only/);
  } finally {
    await w.dispose();
  }
});
