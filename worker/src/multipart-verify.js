// What S3 assembles at CompleteMultipartUpload is exactly what the worker checked: the part list sent to S3 is
// built from S3's own ListParts (its ETags, sizes and checksums), after checking it against the client's list and
// the upload's layout. A part replaced between the check and the completion has another ETag, so S3 refuses the
// completion (InvalidPart) instead of assembling unchecked bytes
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html: each listed ETag must match).
// Pure functions: the routes fetch the listing and act on the verdict.

import { ApiError } from "./http.js";

/** A refusal; `abort` says the upload can never become acceptable and its parts must be removed. */
function refuse(status, code, message, abort) {
  return Object.assign(new ApiError(status, code, abort ? `${message} (the upload was aborted)` : message), { abortUpload: abort });
}

const bareEtag = (etag) => String(etag).replace(/^W\//, "").replace(/^"|"$/g, "");

/** The size part `n` must have in a known layout. */
export function expectedPartSize(layout, n) {
  return n < layout.partCount ? layout.partSize : layout.size - layout.partSize * (layout.partCount - 1);
}

/**
 * Checks the parts of an upload before completing it.
 * @param {{ size: number, partSize: number, partCount: number, maxParts: number }} layout  partCount 0 = unknown (Uppy)
 * @param {{ partNumber: number, etag: string }[]} claimed  the client's list, ascending, without repeats
 * @param {{ partNumber: number, etag: string, size: number, checksumAlgorithm?: string, checksum?: string }[]} listed  S3's ListParts
 * @param {{ minSize: number, maxSize: number }} limits
 * @returns {{ parts: { partNumber: number, etag: string, checksum?: { algorithm: string, value: string } }[], total: number }}
 */
export function verifyCompletion(layout, claimed, listed, limits) {
  const byNumber = new Map(listed.map((p) => [p.partNumber, p]));
  if (layout.partCount) {
    // A known layout is complete only with every part: anything else would assemble an object of another size.
    const missing = [];
    for (let n = 1; n <= layout.partCount && missing.length < 5; n++) if (!claimed.some((p) => p.partNumber === n)) missing.push(n);
    if (missing.length || claimed.length !== layout.partCount) {
      throw refuse(400, "IncompleteUpload", `this upload has ${layout.partCount} parts; complete it with all of them (missing: ${missing.join(", ") || "none"}, extra: ${claimed.filter((p) => p.partNumber > layout.partCount).map((p) => p.partNumber).join(", ") || "none"})`, false);
    }
  }
  const parts = [];
  let total = 0;
  for (const c of claimed) {
    const s3 = byNumber.get(c.partNumber);
    if (!s3) throw refuse(400, "PartNotUploaded", `part ${c.partNumber} is not in S3's list of this upload's parts: upload it, then complete`, false);
    if (bareEtag(s3.etag) !== bareEtag(c.etag)) {
      throw refuse(409, "PartETagMismatch", `part ${c.partNumber}'s ETag is not the one S3 holds (${s3.etag}): list the parts again and complete with S3's ETags`, false);
    }
    if (layout.partCount) {
      const expected = expectedPartSize(layout, c.partNumber);
      if (s3.size !== expected) {
        throw refuse(400, "PartSizeMismatch", `part ${c.partNumber} holds ${s3.size} bytes where the layout fixed ${expected}`, true);
      }
    }
    total += s3.size;
    parts.push({ partNumber: c.partNumber, etag: s3.etag, ...(s3.checksum ? { checksum: { algorithm: s3.checksumAlgorithm, value: s3.checksum } } : {}) });
  }
  if (total > limits.maxSize) throw refuse(400, "FileTooLarge", `the uploaded parts total ${total} bytes; the maximum is ${limits.maxSize} bytes`, true);
  if (total < limits.minSize) throw refuse(400, "FileTooSmall", `the uploaded parts total ${total} bytes; the minimum is ${limits.minSize} bytes`, true);
  return { parts, total };
}

/**
 * The running check on an upload without a known layout (Uppy): every part S3 holds counts, listed or not, since a
 * client could otherwise park bytes in parts it never completes. Throws (with `abortUpload`) once they exceed
 * MAX_SIZE.
 */
export function checkUploadedSoFar(listed, limits) {
  const total = listed.reduce((sum, p) => sum + p.size, 0);
  if (total > limits.maxSize) throw refuse(400, "FileTooLarge", `the parts uploaded so far total ${total} bytes; the maximum is ${limits.maxSize} bytes`, true);
  return total;
}
