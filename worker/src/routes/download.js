// Signed download URLs. A caller reads back only what it was authorised for: the object's download token (returned
// with its upload) must be presented, unless the caller's API key is listed in DOWNLOAD_ANY_KEY (a trusted server
// of the operator's). Anonymous callers never read a key they were not given.

import { ApiError, ok } from "../http.js";
import { findBucket } from "../buckets.js";
import { bucketSigner } from "../s3-client.js";
import { checkKeyShape, isUnverifiedSizeKey } from "../object-key.js";
import { verifyObject } from "../object-verify.js";
import { checkDownloadToken } from "../upload-tokens.js";
import { urlLifetime } from "../upload-policy.js";
import { signing } from "../signer.js";
import { signedCdnUrl } from "../cdn/sign.js";

/**
 * GET /api/v1/download/s3/signed-url?key=&token=&bucket=&expiresIn=&versionId=
 * → { success, url, method: "GET", expiresAt, expiresIn, key, bucket, region }
 */
export async function downloadUrl({ input, config, rc, who }) {
  const q = input.query;
  const key = checkKeyShape(q.key, config);
  const bucket = findBucket(config, q.bucket);
  rc.bucket = bucket.name;
  const trusted = !who.anonymous && config.downloadAnyKey.has(who.keyName);
  if (!trusted) await checkDownloadToken(config, bucket.name, key, q.token);
  if (isUnverifiedSizeKey(key)) {
    // A size-less PUT's object is handed out only once it is checked (and deleted if outside the limits).
    const held = await verifyObject(bucket, config, rc, key);
    if (!held.exists) throw new ApiError(404, "NoSuchKey", "this object has not been uploaded (yet)");
  }
  const expiresIn = urlLifetime(q.expiresIn, config, bucket);
  // Through CloudFront when the bucket signs CDN URLs (a specific version is read from S3 itself).
  if (bucket.cloudfront?.signedUrls && bucket.cloudfront.key && q.versionId === undefined) {
    const cdn = await signedCdnUrl(bucket.cloudfront, key, expiresIn);
    return ok({ url: cdn.url, method: "GET", via: "cloudfront", expiresAt: cdn.expiresAt, expiresIn, key, bucket: bucket.name });
  }
  const { signer, region } = await bucketSigner(bucket, config, rc);
  rc.region = region;
  const get = signing("presignGet", () => signer.presignGet(key, { expiresIn, versionId: q.versionId }));
  return ok({ url: get.url, method: "GET", via: "s3", expiresAt: get.expiresAt, expiresIn: get.expiresIn, key, bucket: bucket.name, region, ...(q.versionId ? { versionId: q.versionId } : {}) });
}
