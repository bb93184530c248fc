// Does the bucket's CORS configuration let every page origin the worker serves send what the worker signs? A
// browser uploads straight to S3, so S3's CORS rules — not the worker's — decide whether the upload is even sent:
// every configured origin needs PUT (uploads and parts), POST (POST policies), GET and HEAD (downloads), every
// header the worker signs into a PUT in AllowedHeaders (a preflight lists them), and ETag in ExposeHeaders
// (multipart clients read each part's ETag). The matching rules are the core's (evaluateCors); this file only
// decides what to ask and how to phrase the fix.

import { finding } from "./finding.js";
import { fetchWithRetry, s3ErrorOf, singleAttempt } from "../s3-client.js";
import { corsConfigurationXml, evaluateCors, parseCorsConfiguration } from "../signer.js";

/**
 * What the worker's URLs need from the bucket's CORS: `{ methods, headers, expose }`. `headers` are the names the
 * worker signs into PUTs (from a presign made the worker's way, so the list cannot drift from what is signed),
 * without those a browser sets itself.
 */
export function corsNeeds(putHeaders, { postPolicy }) {
  const browserSet = new Set(["content-length", "host"]);
  return {
    methods: ["PUT", ...(postPolicy ? ["POST"] : []), "GET", "HEAD"],
    headers: Object.keys(putHeaders).map((h) => h.toLowerCase()).filter((h) => !browserSet.has(h)).sort(),
    expose: ["ETag"],
  };
}

/** The rule the fix proposes: every origin, method and header the worker needs, ETag exposed. */
function neededRule(origins, needs) {
  return { AllowedOrigins: origins, AllowedMethods: needs.methods, AllowedHeaders: needs.headers, ExposeHeaders: needs.expose, MaxAgeSeconds: 3600 };
}

function asAwsJson(rule) {
  return {
    ...(rule.id ? { ID: rule.id } : {}),
    AllowedOrigins: rule.allowedOrigins,
    AllowedMethods: rule.allowedMethods,
    ...(rule.allowedHeaders.length ? { AllowedHeaders: rule.allowedHeaders } : {}),
    ...(rule.exposeHeaders.length ? { ExposeHeaders: rule.exposeHeaders } : {}),
    ...(rule.maxAgeSeconds !== undefined ? { MaxAgeSeconds: rule.maxAgeSeconds } : {}),
  };
}

function fixFor(bucket, origins, needs, existing) {
  // S3 uses the first matching rule, so the needed rule goes first and the existing ones are kept after it.
  const rules = [neededRule(origins, needs), ...existing.map(asAwsJson)];
  const xml = corsConfigurationXml(rules.map((r) => ({ id: r.ID, allowedOrigins: r.AllowedOrigins, allowedMethods: r.AllowedMethods, allowedHeaders: r.AllowedHeaders || [], exposeHeaders: r.ExposeHeaders || [], maxAgeSeconds: r.MaxAgeSeconds })));
  return {
    description: `put this CORS configuration (the worker's rule first, your existing rules kept): aws s3api put-bucket-cors --bucket ${bucket.name} --cors-configuration file://cors.json`,
    json: { CORSRules: rules },
    command: `aws s3api put-bucket-cors --bucket ${bucket.name} --cors-configuration file://cors.json`,
    xml,
  };
}

/** The bucket's CORS rules (`[]` when it has none), or null when they cannot be read. */
export async function readCors(signer, config, rc) {
  const once = singleAttempt(config);
  const res = await fetchWithRetry(() => signer.getBucketCors({}), once, rc, "GetBucketCors");
  if (res.status === 200) return { rules: parseCorsConfiguration(res.text) };
  const code = s3ErrorOf(res.text)?.code || `HTTP${res.status}`;
  if (code === "NoSuchCORSConfiguration") return { rules: [] };
  return { rules: null, code };
}

/**
 * The CORS findings for `origins` (or one origin, when a client reported a CORS-looking failure). `rules` from
 * readCors(); `needs` from corsNeeds().
 */
export function checkCors(bucket, origins, rules, needs) {
  const findings = [];
  if (!origins.length) {
    return [finding("info", "cors-no-origins", bucket.name, "no browser origins are configured (CORS_ORIGINS, ANONYMOUS_ORIGINS)", "only non-browser clients can upload with the worker's URLs")];
  }
  if (!rules.length) {
    return [finding("error", "cors-missing", bucket.name, "the bucket has no CORS configuration", "every browser upload fails: the browser reports a CORS error before any byte is sent", fixFor(bucket, origins, needs, []))];
  }
  const gaps = [];
  for (const origin of origins) {
    for (const method of needs.methods) {
      const headers = method === "PUT" ? needs.headers : [];
      const verdict = evaluateCors(rules, { origin, method, headers, expose: method === "PUT" ? needs.expose : [] });
      if (!verdict.allowed) gaps.push({ origin, method, missing: verdict.missing });
      else if (verdict.missingExpose?.length) gaps.push({ origin, method, missingExpose: verdict.missingExpose });
    }
  }
  const fix = fixFor(bucket, origins, needs, rules);
  const origin = gaps.filter((g) => g.missing?.origin);
  if (origin.length) {
    const list = [...new Set(origin.map((g) => g.origin))];
    findings.push(finding("error", "cors-origin-missing", bucket.name, `no CORS rule allows ${list.join(", ")}`, "uploads from these pages fail with a CORS error in the browser", fix, { origins: list }));
  }
  const method = gaps.filter((g) => g.missing && !g.missing.origin && g.missing.method);
  if (method.length) {
    const list = [...new Set(method.map((g) => g.method))];
    findings.push(finding(list.includes("PUT") ? "error" : "warning", "cors-method-missing", bucket.name, `CORS does not allow ${list.join(", ")}`,
      list.includes("PUT") ? "browser uploads fail with a CORS error" : `${list.join(" and ")} from the browser fail (${list.includes("POST") ? "POST-policy and Uppy single uploads" : "downloads"})`, fix, { methods: list }));
  }
  const header = gaps.filter((g) => g.missing && !g.missing.origin && !g.missing.method && g.missing.headers.length);
  if (header.length) {
    const list = [...new Set(header.flatMap((g) => g.missing.headers))];
    findings.push(finding("error", "cors-header-missing", bucket.name, `CORS does not allow the signed header${list.length > 1 ? "s" : ""} ${list.join(", ")}`,
      "the browser's preflight is refused, so uploads fail with a CORS error before any byte is sent", fix, { headers: list }));
  }
  if (gaps.some((g) => g.missingExpose?.length)) {
    findings.push(finding("error", "cors-etag-not-exposed", bucket.name, "CORS does not expose ETag", "multipart uploads fail: the page cannot read each part's ETag to complete the upload", fix));
  }
  return findings;
}
