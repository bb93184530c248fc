// Observability: one JSON log line per request, counters per region, a Workers Analytics Engine data point per
// request (ANALYTICS binding), and the "once" of outcome reports.
//
// Counters and claims live in the METRICS Durable Object (metrics-store.js), one per bucket, so they add up across
// every isolate and location. Without that binding they fall back to this isolate's memory — one isolate's slice
// of the traffic, and a claim another isolate does not see — and every answer that reads them says so
// (`scope: "isolate"`).

import { redact } from "./config.js";
import { report, rowsOf } from "./metrics-model.js";

const WORKER_SHARD = "worker"; // events with no bucket (refused before one was chosen)

// --- per-isolate fallback: the same rows, in a Map; claims in an insertion-ordered Set with a bound ---
const local = { rows: new Map(), claims: new Set(), startedAt: Date.now(), prunedAt: -1 };
const MAX_LOCAL_CLAIMS = 50000;
const MAX_LOCAL_MINUTES = 24 * 60;

function recordLocally(events) {
  for (const r of rowsOf(events)) {
    const k = `${r.minute}|${r.region}|${r.metric}|${r.label}`;
    const row = local.rows.get(k);
    if (row) {
      row.n += r.n;
      row.total += r.total;
    } else local.rows.set(k, r);
  }
  // Rows age out by the minute: prune once a minute, not at every request (the rows are this isolate's hot path).
  const minute = Math.floor(Date.now() / 60000);
  if (minute === local.prunedAt) return;
  local.prunedAt = minute;
  for (const [k, r] of local.rows) if (r.minute < minute - MAX_LOCAL_MINUTES) local.rows.delete(k);
}

const stubFor = (env, shard) => env.METRICS.get(env.METRICS.idFromName(`bucket:${shard}`));
const durable = (env) => Boolean(env.METRICS && typeof env.METRICS.idFromName === "function");

/**
 * The recorder for one request: handlers call issued()/outcome()/claim(); the pipeline calls flush() when the
 * answer is ready, which writes the events (and the request's own latency and status) without delaying the answer.
 */
export function metricsFor(env, exec) {
  const events = [];
  return {
    issued: (e) => events.push({ type: "issued", at: Date.now(), ...e }),
    outcome: (e) => events.push({ type: "outcome", at: Date.now(), ...e }),
    /** True the first time the upload `bucket`/`key` is claimed (an outcome is then counted), false after. */
    async claim(bucket, key) {
      const id = `${bucket}\n${key}`;
      if (durable(env)) return stubFor(env, bucket).claim(id);
      if (local.claims.has(id)) return false;
      if (local.claims.size >= MAX_LOCAL_CLAIMS) local.claims.delete(local.claims.values().next().value);
      local.claims.add(id);
      return true;
    },
    /** A size-less PUT to verify after `expiresAt` (the sweep asks the bucket's store). Durable store only. */
    expect(bucket, key, expiresAt) {
      if (!durable(env)) return;
      const write = stubFor(env, bucket).expect(key, expiresAt).catch(() => {});
      if (exec && typeof exec.waitUntil === "function") exec.waitUntil(write);
    },
    /** Queues the request's events; writes the queue when it is due (see `writeQueued`). */
    flush(rc, config) {
      if (rc.region || rc.bucket) {
        events.push({ type: "request", at: Date.now(), bucket: rc.bucket, region: rc.region, status: rc.status, latencyMs: rc.latencyMs, s3Error: rc.s3Error, retries: rc.retries });
      }
      if (!events.length) return;
      if (!durable(env)) return recordLocally(events);
      queued.push(...events);
      const flushMs = config?.metricsFlushMs ?? 0;
      if (queued.length >= MAX_QUEUED || Date.now() - lastWrite >= flushMs) {
        const write = writeQueued(env);
        if (exec && typeof exec.waitUntil === "function") exec.waitUntil(write);
      }
    },
  };
}

// Events wait in this isolate for up to METRICS_FLUSH_MS (or MAX_QUEUED events) and are written to the Durable
// Objects in one call per bucket: a write per request would make each bucket's object a per-request bottleneck.
// What an isolate evicted in the meantime held is lost (at most one interval of its traffic); claims, which must
// be exact, are never queued.
const queued = [];
const MAX_QUEUED = 500;
let lastWrite = 0;

