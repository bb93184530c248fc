// Multipart uploads (https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html). The worker creates,
// lists, completes and aborts uploads itself (header-signed fetches with retries); clients PUT the parts to
// presigned URLs whose Content-Length is signed, so each part is exactly the size of the layout decided at
// initiate, and the part count is bounded by it. The layout travels in the key (upload-key.js).

import { badRequest, invalid, ok, requireInteger, requireString } from "../http.js";
import { checksum, sseOptions } from "../policy.js";
import { findBucket, selectBucket } from "../buckets.js";
import { bucketSigner, s3Call, upstreamError } from "../s3-client.js";
import { multipartKey, readMultipartKey } from "../upload-key.js";
import { parseCompleteMultipartUpload, parseInitiateMultipartUpload, parseListParts, partSizeFor } from "../signer.js";
import { S3_MAX_OBJECT, S3_MAX_PART, S3_MAX_PARTS, S3_MIN_PART } from "../config.js";
import { issued, reported } from "../metrics.js";
import { publicUrl, uploadRequest } from "./uploads.js";

function noByo(body) {
  if (Object.prototype.hasOwnProperty.call(body, "s3AccessKey") || Object.prototype.hasOwnProperty.call(body, "s3SecretKey")) {
    throw badRequest("CredentialsNotAllowed", "multipart uploads always use the worker's own credentials: remove s3AccessKey/s3SecretKey");
  }
}

export function uploadIdOf(value) {
  // S3 upload ids are opaque URL-safe strings of a few hundred characters at most.
  if (typeof value !== "string" || value === "" || value.length > 1024 || /[\u0000-\u001f\u007f]/.test(value)) {
    throw invalid("`uploadId` is required: the uploadId that initiate returned");
  }
  return value;
}

/** Bucket, layout and signer of an existing multipart upload, from its key (and optional bucket). */
export async function existingUpload(config, rc, key, bucketName) {
  const candidates = bucketName === undefined || bucketName === null || bucketName === ""
    ? config.buckets.map((b) => b.name)
    : [findBucket(config, bucketName).name];
  const layout = await readMultipartKey(config, key, candidates);
  const bucket = findBucket(config, layout.bucket);
  rc.bucket = bucket.name;
  return { bucket, layout };
}

/** Creates the upload: returns `{ key, uploadId, bucket, region, partSize, partCount, storageClass }`. */
export async function createUpload({ body, config, rc, cf, size, filename, contentType, storageClass, prefix, checksumAlgorithm }) {
  const { bucket, reason } = selectBucket(config, { s3Bucket: body.s3Bucket, s3Region: body.s3Region, cf });
  rc.bucket = bucket.name;
  rc.selection = reason;
  // S3 allows at most 10 000 parts of 5 MiB–5 GiB (the last may be smaller): the signer picks a part size of at
  // least PART_SIZE that fits, or throws InvalidMultipart.
  const partSize = size ? partSizeFor(size, config.partSize) : 0;
  const partCount = size ? Math.max(1, Math.ceil(size / partSize)) : 0;
  const key = await multipartKey(config, bucket.name, filename, prefix, { size: size || 0, partSize });
  const res = await s3Call(bucket, config, rc, "CreateMultipartUpload", (s) =>
    s.createMultipartUpload(key, { contentType, storageClass, ...sseOptions(config), checksumAlgorithm }));
  if (res.status !== 200) throw upstreamError("CreateMultipartUpload", res, rc);
  const { uploadId } = parseInitiateMultipartUpload(res.text);
  issued(rc.region, bucket.name, uploadId);
  return { key, uploadId, bucket: bucket.name, region: rc.region, partSize, partCount, storageClass };
}

export async function initiate({ body, config, rc, cf }) {
  noByo(body);
  const u = uploadRequest(body, config, { hardMax: S3_MAX_OBJECT, hardMaxHint: "S3 objects are at most 5 TiB" });
  let checksumAlgorithm = body.checksumAlgorithm ?? config.checksumAlgorithm ?? undefined;
  if (checksumAlgorithm !== undefined) {
    if (typeof checksumAlgorithm !== "string") throw invalid("`checksumAlgorithm` must be a string such as CRC32C");
    checksumAlgorithm = checksumAlgorithm.toUpperCase();
    if (config.checksumAlgorithm && checksumAlgorithm !== config.checksumAlgorithm) {
      throw badRequest("ChecksumAlgorithmNotAllowed", `this worker requires ${config.checksumAlgorithm} checksums`);
    }
  }
  const created = await createUpload({ body, config, rc, cf, ...u, checksumAlgorithm });
  return ok({ ...created, checksumAlgorithm: checksumAlgorithm || null, expiresIn: u.expiresIn });
}

