// Operator configuration: wrangler vars and secrets, optionally overlaid by a JSON document in a KV namespace
// (binding CONFIG_KV, key "config") that is re-read every CONFIG_TTL_SECONDS, so policy changes need no redeploy.
// Everything is validated on first use; a mistake is reported as one ConfigurationError listing every problem and
// how to fix it (never a secret's value). README "Configuration reference" documents every name read here.

import { normalizeStorageClass, regions, S3Signer } from "./signer.js";
import { buildKeyring } from "./keyring.js";
import { cloudfrontSettings, importCloudfrontKey } from "./cdn/settings.js";
import { CHECKSUM_ALGORITHMS, GIB, MIB, S3_MAX_OBJECT, S3_MAX_PART, S3_MAX_PARTS, S3_MAX_PUT, S3_MIN_PART, SIGV4_MAX_EXPIRES, TIB } from "./s3-limits.js";

const KIB = 1024;

/** Names that hold secrets: never accepted from KV (anyone with KV read access would see them). */
const SECRET_NAME = /(^API_KEYS$|^UPLOAD_KEY_SECRET(_PREVIOUS)?$|^ALERT_WEBHOOK_URL$|_ACCESS_KEY_ID$|_SECRET_ACCESS_KEY$|_SESSION_TOKEN$|_PRIVATE_KEY$)/;

export class ConfigError extends Error {
  constructor(problems) {
    super(`worker configuration is invalid: ${problems.join("; ")}`);
    this.name = "ConfigError";
    this.code = "ConfigurationError";
    this.status = 500;
  }
}

const cache = { env: null, kvText: undefined, kvReadAt: 0, config: null, error: null, building: null };

/** The validated configuration for `env`; throws ConfigError. */
export async function getConfig(env) {
  let kvText = cache.kvText;
  const ttlMs = 1000 * positiveNumber(env.CONFIG_TTL_SECONDS, 30);
  if (env.CONFIG_KV && (cache.env !== env || Date.now() - cache.kvReadAt >= ttlMs)) {
    try {
      kvText = (await env.CONFIG_KV.get("config")) ?? null;
    } catch (err) {
      // KV unavailable: keep serving the last good policy rather than failing every request.
      console.log(JSON.stringify({ level: "warn", msg: "config KV read failed; keeping the previous config", error: String(err && err.message) }));
    }
    cache.kvReadAt = Date.now();
  }
  if (cache.env === env && cache.kvText === kvText && (cache.config || cache.error)) {
    if (cache.error) throw cache.error;
    return cache.config;
  }
  cache.env = env;
  cache.kvText = kvText;
  try {
    cache.config = await buildConfig(env, kvText);
    cache.error = null;
    return cache.config;
  } catch (err) {
    cache.config = null;
    cache.error = err instanceof ConfigError ? err : new ConfigError([String(err && err.message)]);
    throw cache.error;
  }
}

let generation = 0;

