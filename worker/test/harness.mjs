// Test harness: the worker on workerd through the Miniflare API, configured against the local Garage from the
// S3ES_* variables (scripts/s3-servers.sh start garage; source $S3ES_STATE_DIR/env.sh). Every response body,
// response header and log line of every worker started here is recorded, so each test file can finish with
// assertNoSecrets(): the S3 secret, API keys and BYO secrets never leave the worker.

import { Miniflare } from "miniflare";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import assert from "node:assert/strict";
import { initSync, parseListMultipartUploads, parseListParts, S3Signer } from "../../pkg/s3_edge_signer.js";

export const WORKER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_DIR = path.resolve(WORKER_DIR, "..");
initSync({ module: readFileSync(path.join(REPO_DIR, "pkg/s3_edge_signer_bg.wasm")) });

function need(name) {
  const v = process.env[name];
  if (!v) {
    throw new Error(`${name} is not set: start the local S3 servers (scripts/s3-servers.sh start garage) and source $S3ES_STATE_DIR/env.sh before \`npm test\``);
  }
  return v;
}

export const S3 = {
  endpoint: need("S3ES_GARAGE_ENDPOINT"),
  region: need("S3ES_GARAGE_REGION"),
  accessKeyId: need("S3ES_GARAGE_ACCESS_KEY_ID"),
  secretAccessKey: need("S3ES_GARAGE_SECRET_ACCESS_KEY"),
  bucket: need("S3ES_BUCKET"),
};

// Fixed test values (never used anywhere but these local tests).
export const API_KEY = "k-" + "7f3a9c1e5b2d4f6a8c0e1b3d5f7a9c1e";
export const API_KEY_2 = "k-" + "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e";
export const UPLOAD_KEY_SECRET = "test-upload-key-" + "5b9e2c7a1d4f8e3b6a0c9d2e7f1a4b8c";
export const ORIGIN = "http://127.0.0.1:8787";
export const BEARER = { authorization: `Bearer ${API_KEY}` };

/** A signer for the test's own direct S3 calls (reading objects back), independent of the worker. */
export const direct = new S3Signer({ ...S3, bucket: S3.bucket });

const recorded = { bodies: [], headers: [], logs: [] };
export const secrets = () => [S3.secretAccessKey, API_KEY, API_KEY_2, UPLOAD_KEY_SECRET, ...extraSecrets];
const extraSecrets = [];
export function addSecret(s) {
  extraSecrets.push(s);
}

export function baseBindings(overrides = {}) {
  return {
    BUCKETS: JSON.stringify([{ name: S3.bucket, region: S3.region, endpoint: S3.endpoint }]),
    S3_ACCESS_KEY_ID: S3.accessKeyId,
    S3_SECRET_ACCESS_KEY: S3.secretAccessKey,
    API_KEYS: `tests:${API_KEY},other:${API_KEY_2}`,
    UPLOAD_KEY_SECRET,
    ALLOWED_CONTENT_TYPES: "image/*,text/plain,application/octet-stream",
    MAX_SIZE: "64MiB",
    CORS_ORIGINS: "https://app.example.com",
    ANONYMOUS_ORIGINS: ORIGIN,
    RATE_LIMIT_PER_MINUTE: "100000",
    ANONYMOUS_RATE_LIMIT_PER_MINUTE: "100000",
    S3_RETRY_BASE_MS: "5",
    S3_RETRY_MAX_MS: "20",
    ...overrides,
  };
}

/** Bindings that remove every setting the harness adds beyond what a deploy must set: the worker on its defaults. */
export const DEFAULTS_ONLY = { ALLOWED_CONTENT_TYPES: undefined, MAX_SIZE: undefined, CORS_ORIGINS: undefined, ANONYMOUS_ORIGINS: undefined, RATE_LIMIT_PER_MINUTE: undefined, ANONYMOUS_RATE_LIMIT_PER_MINUTE: undefined, S3_RETRY_BASE_MS: undefined, S3_RETRY_MAX_MS: undefined };

/** Miniflare options for the METRICS Durable Object (src/metrics-store.js), as wrangler.toml declares it. */
export const METRICS_DO = { durableObjects: { METRICS: { className: "MetricsStore", useSQLite: true } } };

/**
 * Starts the worker (src/index.js and ../pkg, as workerd modules). `bindings` overrides the base configuration
 * (a value of `undefined` removes a base binding); `options` are extra Miniflare options (kvNamespaces, port…;
 * the METRICS Durable Object is bound unless `options.durableObjects` says otherwise).
 */
