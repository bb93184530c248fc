#!/usr/bin/env node
// Load test of POST /api/v1/upload/s3/signed-url on a worker running under `wrangler dev` (workerd) on 127.0.0.1,
// at 1 (unloaded latency), 50 and 200 concurrent connections, with autocannon. Bounded: each level runs DURATION seconds (default 10)
// after a 2 s warm-up, and the whole run is killed after 5 minutes. Only 127.0.0.1 is ever targeted.
//
//   source $S3ES_STATE_DIR/env.sh; node bench/load.mjs            # starts its own wrangler dev on port 8790
//   node bench/load.mjs --target workerd                            # the `wrangler deploy` bundle on workerd
//                                                                   # (Miniflare), without wrangler dev's proxy
//   node bench/load.mjs --url http://127.0.0.1:8787 --key <api key> # an already running worker (127.0.0.1 only)
//
// Options (env): BENCH_PORT (8790), BENCH_DURATION (10), BENCH_CONNECTIONS ("1,50,200").
// signed-url makes no S3 call (the bucket's region is configured), so S3 need not be running, but the S3ES_GARAGE_*
// variables name the bucket and credentials to sign with.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const WORKER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const duration = Number(process.env.BENCH_DURATION || 10);
const levels = (process.env.BENCH_CONNECTIONS || "1,50,200").split(",").map(Number);
const hardStop = setTimeout(() => {
  console.error("bench: hard time limit reached");
  cleanup();
  process.exit(2);
}, 5 * 60 * 1000);

let child = null;
let miniflare = null;
let distDir = null;
function cleanup() {
  if (child && child.exitCode === null) child.kill("SIGTERM");
  if (miniflare) miniflare.dispose().catch(() => {});
  if (distDir) rmSync(distDir, { recursive: true, force: true });
}

function need(name) {
  if (!process.env[name]) throw new Error(`bench: ${name} is not set (source $S3ES_STATE_DIR/env.sh)`);
  return process.env[name];
}

