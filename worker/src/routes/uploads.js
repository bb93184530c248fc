// Single-request uploads: presigned PUT (`signed-url`), presigned POST (`post-policy`), the outcome report, and
// signed downloads. The worker decides the policy; the signer (pkg/) decides what S3 needs.

import { badRequest, invalid, ok, requireInteger, requireString, optionalBoolean } from "../http.js";
import { byoCredentials, checkContentType, checkSize, checksum, expiresIn, sanitizeFilename, sseOptions, storageClass } from "../policy.js";
import { findBucket, knownRegion, selectBucket } from "../buckets.js";
import { bucketSigner } from "../s3-client.js";
import { checkKeyShape, clientPrefix, objectKey } from "../upload-key.js";
import { S3Signer } from "../signer.js";
import { signerFor, S3_MAX_PUT } from "../config.js";
import { issued, reported } from "../metrics.js";

/** S3-style path encoding of a key for a CDN URL: each segment percent-encoded, `/` kept. */
function encodeKeyPath(key) {
  return key.split("/").map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join("/");
}

/** The public URL of an object: through the bucket's CDN domain when it has one, else S3's own URL. */
export function publicUrl(signer, bucket, key, requestedCdn) {
  if (requestedCdn !== undefined && requestedCdn !== null && requestedCdn !== "") {
    if (typeof requestedCdn !== "string" || requestedCdn.toLowerCase() !== (bucket.cdnDomain || "").toLowerCase()) {
      throw badRequest("CdnDomainNotAllowed", `s3CloudFrontDomain must be the CDN domain configured for bucket ${bucket.name}${bucket.cdnDomain ? ` (${bucket.cdnDomain})` : " (none is configured)"}`);
    }
  }
  if (bucket.cdnDomain) return `https://${bucket.cdnDomain}/${encodeKeyPath(key)}`;
  return signer.objectUrl(key);
}

/** What every new upload needs, validated in the order a client would fix it. */
export function uploadRequest(body, config, { sizeRequired = true, hardMax = S3_MAX_PUT, hardMaxHint } = {}) {
  const filename = sanitizeFilename(body.filename);
  const contentType = checkContentType(body.contentType, config);
  const size = sizeRequired || (body.size !== undefined && body.size !== null) ? checkSize(body, config, { hardMax, hardMaxHint }) : undefined;
  return {
    filename,
    contentType,
    size,
    storageClass: storageClass(body.s3StorageClass, config),
    expiresIn: expiresIn(body, config),
    prefix: clientPrefix(body, config),
  };
}

/**
 * The signer for a new upload: the worker's own for the selected bucket, or — only with ALLOW_BYO_CREDENTIALS —
 * one built from the caller's s3AccessKey/s3SecretKey for this request (freed by the caller via `release`).
 */
async function uploadSigner(body, config, rc, cf) {
  const byo = byoCredentials(body, config);
  if (!byo) {
    const { bucket, reason } = selectBucket(config, { s3Bucket: body.s3Bucket, s3Region: body.s3Region, cf });
    rc.bucket = bucket.name;
    rc.selection = reason;
    const { signer, region } = await bucketSigner(bucket, config, rc);
    rc.region = region;
    return { bucket, signer, region, release() {} };
  }
  rc.extraSecrets.push(byo.secretAccessKey);
  // The caller's own bucket: a configured one (its endpoint and backend apply) or any AWS bucket named with s3Bucket
  // and s3Region. The worker's credentials are never used on this path.
  const name = requireString(body, "s3Bucket", { max: 63 });
  const configured = config.buckets.find((b) => b.name === name);
  const region = (typeof body.s3Region === "string" && body.s3Region) || (configured && knownRegion(configured, config));
  if (!region) throw invalid("`s3Region` is required with bring-your-own credentials");
  const bucket = configured || { name, cdnDomain: undefined };
  const signer = configured
    ? signerFor(configured, region, byo)
    : new S3Signer({ accessKeyId: byo.accessKeyId, secretAccessKey: byo.secretAccessKey, bucket: name, region });
  rc.bucket = name;
  rc.region = region;
  rc.selection = "byo";
  return { bucket, signer, region, release: () => signer.free() };
}

