// Bucket CORS and lifecycle rules, as the worker's diagnostics use them: PutBucketCors and
// PutBucketLifecycleConfiguration sent with the signer's signRequest (the body built by corsConfigurationXml and
// lifecycleConfigurationXml, with its Content-MD5), read back with getBucketCors / getBucketLifecycle, parsed, and
// judged. For CORS the server itself is the judge of evaluateCors: each request's verdict must agree with the
// server's answer to the same preflight. The bucket's original configurations are read first and put back (from
// their raw bytes) in a finally, since the demo and the end-to-end run depend on its CORS.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  corsConfigurationXml,
  evaluateCors,
  lifecycleAbortDays,
  lifecycleConfigurationXml,
  parseCorsConfiguration,
  parseLifecycleConfiguration,
} from "../../pkg/s3_edge_signer.js";
import { CASE_TIMEOUT_MS, forEachServer, runPrefix } from "./s3-servers.mjs";
import { expectAccepted, expectRejected, send } from "./exchange.mjs";

const PREFIX = runPrefix("bucket-config");
const md5 = (text) => createHash("md5").update(text).digest("base64");

// Our rules use only exact origins, `*` alone and lowercase header names: the forms every S3 implementation matches
// alike. (Garage 2.5's garage_api_common cors.rs lets a `*` stand for an empty run too, and compares header names
// case-sensitively where S3 ignores their case; browsers send them lowercase, so real preflights agree.)
const OUR_CORS = [
  {
    id: "interop-uploads",
    allowedOrigins: ["https://uploads.interop.test"],
    allowedMethods: ["PUT", "POST"],
    allowedHeaders: ["content-type", "x-amz-checksum-crc32c"],
    exposeHeaders: ["ETag"],
    maxAgeSeconds: 600,
  },
  { id: "interop-reads", allowedOrigins: ["*"], allowedMethods: ["GET", "HEAD"], allowedHeaders: ["range"], exposeHeaders: ["Content-Range", "ETag"] },
];

// Requests judged twice, by evaluateCors and by the server's preflight answer.
const PREFLIGHTS = [
  { origin: "https://uploads.interop.test", method: "PUT", headers: ["content-type"] },
  { origin: "https://uploads.interop.test", method: "PUT", headers: ["Content-Type, X-Amz-Checksum-CRC32C"] },
  { origin: "https://uploads.interop.test", method: "PUT", headers: ["content-type", "x-amz-meta-owner"] },
  { origin: "https://evil.interop.test", method: "PUT", headers: [] },
  { origin: "https://evil.interop.test", method: "GET", headers: ["Range"] },
  { origin: "https://evil.interop.test", method: "DELETE", headers: [] },
];

/** Sends a bucket configuration document with PUT ?<sub> through signRequest, as S3 wants it (with Content-MD5). */
function putConfiguration(s3, subresource, body) {
  return send(
    s3.signRequest({ method: "PUT", query: { [subresource]: "" }, headers: { "content-md5": md5(body), "content-type": "application/xml" }, body }),
    { body: Buffer.from(body) },
  );
}

/** The original document of a bucket subresource: its raw text, or null when the server answers `missingCode`. */
async function readOriginal(server, request, missingCode) {
  const res = await send(request);
  if (res.status === 404) {
    assert.equal(res.error?.code, missingCode, `${server.label}: 404 without ${missingCode}`);
    return null;
  }
  expectAccepted(null, server, `reading the original ${missingCode.replace(/^NoSuch/, "")}`, res);
  return res.text;
}

