// CloudFront invalidations (https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CreateInvalidation.html),
// header-signed by the core (SigV4, service cloudfront, us-east-1). Paths are confined to KEY_PREFIX; a request is
// split into batches of at most 3000 paths (CloudFront's per-request limit) and wildcards are limited to 15 (its
// in-progress quota); each batch is retried with backoff on throttling and 5xx, with the same CallerReference, so a
// retry that follows a lost success is the same invalidation, not a second one.

import { ApiError } from "../http.js";
import { createInvalidation, getInvalidation, parseCloudFrontError, parseInvalidation, parsing, signing } from "../signer.js";
import { fetchWithRetry } from "../s3-client.js";

export const MAX_PATHS_PER_BATCH = 3000;
export const MAX_WILDCARDS = 15;

const signingCreds = ({ accessKeyId, secretAccessKey, sessionToken }) => ({ accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) });

/** The endpoint the signed request goes to: CloudFront's, or a loopback stand-in in tests (settings.js). */
function target(cf, req) {
  if (!cf.apiEndpoint) return req;
  const u = new URL(req.url);
  return { ...req, url: `${cf.apiEndpoint}${u.pathname}${u.search}` };
}

// CloudFront's throttling answers are 400s with these codes: worth retrying, like 5xx.
const THROTTLED = new Set(["Throttling", "TooManyInvalidationsInProgress", "RequestLimitExceeded"]);
const throttled = (status, text) => status === 400 && THROTTLED.has(cloudFrontErrorCode(text));

function cloudFrontErrorCode(text) {
  if (!text || !text.includes("<ErrorResponse")) return null;
  try {
    return parseCloudFrontError(text).code;
  } catch {
    return null;
  }
}

function failure(op, res, rc) {
  const code = cloudFrontErrorCode(res.text) || `HTTP${res.status}`;
  console.log(JSON.stringify({ level: "error", requestId: rc.requestId, msg: "CloudFront refused the worker's request", op, status: res.status, code }));
  const busy = res.status === 503 || res.status === 429 || THROTTLED.has(code);
  return new ApiError(busy ? 503 : 502, busy ? "UpstreamBusy" : "UpstreamError", `CloudFront refused ${op} (${res.status} ${code}); request id ${rc.requestId}`, { retryable: true });
}

/** Creates one invalidation per batch of `paths`: `[{ id, status, paths, callerReference }]`. */
export async function invalidate(cf, creds, config, rc, paths) {
  const out = [];
  for (let i = 0; i < paths.length; i += MAX_PATHS_PER_BATCH) {
    const batch = paths.slice(i, i + MAX_PATHS_PER_BATCH);
    const callerReference = `${rc.requestId}-${i / MAX_PATHS_PER_BATCH}`;
    const res = await fetchWithRetry(
      () => target(cf, signing("createInvalidation", () => createInvalidation({ ...signingCreds(creds), distributionId: cf.distributionId, paths: batch, callerReference }))),
      config, rc, "CreateInvalidation", throttled,
    );
    if (res.status !== 201 && res.status !== 200) throw failure("CreateInvalidation", res, rc);
    const inv = parsing("CreateInvalidation", () => parseInvalidation(res.text));
    out.push({ id: inv.id, status: inv.status, paths: batch.length, callerReference });
  }
  return out;
}

/** GetInvalidation: `{ id, status, completed, createTime, paths }`. */
export async function invalidationStatus(cf, creds, config, rc, invalidationId) {
  const res = await fetchWithRetry(
    () => target(cf, signing("getInvalidation", () => getInvalidation({ ...signingCreds(creds), distributionId: cf.distributionId, invalidationId }))),
    config, rc, "GetInvalidation", throttled,
  );
  if (res.status === 404) throw new ApiError(404, "NoSuchInvalidation", `CloudFront knows no invalidation ${invalidationId} for this distribution`);
  if (res.status !== 200) throw failure("GetInvalidation", res, rc);
  const inv = parsing("GetInvalidation", () => parseInvalidation(res.text));
  return { id: inv.id, status: inv.status, completed: inv.completed, createTime: inv.createTime, paths: inv.paths };
}
