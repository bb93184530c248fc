// The class of a failed upload, as the page reports it to the worker (POST /api/v1/upload/s3/complete,
// `error.class`), so the operator's counters say *why* uploads fail per region, not only that they do.
import { ApiError } from "./api.js";
import { S3Error } from "./transfer.js";

// S3's codes for a body that does not match the checksum or digest that was signed (AWS: BadDigest,
// XAmzContentChecksumMismatch; Garage: InvalidDigest).
const CHECKSUM_CODES = new Set(["BadDigest", "InvalidDigest", "XAmzContentChecksumMismatch", "InvalidChecksum"]);

/** "aborted" | "network" | "timeout" | "checksum" | "s3" | "refused" | "unknown" */
export function failureClass(error, { cancelled = false } = {}) {
  if (cancelled) return "aborted";
  if (error instanceof S3Error) {
    // Status 0: the browser hides whether the connection failed or a CORS rule refused the answer.
    if (error.status === 0) return "network";
    if (error.code === "RequestTimeout" || error.status === 408) return "timeout";
    if (CHECKSUM_CODES.has(error.code)) return "checksum";
    return "s3";
  }
  if (error instanceof ApiError) return error.status === 0 ? "network" : error.refusal ? "refused" : "unknown";
  return "unknown";
}