async function buildConfig(env, kvText) {
  const problems = [];
  const vars = { ...env };
  if (kvText) {
    let overlay;
    try {
      overlay = JSON.parse(kvText);
    } catch {
      throw new ConfigError(["CONFIG_KV key \"config\" is not valid JSON: store a JSON object of variable names to values"]);
    }
    if (!overlay || typeof overlay !== "object" || Array.isArray(overlay)) {
      throw new ConfigError(["CONFIG_KV key \"config\" must be a JSON object of variable names to values"]);
    }
    for (const [name, value] of Object.entries(overlay)) {
      if (SECRET_NAME.test(name)) {
        problems.push(`CONFIG_KV must not hold the secret ${name}: use \`wrangler secret put ${name}\``);
      } else {
        vars[name] = value;
      }
    }
  }
  const p = new Reader(vars, problems);

  const c = { generation: ++generation };
  c.maxSize = p.size("MAX_SIZE", 1 * GIB, 1, S3_MAX_OBJECT);
  c.minSize = p.size("MIN_SIZE", 1, 0, c.maxSize);
  c.multipartThreshold = p.size("MULTIPART_THRESHOLD", 100 * MIB, S3_MIN_PART, S3_MAX_PUT);
  c.partSize = p.size("PART_SIZE", 8 * MIB, S3_MIN_PART, S3_MAX_PART);
  c.maxPartsPerBatch = p.integer("SIGN_PARTS_MAX_BATCH", 1000, 1, S3_MAX_PARTS);
  c.keyPrefix = p.keyPrefix("KEY_PREFIX", "uploads/");
  c.allowClientPrefix = p.boolean("ALLOW_CLIENT_PREFIX", false);
  c.allowedContentTypes = p.contentTypes("ALLOWED_CONTENT_TYPES", "image/*,video/*,audio/*,application/pdf,text/plain");
  c.maxExpiresIn = p.integer("MAX_EXPIRES_IN", 3600, 1, SIGV4_MAX_EXPIRES);
  c.defaultExpiresIn = p.integer("DEFAULT_EXPIRES_IN", Math.min(900, c.maxExpiresIn), 1, c.maxExpiresIn);
  c.storageClasses = p.storageClasses("STORAGE_CLASSES", "STANDARD");
  c.defaultStorageClass = p.storageClass("DEFAULT_STORAGE_CLASS", c.storageClasses[0] || "STANDARD");
  if (c.storageClasses.length && !c.storageClasses.includes(c.defaultStorageClass)) {
    problems.push(`DEFAULT_STORAGE_CLASS ${c.defaultStorageClass} is not in STORAGE_CLASSES (${c.storageClasses.join(",")})`);
  }
  c.sse = p.oneOf("SSE", "AES256", ["AES256", "aws:kms", "aws:kms:dsse", "none"]);
  if (c.sse === "none") c.sse = null;
  c.sseKmsKeyId = p.string("SSE_KMS_KEY_ID", undefined);
  if (c.sseKmsKeyId && !(c.sse || "").startsWith("aws:kms")) {
    problems.push("SSE_KMS_KEY_ID is set but SSE is not aws:kms or aws:kms:dsse: set SSE=aws:kms");
  }
  c.checksumAlgorithm = p.oneOf("CHECKSUM_ALGORITHM", "none", ["none", ...CHECKSUM_ALGORITHMS]);
  if (c.checksumAlgorithm === "none") c.checksumAlgorithm = null;
  c.noOverwrite = p.boolean("NO_OVERWRITE", true);
  // A signed-url request without `size` (the original plan's): "verify" signs a PUT without Content-Length and
  // verifies the object afterwards; "refuse" requires `size`.
  c.sizelessPut = p.oneOf("SIZELESS_PUT", "verify", ["verify", "refuse"]);
  c.anonymousOrigins = new Set(p.origins("ANONYMOUS_ORIGINS"));
  c.corsOrigins = new Set([...p.origins("CORS_ORIGINS"), ...c.anonymousOrigins]);
  c.rateLimitPerMinute = p.integer("RATE_LIMIT_PER_MINUTE", 600, 0, 1e9);
  c.anonymousRateLimitPerMinute = p.integer("ANONYMOUS_RATE_LIMIT_PER_MINUTE", 120, 0, 1e9);
  c.allowByoCredentials = p.boolean("ALLOW_BYO_CREDENTIALS", false);
  c.maxBodyBytes = p.size("MAX_BODY_BYTES", 64 * KIB, 1 * KIB, 16 * MIB);
  c.bucketSelection = p.oneOf("BUCKET_SELECTION", "nearest", ["nearest", "default"]);
  c.environment = p.oneOf("ENVIRONMENT", "production", ["production", "staging", "development"]);
  c.s3 = {
    timeoutMs: p.integer("S3_TIMEOUT_MS", 10000, 100, 120000),
    // CompleteMultipartUpload of a large upload can take minutes: S3 keeps the connection open, sending
    // whitespace, until it is done (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html).
    completeTimeoutMs: p.integer("S3_COMPLETE_TIMEOUT_MS", 300000, 1000, 900000),
    maxAttempts: p.integer("S3_MAX_ATTEMPTS", 4, 1, 10),
    retryBaseMs: p.integer("S3_RETRY_BASE_MS", 100, 1, 10000),
    retryMaxMs: p.integer("S3_RETRY_MAX_MS", 2000, 1, 60000),
  };
  c.regionCacheTtlMs = 1000 * p.integer("REGION_CACHE_TTL_SECONDS", 3600, 1, 7 * 86400);
  // The scheduled sweep aborts the worker's multipart uploads older than this (README "Security model").
  // How long an isolate queues metric events before writing them to the METRICS Durable Object (metrics.js).
  c.metricsFlushMs = p.integer("METRICS_FLUSH_MS", 1000, 0, 60000);
  c.multipartMaxAgeMs = 1000 * p.integer("MULTIPART_MAX_AGE_SECONDS", 86400, 0, 30 * 86400);
  // Alerting (alerts/): evaluated by the scheduled handler; sent to ALERT_WEBHOOK_URL (a secret) when set.
  c.alerts = {
    webhookUrl: webhookUrl(env.ALERT_WEBHOOK_URL, problems),
    format: p.oneOf("ALERT_WEBHOOK_FORMAT", "json", ["json", "slack"]),
    windowMinutes: p.integer("ALERT_WINDOW_MINUTES", 15, 1, 24 * 60),
    minSamples: p.integer("ALERT_MIN_SAMPLES", 20, 1, 1e6),
    successRate: p.fraction("ALERT_SUCCESS_RATE", 0.9),
    failureSpike: p.integer("ALERT_FAILURE_SPIKE", 10, 1, 1e6),
    s3ErrorRate: p.fraction("ALERT_S3_ERROR_RATE", 0.05),
    cooldownMinutes: p.integer("ALERT_COOLDOWN_MINUTES", 60, 0, 7 * 24 * 60),
    credentialsHours: p.integer("ALERT_CREDENTIALS_HOURS", 24, 0, 30 * 24),
    diagnostics: p.boolean("ALERT_DIAGNOSTICS", true),
  };
  c.version = typeof vars.VERSION === "string" && vars.VERSION ? vars.VERSION : "0.1.0";

  c.apiKeys = await apiKeys(env.API_KEYS, problems);
  c.credentials = new Map();
  // Never in a response or a log: secret keys, API keys, the token key. Session tokens are not in this list —
  // SigV4 puts them into every presigned URL and POST policy (X-Amz-Security-Token) — but stay out of logs.
  c.secrets = [];
  c.logSecrets = [];
  c.buckets = buckets(vars.BUCKETS, env, c, problems);
  backendProblems(c, problems);
  for (const [i, b] of c.buckets.entries()) {
    if (!b.cloudfront) continue;
    b.cloudfront.key = await importCloudfrontKey(b.cloudfront, env, `BUCKETS[${i}]`, problems, c.secrets);
    // Invalidations are signed with the bucket's credentials unless cloudfront.credentials names others.
    const p = b.cloudfront.credentials;
    if (b.cloudfront.distributionId && !c.credentials.has(p)) {
      const accessKeyId = env[`${p}_ACCESS_KEY_ID`];
      const secretAccessKey = env[`${p}_SECRET_ACCESS_KEY`];
      if (!accessKeyId || !secretAccessKey) {
        problems.push(`BUCKETS[${i}].cloudfront.credentials: ${p}_ACCESS_KEY_ID and ${p}_SECRET_ACCESS_KEY must be set for invalidations (wrangler secret put)`);
      } else {
        c.credentials.set(p, { accessKeyId, secretAccessKey, sessionToken: env[`${p}_SESSION_TOKEN`] || undefined });
        c.secrets.push(secretAccessKey);
      }
    }
  }
  c.defaultBucket = c.buckets.find((b) => b.isDefault) || c.buckets[0];
  for (const key of c.apiKeys) c.secrets.push(key.value);
  c.downloadAnyKey = new Set(p.list("DOWNLOAD_ANY_KEY"));
  for (const name of c.downloadAnyKey) {
    if (!c.apiKeys.some((k) => k.name === name)) problems.push(`DOWNLOAD_ANY_KEY names ${name}, which is not an API key name in API_KEYS`);
  }
  c.keyring = await keyring(env, c, problems);
  if (c.alerts.webhookUrl) c.secrets.push(String(env.ALERT_WEBHOOK_URL));
  c.logSecrets.push(...c.secrets);

  if (problems.length) throw new ConfigError(problems);
  return c;
}

