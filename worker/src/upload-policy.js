// The one place that decides an upload's limits. Every route that creates an upload — the /api/v1 PUT, POST-policy
// and multipart routes and the Uppy Companion routes under /s3 — hands its parsed request (an UploadIntent, in
// whatever dialect the route speaks) to decideUpload(), and signs only what comes back. So a rule holds on every
// route or on none; worker/test/route-table.test.mjs walks the route table to prove it.
//
// What is decided here is then enforced by S3 through the signature (Content-Type, Content-Length or the POST
// policy's content-length-range, Content-Disposition, checksum, storage class, SSE, If-None-Match), or, where the
// signature cannot bound it (Uppy sends no sizes), verified against S3's own record before the upload counts
// (multipart-verify.js).

import { ApiError, badRequest } from "./http.js";
import { decideContentType } from "./media-type.js";
import { sanitizeFilename } from "./filename.js";
import { normalizeStorageClass, partSizeFor, signing } from "./signer.js";
import { knownRegion, selectBucket } from "./buckets.js";
import { clientPrefix, multipartKey, objectKey } from "./object-key.js";
import { CHECKSUM_ALGORITHMS, S3_MAX_OBJECT, S3_MAX_PARTS, S3_MAX_PUT, S3_MIN_PART } from "./s3-limits.js";

/** Every rule decideUpload() applies, with the code a refusal carries (the route-table test walks these). */
export const UPLOAD_RULES = {
  filename: "InvalidFilename",
  contentType: "ContentTypeNotAllowed",
  activeContent: "ContentTypeNotAllowed",
  maxSize: "FileTooLarge",
  minSize: "FileTooSmall",
  checksumRequired: "ChecksumRequired",
  checksumAlgorithm: "ChecksumAlgorithmNotAllowed",
  storageClass: "StorageClassNotAllowed",
  expiresIn: "ExpiresOutOfRange",
  cdnDomain: "CdnDomainNotAllowed",
  keyPrefix: "KeyPrefixNotAllowed",
  bucket: "UnknownBucket",
  credentials: "CredentialsNotAllowed",
};

// Presigned URLs end this long before temporary credentials do: a URL used in its last second would otherwise
// reach S3 after the credentials expired (clock skew between the worker and S3 is seconds, not minutes).
const CREDENTIAL_MARGIN_S = 60;

/**
 * @typedef {object} UploadIntent  What a caller asked for, already parsed by the route's declared shape.
 * @property {string} filename
 * @property {string} [contentType]
 * @property {number} [size]
 * @property {string} [s3Bucket]
 * @property {string} [s3Region]
 * @property {string} [s3StorageClass]
 * @property {string} [s3CloudFrontDomain]
 * @property {number} [expiresIn]
 * @property {{ algorithm: string, value: string }} [checksum]  PUT and POST: the whole file's checksum
 * @property {string} [checksumAlgorithm]  multipart: the algorithm each part will carry
 * @property {string} [keyPrefix]
 * @property {string} [s3AccessKey]
 * @property {string} [s3SecretKey]
 *
 * @typedef {"put" | "post" | "multipart"} UploadKind
 * @typedef {"api" | "companion"} Dialect  companion = Uppy's routes, which send no size, checksum or options
 */

/**
 * Decides an upload. Throws ApiError (4xx with the rule's code) for anything the policy refuses. Needs no network:
 * every refusal comes before the first S3 call. Returns the decision the signer turns into URLs.
 */