async function startWorkerd() {
  const { Miniflare } = await import("miniflare");
  distDir = mkdtempSync(path.join(tmpdir(), "bench-dist-"));
  execFileSync(path.join(WORKER_DIR, "scripts/wrangler.sh"), ["deploy", "--dry-run", "--env=", "--outdir", distDir], { cwd: WORKER_DIR, stdio: "ignore" });
  const key = randomBytes(24).toString("hex");
  let logLines = 0;
  miniflare = new Miniflare({
    modules: true,
    scriptPath: path.join(distDir, "index.js"),
    modulesRoot: distDir,
    modulesRules: [{ type: "ESModule", include: ["**/*.js"] }, { type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2026-04-26",
    host: "127.0.0.1",
    port: Number(process.env.BENCH_PORT || 8790),
    bindings: {
      BUCKETS: JSON.stringify([{ name: need("S3ES_BUCKET"), region: need("S3ES_GARAGE_REGION"), endpoint: need("S3ES_GARAGE_ENDPOINT") }]),
      S3_ACCESS_KEY_ID: need("S3ES_GARAGE_ACCESS_KEY_ID"),
      S3_SECRET_ACCESS_KEY: need("S3ES_GARAGE_SECRET_ACCESS_KEY"),
      API_KEYS: `bench:${key}`,
      UPLOAD_KEY_SECRET: randomBytes(32).toString("hex"),
      ALLOWED_CONTENT_TYPES: "image/*",
      RATE_LIMIT_PER_MINUTE: "0",
    },
    // As deployed: the METRICS Durable Object takes each request's counts (after the answer, with waitUntil).
    ...(process.env.BENCH_NO_DO ? {} : { durableObjects: { METRICS: { className: "MetricsStore", useSQLite: true } } }),
    // The per-request JSON log lines are still written (as in production); they are counted, not printed.
    handleRuntimeStdio(stdout, stderr) {
      stdout.on("data", (d) => (logLines += String(d).split("\n").length - 1));
      stderr.resume();
    },
  });
  const url = await miniflare.ready;
  return { base: url.origin, key, logLines: () => logLines };
}
process.on("SIGINT", () => {
  cleanup();
  process.exit(130);
});

async function waitHealthy(base, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${base}/api/v1/health`);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`worker at ${base} did not become healthy`);
}

async function startWrangler() {
  const port = Number(process.env.BENCH_PORT || 8790);
  const key = randomBytes(24).toString("hex");
  child = spawn(path.join(WORKER_DIR, "scripts/dev.sh"), [], {
    cwd: WORKER_DIR,
    env: {
      ...process.env,
      S3ES_WORKER_PORT: String(port),
      S3ES_WORKER_API_KEYS: `bench:${key}`,
      // Measure signing, not the rate limiter (a 429 is cheaper than a signature and would flatter the figures).
      S3ES_WORKER_VAR_RATE_LIMIT_PER_MINUTE: "0",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(base, 60000);
  } catch (err) {
    cleanup();
    throw new Error(`${err.message}\n${stderr.slice(-2000)}`);
  }
  return { base, key };
}

// autocannon's summary has no p95; every response time (ms, from process.hrtime) is kept and ranked instead.
function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
}

function run(base, key, connections) {
  return new Promise((resolve, reject) => {
    const times = [];
    const instance = autocannon({
      url: `${base}/api/v1/upload/s3/signed-url`,
      method: "POST",
      connections,
      duration,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ filename: "bench photo.jpg", contentType: "image/jpeg", size: 1048576 }),
    }, (err, result) => (err ? reject(err) : resolve({ result, times: times.sort((a, b) => a - b) })));
    instance.on("response", (_client, _status, _bytes, ms) => times.push(ms));
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
  });
}

async function main() {
  let base = args.url;
  let key = args.key;
  if (base) {
    const u = new URL(base);
    if (u.hostname !== "127.0.0.1") throw new Error("bench: only http://127.0.0.1:<port> may be targeted");
    if (!key) throw new Error("bench: --key <api key> is required with --url");
  } else if (args.target === "workerd") {
    ({ base, key } = await startWorkerd());
  } else {
    ({ base, key } = await startWrangler());
  }
  const target = args.url ? "running worker" : args.target === "workerd" ? "wrangler bundle on workerd (Miniflare)" : "wrangler dev";
  // Check one request first: the figures mean nothing if the answers are errors.
  const probe = await fetch(`${base}/api/v1/upload/s3/signed-url`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ filename: "bench photo.jpg", contentType: "image/jpeg", size: 1048576 }) });
  if (probe.status !== 200) throw new Error(`bench: the worker answered ${probe.status}: ${await probe.text()}`);
  await new Promise((resolve, reject) => autocannon({ url: `${base}/api/v1/health`, connections: 10, duration: 2 }, (e) => (e ? reject(e) : resolve())));
  const rows = [];
  for (const c of levels) {
    const { result: r, times } = await run(base, key, c);
    const ms = (v) => Math.round(v * 100) / 100;
    rows.push({
      connections: c,
      "requests/s": Math.round(r.requests.average),
      requests: r.requests.total,
      "p50 ms": ms(percentile(times, 50)),
      "p95 ms": ms(percentile(times, 95)),
      "p99 ms": ms(percentile(times, 99)),
      "max ms": ms(times[times.length - 1]),
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
    });
  }
  console.log(`POST /api/v1/upload/s3/signed-url, ${target} at ${base} (${duration} s per level, Node ${process.version}, autocannon client and worker share this host's CPUs)`);
  console.table(rows);
  console.log(JSON.stringify(rows));
  if (rows.some((r) => r.non2xx || r.errors)) process.exitCode = 1;
}

main()
  .catch((err) => {
    console.error(err.message);
    process.exitCode = 1;
  })
  .finally(() => {
    clearTimeout(hardStop);
    cleanup();
  });
