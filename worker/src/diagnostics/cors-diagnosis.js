// The answer to a client's CORS-looking failure: the CORS check for that page's origin on that bucket, cached for a
// few minutes per bucket and origin so that a burst of failing uploads costs one GetBucketCors. The cache is this
// isolate's only — an optimisation, not state: another isolate simply checks again.

import { corsFindings } from "./index.js";
import { knownRegion } from "../buckets.js";

const TTL_MS = 5 * 60 * 1000;
const cache = new Map(); // `${bucket}\n${origin}` → { at, diagnosis }

/** `{ origin, bucket, ok, findings, checkedAt }` for the page `origin` uploading to `bucket`. */
export async function corsDiagnosis(bucket, config, rc, origin) {
  const key = `${bucket.name}\n${origin}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.diagnosis;
  let diagnosis;
  try {
    const region = knownRegion(bucket, config) || bucket.configuredRegion;
    const findings = await corsFindings(bucket, region, config, rc, [origin]);
    diagnosis = { origin, bucket: bucket.name, ok: !findings.some((f) => f.severity === "error"), findings, checkedAt: Date.now() };
  } catch (err) {
    diagnosis = { origin, bucket: bucket.name, ok: null, findings: [], error: `the CORS check could not run (${err.code || "error"})`, checkedAt: Date.now() };
  }
  if (cache.size > 1000) cache.delete(cache.keys().next().value);
  cache.set(key, { at: Date.now(), diagnosis });
  return diagnosis;
}
