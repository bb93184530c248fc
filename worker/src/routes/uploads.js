// Single-request uploads: a presigned PUT (`signed-url`) or a presigned POST policy (`post-policy`). Both go
// through decideUpload() (upload-policy.js); the answer carries the worker's upload token (`uploadId`, for the
// outcome report) and the object's download token.

import { ok } from "../http.js";
import { decideUpload } from "../upload-policy.js";
import { issuedFields, signPost, signPut, uploadSigner } from "../upload-signing.js";

/**
 * POST /api/v1/upload/s3/signed-url — the original plan's request, plus `size` (and optional checksum, expiry…).
 * → { success, uploadUrl, publicUrl, uploadId, downloadToken, provider: "s3", region, bucket, storageClass,
 *     expiresIn, expiresAt, method: "PUT", headers, key, sizeEnforcement, minSize?, maxSize? }
 */
export async function signedUrl({ input, config, rc, cf, metrics }) {
  const decision = await decideUpload(input.body, { config, kind: "put", cf });
  const s = await uploadSigner(decision, config, rc);
  try {
    const put = signPut(decision, s.signer);
    const fields = await issuedFields(config, decision, s.signer);
    metrics.issued({ region: s.region, bucket: decision.bucket.name, kind: "put" });
    // A size-less PUT is verified once its URL has expired (the scheduled sweep), if it was not before.
    if (decision.verifySize && !decision.byo) metrics.expect(decision.bucket.name, decision.key, put.expiresAt);
    return ok({
      uploadUrl: put.url,
      ...fields,
      provider: "s3",
      region: s.region,
      bucket: decision.bucket.name,
      storageClass: decision.storageClass,
      expiresIn: put.expiresIn,
      expiresAt: put.expiresAt,
      method: "PUT",
      headers: put.headers,
      key: decision.key,
      // How the size is enforced: "signed" (S3 refuses another Content-Length) or "verified" (no size was sent: the
      // object is checked against [minSize, maxSize] after the upload and deleted when outside).
      // "none": a size-less PUT to a caller's own bucket (bring-your-own credentials), which the worker cannot read.
      sizeEnforcement: decision.verifySize ? (decision.byo ? "none" : "verified") : "signed",
      ...(decision.verifySize ? { minSize: decision.sizeRange[0], maxSize: decision.sizeRange[1] } : {}),
    });
  } finally {
    s.release();
  }
}

/**
 * POST /api/v1/upload/s3/post-policy — { filename, contentType, size?, checksum?, … }
 * → { success, url, method: "POST", fields, key, expiresAt, minSize, maxSize, uploadId, downloadToken, bucket,
 *     region, publicUrl }
 */
export async function postPolicy({ input, config, rc, cf, metrics }) {
  const decision = await decideUpload(input.body, { config, kind: "post", cf });
  const s = await uploadSigner(decision, config, rc);
  try {
    return ok(await postAnswer(decision, s, config, metrics));
  } finally {
    s.release();
  }
}

/** The POST-policy answer, shared with Uppy's /s3/params. */
export async function postAnswer(decision, s, config, metrics) {
  const post = signPost(decision, s.signer);
  const fields = await issuedFields(config, decision, s.signer);
  metrics.issued({ region: s.region, bucket: decision.bucket.name, kind: "post" });
  return {
    url: post.url,
    method: "POST",
    fields: post.fields,
    key: decision.key,
    expiresAt: post.expiresAt,
    expiresIn: decision.expiresIn,
    minSize: decision.sizeRange[0],
    maxSize: decision.sizeRange[1],
    ...fields,
    bucket: decision.bucket.name,
    region: s.region,
  };
}
