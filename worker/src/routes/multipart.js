// Multipart uploads (https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html), shared by the /api/v1
// routes and Uppy's /s3 routes (uppy.js). The worker creates, lists, completes and aborts uploads itself
// (header-signed fetches with retries); clients PUT the parts to presigned URLs. The layout decided at initiate
// travels in the key (object-key.js), so every later call — on either family of routes — applies the same rule:
// a known layout signs each part's exact Content-Length; an unknown one (Uppy sends no size) bounds the part count
// and checks S3's ListParts at every signing and at completion (multipart-verify.js).

import { ApiError, badRequest, ok } from "../http.js";
import { boundedPartCount, decideUpload, partChecksum, urlLifetime } from "../upload-policy.js";
import { createMultipartUpload, publicUrl } from "../upload-signing.js";
import { findBucket } from "../buckets.js";
import { bucketSigner, headObject, s3Call, upstreamError } from "../s3-client.js";
import { readMultipartKey } from "../object-key.js";
import { downloadToken } from "../upload-tokens.js";
import { checkUploadedSoFar, expectedPartSize, verifyCompletion } from "../multipart-verify.js";
import { parseCompleteMultipartUpload, parseListParts, parsing, signing } from "../signer.js";
import { S3_MAX_PARTS } from "../s3-limits.js";
import { browserOrigin } from "../auth.js";
import { corsDiagnosis } from "../diagnostics/cors-diagnosis.js";

/** Creates the upload for a decision: `{ key, uploadId, bucket, region, layout }`. */
export async function startUpload(decision, config, rc, metrics) {
  rc.bucket = decision.bucket.name;
  rc.selection = decision.selection;
  const uploadId = await createMultipartUpload(decision, config, rc);
  // The region S3 call ended in (s3Call corrects a wrong one from S3's region hint on the way).
  const region = rc.region;
  metrics.issued({ region, bucket: decision.bucket.name, kind: "multipart" });
  return { key: decision.key, uploadId, bucket: decision.bucket.name, region, layout: decision.layout };
}

/**
 * POST /api/v1/upload/s3/multipart/initiate — { filename, contentType, size, checksumAlgorithm?, … }
 * → { success, key, uploadId, bucket, region, partSize, partCount, storageClass, checksumAlgorithm, expiresIn,
 *     downloadToken }
 */
export async function initiate({ input, config, rc, cf, metrics }) {
  const decision = await decideUpload(input.body, { config, kind: "multipart", cf });
  const started = await startUpload(decision, config, rc, metrics);
  return ok({
    key: started.key,
    uploadId: started.uploadId,
    bucket: started.bucket,
    region: started.region,
    partSize: decision.layout.partSize,
    partCount: decision.layout.partCount,
    storageClass: decision.storageClass,
    checksumAlgorithm: decision.checksumAlgorithm || null,
    expiresIn: decision.expiresIn,
    downloadToken: await downloadToken(config, started.bucket, started.key),
  });
}

/** Bucket and layout of an existing multipart upload, read back from its key (and optional bucket). */
export async function existingUpload(config, rc, key, bucketName) {
  const candidates = bucketName === undefined ? config.buckets.map((b) => b.name) : [findBucket(config, bucketName).name];
  const layout = await readMultipartKey(config, key, candidates);
  const bucket = findBucket(config, layout.bucket);
  rc.bucket = bucket.name;
  layout.maxParts = layout.partCount || boundedPartCount(config);
  return { bucket, layout };
}

function checkPartNumber(n, layout) {
  if (n < 1 || n > layout.maxParts) {
    throw badRequest("InvalidPartNumber", `part numbers must be from 1 to ${layout.maxParts} (${layout.partCount ? "the layout fixed at initiate" : "MAX_SIZE in parts of at least 5 MiB"})`);
  }
  return n;
}

