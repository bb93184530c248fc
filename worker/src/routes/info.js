// Read-only endpoints: health, the client-facing policy, regions and buckets, and the metrics.

import { ok } from "../http.js";
import { knownRegion } from "../buckets.js";
import { regions as allRegions, storageClasses } from "../signer.js";
import { S3_MAX_PARTS } from "../s3-limits.js";
import { snapshot } from "../metrics.js";
import { PRICES } from "../storage-class-prices.js";

export function health({ config }) {
  return ok({ status: "ok", version: config.version });
}

function bucketList(config) {
  return config.buckets.map((b) => ({
    name: b.name,
    region: knownRegion(b, config) || b.configuredRegion,
    default: b === config.defaultBucket,
    ...(b.cdnDomain ? { cdnDomain: b.cdnDomain } : {}),
  }));
}

/** What a client needs to behave (docs/worker-api.md "GET /api/v1/config"). */
export function clientConfig({ config, who }) {
  return ok({
    maxSize: config.maxSize,
    minSize: config.minSize,
    allowedContentTypes: config.allowedContentTypes,
    multipartThreshold: config.multipartThreshold,
    partSize: config.partSize,
    maxParts: S3_MAX_PARTS,
    maxPartsPerBatch: config.maxPartsPerBatch,
    defaultExpiresIn: config.defaultExpiresIn,
    maxExpiresIn: config.maxExpiresIn,
    storageClasses: { allowed: config.storageClasses, default: config.defaultStorageClass },
    buckets: bucketList(config),
    checksumAlgorithm: config.checksumAlgorithm,
    sse: config.sse,
    noOverwrite: config.noOverwrite,
    anonymous: who.anonymous,
    byoCredentials: config.allowByoCredentials,
    // The scheduled sweep aborts multipart uploads this old: a client resuming uploads forgets them before that.
    multipartMaxAgeSeconds: config.multipartMaxAgeMs / 1000,
  });
}

export function regionList({ config }) {
  return ok({
    regions: allRegions(),
    buckets: bucketList(config),
    storageClasses: storageClasses().map((s) => ({ ...s, allowed: config.storageClasses.includes(s.name) })),
  });
}

/** GET /api/v1/metrics?windowMinutes= (API key only) → { success, scope, windowMinutes, since, regions: { … } } */
export async function metrics({ input, env, config }) {
  return ok(await snapshot(env, config, input.query.windowMinutes ?? 60));
}

/**
 * GET /api/v1/storage-classes → { success, default, prices: { region, currency, asOf, source }, classes: [{ name,
 *   description, …the core's facts (minimum storage duration and billable size, retrieval…), allowed, prices? }] }
 */
export function storageClassList({ config }) {
  const { classes, ...about } = PRICES;
  return ok({
    default: config.defaultStorageClass,
    prices: about,
    classes: storageClasses().map((s) => ({ ...s, allowed: config.storageClasses.includes(s.name), ...(classes[s.name] ? { prices: classes[s.name] } : {}) })),
  });
}
