// Uppy Companion-compatible S3 routes, so `@uppy/aws-s3` works unchanged with `companionEndpoint` pointed at the
// worker. Shapes follow Companion's S3 controller (transloadit/uppy packages/@uppy/companion/src/server/
// controllers/s3.js) and @uppy/aws-s3's CompanionS3 client: these answers are bare JSON, not the /api/v1 envelope,
// because Uppy reads them as Companion's. Every rule is the /api/v1 routes' own: uploads are decided by
// decideUpload() in the "companion" dialect (Uppy sends no size, checksum or options), and parts are signed by
// the same signPartUrls() as sign-parts.

import { decideUpload } from "../upload-policy.js";
import { uploadSigner } from "../upload-signing.js";
import { postAnswer } from "./uploads.js";
import { abortForClient, completeUpload, existingUpload, listAllParts, signPartUrls, startUpload } from "./multipart.js";
import { badRequest } from "../http.js";

function raw(body) {
  return { status: 200, body, raw: true };
}

/**
 * GET /s3/params?filename=&type=&metadata[name]=… → { method: "POST", url, fields, headers, expires, key }
 * A POST policy bounded by content-length-range [MIN_SIZE, MAX_SIZE]: Uppy sends no size.
 */
export async function params({ input, config, rc, cf, metrics }) {
  const decision = await decideUpload({ filename: input.query.filename, contentType: input.query.type }, { config, kind: "post", dialect: "companion", cf });
  const s = await uploadSigner(decision, config, rc);
  const post = await postAnswer(decision, s, config, metrics);
  return raw({ method: "POST", url: post.url, fields: post.fields, headers: {}, expires: decision.expiresIn, key: post.key, uploadId: post.uploadId, downloadToken: post.downloadToken });
}

/** POST /s3/multipart { filename, type, metadata } → { key, uploadId, bucket } */
export async function create({ input, config, rc, cf, metrics }) {
  const decision = await decideUpload({ filename: input.body.filename, contentType: input.body.type }, { config, kind: "multipart", dialect: "companion", cf });
  const started = await startUpload(decision, config, rc, metrics);
  return raw({ key: started.key, uploadId: started.uploadId, bucket: started.bucket });
}

/** GET /s3/multipart/:uploadId/:partNumber?key= → { url, expires, headers } */
export async function signPart({ input, config, rc }) {
  const partNumber = Number(input.params.partNumber);
  if (!/^\d{1,5}$/.test(input.params.partNumber)) throw badRequest("InvalidPartNumber", "the part number in the path must be an integer");
  const [part] = await signPartUrls({ config, rc, key: input.query.key, uploadId: input.params.uploadId, wanted: [{ partNumber }], dialect: "companion" });
  return raw({ url: part.url, expires: part.expiresIn, headers: part.headers });
}

/** GET /s3/multipart/:uploadId/batch?key=&partNumbers=1,2 → { presignedUrls: { "1": url, … } } */
export async function batchSign({ input, config, rc }) {
  const list = input.query.partNumbers.split(",");
  if (list.some((s) => !/^\d{1,5}$/.test(s))) throw badRequest("InvalidPartNumber", "`partNumbers` must be comma-separated integers");
  const parts = await signPartUrls({ config, rc, key: input.query.key, uploadId: input.params.uploadId, wanted: list.map((n) => ({ partNumber: Number(n) })), dialect: "companion" });
  return raw({ presignedUrls: Object.fromEntries(parts.map((p) => [p.partNumber, p.url])), headers: Object.fromEntries(parts.map((p) => [p.partNumber, p.headers])) });
}

/** GET /s3/multipart/:uploadId?key= → [{ PartNumber, ETag, Size }] */
export async function listParts({ input, config, rc }) {
  const { bucket } = await existingUpload(config, rc, input.query.key, undefined);
  const parts = await listAllParts(bucket, config, rc, input.query.key, input.params.uploadId);
  return raw(parts.map((x) => ({ PartNumber: x.partNumber, ETag: x.etag, Size: x.size })));
}

/** POST /s3/multipart/:uploadId/complete?key= { parts: [{ PartNumber, ETag }] } → { location, key, bucket } */
export async function completeRoute({ input, config, rc, metrics }) {
  const parts = input.body.parts.map((x) => ({ partNumber: x.PartNumber, etag: x.ETag }));
  const done = await completeUpload({ config, rc, key: input.query.key, uploadId: input.params.uploadId, bucketName: undefined, parts, metrics });
  return raw({ location: done.location || done.publicUrl, key: done.key, bucket: done.bucket });
}

/** DELETE /s3/multipart/:uploadId?key= → {} */
export async function abortRoute({ input, config, rc, metrics }) {
  await abortForClient({ config, rc, key: input.query.key, uploadId: input.params.uploadId, bucketName: undefined, metrics });
  // (Uppy's abort carries no reason: counted as "aborted".)
  return raw({});
}