export async function apiKeys(raw, problems) {
  if (raw === undefined || raw === null || raw === "") return [];
  if (typeof raw !== "string") {
    problems.push("API_KEYS must be a string: comma-separated `name:key` pairs (set it with `wrangler secret put API_KEYS`)");
    return [];
  }
  const keys = [];
  const names = new Set();
  for (const [index, entry] of raw.split(/[\s,]+/).filter(Boolean).entries()) {
    const colon = entry.indexOf(":");
    const name = colon > 0 ? entry.slice(0, colon) : `key${index + 1}`;
    const value = colon > 0 ? entry.slice(colon + 1) : entry;
    // A short key can be guessed online; 24 characters of a random alphabet is ~140 bits.
    if (value.length < 24) {
      problems.push(`API_KEYS entry ${index + 1} (${name}) is shorter than 24 characters: use e.g. \`openssl rand -hex 24\``);
      continue;
    }
    if (names.has(name)) problems.push(`API_KEYS has the name ${name} twice`);
    names.add(name);
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value)));
    keys.push({ name, digest, value });
  }
  return keys;
}

const BUCKET_FIELDS = new Set(["name", "region", "endpoint", "cdnDomain", "backend", "addressing", "default", "credentials", "latitude", "longitude", "dualstack", "accelerate", "fips", "cloudfront"]);

