// Bucket diagnostics: for each configured bucket, with the worker's own credentials, whatever makes browser uploads
// fail although the worker signs correctly — credentials, the bucket's real region, CORS against what the worker
// signs, the lifecycle rule for incomplete uploads, clock skew, and what the backend lacks. Each finding says what
// breaks for users and the exact fix. Served at GET /api/v1/diagnostics (API key only) and run before a deploy by
// worker/scripts/diagnose.mjs; the CORS check also answers a client's CORS-looking failure report.

import { bySeverity, finding } from "./finding.js";
import { checkAccess } from "./access-check.js";
import { checkCors, corsNeeds, readCors } from "./cors-check.js";
import { checkLifecycle } from "./lifecycle-check.js";
import { checkBackend } from "./backend-check.js";
import { cachedSigner } from "../buckets.js";
import { decideUpload } from "../upload-policy.js";
import { signPut } from "../upload-signing.js";
import { isActiveContent } from "../media-type.js";

// A zero digest of each algorithm's size, in base64: valid input for a sample presign.
const SAMPLE_CHECKSUM = { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 };
const zeroBase64 = (n) => btoa(String.fromCharCode(...new Uint8Array(n)));

/** The headers the worker signs into a browser PUT for `bucket`, from a sample presign made the worker's way. */
async function signedPutHeaders(bucket, region, config) {
  const concrete = config.allowedContentTypes.find((t) => !t.includes("*")) || "application/octet-stream";
  const decision = await decideUpload(
    {
      filename: "diagnostics.bin",
      contentType: concrete,
      size: Math.max(1, config.minSize),
      s3Bucket: bucket.name,
      ...(config.checksumAlgorithm ? { checksum: { algorithm: config.checksumAlgorithm, value: zeroBase64(SAMPLE_CHECKSUM[config.checksumAlgorithm]) } } : {}),
    },
    { config, kind: "put" },
  );
  const headers = { ...signPut(decision, cachedSigner(bucket, region, config)).headers };
  // Active content listed by name is signed with Content-Disposition.
  if (config.allowedContentTypes.some((t) => !t.includes("*") && isActiveContent(t))) headers["content-disposition"] = "attachment";
  return headers;
}

/** The browser origins that upload to the buckets directly. */
export function pageOrigins(config) {
  return [...new Set([...config.corsOrigins, ...config.anonymousOrigins])];
}

/** CORS findings for one bucket and the given origins (a client's failure report, or all page origins). */
export async function corsFindings(bucket, region, config, rc, origins) {
  const signer = cachedSigner(bucket, region, config);
  const cors = await readCors(signer, config, rc);
  if (!cors.rules) {
    return [finding("info", "cors-unreadable", bucket.name, `the bucket's CORS configuration could not be read (${cors.code})`, "none known", { description: `allow s3:GetBucketCORS on arn:aws:s3:::${bucket.name} to the worker's key to let it check` })];
  }
  const needs = corsNeeds(await signedPutHeaders(bucket, region, config), { postPolicy: bucket.backend !== "r2" });
  return checkCors(bucket, origins, cors.rules, needs);
}

/** Runs every check for every configured bucket (or those named). */
export async function runDiagnostics(config, rc, { buckets } = {}) {
  const results = [];
  for (const bucket of config.buckets.filter((b) => !buckets || buckets.includes(b.name))) {
    const findings = [];
    const access = await checkAccess(bucket, config, rc);
    findings.push(...access.findings);
    if (access.reachable || findings.some((f) => f.id === "region-mismatch")) {
      const region = access.region;
      for (const run of [() => corsFindings(bucket, region, config, rc, pageOrigins(config)), () => checkLifecycle(bucket, cachedSigner(bucket, region, config), config, rc)]) {
        try {
          findings.push(...(await run()));
        } catch (err) {
          findings.push(finding("info", "check-failed", bucket.name, `a check could not run (${err.code || err.message})`, "none known"));
        }
      }
    }
    findings.push(...checkBackend(bucket, config));
    results.push({ bucket: bucket.name, region: access.region, ok: !findings.some((f) => f.severity === "error"), findings: bySeverity(findings) });
  }
  const all = results.flatMap((r) => r.findings);
  return {
    ok: results.every((r) => r.ok),
    summary: { errors: all.filter((f) => f.severity === "error").length, warnings: all.filter((f) => f.severity === "warning").length, buckets: results.length },
    buckets: results,
  };
}
