// Turns an upload decision (upload-policy.js) into what S3 needs: a presigned PUT, a POST policy, or a multipart
// upload created by the worker. Nothing here decides a limit; everything decided is signed, so S3 refuses a
// request that differs from it (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html:
// every signed header must be sent with the signed value).

import { S3Signer, parseInitiateMultipartUpload, parseListMultipartUploads, parsing, signing } from "./signer.js";
import { signerFor } from "./config.js";
import { bucketSigner, s3Call, upstreamError } from "./s3-client.js";
import { downloadToken, uploadToken } from "./upload-tokens.js";
import { cdnObjectUrl } from "./cdn/sign.js";

/** The public URL of an object: through the bucket's CDN domain when it has one, else S3's own URL. */
export function publicUrl(signer, cdnDomain, key) {
  if (cdnDomain) return cdnObjectUrl(cdnDomain, key);
  return signing("objectUrl", () => signer.objectUrl(key));
}

/**
 * The signer for a decision: the worker's own for the chosen bucket, or — only with ALLOW_BYO_CREDENTIALS — one
 * built from the caller's credentials for this request (freed by `release`). Records the region in `rc`.
 */
export async function uploadSigner(decision, config, rc) {
  rc.bucket = decision.bucket.name;
  rc.selection = decision.selection;
  if (!decision.byo) {
    const { signer, region } = await bucketSigner(decision.bucket, config, rc);
    rc.region = region;
    return { signer, region, release() {} };
  }
  const { accessKeyId, secretAccessKey, region } = decision.byo;
  rc.extraSecrets.push(secretAccessKey);
  rc.region = region;
  const configured = config.buckets.includes(decision.bucket);
  const signer = signing("S3Signer", () => configured
    ? signerFor(decision.bucket, region, { accessKeyId, secretAccessKey })
    : new S3Signer({ accessKeyId, secretAccessKey, bucket: decision.bucket.name, region }));
  return { signer, region, release: () => signer.free() };
}

/** Fields every upload answer carries: the worker's upload token and, for the worker's own buckets, a download token. */
export async function issuedFields(config, decision, signer) {
  const own = !decision.byo;
  return {
    uploadId: await uploadToken(config, decision.bucket.name, decision.key, decision.issuedAt, decision.size),
    ...(own ? { downloadToken: await downloadToken(config, decision.bucket.name, decision.key) } : {}),
    publicUrl: publicUrl(signer, decision.cdnDomain, decision.key),
  };
}

/** The presigned PUT: Content-Type, Content-Length, checksum, SSE, storage class, disposition, If-None-Match signed. */
export function signPut(decision, signer) {
  return signing("presignPut", () => signer.presignPut(decision.key, {
    expiresIn: decision.expiresIn,
    contentType: decision.contentType,
    contentLength: decision.size,
    contentDisposition: decision.contentDisposition,
    storageClass: decision.storageClass,
    ...decision.sse,
    checksum: decision.checksum,
    // S3 conditional writes (2024): If-None-Match: * makes S3 refuse to overwrite an existing object.
    ifNoneMatch: decision.noOverwrite || undefined,
  }));
}

/**
 * The POST policy: `content-length-range` bounds the size, `Content-Type` (and Content-Disposition, and the
 * checksum) are exact conditions (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html),
 * so S3 itself refuses a larger file, another type or other bytes.
 */
export function signPost(decision, signer) {
  const fields = [];
  if (decision.contentDisposition) fields.push(["Content-Disposition", decision.contentDisposition]);
  if (decision.checksum) {
    fields.push(["x-amz-checksum-algorithm", decision.checksum.algorithm]);
    fields.push([`x-amz-checksum-${decision.checksum.algorithm.toLowerCase()}`, decision.checksum.value]);
  }
  return signing("presignPost", () => signer.presignPost({
    key: decision.key,
    expiresIn: decision.expiresIn,
    contentLengthRange: decision.sizeRange,
    contentType: decision.contentType,
    storageClass: decision.storageClass,
    ...decision.sse,
    ...(fields.length ? { fields: Object.fromEntries(fields) } : {}),
  }));
}

/**
 * Creates the multipart upload (the worker's own header-signed call). CreateMultipartUpload is not idempotent: when
 * it took more than one attempt, an earlier attempt may have created an upload whose answer was lost. The key is
 * unique to this call (it carries random bits), so any other upload under exactly this key is such a duplicate
 * and is aborted at once, not left to the sweep.
 */
export async function createMultipartUpload(decision, config, rc) {
  const bucket = decision.bucket;
  const res = await s3Call(bucket, config, rc, "CreateMultipartUpload", (s) => s.createMultipartUpload(decision.key, {
    contentType: decision.contentType,
    contentDisposition: decision.contentDisposition,
    storageClass: decision.storageClass,
    ...decision.sse,
    checksumAlgorithm: decision.checksumAlgorithm,
  }));
  if (res.status !== 200) throw upstreamError("CreateMultipartUpload", res, rc);
  const { uploadId } = parsing("CreateMultipartUpload", () => parseInitiateMultipartUpload(res.text));
  if (res.attempts > 1) await abortDuplicates(bucket, config, rc, decision.key, uploadId);
  return uploadId;
}

async function abortDuplicates(bucket, config, rc, key, keep) {
  try {
    const res = await s3Call(bucket, config, rc, "ListMultipartUploads", (s) => s.listMultipartUploads({ prefix: key }));
    if (res.status !== 200) throw upstreamError("ListMultipartUploads", res, rc);
    const page = parsing("ListMultipartUploads", () => parseListMultipartUploads(res.text));
    for (const u of page.uploads) {
      if (u.key !== key || u.uploadId === keep) continue;
      await s3Call(bucket, config, rc, "AbortMultipartUpload", (s) => s.abortMultipartUpload(key, u.uploadId, {}));
      console.log(JSON.stringify({ level: "warn", requestId: rc.requestId, msg: "aborted a duplicate multipart upload left by a retried CreateMultipartUpload", bucket: bucket.name }));
    }
  } catch (err) {
    // The upload itself was created; a duplicate that could not be removed now is left to the scheduled sweep.
    console.log(JSON.stringify({ level: "warn", requestId: rc.requestId, msg: "could not check for duplicate multipart uploads; the sweep will abort any", error: String(err && err.code) }));
  }
}
