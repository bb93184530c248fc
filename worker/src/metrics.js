// Observability: one JSON log line per request, per-region counters for GET /api/v1/metrics, and a Workers
// Analytics Engine data point per request when the ANALYTICS binding is configured.
// Counters live in this isolate (Workers isolates are per location and recycled); Analytics Engine is the
// durable, global record. The metrics answer says so (`scope: "isolate"`).

import { redact } from "./config.js";

const startedAt = Date.now();
const regions = new Map();
const pending = new Map(); // worker uploadId → { region, bucket } of uploads whose outcome is not yet reported
const MAX_PENDING = 20000;
const reportedIds = new Set(); // uploadIds already counted: a client's report after a multipart complete counts once

function counters(region) {
  let c = regions.get(region);
  if (!c) {
    c = { issued: 0, completed: 0, failed: 0, bytesCompleted: 0, latencyMsTotal: 0, latencyCount: 0, latencyMsMax: 0, uploadDurationMsTotal: 0, s3Errors: 0, s3Retries: 0 };
    regions.set(region, c);
  }
  return c;
}

/** An upload URL (or multipart upload) was issued in `region`; remember the worker's uploadId for its report. */
export function issued(region, bucket, uploadId) {
  counters(region).issued += 1;
  if (uploadId) {
    if (pending.size >= MAX_PENDING) pending.delete(pending.keys().next().value);
    pending.set(uploadId, { region, bucket });
  }
}

/** The client's report of an upload's outcome. Returns the region it was counted under. */
export function reported(uploadId, fallbackRegion, { success, bytes, durationMs }) {
  const known = uploadId ? pending.get(uploadId) : undefined;
  if (known) pending.delete(uploadId);
  const region = known?.region || fallbackRegion || "unknown";
  if (uploadId) {
    if (reportedIds.has(uploadId)) return region;
    if (reportedIds.size >= MAX_PENDING) reportedIds.delete(reportedIds.values().next().value);
    reportedIds.add(uploadId);
  }
  const c = counters(region);
  if (success) {
    c.completed += 1;
    if (bytes) c.bytesCompleted += bytes;
  } else {
    c.failed += 1;
  }
  if (durationMs) c.uploadDurationMsTotal += durationMs;
  return region;
}

export function observeRequest(ctx) {
  if (!ctx.region) return;
  const c = counters(ctx.region);
  c.latencyMsTotal += ctx.latencyMs;
  c.latencyCount += 1;
  if (ctx.latencyMs > c.latencyMsMax) c.latencyMsMax = ctx.latencyMs;
  if (ctx.retries) c.s3Retries += ctx.retries;
  if (ctx.code === "UpstreamError") c.s3Errors += 1;
}

export function snapshot() {
  const out = {};
  for (const [region, c] of regions) {
    const reports = c.completed + c.failed;
    out[region] = {
      ...c,
      latencyMsAvg: c.latencyCount ? Math.round((c.latencyMsTotal / c.latencyCount) * 100) / 100 : 0,
      successRate: reports ? c.completed / reports : null,
    };
  }
  return { scope: "isolate", since: startedAt, regions: out };
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
  console.log(config ? redact(line, config.secrets) : line);
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