/** Every part S3 holds for the upload (ListParts pages of up to 1000). */
export async function listAllParts(bucket, config, rc, key, uploadId) {
  const parts = [];
  let marker;
  for (let page = 0; page <= Math.ceil(S3_MAX_PARTS / 1000); page++) {
    const res = await s3Call(bucket, config, rc, "ListParts", (s) => s.listParts(key, uploadId, { partNumberMarker: marker }));
    if (res.status !== 200) throw upstreamError("ListParts", res, rc);
    const listed = parsing("ListParts", () => parseListParts(res.text));
    parts.push(...listed.parts);
    if (!listed.isTruncated || listed.nextPartNumberMarker === undefined) break;
    marker = listed.nextPartNumberMarker;
  }
  return parts;
}

/** Aborts; S3's NoSuchUpload on a repeat means it is already gone, which is what the caller wanted. */
export async function abortUpload(bucket, config, rc, key, uploadId) {
  const res = await s3Call(bucket, config, rc, "AbortMultipartUpload", (s) => s.abortMultipartUpload(key, uploadId, {}));
  if (res.status === 204 || res.status === 200) return { aborted: true };
  if (res.status === 404 && /NoSuchUpload/.test(res.text)) return { aborted: true, alreadyGone: true };
  throw upstreamError("AbortMultipartUpload", res, rc);
}

/** Runs a check whose refusal may require removing the upload's parts (multipart-verify.js `abortUpload`). */
async function orAbort(bucket, config, rc, key, uploadId, check) {
  try {
    return await check();
  } catch (err) {
    if (err && err.abortUpload) await abortUpload(bucket, config, rc, key, uploadId);
    throw err;
  }
}

/**
 * Presigns parts of an existing upload. `wanted`: [{ partNumber, size?, checksum? }] (size: the client's, api
 * dialect; Uppy gives none). One rule for both families of routes:
 * - known layout: each part's exact Content-Length from the layout is signed (a client's differing size is
 *   refused first), so S3 refuses any other body;
 * - unknown layout: part numbers are bounded, and the parts S3 already holds are listed and summed first — over
 *   MAX_SIZE, the upload is aborted and nothing more is signed. A size the client states is signed too.
 */
export async function signPartUrls({ config, rc, key, uploadId, bucketName, wanted, expiresIn, dialect }) {
  const { bucket, layout } = await existingUpload(config, rc, key, bucketName);
  if (wanted.length > config.maxPartsPerBatch) throw badRequest("InvalidRequest", `sign at most ${config.maxPartsPerBatch} parts per request`);
  const parts = wanted.map((p, i) => {
    const n = checkPartNumber(p.partNumber, layout);
    let size = p.size;
    if (layout.partCount) {
      const expected = expectedPartSize(layout, n);
      if (size !== undefined && size !== expected) {
        throw badRequest("PartSizeMismatch", `part ${n} must be exactly ${expected} bytes (part size ${layout.partSize}, ${layout.partCount} parts for ${layout.size} bytes)`);
      }
      size = expected;
    } else if (size !== undefined && size > config.maxSize) {
      throw badRequest("FileTooLarge", `part ${n} is larger than the maximum upload size ${config.maxSize}`);
    }
    if (dialect === "companion" && config.checksumAlgorithm) {
      throw badRequest("ChecksumRequired", `this worker requires a ${config.checksumAlgorithm} checksum on every part, and Uppy's Companion routes send none: use /api/v1/upload/s3/multipart/sign-parts`);
    }
    return { n, size, checksum: partChecksum(p.checksum, config, `parts[${i}]`) };
  });
  if (!layout.partCount) {
    const listed = await listAllParts(bucket, config, rc, key, uploadId);
    await orAbort(bucket, config, rc, key, uploadId, () => checkUploadedSoFar(listed, config));
  }
  const { signer, region } = await bucketSigner(bucket, config, rc);
  rc.region = region;
  const lifetime = urlLifetime(expiresIn, config, bucket);
  return parts.map(({ n, size, checksum }) => {
    const r = signing("presignUploadPart", () => signer.presignUploadPart(key, uploadId, n, { expiresIn: lifetime, contentLength: size, checksum }));
    return { partNumber: n, url: r.url, method: "PUT", headers: r.headers, expiresAt: r.expiresAt, expiresIn: r.expiresIn };
  });
}

