// The worker's own S3 calls (CreateMultipartUpload, UploadPart listing, Complete, Abort, HeadBucket): header-signed
// fetch()es, retried with exponential backoff and full jitter on 5xx, 429, timeouts and network errors, and
// re-signed for the right region when S3 answers with a region hint.
// Retry policy follows AWS's guidance (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html:
// retry 5xx/throttling/transient errors, exponential backoff with jitter, bounded attempts). Complete and Abort are
// safe to repeat: S3 keys them by uploadId, and the worker treats a repeated Abort's NoSuchUpload as done.

import { ApiError } from "./http.js";
import { parseBucketRegion, parseError, parsing, signing } from "./signer.js";
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
          throw Object.assign(new ApiError(502, "UpstreamError", "S3 did not say where the bucket is", { retryable: true }), {
            detail: `could not discover the region of bucket ${bucket.name} (HeadBucket answered ${head.status} without x-amz-bucket-region): set its region in BUCKETS`,
          });
        }
        region = parsing("HeadBucket", () => parseBucketRegion(region));
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

/** S3's error document in `text`, or null (not an error document, or unreadable). */
export function s3ErrorOf(text) {
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
export async function s3Call(bucket, config, ctx, op, build, { retryOnBody, timeoutMs } = {}) {
  let corrected = false;
  for (;;) {
    const { signer, region } = await bucketSigner(bucket, config, ctx);
    const res = await fetchWithRetry(() => signing(op, () => build(signer)), config, ctx, op, retryOnBody, timeoutMs);
    if (res.status >= 300 && !corrected) {
      const hinted = res.headers.get("x-amz-bucket-region") || s3ErrorOf(res.text)?.regionHint;
      const wrong = res.status === 301 || s3ErrorOf(res.text)?.wrongRegion;
      if (hinted && wrong && hinted !== region) {
        // The original plan's CORS failures came from URLs signed for the wrong region: learn the real one. A hint
        // that is not a region is S3's (or a proxy's) fault: 502, retryable.
        rememberRegion(bucket, parsing(op, () => parseBucketRegion(hinted)), config);
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
 * S3_TIMEOUT_MS (or the operation's own `timeoutMs`) for the whole answer; the delay before attempt n is random in
 * [0, min(S3_RETRY_MAX_MS, S3_RETRY_BASE_MS·2^n)] ("full jitter",
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/). The answer says how many attempts
 * it took (`attempts`): an answer to a repeated request may describe the effect of an earlier one.
 */
export async function fetchWithRetry(makeRequest, config, ctx, op, retryOnBody, timeoutMs = config.s3.timeoutMs) {
  const { maxAttempts, retryBaseMs, retryMaxMs } = config.s3;
  let last = "";
  let lastStatus = 0;
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
      if (!retryable) return { status: response.status, headers: response.headers, text, attempts: attempt };
      lastStatus = response.status;
      last = `HTTP ${response.status}${s3ErrorOf(text)?.code ? ` ${s3ErrorOf(text).code}` : ""}`;
    } catch (err) {
      ctx.s3Ms = (ctx.s3Ms || 0) + (Date.now() - started);
      last = err && (err.name === "TimeoutError" || err.name === "AbortError") ? `timed out after ${timeoutMs} ms` : "network error";
    }
    console.log(JSON.stringify({ level: "warn", requestId: ctx.requestId, msg: "S3 call failed; will retry if attempts remain", op, attempt, maxAttempts, reason: last }));
  }
  // S3 saying it is overloaded (503 SlowDown, 429) is passed on as 503, so clients back off; anything else is 502.
  const busy = lastStatus === 503 || lastStatus === 429;
  throw new ApiError(busy ? 503 : 502, busy ? "UpstreamBusy" : "UpstreamError", `S3 ${op} failed after ${maxAttempts} attempts (${last}); request id ${ctx.requestId}`, { retryable: true, headers: busy ? { "retry-after": "5" } : undefined });
}

// S3 error codes caused by the values the client sent (its part list, its ETags, its checksum …): passed on as
// 4xx with S3's code. Everything else S3 refuses (AccessDenied, NoSuchBucket, InvalidAccessKeyId …) is the
// operator's configuration or S3's own fault: 502, with S3's message only in the log (it can name the account).
const CLIENT_ERRORS = {
  NoSuchUpload: 404,
  NoSuchKey: 404,
  InvalidPart: 400,
  InvalidPartOrder: 400,
  EntityTooSmall: 400,
  EntityTooLarge: 400,
  PreconditionFailed: 412,
  InvalidArgument: 400,
  InvalidRequest: 400,
  MalformedXML: 400,
  BadDigest: 400,
  InvalidDigest: 400,
  KeyTooLongError: 400,
  MetadataTooLarge: 400,
  InvalidChecksum: 400,
  ConditionalRequestConflict: 409,
};

/** The ApiError for a final non-success S3 answer. */
export function upstreamError(op, res, ctx) {
  const err = s3ErrorOf(res.text);
  const code = err?.code || `HTTP${res.status}`;
  if (CLIENT_ERRORS[code] && res.status >= 400 && res.status < 500) {
    return new ApiError(CLIENT_ERRORS[code], code, `S3 refused ${op}: ${err.message || code}`);
  }
  console.log(JSON.stringify({ level: "error", requestId: ctx.requestId, msg: "S3 refused the worker's request", op, status: res.status, s3Code: code, s3Message: err?.message, s3RequestId: err?.requestId }));
  const busy = res.status === 503 || res.status === 429;
  return new ApiError(busy ? 503 : 502, busy ? "UpstreamBusy" : "UpstreamError", `S3 refused ${op} (${res.status} ${code}); request id ${ctx.requestId}`, { retryable: true });
}

/** `config` with one attempt per S3 call: diagnostics report what S3 answers now, not after retries. */
export function singleAttempt(config) {
  return { ...config, s3: { ...config.s3, maxAttempts: 1 } };
}

/** HeadObject: `{ exists, size, etag, headers }`. A 404 is an answer (not an error); other failures throw. */
export async function headObject(bucket, config, ctx, key) {
  const res = await s3Call(bucket, config, ctx, "HeadObject", (s) => s.signRequest({ method: "HEAD", key }));
  if (res.status === 404) return { exists: false };
  if (res.status !== 200) throw upstreamError("HeadObject", res, ctx);
  return { exists: true, size: Number(res.headers.get("content-length")), etag: res.headers.get("etag"), headers: res.headers };
}

/** DeleteObject; a missing object counts as deleted. */
export async function deleteObject(bucket, config, ctx, key) {
  const res = await s3Call(bucket, config, ctx, "DeleteObject", (s) => s.signRequest({ method: "DELETE", key }));
  if (res.status === 204 || res.status === 200 || res.status === 404) return;
  throw upstreamError("DeleteObject", res, ctx);
}