export async function decideUpload(intent, { config, kind, dialect = "api", cf, now = Date.now() }) {
  const filename = sanitizeFilename(intent.filename);
  // Uppy sends the browser's File.type, which is "" for unknown files; S3's own default is application/octet-stream.
  const type = intent.contentType ?? (dialect === "companion" ? "application/octet-stream" : undefined);
  if (type === undefined) throw badRequest("InvalidRequest", "`contentType` is required: the file's media type, e.g. image/png");
  const { contentType, contentDisposition } = decideContentType(type, config.allowedContentTypes);

  const sized = decideSize(intent, config, kind, dialect);
  const checksum = decideChecksum(intent, config, kind, dialect);
  const storageClass = decideStorageClass(intent.s3StorageClass, config);
  decideExpiresIn(intent.expiresIn, config); // refused here, in field order; applied with the bucket below
  const byo = byoCredentials(intent, config, kind);
  const chosen = byo ? byo.chosen : selectBucket(config, { s3Bucket: intent.s3Bucket, s3Region: intent.s3Region, cf });
  const cdnDomain = decideCdnDomain(intent.s3CloudFrontDomain, chosen.bucket);
  const prefix = clientPrefix(intent.keyPrefix, config);

  const expiresIn = byo ? decideExpiresIn(intent.expiresIn, config) : urlLifetime(intent.expiresIn, config, chosen.bucket, now);

  const key = kind === "multipart"
    ? await multipartKey(config, chosen.bucket.name, filename, prefix, { size: sized.layout.size, partSize: sized.layout.partSize }, now)
    : objectKey(config, filename, prefix, now, { verify: Boolean(sized.verifySize) });

  return {
    kind,
    dialect,
    bucket: chosen.bucket,
    selection: chosen.reason,
    byo: byo ? byo.credentials : null,
    key,
    filename,
    contentType,
    contentDisposition,
    ...sized,
    ...checksum,
    storageClass,
    sse: sseOptions(config),
    noOverwrite: config.noOverwrite,
    expiresIn,
    cdnDomain,
    issuedAt: now,
  };
}

/** Size (PUT), size range (POST) or part layout (multipart). */
function decideSize(intent, config, kind, dialect) {
  const hardMax = kind === "multipart" ? S3_MAX_OBJECT : S3_MAX_PUT;
  const hint = kind === "multipart" ? "S3 objects are at most 5 TiB" : "use the multipart endpoints";
  const size = intent.size === undefined ? undefined : checkSize(intent.size, config, hardMax, hint);
  if (kind === "put") {
    if (size !== undefined) return { size, sizeRange: [size, size] };
    // The original plan's request has no size. Then Content-Length cannot be signed: S3 takes up to 5 GiB, and the
    // worker verifies the object instead (HeadObject) before it counts or is handed out — at the outcome report, at
    // the download route and in the scheduled sweep — and deletes it when it is outside [MIN_SIZE, MAX_SIZE].
    if (config.sizelessPut !== "verify") {
      throw badRequest("InvalidRequest", "`size` is required (an integer): this worker signs Content-Length, so S3 refuses any other size (SIZELESS_PUT=refuse)");
    }
    return { size: undefined, sizeRange: [config.minSize, Math.min(config.maxSize, S3_MAX_PUT)], verifySize: true };
  }
  if (kind === "post") {
    return { size, sizeRange: size === undefined ? [config.minSize, Math.min(config.maxSize, S3_MAX_PUT)] : [size, size] };
  }
  if (size === undefined) {
    if (dialect !== "companion") throw badRequest("InvalidRequest", "`size` is required (an integer): it fixes the part layout whose sizes are signed");
    // Uppy sends no size: the layout is unknown, so the part count is bounded (every part but the last is at
    // least 5 MiB, so MAX_SIZE cannot take more) and the total is checked against S3's ListParts (multipart-verify.js).
    return { size: undefined, sizeRange: [config.minSize, config.maxSize], layout: { size: 0, partSize: 0, partCount: 0, maxParts: boundedPartCount(config) } };
  }
  // S3 allows at most 10 000 parts: the signer picks a part size of at least PART_SIZE that fits.
  const partSize = signing("partSizeFor", () => partSizeFor(size, config.partSize));
  const partCount = Math.max(1, Math.ceil(size / partSize));
  return { size, sizeRange: [size, size], layout: { size, partSize, partCount, maxParts: partCount } };
}

/** The most parts an upload without a known layout may have: every part but the last is at least 5 MiB. */
export function boundedPartCount(config) {
  return Math.min(S3_MAX_PARTS, Math.max(1, Math.ceil(config.maxSize / S3_MIN_PART)));
}

/** Checks a declared size against MIN_SIZE/MAX_SIZE and `hardMax` (S3's own limit for the upload method). */
export function checkSize(size, config, hardMax, hardMaxHint) {
  if (size > config.maxSize) throw badRequest("FileTooLarge", `the file is ${size} bytes; the maximum is ${config.maxSize} bytes`);
  if (size > hardMax) throw badRequest("FileTooLarge", `the file is ${size} bytes; S3 accepts at most ${hardMax} bytes this way: ${hardMaxHint}`);
  if (size < config.minSize) throw badRequest("FileTooSmall", `the file is ${size} bytes; the minimum is ${config.minSize} bytes`);
  return size;
}