/** The size part `n` must have in `layout`, or null when the layout is unknown (an Uppy upload). */
export function expectedPartSize(layout, n) {
  if (!layout.partCount) return null;
  return n < layout.partCount ? layout.partSize : layout.size - layout.partSize * (layout.partCount - 1);
}

/** The highest part number a client may sign for `layout`. */
export function maxPartNumber(layout, config) {
  if (layout.partCount) return layout.partCount;
  // Unknown layout (Uppy sends no size): parts of at least 5 MiB cannot exceed MAX_SIZE in more than this many.
  return Math.min(S3_MAX_PARTS, Math.max(1, Math.ceil(config.maxSize / S3_MIN_PART)));
}

function partNumberOf(v, max) {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1 || v > max) {
    throw badRequest("InvalidPartNumber", `partNumber must be an integer from 1 to ${max} (the layout from initiate)`);
  }
  return v;
}

export async function signParts({ body, config, rc }) {
  const key = requireString(body, "key");
  const uploadId = uploadIdOf(body.uploadId);
  const { bucket, layout } = await existingUpload(config, rc, key, body.bucket);
  if (!Array.isArray(body.parts) || body.parts.length === 0) throw invalid("`parts` must be a non-empty array of { partNumber, size }");
  if (body.parts.length > config.maxPartsPerBatch) throw invalid(`sign at most ${config.maxPartsPerBatch} parts per request`);
  const exp = body.expiresIn === undefined ? config.defaultExpiresIn : requireInteger(body, "expiresIn", { min: 1, max: config.maxExpiresIn });
  const max = maxPartNumber(layout, config);
  const wanted = body.parts.map((p, i) => {
    if (!p || typeof p !== "object") throw invalid(`parts[${i}] must be { partNumber, size }`);
    const n = partNumberOf(p.partNumber, max);
    const size = requireInteger(p, "size", { min: 1, max: S3_MAX_PART });
    const expected = expectedPartSize(layout, n);
    if (expected !== null && size !== expected) {
      throw badRequest("PartSizeMismatch", `part ${n} must be exactly ${expected} bytes (part size ${layout.partSize}, ${layout.partCount} parts for ${layout.size} bytes)`);
    }
    if (expected === null && size > config.maxSize) throw badRequest("FileTooLarge", `part ${n} is larger than the maximum upload size ${config.maxSize}`);
    return { n, size, checksum: checksum(p.checksum, { ...config, checksumAlgorithm: null }) };
  });
  const { signer, region } = await bucketSigner(bucket, config, rc);
  rc.region = region;
  const parts = wanted.map(({ n, size, checksum: sum }) => {
    const r = signer.presignUploadPart(key, uploadId, n, { expiresIn: exp, contentLength: size, checksum: sum });
    return { partNumber: n, url: r.url, method: "PUT", headers: r.headers, expiresAt: r.expiresAt };
  });
  return ok({ parts });
}

/** Every part S3 holds for the upload (ListParts pages of up to 1000). */
export async function listAllParts(bucket, config, rc, key, uploadId) {
  const parts = [];
  let marker;
  for (let page = 0; page < Math.ceil(S3_MAX_PARTS / 1000) + 1; page++) {
    const res = await s3Call(bucket, config, rc, "ListParts", (s) => s.listParts(key, uploadId, { partNumberMarker: marker }));
    if (res.status !== 200) throw upstreamError("ListParts", res, rc);
    const listed = parseListParts(res.text);
    parts.push(...listed.parts);
    if (!listed.isTruncated || listed.nextPartNumberMarker === undefined) return parts;
    marker = listed.nextPartNumberMarker;
  }
  return parts;
}

export async function listUploadParts({ body, config, rc }) {
  const key = requireString(body, "key");
  const uploadId = uploadIdOf(body.uploadId);
  const { bucket } = await existingUpload(config, rc, key, body.bucket);
  const parts = await listAllParts(bucket, config, rc, key, uploadId);
  return ok({ parts: parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag, size: p.size })) });
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