/**
 * POST /api/v1/upload/s3/multipart/sign-parts — { key, uploadId, bucket?, parts: [{ partNumber, size, checksum? }], expiresIn? }
 * → { success, parts: [{ partNumber, url, method: "PUT", headers, expiresAt }] }
 */
export async function signParts({ input, config, rc }) {
  const b = input.body;
  const parts = await signPartUrls({ config, rc, key: b.key, uploadId: b.uploadId, bucketName: b.bucket, wanted: b.parts, expiresIn: b.expiresIn, dialect: "api" });
  return ok({ parts: parts.map(({ expiresIn, ...p }) => p) });
}

/** POST /api/v1/upload/s3/multipart/list — { key, uploadId, bucket? } → { success, parts: [{ partNumber, etag, size }] } */
export async function listUploadParts({ input, config, rc }) {
  const { bucket } = await existingUpload(config, rc, input.body.key, input.body.bucket);
  const parts = await listAllParts(bucket, config, rc, input.body.key, input.body.uploadId);
  return ok({ parts: parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag, size: p.size, ...(p.checksum ? { checksum: { algorithm: p.checksumAlgorithm, value: p.checksum } } : {}) })) });
}

// CompleteMultipartUpload can answer 200 with an <Error> body when S3 fails after sending the status line
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html): retry those that are transient.
const TRANSIENT = new Set(["InternalError", "SlowDown", "ServiceUnavailable", "RequestTimeout"]);
function transientComplete(status, text) {
  if (status !== 200 || !text.includes("<Error")) return false;
  try {
    const r = parseCompleteMultipartUpload(text);
    return !r.completed && TRANSIENT.has(r.error.code);
  } catch {
    return false;
  }
}

/**
 * The object an earlier attempt completed, if it is there: a retried CompleteMultipartUpload (or a client's
 * repeated complete after a lost answer) finds NoSuchUpload although the object exists. HeadObject confirms it,
 * with the size the checks fixed (`expectedSize`, or any size within MAX_SIZE when unknown).
 */
async function alreadyCompleted(bucket, config, rc, key, expectedSize) {
  const head = await headObject(bucket, config, rc, key);
  if (!head.exists) return null;
  if (expectedSize !== undefined ? head.size !== expectedSize : head.size > config.maxSize) return null;
  return { etag: head.etag, size: head.size };
}

/**
 * Completes an upload from the client's part list, checked against S3's ListParts and the layout
 * (multipart-verify.js). Returns the answer fields; records the outcome once.
 */
