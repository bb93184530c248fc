// GET /api/v1/diagnostics?bucket= (API key only) → { success, ok, summary: { errors, warnings, buckets },
//   buckets: [{ bucket, region, ok, findings: [{ id, severity, bucket, title, impact, fix?, details? }] }] }
// Runs the bucket checks (diagnostics/index.js) with the worker's own credentials: a few S3 calls per bucket.

import { ok } from "../http.js";
import { findBucket } from "../buckets.js";
import { runDiagnostics } from "../diagnostics/index.js";

export async function diagnostics({ input, config, rc }) {
  const only = input.query.bucket === undefined ? undefined : [findBucket(config, input.query.bucket).name];
  return ok(await runDiagnostics(config, rc, { buckets: only }));
}
