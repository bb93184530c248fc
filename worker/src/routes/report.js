// Outcome reports: a client says how an upload went, feeding the per-region success counters. Accepted only for
// an upload this worker issued — a PUT/POST upload's token (upload-tokens.js) or a multipart key's MAC — and only
// once per upload (the METRICS Durable Object's claim). A success is believed only when S3 holds the object: its
// size comes from HeadObject, never from the client, and must be the size that was signed (or within MAX_SIZE).

import { ApiError, ok } from "../http.js";
import { findBucket, knownRegion } from "../buckets.js";
import { verifyObject } from "../object-verify.js";
import { checkKeyShape, looksLikeMultipartKey, readMultipartKey } from "../object-key.js";
import { readUploadToken } from "../upload-tokens.js";
import { browserOrigin } from "../auth.js";
import { corsDiagnosis } from "../diagnostics/cors-diagnosis.js";

// The longest a report can describe when the issue time is unknown (multipart keys carry only the day).
const MAX_DURATION_MS = 8 * 24 * 3600 * 1000;

/**
 * POST /api/v1/upload/s3/complete — { uploadId?, key, bucket?, success, durationMs?, bytes?, error? }
 * → { success: true, region, counted: true, bytes?, diagnosis? }
 * A failure that looks like CORS (class "cors" or "network": a browser cannot tell them apart) from a browser
 * origin is answered with the CORS check for that origin and bucket: which rule is missing, and the fix.
 */
export async function reportOutcome({ input, config, rc, metrics, request }) {
  const b = input.body;
  const key = checkKeyShape(b.key, config);
  const bucket = findBucket(config, b.bucket);
  rc.bucket = bucket.name;
  let issuedAt;
  let signedSize;
  if (looksLikeMultipartKey(key)) {
    const layout = await readMultipartKey(config, key, [bucket.name]);
    signedSize = layout.partCount ? layout.size : undefined;
  } else {
    const token = await readUploadToken(config, bucket.name, key, b.uploadId);
    if (!token) throw new ApiError(403, "UnknownUpload", "this worker did not issue an upload with this `uploadId` for this `key`: report with the uploadId and key the upload answer gave");
    issuedAt = token.issuedAt;
    signedSize = token.size;
  }
  const maxDuration = issuedAt === undefined ? MAX_DURATION_MS : Date.now() - issuedAt + 5000;
  if (b.durationMs !== undefined && b.durationMs > maxDuration) {
    throw new ApiError(400, "InvalidRequest", "`durationMs` is longer than the time since this upload was issued");
  }
  let bytes;
  if (b.success) {
    const held = await verifyObject(bucket, config, rc, key, { size: signedSize });
    if (!held.exists) throw new ApiError(409, "UploadNotFound", "S3 does not hold this object: report success only after the upload finished");
    bytes = held.size;
  }
  rc.region ??= knownRegion(bucket, config) || bucket.configuredRegion;
  if (!(await metrics.claim(bucket.name, key))) {
    throw new ApiError(409, "AlreadyReported", "this upload's outcome was already counted (a multipart upload counts itself at complete and abort)");
  }
  const reason = b.success ? undefined : failureReason(b.error);
  metrics.outcome({ region: rc.region, bucket: bucket.name, success: b.success, bytes, durationMs: b.durationMs, reason });
  const origin = browserOrigin(request);
  let diagnosis;
  if ((reason === "cors" || reason === "network") && origin) diagnosis = await corsDiagnosis(bucket, config, rc, origin);
  return ok({ region: rc.region, counted: true, ...(bytes !== undefined ? { bytes } : {}), ...(diagnosis ? { diagnosis } : {}) });
}

/** The failure reason a report gives: its class (cors, network, timeout, s3, checksum, aborted …), else "unknown". */
function failureReason(error) {
  if (!error) return "unknown";
  return error.class || "unknown";
}
