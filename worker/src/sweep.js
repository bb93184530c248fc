// The scheduled sweep (a Cron Trigger, wrangler.toml `[triggers] crons`): aborts the multipart uploads this worker
// created that are older than MULTIPART_MAX_AGE_SECONDS, so a client that initiates and never completes cannot keep
// parts in the bucket — even where the bucket has no lifecycle rule (keep the rule too: README "Security model").
// Only keys whose MAC proves the worker issued them are touched; other uploads under KEY_PREFIX are left alone.
// It also verifies size-less PUTs whose URLs have expired (object-verify.js): their objects are checked against
// [MIN_SIZE, MAX_SIZE] and deleted when outside. (That list lives in the METRICS Durable Object; without it, such
// objects are verified only when reported or downloaded.)

import { s3Call, upstreamError } from "./s3-client.js";
import { readMultipartKey } from "./object-key.js";
import { parseListMultipartUploads, parsing } from "./signer.js";
import { verifyObject } from "./object-verify.js";
import { dueVerifications, settleVerifications } from "./metrics.js";

// A PUT that started just before its URL expired can still be in flight: an object not there this long after the
// expiry will not come (S3 checks the signature when the request starts; 5 GiB at 2 Mbit/s is ~6 h).
const UPLOAD_GRACE_MS = 6 * 3600 * 1000;

/** Verifies the bucket's size-less PUTs whose URLs have expired; returns { verified, deleted, missing }. */
async function verifySizelessPuts(env, config, rc, bucket, now) {
  const r = { verified: 0, deleted: 0, waiting: 0 };
  const settled = [];
  for (const { key, expiresAt } of await dueVerifications(env, bucket.name, now, 500)) {
    try {
      const held = await verifyObject(bucket, config, rc, key);
      if (held.exists) r.verified += 1;
      else if (now - expiresAt < UPLOAD_GRACE_MS) {
        r.waiting += 1;
        continue;
      }
      settled.push(key);
    } catch (err) {
      if (err && (err.code === "FileTooLarge" || err.code === "FileTooSmall")) {
        r.deleted += 1;
        settled.push(key);
      } else throw err;
    }
  }
  await settleVerifications(env, bucket.name, settled);
  return r;
}

const MAX_PAGES_PER_BUCKET = 20; // 20 000 uploads per bucket per run; the next run continues

async function issuedByWorker(config, bucketName, key) {
  try {
    await readMultipartKey(config, key, [bucketName]);
    return true;
  } catch {
    return false;
  }
}

/** One sweep over every configured bucket. Returns (and logs) what it did per bucket. */
export async function sweep(env, config, event = {}) {
  const rc = { requestId: `sweep-${crypto.randomUUID()}`, extraSecrets: [] };
  const now = Date.now();
  const results = [];
  for (const bucket of config.buckets) {
    const r = { bucket: bucket.name, listed: 0, aborted: 0, kept: 0, foreign: 0 };
    try {
      r.sizeless = await verifySizelessPuts(env, config, rc, bucket, now);
      let keyMarker;
      let uploadIdMarker;
      for (let page = 0; page < MAX_PAGES_PER_BUCKET; page++) {
        const res = await s3Call(bucket, config, rc, "ListMultipartUploads", (s) => s.listMultipartUploads({ prefix: config.keyPrefix, keyMarker, uploadIdMarker }));
        if (res.status !== 200) throw upstreamError("ListMultipartUploads", res, rc);
        const listing = parsing("ListMultipartUploads", () => parseListMultipartUploads(res.text));
        for (const u of listing.uploads) {
          r.listed += 1;
          if (!(await issuedByWorker(config, bucket.name, u.key))) {
            r.foreign += 1;
          } else if (now - u.initiated >= config.multipartMaxAgeMs) {
            const abort = await s3Call(bucket, config, rc, "AbortMultipartUpload", (s) => s.abortMultipartUpload(u.key, u.uploadId, {}));
            if (abort.status === 204 || abort.status === 200 || abort.status === 404) r.aborted += 1;
            else throw upstreamError("AbortMultipartUpload", abort, rc);
          } else {
            r.kept += 1;
          }
        }
        if (!listing.isTruncated) break;
        keyMarker = listing.nextKeyMarker;
        uploadIdMarker = listing.nextUploadIdMarker;
      }
    } catch (err) {
      r.error = String((err && err.code) || err);
    }
    console.log(JSON.stringify({ level: r.error ? "error" : "info", msg: "multipart sweep", cron: event.cron, requestId: rc.requestId, ...r }));
    results.push(r);
  }
  return { results };
}