/** Writes the queued events, one call per bucket's store. */
export async function writeQueued(env) {
  lastWrite = Date.now();
  if (!queued.length || !durable(env)) return;
  const events = queued.splice(0, queued.length);
  const byShard = new Map();
  for (const e of events) {
    const shard = e.bucket || WORKER_SHARD;
    if (!byShard.has(shard)) byShard.set(shard, []);
    byShard.get(shard).push(e);
  }
  await Promise.all([...byShard].map(([shard, list]) => stubFor(env, shard).record(list).catch((err) => {
    console.log(JSON.stringify({ level: "warn", msg: "metrics write failed", error: String(err && err.message) }));
  })));
}

/** The bucket's size-less PUTs whose URLs expired before `now` (none without the Durable Object). */
export async function dueVerifications(env, bucket, now, limit) {
  return durable(env) ? stubFor(env, bucket).due(now, limit) : [];
}

/** Forgets verified size-less PUTs. */
export async function settleVerifications(env, bucket, keys) {
  if (durable(env) && keys.length) await stubFor(env, bucket).settle(keys);
}

/**
 * The report over the last `windowMinutes` (ending `endMinutesAgo` minutes ago, for comparing with an earlier
 * window): per region, from every bucket's store (or this isolate's rows).
 */
export async function snapshot(env, config, windowMinutes, { endMinutesAgo = 0 } = {}) {
  const until = Math.floor(Date.now() / 60000) + 1 - endMinutesAgo;
  const since = until - windowMinutes;
  if (!durable(env)) {
    const rows = [...local.rows.values()].filter((r) => r.minute >= since && r.minute < until);
    return { scope: "isolate", note: "counted in this isolate only: bind the METRICS Durable Object for totals across isolates and locations", windowMinutes, since: Math.max(since * 60000, local.startedAt), regions: report(rows) };
  }
  await writeQueued(env); // this isolate's own queue first, so a reader sees what it counted
  const shards = [...config.buckets.map((b) => b.name), WORKER_SHARD];
  const rows = (await Promise.all(shards.map((s) => stubFor(env, s).rows(since, until)))).flat();
  return { scope: "durable", windowMinutes, since: since * 60000, regions: report(rows) };
}

// --- small persistent state (alerting): the worker shard's Durable Object, else this isolate's memory ---
const localState = new Map();

export async function getState(env, name) {
  return durable(env) ? stubFor(env, WORKER_SHARD).getState(name) : (localState.get(name) ?? null);
}

export async function setState(env, name, value) {
  if (durable(env)) await stubFor(env, WORKER_SHARD).setState(name, value);
  else localState.set(name, value);
}

/** The request's log line (fields only: never a body, a header value, a URL query or a secret). */
export function logLine(ctx, config) {
  const line = JSON.stringify({
    ts: new Date().toISOString(),
    requestId: ctx.requestId,
    method: ctx.method,
    path: ctx.path,
    op: ctx.op,
    client: ctx.client,
    bucket: ctx.bucket,
    region: ctx.region,
    status: ctx.status,
    code: ctx.code,
    latencyMs: ctx.latencyMs,
    s3Ms: ctx.s3Ms,
    retries: ctx.retries,
    regionCorrections: ctx.regionCorrections,
    selection: ctx.selection,
  });
  // Belt and braces: no configured secret can reach the log even if a future field carried one.
  console.log(config ? redact(line, config.logSecrets) : line);
}

export function analytics(env, ctx) {
  const ae = env.ANALYTICS;
  if (!ae || typeof ae.writeDataPoint !== "function") return;
  try {
    ae.writeDataPoint({
      indexes: [ctx.region || "none"],
      blobs: [ctx.op || "", ctx.region || "", ctx.bucket || "", ctx.code || "", ctx.anonymous ? "anonymous" : "key"],
      doubles: [ctx.status, ctx.latencyMs, ctx.retries || 0, ctx.s3Ms || 0],
    });
  } catch {
    // Analytics must never fail a request.
  }
}
