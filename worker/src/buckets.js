// Which bucket serves a request, and in which region it really is. With buckets in several regions the nearest one
// to the uploader is chosen from `request.cf` (latitude/longitude, else continent); a bucket's real region comes
// from the configuration, or from HeadBucket discovery and region-hint corrections cached here (s3-client.js).

import { badRequest, invalid } from "./http.js";
import { regions } from "./signer.js";
import { signerFor } from "./config.js";

let regionTable = null;
function regionCoordinates(code) {
  if (!regionTable) regionTable = new Map(regions().map((r) => [r.code, r]));
  return regionTable.get(code);
}

// Rough centres of Cloudflare's continent codes, used when a request has no latitude/longitude.
const CONTINENTS = { NA: [45, -100], SA: [-15, -60], EU: [50, 10], AF: [5, 20], AS: [30, 100], OC: [-25, 135], AN: [-80, 0] };

/** The uploader's location from `request.cf`, or null. */
export function locate(cf) {
  if (!cf) return null;
  const lat = Number(cf.latitude);
  const lon = Number(cf.longitude);
  const present = (v) => v !== undefined && v !== null && v !== "";
  if (present(cf.latitude) && present(cf.longitude) && Number.isFinite(lat) && Number.isFinite(lon)) {
    return { latitude: lat, longitude: lon, source: "coordinates" };
  }
  const c = CONTINENTS[cf.continent];
  return c ? { latitude: c[0], longitude: c[1], source: "continent" } : null;
}

function distanceKm(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 12742 * Math.asin(Math.min(1, Math.sqrt(h)));
}

// --- region cache: discovered regions and region-hint corrections, per isolate, with a TTL ---

const regionCache = new Map();
const cacheKey = (bucket) => `${bucket.name}|${bucket.endpoint || ""}`;

/** The region to sign for, if known without a network call (configured, or cached). */
export function knownRegion(bucket, config) {
  const hit = regionCache.get(cacheKey(bucket));
  if (hit && hit.expiresAt > Date.now()) return hit.region;
  return bucket.discover ? null : bucket.configuredRegion;
}

export function rememberRegion(bucket, region, config) {
  regionCache.set(cacheKey(bucket), { region, expiresAt: Date.now() + config.regionCacheTtlMs });
}

function bucketLocation(bucket, config) {
  if (bucket.latitude !== undefined && bucket.longitude !== undefined) return bucket;
  const region = knownRegion(bucket, config);
  return region ? regionCoordinates(region) : undefined;
}

// --- signers: one per (config generation, bucket, region), built once and reused (the signer caches the signing key) ---

const signers = new Map();

export function cachedSigner(bucket, region, config) {
  const key = `${config.generation}|${bucket.name}|${region}`;
  let s = signers.get(key);
  if (!s) {
    // Old generations are dropped, not freed: a request in flight may still hold one; wasm-bindgen's
    // FinalizationRegistry frees them once unreachable.
    for (const k of signers.keys()) if (!k.startsWith(`${config.generation}|`)) signers.delete(k);
    s = signerFor(bucket, region, config.credentials.get(bucket.credentials));
    signers.set(key, s);
  }
  return s;
}

/** The configured bucket called `name`; 400 UnknownBucket otherwise. */
export function findBucket(config, name) {
  if (name === undefined || name === null || name === "") return config.defaultBucket;
  if (typeof name !== "string") throw invalid("`bucket` must be a string");
  const b = config.buckets.find((x) => x.name === name);
  if (!b) throw badRequest("UnknownBucket", `bucket ${JSON.stringify(name).slice(0, 80)} is not configured on this worker; configured: ${config.buckets.map((x) => x.name).join(", ")}`);
  return b;
}

/**
 * Chooses the bucket for a new upload: the requested one (`s3Bucket`), else one in the requested region
 * (`s3Region`), else — with BUCKET_SELECTION=nearest — the one nearest the uploader, else the default.
 * `s3Region` only chooses among buckets: signing always uses the bucket's real region.
 */
export function selectBucket(config, { s3Bucket, s3Region, cf }) {
  if (s3Bucket !== undefined && s3Bucket !== null && s3Bucket !== "") return { bucket: findBucket(config, s3Bucket), reason: "requested" };
  let candidates = config.buckets;
  if (s3Region !== undefined && s3Region !== null && s3Region !== "") {
    if (typeof s3Region !== "string" || !/^[a-z0-9-]{1,32}$/.test(s3Region)) throw invalid("`s3Region` must be a region code such as eu-central-1");
    candidates = candidates.filter((b) => knownRegion(b, config) === s3Region || b.configuredRegion === s3Region);
    if (!candidates.length) throw badRequest("UnknownBucket", `no bucket is configured in region ${s3Region}; configured regions: ${[...new Set(config.buckets.map((b) => knownRegion(b, config) || b.configuredRegion))].join(", ")}`);
    if (candidates.length === 1) return { bucket: candidates[0], reason: "region" };
  }
  if (candidates.length === 1) return { bucket: candidates[0], reason: "only" };
  const here = config.bucketSelection === "nearest" ? locate(cf) : null;
  if (here) {
    let best = null;
    for (const b of candidates) {
      const at = bucketLocation(b, config);
      if (!at) continue;
      const d = distanceKm(here, at);
      if (!best || d < best.d) best = { b, d };
    }
    if (best) return { bucket: best.b, reason: `nearest(${here.source})` };
  }
  return { bucket: candidates.includes(config.defaultBucket) ? config.defaultBucket : candidates[0], reason: "default" };
}