function buckets(raw, env, c, problems) {
  let list = raw === "" ? undefined : raw;
  if (typeof list === "string") {
    try {
      list = JSON.parse(list);
    } catch {
      problems.push("BUCKETS is not valid JSON: set it to e.g. [{\"name\":\"my-bucket\",\"region\":\"eu-central-1\"}]");
      return [];
    }
  }
  if (list && !Array.isArray(list) && typeof list === "object") list = [list];
  if (!Array.isArray(list) || list.length === 0) {
    problems.push("BUCKETS is not set: set it to a JSON array such as [{\"name\":\"my-bucket\",\"region\":\"eu-central-1\"}]");
    return [];
  }
  const out = [];
  const names = new Set();
  list.forEach((b, i) => {
    const at = `BUCKETS[${i}]`;
    if (!b || typeof b !== "object") {
      problems.push(`${at} must be an object with at least name and region`);
      return;
    }
    for (const field of Object.keys(b)) {
      if (!BUCKET_FIELDS.has(field)) problems.push(`${at}.${field} is not a bucket setting (known: ${[...BUCKET_FIELDS].join(", ")})`);
    }
    if (typeof b.name !== "string" || !b.name) {
      problems.push(`${at}.name is required`);
      return;
    }
    if (names.has(b.name)) problems.push(`${at}: bucket ${b.name} is listed twice`);
    names.add(b.name);
    if (typeof b.region !== "string" || !b.region) {
      problems.push(`${at}.region is required: an AWS region code such as eu-central-1, or "auto" to discover it with HeadBucket`);
      return;
    }
    const backend = b.backend ?? undefined;
    if (backend !== undefined && !["aws", "r2", "generic"].includes(backend)) {
      problems.push(`${at}.backend must be "aws", "r2" or "generic"`);
      return;
    }
    const prefix = b.credentials ?? "S3";
    if (typeof prefix !== "string" || !/^[A-Z][A-Z0-9_]*$/.test(prefix)) {
      problems.push(`${at}.credentials must name a secret prefix in capitals, e.g. "S3" for S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY`);
      return;
    }
    if (!c.credentials.has(prefix)) {
      const accessKeyId = env[`${prefix}_ACCESS_KEY_ID`];
      const secretAccessKey = env[`${prefix}_SECRET_ACCESS_KEY`];
      const sessionToken = env[`${prefix}_SESSION_TOKEN`] || undefined;
      const expiresAt = sessionExpiry(env[`${prefix}_SESSION_EXPIRES_AT`], `${prefix}_SESSION_EXPIRES_AT`, problems);
      if (!accessKeyId || !secretAccessKey) {
        problems.push(`${prefix}_ACCESS_KEY_ID and ${prefix}_SECRET_ACCESS_KEY must be set for bucket ${b.name}: run \`wrangler secret put ${prefix}_ACCESS_KEY_ID\` and \`wrangler secret put ${prefix}_SECRET_ACCESS_KEY\` (locally: worker/.dev.vars)`);
        return;
      }
      if (expiresAt !== undefined && !sessionToken) problems.push(`${prefix}_SESSION_EXPIRES_AT is set without ${prefix}_SESSION_TOKEN: only temporary credentials expire`);
      c.credentials.set(prefix, { accessKeyId, secretAccessKey, sessionToken, expiresAt });
      c.secrets.push(secretAccessKey);
      if (sessionToken) c.logSecrets.push(sessionToken);
    }
    // R2's region is literally "auto" (https://developers.cloudflare.com/r2/api/s3/api/); elsewhere "auto" asks
    // the worker to discover the region with HeadBucket.
    const discover = b.region === "auto" && backend !== "r2";
    const bucket = {
      name: b.name,
      configuredRegion: b.region,
      discover,
      endpoint: b.endpoint || undefined,
      cdnDomain: b.cdnDomain || undefined,
      backend,
      addressing: b.addressing || undefined,
      dualstack: b.dualstack || undefined,
      accelerate: b.accelerate || undefined,
      fips: b.fips || undefined,
      isDefault: b.default === true,
      credentials: prefix,
      latitude: typeof b.latitude === "number" ? b.latitude : undefined,
      longitude: typeof b.longitude === "number" ? b.longitude : undefined,
      cloudfront: cloudfrontSettings(b.cloudfront, at, prefix, problems),
    };
    // The CloudFront domain is the bucket's CDN domain (publicUrl, s3CloudFrontDomain), unless both are given.
    if (bucket.cloudfront && bucket.cdnDomain && bucket.cdnDomain.toLowerCase() !== bucket.cloudfront.domain) {
      problems.push(`${at}: cdnDomain (${bucket.cdnDomain}) and cloudfront.domain (${bucket.cloudfront.domain}) differ: keep one`);
    }
    if (bucket.cloudfront && !bucket.cdnDomain) bucket.cdnDomain = bucket.cloudfront.domain;
    if (bucket.cdnDomain !== undefined && !/^[a-z0-9.-]+(:\d+)?$/i.test(bucket.cdnDomain)) {
      problems.push(`${at}.cdnDomain must be a host name such as d111111abcdef8.cloudfront.net (no scheme or path)`);
      return;
    }
    // A typo in an AWS region signs URLs that S3 refuses (the original plan's failure mode): check it against the
    // signer's region table. A region newer than the table works with an explicit endpoint.
    if (!bucket.endpoint && backend !== "r2" && !discover && !regions().some((r) => r.code === b.region)) {
      problems.push(`${at}.region ${JSON.stringify(b.region)} is not a known AWS region: use a code such as eu-central-1, "auto" to discover it, or set "endpoint" for a newer region or another S3-compatible store`);
      return;
    }
    // Construct a signer once to check name, region and endpoint now, with the signer's own rules.
    try {
      const creds = c.credentials.get(prefix);
      signerFor(bucket, discover ? "us-east-1" : b.region, { ...creds, expiresAt: undefined }).free();
    } catch (err) {
      problems.push(`${at} (${b.name}): ${err.code ? `${err.code}: ` : ""}${redact(String(err.message), c.secrets)}`);
      return;
    }
    out.push(bucket);
  });
  if (out.filter((b) => b.isDefault).length > 1) problems.push("BUCKETS: only one bucket may have \"default\": true");
  return out;
}

