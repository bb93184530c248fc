// Uppy Companion-compatible S3 routes, so `@uppy/aws-s3` works unchanged with `endpoint`/`companionUrl` pointed at
// the worker. Shapes follow Companion's S3 controller (transloadit/uppy packages/@uppy/companion/src/server/
// controllers/s3.js): these answers are bare JSON, not the /api/v1 envelope, because Uppy reads them as Companion's.
// Uppy sends no file size, so single uploads are POST policies bounded by content-length-range [MIN_SIZE, MAX_SIZE],
// and multipart parts are signed without Content-Length; MAX_SIZE is then enforced at complete from ListParts.

import { badRequest, invalid } from "../http.js";
import { checkContentType, expiresIn, sanitizeFilename, storageClass } from "../policy.js";
import { selectBucket } from "../buckets.js";
import { bucketSigner } from "../s3-client.js";
import { buildPost } from "./uploads.js";
import { abortUpload, completeUpload, createUpload, existingUpload, listAllParts, maxPartNumber, uploadIdOf } from "./multipart.js";

function raw(body) {
  return { status: 200, body, raw: true };
}

function uppyContentType(type, config) {
  // Uppy sends the browser's File.type, which is "" for unknown files; S3's own default is application/octet-stream.
  return checkContentType(type || "application/octet-stream", config);
}

/** GET /s3/params?filename=&type=&metadata[name]=… → { method: "POST", url, fields, headers } */
export async function params({ url, config, rc, cf }) {
  const q = url.searchParams;
  const u = {
    filename: sanitizeFilename(q.get("filename") || ""),
    contentType: uppyContentType(q.get("type"), config),
    size: undefined,
    storageClass: storageClass(undefined, config),
    expiresIn: expiresIn({}, config),
    prefix: "",
  };
  const { bucket, reason } = selectBucket(config, { cf });
  rc.bucket = bucket.name;
  rc.selection = reason;
  const { signer, region } = await bucketSigner(bucket, config, rc);
  const post = buildPost({ bucket, signer, region }, u, config);
  return raw({ method: "POST", url: post.url, fields: post.fields, headers: {}, expires: u.expiresIn, key: post.key });
}

/** POST /s3/multipart { filename, type, metadata } → { key, uploadId, bucket } */
export async function create({ body, config, rc, cf }) {
  const created = await createUpload({
    body: {},
    config,
    rc,
    cf,
    size: 0,
    filename: sanitizeFilename(body.filename),
    contentType: uppyContentType(body.type, config),
    storageClass: storageClass(undefined, config),
    prefix: "",
    checksumAlgorithm: undefined,
  });
  return raw({ key: created.key, uploadId: created.uploadId, bucket: created.bucket });
}

function keyParam(url) {
  const key = url.searchParams.get("key");
  if (!key) throw invalid("the `key` query parameter is required");
  return key;
}

async function signOne(config, rc, signer, key, uploadId, n) {
  return signer.presignUploadPart(key, uploadId, n, { expiresIn: config.defaultExpiresIn });
}

function partNumbers(list, max) {
  return list.map((s) => {
    const n = /^\d{1,5}$/.test(s) ? Number(s) : NaN;
    if (!Number.isSafeInteger(n) || n < 1 || n > max) throw badRequest("InvalidPartNumber", `part numbers must be integers from 1 to ${max}`);
    return n;
  });
}

/** GET /s3/multipart/:uploadId/:partNumber?key= → { url, expires } */
export async function signPart({ url, params: p, config, rc }) {
  const key = keyParam(url);
  const uploadId = uploadIdOf(p.uploadId);
  const { bucket, layout } = await existingUpload(config, rc, key, undefined);
  const [n] = partNumbers([p.partNumber], maxPartNumber(layout, config));
  const { signer, region } = await bucketSigner(bucket, config, rc);
  rc.region = region;
  const r = await signOne(config, rc, signer, key, uploadId, n);
  return raw({ url: r.url, expires: r.expiresIn, headers: r.headers });
}

/** GET /s3/multipart/:uploadId/batch?key=&partNumbers=1,2 → { presignedUrls: { "1": url, … } } */
export async function batchSign({ url, params: p, config, rc }) {
  const key = keyParam(url);
  const uploadId = uploadIdOf(p.uploadId);
  const { bucket, layout } = await existingUpload(config, rc, key, undefined);
  const list = (url.searchParams.get("partNumbers") || "").split(",").filter(Boolean);
  if (!list.length) throw invalid("the `partNumbers` query parameter is required (comma-separated)");
  if (list.length > config.maxPartsPerBatch) throw invalid(`sign at most ${config.maxPartsPerBatch} parts per request`);
  const numbers = partNumbers(list, maxPartNumber(layout, config));
  const { signer, region } = await bucketSigner(bucket, config, rc);
  rc.region = region;
  const presignedUrls = {};
  for (const n of numbers) presignedUrls[n] = (await signOne(config, rc, signer, key, uploadId, n)).url;
  return raw({ presignedUrls });
}

/** GET /s3/multipart/:uploadId?key= → [{ PartNumber, ETag, Size }] */
export async function listParts({ url, params: p, config, rc }) {
  const key = keyParam(url);
  const uploadId = uploadIdOf(p.uploadId);
  const { bucket } = await existingUpload(config, rc, key, undefined);
  const parts = await listAllParts(bucket, config, rc, key, uploadId);
  return raw(parts.map((x) => ({ PartNumber: x.partNumber, ETag: x.etag, Size: x.size })));
}

/** POST /s3/multipart/:uploadId/complete?key= { parts: [{ PartNumber, ETag }] } → { location, key, bucket } */
export async function completeRoute({ url, params: p, body, config, rc }) {
  const key = keyParam(url);
  const uploadId = uploadIdOf(p.uploadId);
  if (!Array.isArray(body.parts)) throw invalid("`parts` must be an array of { PartNumber, ETag }");
  const parts = body.parts.map((x) => (x && typeof x === "object" ? { partNumber: x.PartNumber, etag: x.ETag } : x));
  const done = await completeUpload({ config, rc, key, uploadId, bucketName: undefined, parts });
  return raw({ location: done.location || done.publicUrl, key: done.key, bucket: done.bucket });
}

/** DELETE /s3/multipart/:uploadId?key= → {} */
export async function abortRoute({ url, params: p, config, rc }) {
  const key = keyParam(url);
  const uploadId = uploadIdOf(p.uploadId);
  await abortUpload({ config, rc, key, uploadId, bucketName: undefined });
  return raw({});
}