function algorithmOf(value, field) {
  const algorithm = value.toUpperCase();
  if (!CHECKSUM_ALGORITHMS.includes(algorithm)) throw badRequest("InvalidRequest", `\`${field}\` must be one of ${CHECKSUM_ALGORITHMS.join(", ")}`);
  return algorithm;
}

/**
 * The checksum rule, the same on every route: with CHECKSUM_ALGORITHM set, a PUT or POST must carry the file's
 * checksum of that algorithm (signed, so S3 refuses a body that does not match), and a multipart upload is created
 * with that algorithm and every part must carry its own. Uppy's routes send no checksums, so they are refused.
 */
function decideChecksum(intent, config, kind, dialect) {
  const required = config.checksumAlgorithm;
  if (dialect === "companion" && required) {
    throw badRequest("ChecksumRequired", `this worker signs a ${required} checksum into every upload, and Uppy's Companion routes send none: use the /api/v1 endpoints (or unset CHECKSUM_ALGORITHM)`);
  }
  if (kind === "multipart") {
    if (intent.checksum !== undefined) throw badRequest("InvalidRequest", "multipart uploads take `checksumAlgorithm` at initiate and a checksum per part at sign-parts, not `checksum`");
    const algorithm = intent.checksumAlgorithm === undefined ? required || undefined : algorithmOf(intent.checksumAlgorithm, "checksumAlgorithm");
    if (required && algorithm !== required) throw badRequest("ChecksumAlgorithmNotAllowed", `this worker requires ${required} checksums`);
    return { checksumAlgorithm: algorithm };
  }
  if (intent.checksumAlgorithm !== undefined) throw badRequest("InvalidRequest", "`checksumAlgorithm` is for multipart uploads; send `checksum: { algorithm, value }`");
  if (intent.checksum === undefined) {
    if (required) throw badRequest("ChecksumRequired", `send \`checksum: { algorithm: "${required}", value: <base64> }\`: this worker signs a ${required} of every upload`);
    return { checksum: undefined };
  }
  const algorithm = algorithmOf(intent.checksum.algorithm, "checksum.algorithm");
  if (required && algorithm !== required) throw badRequest("ChecksumAlgorithmNotAllowed", `this worker requires ${required} checksums`);
  return { checksum: { algorithm, value: intent.checksum.value } };
}

/** A part's checksum at sign time (`parts[i].checksum`), under the upload's algorithm rule. */
export function partChecksum(value, config, where) {
  const required = config.checksumAlgorithm;
  if (value === undefined) {
    if (required) throw badRequest("ChecksumRequired", `${where}: send \`checksum: { algorithm: "${required}", value: <base64> }\` for every part`);
    return undefined;
  }
  const algorithm = algorithmOf(value.algorithm, `${where}.checksum.algorithm`);
  if (required && algorithm !== required) throw badRequest("ChecksumAlgorithmNotAllowed", `this worker requires ${required} checksums`);
  return { algorithm, value: value.value };
}

/** The storage class: the client's choice among STORAGE_CLASSES (aliases accepted), else DEFAULT_STORAGE_CLASS. */
function decideStorageClass(requested, config) {
  if (requested === undefined) return config.defaultStorageClass;
  const name = signing("normalizeStorageClass", () => normalizeStorageClass(requested));
  if (!config.storageClasses.includes(name)) {
    throw badRequest("StorageClassNotAllowed", `storage class ${name} is not allowed; allowed: ${config.storageClasses.join(", ")}`);
  }
  return name;
}

/** The URL lifetime: the client's choice within MAX_EXPIRES_IN, else DEFAULT_EXPIRES_IN. */
export function decideExpiresIn(requested, config) {
  if (requested === undefined) return config.defaultExpiresIn;
  if (!Number.isSafeInteger(requested) || requested < 1 || requested > config.maxExpiresIn) {
    throw badRequest("ExpiresOutOfRange", `\`expiresIn\` must be an integer from 1 to ${config.maxExpiresIn} seconds`);
  }
  return requested;
}