export async function startWorker(bindings = {}, options = {}) {
  const logs = [];
  const mf = new Miniflare({
    modules: true,
    scriptPath: path.join(WORKER_DIR, "src/index.js"),
    modulesRoot: REPO_DIR,
    // Miniflare treats .js as CommonJS unless told otherwise; .wasm imports are compiled modules in workerd.
    modulesRules: [
      { type: "ESModule", include: ["**/*.js"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
    compatibilityDate: "2026-04-26",
    bindings: Object.fromEntries(Object.entries(baseBindings(bindings)).filter(([, v]) => v !== undefined)),
    ...METRICS_DO,
    handleRuntimeStdio(stdout, stderr) {
      for (const stream of [stdout, stderr]) {
        let buf = "";
        stream.on("data", (chunk) => {
          buf += chunk;
          let i;
          while ((i = buf.indexOf("\n")) >= 0) {
            const line = buf.slice(0, i);
            buf = buf.slice(i + 1);
            logs.push(line);
            recorded.logs.push(line);
          }
        });
      }
    },
    ...options,
  });
  await mf.ready;
  const worker = {
    mf,
    logs,
    /** Requests the worker; records the answer; returns { status, headers, body (parsed JSON or text) }. */
    async request(pathname, { method = "GET", headers = {}, body, json, cf, raw, duplex } = {}) {
      const init = { method, headers: { ...headers } };
      if (duplex) init.duplex = duplex;
      if (json !== undefined) {
        init.body = JSON.stringify(json);
        init.headers["content-type"] ??= "application/json";
      } else if (body !== undefined) {
        init.body = body;
      }
      if (cf) init.cf = cf;
      const res = await mf.dispatchFetch(`http://worker.test${pathname}`, init);
      const text = await res.text();
      recorded.bodies.push(text);
      recorded.headers.push(JSON.stringify([...res.headers]));
      if (raw) return { status: res.status, headers: res.headers, text };
      let parsed = text;
      try {
        parsed = JSON.parse(text);
      } catch {}
      return { status: res.status, headers: res.headers, body: parsed, text };
    },
    /** Runs the scheduled handler (the Cron Trigger) once and waits for it. */
    async scheduled(cron = "*/5 * * * *") {
      const worker = await mf.getWorker();
      return worker.scheduled({ cron });
    },
    /** The parsed per-request log lines (those with a requestId and a status). */
    requestLogs() {
      return logs.map((l) => {
        try {
          return JSON.parse(l);
        } catch {
          return null;
        }
      }).filter((x) => x && x.requestId && x.status !== undefined);
    },
    async dispose() {
      // Give the stdio streams a moment to flush the last log lines before workerd stops.
      await new Promise((r) => setTimeout(r, 50));
      await mf.dispose();
    },
  };
  return worker;
}

/** As an API-key client. */
export const asKey = (extra = {}) => ({ ...BEARER, ...extra });

/** Fails the test if any response or log line recorded so far contains a secret. */
export function assertNoSecrets() {
  assert.ok(recorded.bodies.length > 0, "no responses were recorded: the scan would prove nothing");
  for (const s of secrets()) {
    for (const [what, list] of [["response body", recorded.bodies], ["response headers", recorded.headers], ["log line", recorded.logs]]) {
      const hit = list.find((x) => x.includes(s));
      assert.equal(hit, undefined, `a ${what} contains a secret (${s.slice(0, 4)}…): ${hit && hit.slice(0, 200)}`);
    }
  }
  return { bodies: recorded.bodies.length, logs: recorded.logs.length };
}

/** Reads an object back from Garage directly (not through the worker). */
export async function readBack(key) {
  const g = direct.presignGet(key, { expiresIn: 60 });
  const res = await fetch(g.url);
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()), headers: res.headers };
}

/** HeadObject on Garage directly: { status, size, headers }. */
export async function headBack(key) {
  const h = direct.presignHead(key, { expiresIn: 60 });
  const res = await fetch(h.url, { method: "HEAD" });
  return { status: res.status, size: Number(res.headers.get("content-length")), headers: res.headers };
}

/** The multipart uploads Garage holds under `prefix`, read directly (not through the worker). */
export async function uploadsUnder(prefix) {
  const req = direct.listMultipartUploads({ prefix });
  const res = await fetch(req.url, { method: req.method, headers: req.headers });
  assert.equal(res.status, 200, "ListMultipartUploads");
  return parseListMultipartUploads(await res.text()).uploads;
}

/** The parts Garage holds for an upload, or null when the upload does not exist. */
export async function partsOf(key, uploadId) {
  const req = direct.listParts(key, uploadId, {});
  const res = await fetch(req.url, { method: req.method, headers: req.headers });
  if (res.status === 404) return null;
  assert.equal(res.status, 200, "ListParts");
  return parseListParts(await res.text()).parts;
}

export { bytes } from "./sample-bytes.mjs";

export function sameBytes(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The headers a client sends with a presigned request: all but content-length, which the HTTP client sets from
 * the body (as browsers do; fetch() forbids setting it). */
export function sendable(headers) {
  const out = { ...headers };
  delete out["content-length"];
  return out;
}

/**
 * Sends a request S3 should refuse; returns the refusal status, or "closed" when the server answered by closing the
 * connection before reading the whole body (Garage does this for an oversized body; undici then reports "fetch
 * failed"). Either way the upload did not happen; a 2xx fails the assertion.
 */
export async function refusedByS3(url, init) {
  let status;
  try {
    const res = await fetch(url, init);
    status = res.status;
    await res.body?.cancel();
  } catch (err) {
    if (err && err.message === "fetch failed") return "closed";
    throw err;
  }
  assert.ok(status >= 400, `S3 accepted a request it should refuse (${status})`);
  return status;
}
