// CloudFront routes: signed cookies for a prefix the caller may read, and invalidations (API key only). Download
// URLs through CloudFront are served by the download route (download.js) when the bucket signs CDN URLs.

import { ApiError, ok } from "../http.js";
import { findBucket } from "../buckets.js";
import { checkKeyShape } from "../object-key.js";
import { checkDownloadToken } from "../upload-tokens.js";
import { urlLifetime } from "../upload-policy.js";
import { signedCdnCookies } from "../cdn/sign.js";
import { invalidate, invalidationStatus, MAX_WILDCARDS } from "../cdn/invalidate.js";

function cloudfrontOf(bucket, needs) {
  const cf = bucket.cloudfront;
  const missing = !cf ? "no cloudfront settings" : needs === "key" && !cf.key ? "no keyPairId and private key" : needs === "cookies" && (!cf.key || !cf.cookieDomain) ? "no keyPairId, private key or cookieDomain" : needs === "distribution" && !cf.distributionId ? "no distributionId" : null;
  if (missing) throw new ApiError(404, "CdnNotConfigured", `bucket ${bucket.name} has ${missing} in BUCKETS[].cloudfront: this worker offers no such CDN feature for it`);
  return cf;
}

/**
 * POST /api/v1/cdn/cookies — { bucket?, key, token } or { bucket?, prefix } (API keys in DOWNLOAD_ANY_KEY only)
 * → Set-Cookie (CloudFront-Policy, -Signature, -Key-Pair-Id, -Hash-Algorithm) and { success, resource, cookies, expiresAt }
 * With a download token, the grant covers the upload's own folder (`…/<yyyy>/<mm>/<dd>/<id>/`): what the caller
 * uploaded, and nothing else.
 */
export async function cdnCookies({ input, config, rc, who }) {
  const b = input.body;
  const bucket = findBucket(config, b.bucket);
  rc.bucket = bucket.name;
  const cf = cloudfrontOf(bucket, "cookies");
  let prefix;
  if (b.prefix !== undefined) {
    if (who.anonymous || !config.downloadAnyKey.has(who.keyName)) throw new ApiError(403, "DownloadNotAllowed", "a prefix grant needs an API key listed in DOWNLOAD_ANY_KEY; others send the key and its download token");
    prefix = checkKeyShape(b.prefix, config);
    if (!prefix.endsWith("/")) throw new ApiError(400, "InvalidRequest", "`prefix` must end with '/'");
  } else {
    if (b.key === undefined) throw new ApiError(400, "InvalidRequest", "send `key` and `token` (the upload's download token), or `prefix`");
    const key = checkKeyShape(b.key, config);
    await checkDownloadToken(config, bucket.name, key, b.token);
    prefix = key.slice(0, key.lastIndexOf("/") + 1);
  }
  const expiresIn = urlLifetime(b.expiresIn, config, bucket);
  const signed = await signedCdnCookies(cf, prefix, expiresIn);
  return { status: 200, body: { success: true, resource: signed.resource, cookies: signed.cookies, expiresAt: signed.expiresAt, expiresIn }, headers: { "set-cookie": signed.setCookie } };
}

/** A CloudFront path confined to KEY_PREFIX: "/" + a key (or a key prefix ending in "*"). */
function confinedPath(path, config, i) {
  const raw = path.endsWith("*") ? path.slice(0, -1) : path;
  if (!path.startsWith("/") || path.indexOf("*") !== path.length - 1 && path.includes("*")) {
    throw new ApiError(400, "InvalidRequest", `paths[${i}] must start with "/" and may end with "*" (CloudFront invalidation paths)`);
  }
  if (!raw.slice(1).startsWith(config.keyPrefix) || raw.split("/").some((s) => s === "." || s === "..")) {
    throw new ApiError(403, "Forbidden", `paths[${i}] is outside /${config.keyPrefix}: this worker invalidates only what it uploads`);
  }
  return path;
}

/** POST /api/v1/cdn/invalidate — { bucket?, paths } (API key only) → { success, invalidations: [{ id, status, paths, callerReference }] } */
export async function cdnInvalidate({ input, config, rc }) {
  const bucket = findBucket(config, input.body.bucket);
  rc.bucket = bucket.name;
  const cf = cloudfrontOf(bucket, "distribution");
  const paths = input.body.paths.map((p, i) => confinedPath(p, config, i));
  const wildcards = paths.filter((p) => p.endsWith("*")).length;
  if (wildcards > MAX_WILDCARDS) throw new ApiError(400, "TooManyWildcards", `at most ${MAX_WILDCARDS} wildcard paths (CloudFront's limit on wildcard invalidations in progress); got ${wildcards}`);
  const invalidations = await invalidate(cf, config.credentials.get(cf.credentials), config, rc, paths);
  return ok({ invalidations });
}

/** GET /api/v1/cdn/invalidations/:invalidationId?bucket= (API key only) → { success, id, status, completed, createTime, paths } */
export async function cdnInvalidation({ input, config, rc }) {
  const bucket = findBucket(config, input.query.bucket);
  rc.bucket = bucket.name;
  const cf = cloudfrontOf(bucket, "distribution");
  return ok(await invalidationStatus(cf, config.credentials.get(cf.credentials), config, rc, input.params.invalidationId));
}