export async function signedUrl({ body, config, rc, cf }) {
  const u = uploadRequest(body, config, { hardMaxHint: "use the multipart endpoints" });
  const sum = checksum(body.checksum, config);
  const s = await uploadSigner(body, config, rc, cf);
  try {
    const key = objectKey(config, u.filename, u.prefix);
    const url = publicUrl(s.signer, s.bucket, key, body.s3CloudFrontDomain);
    // Content-Type and Content-Length are signed, so S3 refuses any other type or size
    // (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html: every signed header must match).
    // If-None-Match: * makes S3 refuse to overwrite an existing object (S3 conditional writes, 2024).
    const put = s.signer.presignPut(key, {
      expiresIn: u.expiresIn,
      contentType: u.contentType,
      contentLength: u.size,
      storageClass: u.storageClass,
      ...sseOptions(config),
      checksum: sum,
      ifNoneMatch: config.noOverwrite || undefined,
    });
    const uploadId = crypto.randomUUID();
    issued(s.region, s.bucket.name, uploadId);
    return ok({
      uploadUrl: put.url,
      publicUrl: url,
      uploadId,
      provider: "s3",
      region: s.region,
      bucket: s.bucket.name,
      storageClass: u.storageClass,
      expiresIn: put.expiresIn,
      expiresAt: put.expiresAt,
      method: "PUT",
      headers: put.headers,
      key,
    });
  } finally {
    s.release();
  }
}

/**
 * A presigned POST policy. The size limit is a `content-length-range` condition and the type an exact
 * `Content-Type` condition (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html),
 * so S3 itself refuses a larger file or another type.
 */
export async function postPolicy({ body, config, rc, cf }) {
  const u = uploadRequest(body, config, { sizeRequired: false, hardMaxHint: "use the multipart endpoints" });
  const s = await uploadSigner(body, config, rc, cf);
  try {
    return ok(buildPost(s, u, config));
  } finally {
    s.release();
  }
}

export function buildPost(s, u, config) {
  const key = objectKey(config, u.filename, u.prefix);
  const max = Math.min(config.maxSize, S3_MAX_PUT);
  const range = u.size !== undefined ? [u.size, u.size] : [config.minSize, max];
  const post = s.signer.presignPost({
    key,
    expiresIn: u.expiresIn,
    contentLengthRange: range,
    contentType: u.contentType,
    storageClass: u.storageClass,
    ...sseOptions(config),
  });
  const uploadId = crypto.randomUUID();
  issued(s.region, s.bucket.name, uploadId);
  return {
    url: post.url,
    method: "POST",
    fields: post.fields,
    key,
    expiresAt: post.expiresAt,
    maxSize: range[1],
    minSize: range[0],
    uploadId,
    bucket: s.bucket.name,
    region: s.region,
    publicUrl: publicUrl(s.signer, s.bucket, key),
  };
}

export async function downloadUrl({ url, config, rc }) {
  const q = Object.fromEntries(url.searchParams);
  const key = checkKeyShape(q.key, config);
  const bucket = findBucket(config, q.bucket);
  rc.bucket = bucket.name;
  let exp = config.defaultExpiresIn;
  if (q.expiresIn !== undefined) {
    exp = Number(q.expiresIn);
    if (!Number.isSafeInteger(exp) || exp < 1 || exp > config.maxExpiresIn) {
      throw badRequest("ExpiresOutOfRange", `\`expiresIn\` must be an integer from 1 to ${config.maxExpiresIn} seconds`);
    }
  }
  const { signer, region } = await bucketSigner(bucket, config, rc);
  const get = signer.presignGet(key, { expiresIn: exp });
  return ok({ url: get.url, method: "GET", expiresAt: get.expiresAt, expiresIn: get.expiresIn, key, bucket: bucket.name, region });
}

/** The client reports how an upload went; feeds the per-region success counters. */
export async function reportOutcome({ body, config, rc }) {
  const key = checkKeyShape(requireString(body, "key"), config);
  const success = optionalBoolean(body, "success");
  if (success === undefined) throw invalid("`success` is required (true or false)");
  const uploadId = requireString(body, "uploadId", { max: 1024, optional: true });
  const bytes = requireInteger(body, "bytes", { optional: true });
  const durationMs = requireInteger(body, "durationMs", { optional: true });
  if (body.error !== undefined && body.error !== null && typeof body.error !== "string" && typeof body.error !== "object") {
    throw invalid("`error` must be a string or an object");
  }
  let fallbackRegion;
  if (body.bucket !== undefined) {
    const b = findBucket(config, body.bucket);
    fallbackRegion = knownRegion(b, config) || b.configuredRegion;
  }
  rc.region = reported(uploadId, fallbackRegion, { success, bytes, durationMs });
  return ok({ region: rc.region });
}
