// Every endpoint, declared once: method, path, who may call it, which upload it creates (if any), the exact shape
// of its query, path parameters and JSON body (unknown fields refused), and the name of its handler (handlers.js).
// This file is data — it imports no handler and no wasm — so Node tools read it as it is. The pipeline (index.js)
// parses each request against these before the handler runs; docs/worker-api.md's field lists are rendered from
// them (scripts/api-doc.mjs, checked by the tests); worker/test/route-table.test.mjs walks this table to prove
// that every route creating an upload applies every rule of upload-policy.js.

import { shape, required } from "../schema.js";
import { CHECKSUM_ALGORITHMS } from "../s3-limits.js";

const key = shape.string({ doc: "the object key the upload answer returned" });
const uploadId = shape.string({ doc: "the uploadId the upload answer returned", pattern: /^[^\u0000-\u001f\u007f]*$/, patternDoc: "free of control characters" });
const bucket = shape.string({ max: 63, doc: "a configured bucket's name (default: the one the upload chose)" });
const expiresIn = shape.integer({ min: 1, max: 604800, code: "ExpiresOutOfRange", doc: "URL lifetime in seconds, at most the config's maxExpiresIn" });
const checksum = shape.object(
  { algorithm: required(shape.string({ max: 16, doc: CHECKSUM_ALGORITHMS.join(" | ") })), value: required(shape.string({ max: 128, doc: "base64 of the digest" })) },
  { doc: "{ algorithm, value }: the checksum S3 must find (signed)" },
);

// The fields every upload-creating /api/v1 route shares: the original plan's request, plus size and options.
const uploadFields = {
  filename: required(shape.string({ code: "InvalidFilename", doc: "the file's name; sanitised into the last key segment" })),
  contentType: required(shape.string({ max: 255, doc: "the file's media type, signed exactly as sent" })),
  size: shape.integer({ doc: "the file's size in bytes" }),
  s3Bucket: shape.string({ max: 63, doc: "choose a configured bucket" }),
  s3Region: shape.string({ max: 32, doc: "choose among configured buckets by region (signing always uses the bucket's real region)" }),
  s3StorageClass: shape.string({ max: 64, doc: "one of the config's storage classes (aliases such as GLACIER_INSTANT_RETRIEVAL accepted)" }),
  s3CloudFrontDomain: shape.string({ max: 253, doc: "must equal the bucket's configured CDN domain" }),
  expiresIn,
  keyPrefix: shape.string({ max: 128, doc: "a sub-prefix, only with ALLOW_CLIENT_PREFIX" }),
};
const byoFields = {
  s3AccessKey: shape.string({ max: 128, secret: true, doc: "bring-your-own credentials, only with ALLOW_BYO_CREDENTIALS" }),
  s3SecretKey: shape.string({ max: 128, secret: true, doc: "bring-your-own credentials, only with ALLOW_BYO_CREDENTIALS" }),
};

const partNumber = shape.integer({ min: 1, max: 10000, code: "InvalidPartNumber" });

const FAILURE_CLASSES = ["cors", "network", "timeout", "s3", "checksum", "refused", "aborted", "unknown"];

/**
 * auth: "public" (no key), "any" (an API key, or a browser on an ANONYMOUS_ORIGINS origin), "key" (API key only).
 * creates: the upload kind the route creates (upload-policy.js); dialect: "companion" answers bare JSON for Uppy.
 * bodyLimit: "parts" allows 2 MiB (10 000 parts) instead of MAX_BODY_BYTES.
 */
