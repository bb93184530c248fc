// The metrics row model, shared by the Durable Object (metrics-store.js, rows in SQLite) and the per-isolate
// fallback (metrics.js, rows in a Map): events become per-minute rows, and a window of rows becomes the report
// served at GET /api/v1/metrics. One model, so both stores answer in the same shape.
//
// Row: { minute, region, metric, label, n, total }. Metrics: issued (label: put|post|multipart), completed (total:
// bytes), failed (label: the failure reason), uploadMs (total: ms), request (label: status class 2xx|4xx|5xx),
// latency (label: histogram slot; see slotOf), s3Error (label: S3 code), s3Retry (n: retries).

/** Events → rows to add (same keys are summed). */
export function rowsOf(events) {
  const rows = new Map();
  const add = (minute, region, metric, label, n, total) => {
    const k = `${minute}|${region}|${metric}|${label}`;
    const r = rows.get(k);
    if (r) {
      r.n += n;
      r.total += total;
    } else rows.set(k, { minute, region, metric, label, n, total });
  };
  for (const e of events) {
    const minute = Math.floor(e.at / 60000);
    const region = e.region || "unknown";
    if (e.type === "issued") add(minute, region, "issued", e.kind || "", 1, 0);
    else if (e.type === "outcome") {
      if (e.success) add(minute, region, "completed", "", 1, e.bytes || 0);
      else add(minute, region, "failed", e.reason || "unknown", 1, 0);
      if (e.durationMs) add(minute, region, "uploadMs", "", 1, e.durationMs);
    } else if (e.type === "request") {
      add(minute, region, "request", `${Math.floor(e.status / 100)}xx`, 1, 0);
      add(minute, region, "latency", String(slotOf(e.latencyMs)), 1, e.latencyMs);
      if (e.s3Error) add(minute, region, "s3Error", e.s3Error, 1, 0);
      if (e.retries) add(minute, region, "s3Retry", "", e.retries, 0);
    }
  }
  return [...rows.values()];
}

// Latency histogram: quarter-octave slots (each 19 % wider than the last), so any percentile is within ~10 % of
// the truth, with ~60 slots from 0 ms to an hour.
export function slotOf(ms) {
  return Math.floor(Math.log2(Math.max(0, ms) + 1) * 4);
}
const slotUpper = (slot) => Math.round((2 ** ((slot + 1) / 4) - 1) * 100) / 100;

function percentile(histogram, total, p) {
  if (!total) return null;
  const rank = Math.ceil(total * p);
  let seen = 0;
  for (const [slot, n] of [...histogram].sort((a, b) => a[0] - b[0])) {
    seen += n;
    if (seen >= rank) return slotUpper(slot);
  }
  return null;
}

/** Rows (any number of stores, any minutes) → the per-region report over the window. */
export function report(rows) {
  const regions = {};
  const get = (region) =>
    (regions[region] ??= { issued: 0, issuedBy: {}, completed: 0, failed: 0, failedBy: {}, bytesCompleted: 0, uploadMsTotal: 0, requests: { "2xx": 0, "4xx": 0, "5xx": 0 }, histogram: new Map(), latencyCount: 0, latencyMsTotal: 0, s3Errors: 0, s3ErrorsBy: {}, s3Retries: 0 });
  for (const r of rows) {
    const c = get(r.region);
    switch (r.metric) {
      case "issued":
        c.issued += r.n;
        c.issuedBy[r.label] = (c.issuedBy[r.label] || 0) + r.n;
        break;
      case "completed":
        c.completed += r.n;
        c.bytesCompleted += r.total;
        break;
      case "failed":
        c.failed += r.n;
        c.failedBy[r.label] = (c.failedBy[r.label] || 0) + r.n;
        break;
      case "uploadMs":
        c.uploadMsTotal += r.total;
        break;
      case "request":
        c.requests[r.label] = (c.requests[r.label] || 0) + r.n;
        break;
      case "latency":
        c.histogram.set(Number(r.label), (c.histogram.get(Number(r.label)) || 0) + r.n);
        c.latencyCount += r.n;
        c.latencyMsTotal += r.total;
        break;
      case "s3Error":
        c.s3Errors += r.n;
        c.s3ErrorsBy[r.label] = (c.s3ErrorsBy[r.label] || 0) + r.n;
        break;
      case "s3Retry":
        c.s3Retries += r.n;
        break;
    }
  }
  for (const c of Object.values(regions)) {
    const reports = c.completed + c.failed;
    c.successRate = reports ? c.completed / reports : null;
    c.latencyMs = {
      avg: c.latencyCount ? Math.round((c.latencyMsTotal / c.latencyCount) * 100) / 100 : null,
      p50: percentile(c.histogram, c.latencyCount, 0.5),
      p95: percentile(c.histogram, c.latencyCount, 0.95),
      p99: percentile(c.histogram, c.latencyCount, 0.99),
    };
    delete c.histogram;
    delete c.latencyMsTotal;
  }
  return regions;
}
