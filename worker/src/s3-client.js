// The worker's own S3 calls (CreateMultipartUpload, UploadPart listing, Complete, Abort, HeadBucket): header-signed
// fetch()es, retried with exponential backoff and full jitter on 5xx, 429, timeouts and network errors, and
// re-signed for the right region when S3 answers with a region hint.
// Retry policy follows AWS's guidance (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html:
// retry 5xx/throttling/transient errors, exponential backoff with jitter, bounded attempts). Complete and Abort are
// safe to repeat: S3 keys them by uploadId, and the worker treats a repeated Abort's NoSuchUpload as done.

import { ApiError } from "./http.js";
import { parseBucketRegion, parseError } from "./signer.js";
import { cachedSigner, knownRegion, rememberRegion } from "./buckets.js";
import { signerFor } from "./config.js";

const discovering = new Map();

/** The signer and region for `bucket`, discovering the region first when it is "auto". */
export async function bucketSigner(bucket, config, ctx) {
  const region = knownRegion(bucket, config) ?? (await discoverRegion(bucket, config, ctx));
  return { signer: cachedSigner(bucket, region, config), region };
}

/**
 * Finds a bucket's region. HeadBucket answers `x-amz-bucket-region` whatever the status, even 301/403
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html). A HEAD answer has no body, so when the
 * header is missing (some S3-compatible stores) a zero-key ListObjectsV2 is tried and its error's <Region> read.
 */
export function discoverRegion(bucket, config, ctx) {
  const key = `${bucket.name}|${bucket.endpoint || ""}`;
  let p = discovering.get(key);
  if (!p) {
    p = (async () => {
      const probe = signerFor(bucket, "us-east-1", config.credentials.get(bucket.credentials));
      try {
        const head = await fetchWithRetry(() => probe.headBucket({}), config, ctx, "HeadBucket");
        let region = head.headers.get("x-amz-bucket-region");
        if (!region && head.status >= 200 && head.status < 300) region = "us-east-1";
        if (!region) {
          const list = await fetchWithRetry(() => probe.signRequest({ method: "GET", query: { "list-type": "2", "max-keys": "0" } }), config, ctx, "ListObjectsV2");
          region = list.headers.get("x-amz-bucket-region") || (list.status < 300 ? "us-east-1" : s3ErrorOf(list.text)?.regionHint);
        }
        if (!region) {
          throw new ApiError(502, "UpstreamError", `could not discover the region of bucket ${bucket.name} (HeadBucket answered ${head.status} without x-amz-bucket-region): set its region in BUCKETS`);
        }
        region = parseBucketRegion(region);
        rememberRegion(bucket, region, config);
        return region;
      } finally {
        probe.free();
        discovering.delete(key);
      }
    })();
    discovering.set(key, p);
  }
  return p;
}

function s3ErrorOf(text) {
  if (!text || !text.includes("<Error")) return null;
  try {
    return parseError(text);
  } catch {
    return null;
  }
}

/**
 * Calls S3 for `bucket`: `build(signer)` returns the SignedRequest. Retries transient failures; on a wrong-region
 * answer remembers the region S3 names and re-signs once. Returns `{ status, headers, text }` for any final
 * answer (the caller decides what a 4xx means); throws 502 UpstreamError when retries run out.
 */
export async function s3Call(bucket, config, ctx, op, build, { retryOnBody } = {}) {
  let corrected = false;
  for (;;) {
    const { signer, region } = await bucketSigner(bucket, config, ctx);
    const res = await fetchWithRetry(() => build(signer), config, ctx, op, retryOnBody);
    if (res.status >= 300 && !corrected) {
      const hinted = res.headers.get("x-amz-bucket-region") || s3ErrorOf(res.text)?.regionHint;
      const wrong = res.status === 301 || s3ErrorOf(res.text)?.wrongRegion;
      if (hinted && wrong && hinted !== region) {
        // The original plan's CORS failures came from URLs signed for the wrong region: learn the real one.
        rememberRegion(bucket, parseBucketRegion(hinted), config);
        ctx.regionCorrections = (ctx.regionCorrections || 0) + 1;
        console.log(JSON.stringify({ level: "warn", requestId: ctx.requestId, msg: "bucket region corrected from an S3 region hint", bucket: bucket.name, from: region, to: hinted }));
        corrected = true;
        continue;
      }
    }
    ctx.region = region;
    return res;
  }
}