// What Cloudflare R2 lacks (https://developers.cloudflare.com/r2/api/s3/api/): a setting every upload to an R2
// bucket would carry is an operator mistake, reported at start instead of on every request.
const R2_STORAGE_CLASSES = ["STANDARD", "STANDARD_IA"];

function backendProblems(c, problems) {
  for (const b of c.buckets.filter((x) => x.backend === "r2")) {
    if (c.sse && c.sse.startsWith("aws:kms")) {
      problems.push(`bucket ${b.name} is on R2, which has no SSE-KMS: set SSE=none (R2 encrypts every object at rest) or move the bucket to another deployment`);
    }
    if (!R2_STORAGE_CLASSES.includes(c.defaultStorageClass)) {
      problems.push(`bucket ${b.name} is on R2, which stores only ${R2_STORAGE_CLASSES.join(" and ")}: DEFAULT_STORAGE_CLASS ${c.defaultStorageClass} would refuse every default upload to it`);
    }
  }
}

/** A signer for `bucket` signing for `region` with `creds`. */
export function signerFor(bucket, region, creds) {
  return new S3Signer({
    accessKeyId: creds.accessKeyId,
    secretAccessKey: creds.secretAccessKey,
    sessionToken: creds.sessionToken,
    // The signer refuses a URL that would outlive temporary credentials (upload-policy.js clamps lifetimes first).
    credentialsExpireAt: creds.expiresAt,
    bucket: bucket.name,
    region,
    endpoint: bucket.endpoint,
    addressing: bucket.addressing,
    backend: bucket.backend,
    dualstack: bucket.dualstack,
    accelerate: bucket.accelerate,
    fips: bucket.fips,
  });
}