forEachServer(PREFIX, (server) => {
  const s3 = server.signer;

  if (server.expect.bucketConfiguration === "NotImplemented") {
    test(`${server.label}: GetBucketCors and GetBucketLifecycle are signed correctly, and not implemented`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
      for (const [name, req] of [["GetBucketCors", s3.getBucketCors({})], ["GetBucketLifecycleConfiguration", s3.getBucketLifecycle({})]]) {
        const res = await send(req);
        assert.equal(res.status, 501, `${server.label} answered ${name} with ${res.status}`);
        assert.equal(res.error?.code, "NotImplemented");
        // The signature is checked before the operation: a changed signature is refused, not "not implemented".
        const forged = { ...req, headers: { ...req.headers, authorization: req.headers.authorization.replace(/.$/, (c) => (c === "0" ? "1" : "0")) } };
        expectRejected(t, server, `${name} with a changed signature`, await send(forged));
        t.diagnostic(`${server.label} accepted the signature of ${name} and answered 501 NotImplemented (see s3-servers.mjs)`);
      }
    });
    return;
  }

  test(`${server.label}: PutBucketCors through signRequest, GetBucketCors parsed, evaluateCors agrees with the server's preflights`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const original = await readOriginal(server, s3.getBucketCors({}), "NoSuchCORSConfiguration");
    const originalRules = original === null ? [] : parseCorsConfiguration(original);
    t.diagnostic(`${server.label}: the bucket had ${originalRules.length} CORS rule(s) before the test`);
    try {
      // Ours first, the bucket's own after them, so what depends on the original still works meanwhile.
      const rules = [...OUR_CORS, ...originalRules];
      const body = corsConfigurationXml(rules);
      expectAccepted(t, server, "PutBucketCors signed by signRequest with Content-MD5", await putConfiguration(s3, "cors", body), [200, 204]);

      const res = await send(s3.getBucketCors({}));
      expectAccepted(t, server, "GetBucketCors signed by getBucketCors", res);
      const stored = parseCorsConfiguration(res.text);
      assert.deepEqual(stored, rules.map((r) => ({ allowedHeaders: [], exposeHeaders: [], ...r })), `${server.label}: the rules read back differ`);

      for (const request of PREFLIGHTS) {
        const verdict = evaluateCors(stored, { ...request, expose: ["ETag", "x-amz-version-id"] });
        // Sent as a browser sends it (Fetch: the names lowercased, sorted, joined by commas); evaluateCors is given
        // the names as the test writes them, mixed case and comma-joined, which it must read the same way.
        const requestHeaders = request.headers.flatMap((h) => h.split(",")).map((h) => h.trim().toLowerCase()).sort().join(",");
        const preflight = await send(
          {
            url: `${server.signer.objectUrl(`${PREFIX}cors-probe`)}`,
            method: "OPTIONS",
            headers: {
              origin: request.origin,
              "access-control-request-method": request.method,
              ...(requestHeaders ? { "access-control-request-headers": requestHeaders } : {}),
            },
          },
          { transport: "http" },
        );
        const what = `${request.method} from ${request.origin} with [${requestHeaders}]`;
        const serverAllowed = preflight.status === 200;
        assert.ok(preflight.status === 200 || preflight.status === 403, `${server.label}: preflight ${what} answered ${preflight.status}`);
        assert.equal(verdict.allowed, serverAllowed, `${server.label}: evaluateCors says ${verdict.allowed ? "allowed" : "refused"}, the server ${preflight.status} for ${what}`);
        if (serverAllowed) {
          // The server exposes exactly what the rule evaluateCors chose says.
          const exposed = (preflight.headers["access-control-expose-headers"] ?? "").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean);
          assert.deepEqual(exposed.sort(), stored[verdict.rule].exposeHeaders.map((h) => h.toLowerCase()).sort(), `${server.label}: exposed headers for ${what}`);
          assert.deepEqual(verdict.missingExpose, ["x-amz-version-id"]);
        }
        t.diagnostic(`${server.label}: ${what}: server ${preflight.status}, evaluateCors ${JSON.stringify({ rule: verdict.rule, closestRule: verdict.closestRule, missing: verdict.missing })}`);
      }
      // What is missing is what a fix adds: the closest rule with the header, and the server then allows it.
      const refused = evaluateCors(stored, PREFLIGHTS[2]);
      assert.deepEqual([refused.closestRule, refused.missing], [0, { origin: false, method: false, headers: ["x-amz-meta-owner"] }]);
    } finally {
      const restore = original === null ? send(s3.signRequest({ method: "DELETE", query: { cors: "" } })) : putConfiguration(s3, "cors", original);
      expectAccepted(null, server, "restoring the bucket's CORS configuration", await restore, [200, 204]);
    }
    const after = await send(s3.getBucketCors({}));
    if (original === null) assert.equal(after.status, 404);
    else assert.deepEqual(parseCorsConfiguration(after.text), originalRules, `${server.label}: CORS not restored`);
  });

  test(`${server.label}: PutBucketLifecycleConfiguration through signRequest, read back, abort days under a prefix`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const original = await readOriginal(server, s3.getBucketLifecycle({}), "NoSuchLifecycleConfiguration");
    t.diagnostic(`${server.label}: the bucket had ${original === null ? "no lifecycle configuration" : "a lifecycle configuration"} before the test`);
    try {
      const rules = [
        { id: "interop-abort", enabled: true, prefix: PREFIX, abortIncompleteMultipartUploadDays: 1 },
        { id: "interop-expire-disabled", enabled: false, prefix: `${PREFIX}tmp/`, expirationDays: 30 },
      ];
      const body = lifecycleConfigurationXml(rules);
      expectAccepted(t, server, "PutBucketLifecycleConfiguration signed by signRequest with Content-MD5", await putConfiguration(s3, "lifecycle", body), [200, 204]);

      const res = await send(s3.getBucketLifecycle({}));
      expectAccepted(t, server, "GetBucketLifecycleConfiguration signed by getBucketLifecycle", res);
      const stored = parseLifecycleConfiguration(res.text);
      assert.deepEqual(stored, rules.map((r) => ({ tags: false, objectSize: false, otherActions: false, ...r })), `${server.label}: the rules read back differ`);
      assert.equal(lifecycleAbortDays(stored, `${PREFIX}2026/12/`), 1);
      assert.equal(lifecycleAbortDays(stored, "elsewhere/"), null);
      // The document rebuilt from what was read is the one that was sent.
      assert.equal(lifecycleConfigurationXml(stored), body);
    } finally {
      const restore = original === null ? send(s3.signRequest({ method: "DELETE", query: { lifecycle: "" } })) : putConfiguration(s3, "lifecycle", original);
      expectAccepted(null, server, "restoring the bucket's lifecycle configuration", await restore, [200, 204]);
    }
    const after = await send(s3.getBucketLifecycle({}));
    if (original === null) assert.equal(after.error?.code, "NoSuchLifecycleConfiguration", `${server.label}: lifecycle not removed`);
    else assert.equal(after.text, original, `${server.label}: lifecycle not restored`);
  });
});