/**
 * fetch() with bounded retries. `makeRequest()` signs afresh for each attempt (a new X-Amz-Date). Each attempt has
 * S3_TIMEOUT_MS for the whole answer; the delay before attempt n is random in [0, min(S3_RETRY_MAX_MS,
 * S3_RETRY_BASE_MS·2^n)] ("full jitter", https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
 */
export async function fetchWithRetry(makeRequest, config, ctx, op, retryOnBody) {
  const { maxAttempts, timeoutMs, retryBaseMs, retryMaxMs } = config.s3;
  let last = "";
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (attempt > 1) {
      ctx.retries = (ctx.retries || 0) + 1;
      const cap = Math.min(retryMaxMs, retryBaseMs * 2 ** (attempt - 1));
      await new Promise((r) => setTimeout(r, Math.random() * cap));
    }
    const req = makeRequest();
    const started = Date.now();
    try {
      const signal = AbortSignal.timeout(timeoutMs);
      // Never follow a redirect with a signed request: a 301 from S3 names the right region instead.
      const response = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal, redirect: "manual" });
      const text = req.method === "HEAD" ? "" : await response.text();
      ctx.s3Ms = (ctx.s3Ms || 0) + (Date.now() - started);
      const retryable = response.status >= 500 || response.status === 429 || (retryOnBody && retryOnBody(response.status, text));
      if (!retryable) return { status: response.status, headers: response.headers, text };
      last = `HTTP ${response.status}${s3ErrorOf(text)?.code ? ` ${s3ErrorOf(text).code}` : ""}`;
    } catch (err) {
      ctx.s3Ms = (ctx.s3Ms || 0) + (Date.now() - started);
      last = err && (err.name === "TimeoutError" || err.name === "AbortError") ? `timed out after ${timeoutMs} ms` : "network error";
    }
    console.log(JSON.stringify({ level: "warn", requestId: ctx.requestId, msg: "S3 call failed; will retry if attempts remain", op, attempt, maxAttempts, reason: last }));
  }
  throw new ApiError(502, "UpstreamError", `S3 ${op} failed after ${maxAttempts} attempts (${last}); request id ${ctx.requestId}`);
}

// S3 error codes caused by the client's own request (wrong part list, unknown upload…): passed through as 4xx.
const CLIENT_ERRORS = {
  NoSuchUpload: 404,
  NoSuchKey: 404,
  InvalidPart: 400,
  InvalidPartOrder: 400,
  EntityTooSmall: 400,
  EntityTooLarge: 400,
  PreconditionFailed: 412,
  InvalidArgument: 400,
  BadDigest: 400,
  InvalidDigest: 400,
};

/** The ApiError for a final non-success S3 answer. Operator-side failures (AccessDenied…) become 502, with S3's
 * message only in the log: it can name the account and IAM user. */
export function upstreamError(op, res, ctx) {
  const err = s3ErrorOf(res.text);
  const code = err?.code || `HTTP${res.status}`;
  if (CLIENT_ERRORS[code]) return new ApiError(CLIENT_ERRORS[code], code, `S3 refused ${op}: ${err.message || code}`);
  console.log(JSON.stringify({ level: "error", requestId: ctx.requestId, msg: "S3 refused the worker's request", op, status: res.status, s3Code: code, s3Message: err?.message, s3RequestId: err?.requestId }));
  return new ApiError(502, "UpstreamError", `S3 refused ${op} (${res.status} ${code}); request id ${ctx.requestId}`);
}