export async function completeUpload({ config, rc, key, uploadId, bucketName, parts: rawParts }) {
  const { bucket, layout } = await existingUpload(config, rc, key, bucketName);
  if (!Array.isArray(rawParts) || rawParts.length === 0) throw invalid("`parts` must be a non-empty array of { partNumber, etag }");
  if (rawParts.length > S3_MAX_PARTS) throw invalid(`at most ${S3_MAX_PARTS} parts`);
  const max = maxPartNumber(layout, config);
  const parts = rawParts.map((p, i) => {
    if (!p || typeof p !== "object") throw invalid(`parts[${i}] must be { partNumber, etag }`);
    const etag = requireString(p, "etag", { max: 256 });
    return { partNumber: partNumberOf(p.partNumber, max), etag, checksum: checksum(p.checksum, { ...config, checksumAlgorithm: null }) };
  });
  // S3 wants the list in ascending order without repeats (InvalidPartOrder): sort for the client, refuse repeats.
  parts.sort((a, b) => a.partNumber - b.partNumber);
  for (let i = 1; i < parts.length; i++) {
    if (parts[i].partNumber === parts[i - 1].partNumber) throw badRequest("InvalidPartOrder", `part ${parts[i].partNumber} is listed twice`);
  }
  let total;
  if (!layout.partCount) {
    // Parts of an upload without a known layout (Uppy sends no sizes) were signed without Content-Length: enforce
    // MAX_SIZE here from S3's own record of the parts, and abort an oversized upload so its parts are not kept.
    const listed = new Map((await listAllParts(bucket, config, rc, key, uploadId)).map((p) => [p.partNumber, p.size]));
    total = parts.reduce((sum, p) => sum + (listed.get(p.partNumber) || 0), 0);
    if (total > config.maxSize) {
      await abortUpload({ config, rc, key, uploadId, bucketName: bucket.name });
      throw badRequest("FileTooLarge", `the uploaded parts total ${total} bytes; the maximum is ${config.maxSize} bytes (the upload was aborted)`);
    }
  }
  const res = await s3Call(bucket, config, rc, "CompleteMultipartUpload", (s) => s.completeMultipartUpload(key, uploadId, parts, {}), { retryOnBody: transientComplete });
  if (res.status !== 200) throw upstreamError("CompleteMultipartUpload", res, rc);
  const outcome = parseCompleteMultipartUpload(res.text);
  if (!outcome.completed) throw upstreamError("CompleteMultipartUpload", { status: 200, text: res.text }, rc);
  reported(uploadId, rc.region, { success: true, bytes: total ?? layout.size });
  const { signer } = await bucketSigner(bucket, config, rc);
  const get = signer.presignGet(key, { expiresIn: config.defaultExpiresIn });
  return {
    key,
    etag: outcome.etag,
    location: outcome.location,
    bucket: bucket.name,
    region: rc.region,
    publicUrl: publicUrl(signer, bucket, key),
    downloadUrl: get.url,
  };
}

export async function complete({ body, config, rc }) {
  const key = requireString(body, "key");
  const uploadId = uploadIdOf(body.uploadId);
  return ok(await completeUpload({ config, rc, key, uploadId, bucketName: body.bucket, parts: body.parts }));
}

/** Aborts; S3's NoSuchUpload on a repeat means it is already gone, which is what the caller wanted. */
export async function abortUpload({ config, rc, key, uploadId, bucketName }) {
  const { bucket } = await existingUpload(config, rc, key, bucketName);
  const res = await s3Call(bucket, config, rc, "AbortMultipartUpload", (s) => s.abortMultipartUpload(key, uploadId, {}));
  if (res.status === 204 || res.status === 200) return { aborted: true };
  if (res.status === 404 && /NoSuchUpload/.test(res.text)) return { aborted: true, alreadyGone: true };
  throw upstreamError("AbortMultipartUpload", res, rc);
}

export async function abort({ body, config, rc }) {
  const key = requireString(body, "key");
  const uploadId = uploadIdOf(body.uploadId);
  const r = await abortUpload({ config, rc, key, uploadId, bucketName: body.bucket });
  reported(uploadId, rc.region, { success: false });
  return ok(r);
}