/**
 * The lifetime of a URL signed with the worker's credentials for `bucket`: the client's choice within
 * MAX_EXPIRES_IN, and never past the expiry of temporary credentials (`<PREFIX>_SESSION_EXPIRES_AT`).
 */
export function urlLifetime(requested, config, bucket, now = Date.now()) {
  const expiresIn = decideExpiresIn(requested, config);
  const creds = config.credentials.get(bucket.credentials);
  if (!creds || creds.expiresAt === undefined) return expiresIn;
  const left = Math.floor((creds.expiresAt - now) / 1000) - CREDENTIAL_MARGIN_S;
  if (left < 1) {
    throw new ApiError(503, "CredentialsExpired", "the worker's temporary S3 credentials have expired: the operator must refresh them", { retryable: true });
  }
  return Math.min(expiresIn, left);
}

// A host name (with an optional port): what a CDN domain may be.
const HOST = /^(?=.{1,253}(:|$))([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+(:\d{1,5})?$/i;

/**
 * The plan's `s3CloudFrontDomain`, which only shapes the `publicUrl` of the answer. When the bucket has a
 * configured CDN domain, it must be that one (the worker vouches for its own CDN, never another); when none is
 * configured, the caller's own CDN host is used as given (a well-formed host name: the URL goes only to the caller).
 */
function decideCdnDomain(requested, bucket) {
  if (requested === undefined) return bucket.cdnDomain;
  if (bucket.cdnDomain) {
    if (requested.toLowerCase() !== bucket.cdnDomain.toLowerCase()) {
      throw badRequest("CdnDomainNotAllowed", `s3CloudFrontDomain must be the CDN domain configured for bucket ${bucket.name} (${bucket.cdnDomain})`);
    }
    return bucket.cdnDomain;
  }
  if (!HOST.test(requested)) throw badRequest("CdnDomainNotAllowed", "s3CloudFrontDomain must be a host name such as d111111abcdef8.cloudfront.net (no scheme or path)");
  return requested.toLowerCase();
}

/** Signer options for server-side encryption (SSE). */
export function sseOptions(config) {
  if (!config.sse) return {};
  return config.sseKmsKeyId ? { sse: config.sse, sseKmsKeyId: config.sseKmsKeyId } : { sse: config.sse };
}

/**
 * The plan's bring-your-own-credentials fields: refused unless ALLOW_BYO_CREDENTIALS is on, and always on multipart
 * (the worker makes S3 calls for those, with its own credentials only).
 */
function byoCredentials(intent, config, kind) {
  if (intent.s3AccessKey === undefined && intent.s3SecretKey === undefined) return null;
  if (!config.allowByoCredentials || kind === "multipart") {
    throw badRequest("CredentialsNotAllowed", kind === "multipart" && config.allowByoCredentials
      ? "multipart uploads always use the worker's own credentials: remove s3AccessKey/s3SecretKey"
      : "this worker signs with its own credentials: remove s3AccessKey/s3SecretKey (bring-your-own credentials are disabled; the operator enables them with ALLOW_BYO_CREDENTIALS=true)");
  }
  if (intent.s3AccessKey === undefined || intent.s3SecretKey === undefined) {
    throw badRequest("InvalidRequest", "`s3AccessKey` and `s3SecretKey` must both be non-empty strings");
  }
  if (intent.s3Bucket === undefined) throw badRequest("InvalidRequest", "`s3Bucket` is required with bring-your-own credentials");
  // The caller's own bucket: a configured one (its endpoint and backend apply) or any AWS bucket named with s3Bucket
  // and s3Region. The worker's credentials are never used on this path.
  const configured = config.buckets.find((b) => b.name === intent.s3Bucket);
  const region = intent.s3Region || (configured && knownRegion(configured, config));
  if (!region) throw badRequest("InvalidRequest", "`s3Region` is required with bring-your-own credentials");
  return {
    credentials: { accessKeyId: intent.s3AccessKey, secretAccessKey: intent.s3SecretKey, region },
    chosen: { bucket: configured || { name: intent.s3Bucket, cdnDomain: undefined }, reason: "byo" },
  };
}