/**
 * The keyring for the worker's tokens (keyring.js): UPLOAD_KEY_SECRET, and UPLOAD_KEY_SECRET_PREVIOUS during a
 * rotation. Required outside ENVIRONMENT=development: a key derived from the S3 secret would change whenever the
 * S3 credentials are rotated, orphaning every upload in flight. In development the fallback is such a derived key.
 */
async function keyring(env, c, problems) {
  const current = typeof env.UPLOAD_KEY_SECRET === "string" ? env.UPLOAD_KEY_SECRET : "";
  const previous = typeof env.UPLOAD_KEY_SECRET_PREVIOUS === "string" ? env.UPLOAD_KEY_SECRET_PREVIOUS : "";
  for (const [name, v] of [["UPLOAD_KEY_SECRET", current], ["UPLOAD_KEY_SECRET_PREVIOUS", previous]]) {
    if (v && v.length < 32) problems.push(`${name} is shorter than 32 characters: use \`openssl rand -hex 32\``);
    if (v) c.secrets.push(v);
  }
  if (previous && !current) problems.push("UPLOAD_KEY_SECRET_PREVIOUS is set without UPLOAD_KEY_SECRET: set the new secret in UPLOAD_KEY_SECRET and keep the old one in UPLOAD_KEY_SECRET_PREVIOUS");
  if (current) return buildKeyring(current, previous);
  if (c.environment !== "development") {
    problems.push("UPLOAD_KEY_SECRET is not set: it authenticates the tokens and multipart keys the worker issues, independently of the S3 credentials (run `openssl rand -hex 32 | wrangler secret put UPLOAD_KEY_SECRET`; only ENVIRONMENT=development falls back to a key derived from the S3 secret)");
    return null;
  }
  const derivedFrom = [...c.credentials.values()][0]?.secretAccessKey;
  if (!derivedFrom) return null;
  console.log(JSON.stringify({ level: "warn", msg: "UPLOAD_KEY_SECRET is not set: development only, tokens are derived from the S3 secret and break when it is rotated" }));
  // HMAC is one-way: the S3 secret cannot be recovered from the derived key.
  const base = await crypto.subtle.importKey("raw", new TextEncoder().encode(derivedFrom), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const derived = new Uint8Array(await crypto.subtle.sign("HMAC", base, new TextEncoder().encode("s3-edge-signer development upload key")));
  return buildKeyring(Array.from(derived, (x) => x.toString(16).padStart(2, "0")).join(""));
}

/** ALERT_WEBHOOK_URL: an https URL (http only to loopback, for local receivers). A secret: it often embeds a token. */
function webhookUrl(raw, problems) {
  if (raw === undefined || raw === null || raw === "") return undefined;
  let u;
  try {
    u = new URL(String(raw));
  } catch {
    problems.push("ALERT_WEBHOOK_URL is not a URL: set it to your webhook's https URL (wrangler secret put ALERT_WEBHOOK_URL)");
    return undefined;
  }
  if (u.protocol !== "https:" && !(u.protocol === "http:" && (u.hostname === "127.0.0.1" || u.hostname === "localhost"))) {
    problems.push("ALERT_WEBHOOK_URL must be an https URL (http only to 127.0.0.1 or localhost)");
    return undefined;
  }
  return u.toString();
}

/** `<PREFIX>_SESSION_EXPIRES_AT`: when temporary credentials expire (ISO 8601, or unix seconds), in ms. */
function sessionExpiry(raw, name, problems) {
  if (raw === undefined || raw === null || raw === "") return undefined;
  const text = String(raw).trim();
  const ms = /^\d{9,11}$/.test(text) ? Number(text) * 1000 : /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms)) {
    problems.push(`${name} must be an ISO 8601 time with a zone (e.g. 2026-12-02T18:00:00Z, as STS's Expiration) or unix seconds (got ${JSON.stringify(text.slice(0, 40))})`);
    return undefined;
  }
  return ms;
}

