// Can the worker reach the bucket with its own credentials, is the bucket in the region the worker signs for, and
// do the worker's and S3's clocks agree? One HeadBucket signed exactly as the worker signs, and — where a HEAD
// answer has no body to say why — one ListObjectsV2 of zero keys to read S3's error code and region hint.

import { finding } from "./finding.js";
import { discoverRegion, fetchWithRetry, s3ErrorOf, singleAttempt } from "../s3-client.js";
import { knownRegion } from "../buckets.js";
import { signerFor } from "../config.js";

const CREDENTIAL_CODES = new Set(["InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "ExpiredToken", "InvalidToken", "TokenRefreshRequired"]);
// Presigned URLs are valid from their X-Amz-Date; S3 refuses requests more than 15 minutes off
// (RequestTimeTooSkewed), and a skewed worker shortens or lengthens every URL's real lifetime.
const SKEW_WARNING_S = 30;
const SKEW_ERROR_S = 300;

/** Runs the access checks for `bucket`. Returns `{ findings, reachable, region }`. */
export async function checkAccess(bucket, config, rc) {
  const findings = [];
  let region = knownRegion(bucket, config);
  if (!region) {
    // "auto": the region the worker would discover and sign for.
    try {
      region = await discoverRegion(bucket, config, rc);
    } catch (err) {
      findings.push(finding("error", "bucket-unreachable", bucket.name, "the worker cannot discover the bucket's region",
        "every upload fails", { description: `set the bucket's region in BUCKETS, or fix access (${err.message})` }));
      return { findings, reachable: false, region: null };
    }
  }
  const signer = signerFor(bucket, region, config.credentials.get(bucket.credentials));
  const once = singleAttempt(config);
  let head;
  try {
    head = await fetchWithRetry(() => signer.headBucket({}), once, rc, "HeadBucket");
  } catch (err) {
    signer.free();
    findings.push(finding("error", "bucket-unreachable", bucket.name, "S3 cannot be reached from the worker",
      "every upload fails: the worker cannot create multipart uploads, and browsers cannot reach the endpoint either if it is the same",
      { description: `check BUCKETS[].endpoint${bucket.endpoint ? ` (${bucket.endpoint})` : ""}, DNS and the network path; the worker saw: ${err.message}` }));
    return { findings, reachable: false, region };
  }
  let probe = null;
  if (head.status >= 300) {
    const list = await fetchWithRetry(() => signer.signRequest({ method: "GET", query: { "list-type": "2", "max-keys": "0" } }), once, rc, "ListObjectsV2").catch(() => null);
    probe = list ? { status: list.status, error: s3ErrorOf(list.text), headers: list.headers } : null;
  }
  signer.free();
  const serverDate = Date.parse(head.headers.get("date") || "");
  if (Number.isFinite(serverDate)) {
    const skew = Math.round((Date.now() - serverDate) / 1000);
    if (Math.abs(skew) >= SKEW_WARNING_S) {
      findings.push(finding(Math.abs(skew) >= SKEW_ERROR_S ? "error" : "warning", "clock-skew", bucket.name, `the worker's clock is ${Math.abs(skew)} s ${skew > 0 ? "ahead of" : "behind"} S3's`,
        "presigned URLs start and end at the wrong time; beyond 15 minutes S3 refuses them (RequestTimeTooSkewed)",
        { description: "Workers take their time from Cloudflare's clock, which is synchronised: a skew means the S3 endpoint's clock is wrong (an S3-compatible store), or a proxy in between rewrites Date. Fix the store's NTP." },
        { skewSeconds: skew }));
    }
  }
  const hinted = head.headers.get("x-amz-bucket-region") || probe?.headers?.get("x-amz-bucket-region") || probe?.error?.regionHint;
  if (hinted && hinted !== region && (head.status === 301 || head.status === 400 || probe?.error?.wrongRegion || head.status < 300)) {
    findings.push(finding("error", "region-mismatch", bucket.name, `the bucket is in ${hinted}, the worker signs for ${region}`,
      "S3 answers every URL with a redirect or an error that carries no CORS headers, so the browser reports a CORS error — the original plan's failure",
      { description: `set "region": "${hinted}" for ${bucket.name} in BUCKETS (or "auto" to discover it)`, json: { name: bucket.name, region: hinted } },
      { configured: bucket.configuredRegion, signedFor: region, actual: hinted }));
    return { findings, reachable: true, region: hinted };
  }
  if (head.status === 404 || probe?.error?.code === "NoSuchBucket") {
    findings.push(finding("error", "bucket-missing", bucket.name, `bucket ${bucket.name} does not exist at this endpoint`,
      "every upload fails with NoSuchBucket",
      { description: `create the bucket (aws s3api create-bucket --bucket ${bucket.name} --region ${region}${region === "us-east-1" ? "" : ` --create-bucket-configuration LocationConstraint=${region}`}) or correct its name in BUCKETS` }));
    return { findings, reachable: true, region };
  }
  if (head.status === 403 || CREDENTIAL_CODES.has(probe?.error?.code)) {
    const code = probe?.error?.code || "AccessDenied";
    const denied = code === "AccessDenied";
    findings.push(finding("error", denied ? "credentials-not-allowed" : "credentials-invalid", bucket.name,
      denied ? "the worker's credentials are valid but not allowed to use this bucket" : `S3 refuses the worker's credentials (${code})`,
      "every upload fails: S3 refuses the URLs the worker signs",
      denied
        ? { description: `allow s3:ListBucket on arn:aws:s3:::${bucket.name} and s3:PutObject, s3:GetObject, s3:AbortMultipartUpload, s3:ListMultipartUploadParts on arn:aws:s3:::${bucket.name}/${config.keyPrefix}* for the worker's key (README "IAM and bucket policy templates")` }
        : { description: `put the right key: scripts/wrangler.sh secret put ${bucket.credentials}_ACCESS_KEY_ID and ${bucket.credentials}_SECRET_ACCESS_KEY (and ${bucket.credentials}_SESSION_TOKEN for temporary credentials)` },
      { status: head.status, code }));
    return { findings, reachable: true, region };
  }
  if (head.status >= 300) {
    findings.push(finding("error", "bucket-error", bucket.name, `HeadBucket answered ${head.status}${probe?.error?.code ? ` ${probe.error.code}` : ""}`,
      "uploads to this bucket are likely to fail", { description: "see the worker's log for S3's answer" }));
  }
  return { findings, reachable: head.status < 300, region };
}