export async function completeUpload({ config, rc, key, uploadId, bucketName, parts: claimedRaw, metrics }) {
  const { bucket, layout } = await existingUpload(config, rc, key, bucketName);
  const claimed = claimedRaw.map((p) => ({ partNumber: checkPartNumber(p.partNumber, layout), etag: p.etag }));
  // S3 wants the list in ascending order without repeats (InvalidPartOrder): sort for the client, refuse repeats.
  claimed.sort((a, b) => a.partNumber - b.partNumber);
  for (let i = 1; i < claimed.length; i++) {
    if (claimed[i].partNumber === claimed[i - 1].partNumber) throw badRequest("InvalidPartOrder", `part ${claimed[i].partNumber} is listed twice`);
  }
  const knownSize = layout.partCount ? layout.size : undefined;
  let listed;
  try {
    listed = await listAllParts(bucket, config, rc, key, uploadId);
  } catch (err) {
    if (err instanceof ApiError && err.code === "NoSuchUpload") {
      const done = await alreadyCompleted(bucket, config, rc, key, knownSize);
      if (done) return finish({ config, rc, bucket, key, etag: done.etag, size: done.size, metrics, repeated: true });
    }
    throw err;
  }
  const verdict = await orAbort(bucket, config, rc, key, uploadId, () => verifyCompletion(layout, claimed, listed, config));
  const res = await s3Call(bucket, config, rc, "CompleteMultipartUpload", (s) => s.completeMultipartUpload(key, uploadId, verdict.parts, {}), {
    retryOnBody: transientComplete,
    timeoutMs: config.s3.completeTimeoutMs,
  });
  if (res.status === 404 && res.attempts > 1 && /NoSuchUpload/.test(res.text)) {
    // An earlier attempt completed it and its answer was lost (a timeout on a long completion).
    const done = await alreadyCompleted(bucket, config, rc, key, verdict.total);
    if (done) return finish({ config, rc, bucket, key, etag: done.etag, size: verdict.total, metrics });
  }
  if (res.status !== 200) throw upstreamError("CompleteMultipartUpload", res, rc);
  const outcome = parsing("CompleteMultipartUpload", () => parseCompleteMultipartUpload(res.text));
  if (!outcome.completed) throw upstreamError("CompleteMultipartUpload", { status: 200, text: res.text }, rc);
  return finish({ config, rc, bucket, key, etag: outcome.etag, location: outcome.location, size: verdict.total, metrics });
}

async function finish({ config, rc, bucket, key, etag, location, size, metrics, repeated = false }) {
  const { signer, region } = await bucketSigner(bucket, config, rc);
  rc.region = region;
  if (!repeated && (await metrics.claim(bucket.name, key))) metrics.outcome({ region, bucket: bucket.name, success: true, bytes: size });
  const get = signing("presignGet", () => signer.presignGet(key, { expiresIn: config.defaultExpiresIn }));
  return {
    key,
    etag,
    location: location || signing("objectUrl", () => signer.objectUrl(key)),
    bucket: bucket.name,
    region,
    size,
    publicUrl: publicUrl(signer, bucket.cdnDomain, key),
    downloadUrl: get.url,
    downloadToken: await downloadToken(config, bucket.name, key),
  };
}

/**
 * POST /api/v1/upload/s3/multipart/complete — { key, uploadId, bucket?, parts: [{ partNumber, etag }] }
 * → { success, key, etag, location, bucket, region, size, publicUrl, downloadUrl, downloadToken }
 */
export async function complete({ input, config, rc, metrics }) {
  const b = input.body;
  return ok(await completeUpload({ config, rc, key: b.key, uploadId: b.uploadId, bucketName: b.bucket, parts: b.parts, metrics }));
}

/** Aborts an upload for a client and counts it, once, as a failed upload (for `reason`, default "aborted"). */
export async function abortForClient({ config, rc, key, uploadId, bucketName, metrics, reason = "aborted" }) {
  const { bucket } = await existingUpload(config, rc, key, bucketName);
  const r = await abortUpload(bucket, config, rc, key, uploadId);
  if (!r.alreadyGone && (await metrics.claim(bucket.name, key))) metrics.outcome({ region: rc.region, bucket: bucket.name, success: false, reason });
  return { ...r, bucket };
}

/**
 * POST /api/v1/upload/s3/multipart/abort — { key, uploadId, bucket?, reason?: { class, code? } }
 * → { success, aborted, alreadyGone?, diagnosis? } (diagnosis: as for outcome reports, on a CORS-looking reason)
 */
export async function abort({ input, config, rc, metrics, request }) {
  const b = input.body;
  const reason = b.reason?.class || "aborted";
  const { bucket, ...r } = await abortForClient({ config, rc, key: b.key, uploadId: b.uploadId, bucketName: b.bucket, metrics, reason });
  const origin = browserOrigin(request);
  const diagnosis = (reason === "cors" || reason === "network") && origin ? await corsDiagnosis(bucket, config, rc, origin) : undefined;
  return ok({ ...r, ...(diagnosis ? { diagnosis } : {}) });
}