export const ROUTES = [
  { method: "GET", path: "/api/v1/health", op: "health", auth: "public", handler: "health", summary: "Liveness and configuration state." },
  { method: "GET", path: "/api/v1/config", op: "config", handler: "clientConfig", summary: "What a client needs to behave: limits, types, buckets." },
  { method: "GET", path: "/api/v1/regions", op: "regions", handler: "regionList", summary: "Regions, configured buckets and storage classes." },
  { method: "GET", path: "/api/v1/storage-classes", op: "storage-classes", handler: "storageClassList", summary: "Each storage class with what users choose it for, whether this worker allows it, and indicative prices." },
  {
    method: "GET", path: "/api/v1/metrics", op: "metrics", auth: "key", handler: "metrics", summary: "Counters per region over a window.",
    query: shape.object({ windowMinutes: shape.integer({ min: 1, max: 7 * 24 * 60, doc: "default 60" }) }),
  },
  {
    method: "GET", path: "/api/v1/diagnostics", op: "diagnostics", auth: "key", handler: "diagnostics",
    summary: "Checks each bucket with the worker's credentials: access, region, CORS against what is signed, lifecycle, clock, backend",
    query: shape.object({ bucket }),
  },
  {
    method: "POST", path: "/api/v1/upload/s3/signed-url", op: "signed-url", creates: "put", handler: "signedUrl",
    summary: "A presigned PUT: size, type, checksum, SSE, storage class and no-overwrite are signed (without `size`, the object is verified after the upload)",
    body: shape.object({ ...uploadFields, checksum, ...byoFields }),
  },
  {
    method: "POST", path: "/api/v1/upload/s3/post-policy", op: "post-policy", creates: "post", handler: "postPolicy",
    summary: "A presigned POST policy: content-length-range [size, size] or [MIN_SIZE, MAX_SIZE], exact type.",
    body: shape.object({ ...uploadFields, checksum, ...byoFields }),
  },
  {
    method: "POST", path: "/api/v1/upload/s3/multipart/initiate", op: "multipart-initiate", creates: "multipart", handler: "initiate",
    summary: "Creates a multipart upload whose part layout is fixed by `size`.",
    body: shape.object({ ...uploadFields, size: required(uploadFields.size), checksumAlgorithm: shape.string({ max: 16, doc: CHECKSUM_ALGORITHMS.join(" | ") }), ...byoFields }),
  },
  {
    method: "POST", path: "/api/v1/upload/s3/multipart/sign-parts", op: "multipart-sign-parts", handler: "signParts",
    summary: "Presigned part PUTs, each with its exact Content-Length signed.",
    body: shape.object({
      key: required(key),
      uploadId: required(uploadId),
      bucket,
      parts: required(shape.array(shape.object({ partNumber: required(partNumber), size: required(shape.integer({ min: 1 })), checksum }), { min: 1, max: 10000, doc: "[{ partNumber, size, checksum? }]" })),
      expiresIn,
    }),
  },
  {
    method: "POST", path: "/api/v1/upload/s3/multipart/complete", op: "multipart-complete", handler: "complete", bodyLimit: "parts",
    summary: "Completes from S3's own ListParts, checked against the client's list and the layout.",
    body: shape.object({
      key: required(key),
      uploadId: required(uploadId),
      bucket,
      parts: required(shape.array(shape.object({ partNumber: required(partNumber), etag: required(shape.string({ max: 256 })), checksum }), { min: 1, max: 10000, doc: "[{ partNumber, etag }]" })),
    }),
  },
  {
    method: "POST", path: "/api/v1/upload/s3/multipart/abort", op: "multipart-abort", handler: "abort", summary: "Aborts; safe to repeat. The upload counts as failed, for `reason` (default \"aborted\")",
    body: shape.object({ key: required(key), uploadId: required(uploadId), bucket, reason: shape.object({ class: required(shape.oneOf(FAILURE_CLASSES)), code: shape.string({ max: 64, pattern: /^[A-Za-z0-9_.-]*$/, patternDoc: "an error code such as AccessDenied" }) }, { doc: "why the client gives up: { class, code? }" }) }),
  },
  {
    method: "POST", path: "/api/v1/upload/s3/multipart/list", op: "multipart-list", handler: "listUploadParts", summary: "The parts S3 holds.",
    body: shape.object({ key: required(key), uploadId: required(uploadId), bucket }),
  },
  {
    method: "GET", path: "/api/v1/download/s3/signed-url", op: "download-url", handler: "downloadUrl",
    summary: "A presigned GET for an object the caller was given (its download token), or any key for DOWNLOAD_ANY_KEY keys.",
    query: shape.object({
      key: required(key),
      token: shape.string({ max: 64, doc: "the downloadToken returned with the upload" }),
      bucket,
      expiresIn,
      versionId: shape.string({ max: 1024, doc: "a specific version (versioned buckets)" }),
    }),
  },
  {
    method: "POST", path: "/api/v1/upload/s3/complete", op: "report", handler: "reportOutcome",
    summary: "The client reports an upload's outcome, once, for an upload this worker issued.",
    body: shape.object({
      uploadId: shape.string({ max: 64, doc: "the upload token of a PUT/POST upload (multipart uploads are identified by their key)" }),
      key: required(key),
      bucket,
      success: required(shape.boolean()),
      bytes: shape.integer({ doc: "ignored for counting: S3's own size is used" }),
      durationMs: shape.integer({ max: 8 * 24 * 3600 * 1000 }),
      error: shape.stringOrObject({
        class: shape.oneOf(FAILURE_CLASSES, { doc: "what kind of failure" }),
        code: shape.string({ max: 64, pattern: /^[A-Za-z0-9_.-]*$/, patternDoc: "an error code such as AccessDenied" }),
        message: shape.string({ max: 500 }),
        status: shape.integer({ max: 599 }),
      }, { max: 500, doc: "what went wrong: a message, or { class, code, message, status }" }),
    }),
  },
  {
    method: "POST", path: "/api/v1/cdn/cookies", op: "cdn-cookies", handler: "cdnCookies",
    summary: "CloudFront signed cookies for the folder of an upload the caller holds a download token for (or any prefix, for DOWNLOAD_ANY_KEY keys)",
    body: shape.object({ bucket, key, token: shape.string({ max: 64, doc: "the upload's downloadToken" }), prefix: shape.string({ doc: "a key prefix ending in '/' (DOWNLOAD_ANY_KEY keys only)" }), expiresIn }),
  },
  {
    method: "POST", path: "/api/v1/cdn/invalidate", op: "cdn-invalidate", auth: "key", handler: "cdnInvalidate", bodyLimit: "parts",
    summary: "CloudFront invalidation of paths under /KEY_PREFIX, batched by 3000, retried with backoff",
    body: shape.object({ bucket, paths: required(shape.array(shape.string({ max: 4000 }), { min: 1, max: 10000, doc: "CloudFront paths, e.g. /uploads/2026/12/02/abc/cat.png or /uploads/2026/12/*" })) }),
  },
  {
    method: "GET", path: "/api/v1/cdn/invalidations/:invalidationId", op: "cdn-invalidation", auth: "key", handler: "cdnInvalidation",
    summary: "An invalidation's status",
    params: shape.object({ invalidationId: required(shape.string({ max: 64, pattern: /^[A-Z0-9]+$/, patternDoc: "an invalidation ID such as I2J0I21PCUYOIK" })) }),
    query: shape.object({ bucket }),
  },
  // Uppy Companion routes (@uppy/aws-s3 with `companionEndpoint`); answers are bare JSON.
  {
    method: "GET", path: "/s3/params", op: "uppy-params", creates: "post", dialect: "companion", handler: "uppy.params",
    summary: "Uppy single upload: a POST policy (Uppy sends no size, so [MIN_SIZE, MAX_SIZE]).",
    query: shape.object({
      filename: required(shape.string({ code: "InvalidFilename" })),
      type: shape.string({ max: 255 }),
      metadata: shape.stringMap({ queryPrefix: "metadata", doc: "accepted and not stored" }),
    }),
  },
  {
    method: "POST", path: "/s3/multipart", op: "uppy-create", creates: "multipart", dialect: "companion", handler: "uppy.create",
    summary: "Uppy multipart create (no size: part count bounded, total checked against ListParts).",
    body: shape.object({ filename: required(shape.string({ code: "InvalidFilename" })), type: shape.string({ max: 255 }), metadata: shape.stringMap({ doc: "accepted and not stored" }) }),
  },
  {
    method: "GET", path: "/s3/multipart/:uploadId/batch", op: "uppy-batch-sign", dialect: "companion", handler: "uppy.batchSign", summary: "Uppy batch part signing.",
    params: shape.object({ uploadId: required(uploadId) }),
    query: shape.object({ key: required(key), partNumbers: required(shape.string({ max: 60000, doc: "comma-separated part numbers" })) }),
  },
  {
    method: "GET", path: "/s3/multipart/:uploadId/:partNumber", op: "uppy-sign-part", dialect: "companion", handler: "uppy.signPart", summary: "Uppy part signing.",
    params: shape.object({ uploadId: required(uploadId), partNumber: required(shape.string({ max: 5 })) }),
    query: shape.object({ key: required(key) }),
  },
  {
    method: "GET", path: "/s3/multipart/:uploadId", op: "uppy-list-parts", dialect: "companion", handler: "uppy.listParts", summary: "Uppy part listing.",
    params: shape.object({ uploadId: required(uploadId) }),
    query: shape.object({ key: required(key) }),
  },
  {
    method: "POST", path: "/s3/multipart/:uploadId/complete", op: "uppy-complete", dialect: "companion", handler: "uppy.completeRoute", bodyLimit: "parts",
    summary: "Uppy completion (the same checks as /api/v1 complete).",
    params: shape.object({ uploadId: required(uploadId) }),
    query: shape.object({ key: required(key) }),
    body: shape.object({ parts: required(shape.array(shape.object({ PartNumber: required(partNumber), ETag: required(shape.string({ max: 256 })) }), { min: 1, max: 10000 })) }),
  },
  {
    method: "DELETE", path: "/s3/multipart/:uploadId", op: "uppy-abort", dialect: "companion", handler: "uppy.abortRoute", summary: "Uppy abort.",
    params: shape.object({ uploadId: required(uploadId) }),
    query: shape.object({ key: required(key) }),
  },
].map((r) => ({ auth: "any", dialect: "api", ...r, segments: r.path.split("/").slice(1) }));