export function redact(text, secrets) {
  let out = text;
  for (const s of secrets) if (s && out.includes(s)) out = out.split(s).join("[redacted]");
  return out;
}

function positiveNumber(v, dflt) {
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? n : dflt;
}

const UNITS = { "": 1, B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KIB: KIB, MIB: MIB, GIB: GIB, TIB: TIB };

class Reader {
  constructor(vars, problems) {
    this.vars = vars;
    this.problems = problems;
  }
  raw(name) {
    const v = this.vars[name];
    return v === undefined || v === null || v === "" ? undefined : v;
  }
  string(name, dflt) {
    const v = this.raw(name);
    if (v === undefined) return dflt;
    if (typeof v !== "string") {
      this.problems.push(`${name} must be a string`);
      return dflt;
    }
    return v.trim();
  }
  integer(name, dflt, min, max) {
    const v = this.raw(name);
    if (v === undefined) return dflt;
    const n = typeof v === "number" ? v : /^\s*-?\d+\s*$/.test(String(v)) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(v)})`);
      return dflt;
    }
    return n;
  }
  size(name, dflt, min, max) {
    const v = this.raw(name);
    if (v === undefined) return dflt;
    const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)?\s*$/i.exec(String(v));
    const n = m ? Math.round(Number(m[1]) * UNITS[(m[2] || "").toUpperCase()]) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      this.problems.push(`${name} must be a size from ${min} to ${max} bytes, as a number of bytes or with a unit such as 100MiB (got ${JSON.stringify(v)})`);
      return dflt;
    }
    return n;
  }
  /** A number from 0 to 1 (a rate). */
  fraction(name, dflt) {
    const v = this.raw(name);
    if (v === undefined) return dflt;
    const n = typeof v === "number" ? v : /^\s*(0|1|0?\.\d+|1\.0*)\s*$/.test(String(v)) ? Number(v) : NaN;
    if (!(n >= 0 && n <= 1)) {
      this.problems.push(`${name} must be a number from 0 to 1, such as 0.9 (got ${JSON.stringify(v)})`);
      return dflt;
    }
    return n;
  }
  boolean(name, dflt) {
    const v = this.raw(name);
    if (v === undefined) return dflt;
    if (v === true || v === "true" || v === "1") return true;
    if (v === false || v === "false" || v === "0") return false;
    this.problems.push(`${name} must be true or false (got ${JSON.stringify(v)})`);
    return dflt;
  }
  oneOf(name, dflt, options) {
    const v = this.raw(name);
    if (v === undefined) return dflt;
    const hit = options.find((o) => o.toLowerCase() === String(v).trim().toLowerCase());
    if (!hit) {
      this.problems.push(`${name} must be one of ${options.join(", ")} (got ${JSON.stringify(v)})`);
      return dflt;
    }
    return hit;
  }
  list(name, dflt) {
    const v = this.raw(name) ?? dflt;
    if (v === undefined) return [];
    if (Array.isArray(v)) return v.map(String).map((s) => s.trim()).filter(Boolean);
    return String(v).split(/[\s,]+/).filter(Boolean);
  }
  keyPrefix(name, dflt) {
    let v = this.string(name, dflt);
    // The prefix is the root of every key the worker issues; it must be a plain path of safe segments.
    if (v !== "" && !/^([A-Za-z0-9_.-]+\/)*[A-Za-z0-9_.-]+\/?$/.test(v)) {
      this.problems.push(`${name} must be path segments of letters, digits, '.', '_' or '-' separated by '/' (got ${JSON.stringify(v)})`);
      return dflt;
    }
    if (v.split("/").some((s) => s === "." || s === "..")) {
      this.problems.push(`${name} must not contain '.' or '..' segments`);
      return dflt;
    }
    if (v && !v.endsWith("/")) v += "/";
    return v;
  }
  contentTypes(name, dflt) {
    const out = [];
    for (const t of this.list(name, dflt)) {
      const lower = t.toLowerCase();
      if (!/^([a-z0-9][a-z0-9!#$&^_.+-]*|\*)\/([a-z0-9][a-z0-9!#$&^_.+-]*|\*)$/.test(lower) || lower.startsWith("*/") && lower !== "*/*") {
        this.problems.push(`${name}: ${JSON.stringify(t)} is not a media type or a wildcard such as image/* or */*`);
        continue;
      }
      out.push(lower);
    }
    if (!out.length) this.problems.push(`${name} allows nothing: list media types such as image/*,application/pdf`);
    return out;
  }
  storageClasses(name, dflt) {
    const out = [];
    for (const s of this.list(name, dflt)) {
      try {
        out.push(normalizeStorageClass(s));
      } catch (err) {
        this.problems.push(`${name}: ${err.message}`);
      }
    }
    return out;
  }
  storageClass(name, dflt) {
    const v = this.string(name, dflt);
    try {
      return normalizeStorageClass(v);
    } catch (err) {
      this.problems.push(`${name}: ${err.message}`);
      return dflt;
    }
  }
  origins(name) {
    const out = [];
    for (const o of this.list(name, undefined)) {
      // An Origin header is scheme://host[:port] with no path; browsers send it lowercased.
      if (!/^https?:\/\/[a-z0-9.-]+(:\d+)?$/i.test(o) && !/^https?:\/\/\[[0-9a-f:]+\](:\d+)?$/i.test(o)) {
        this.problems.push(`${name}: ${JSON.stringify(o)} is not an origin such as https://app.example.com (no path, no trailing slash)`);
        continue;
      }
      out.push(o.toLowerCase());
    }
    return out;
  }
}
