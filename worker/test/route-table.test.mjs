// A rule enforced on one route and not another is not enforced. This test walks the route table
// (src/routes/table.js): every route that creates an upload must apply every rule of the upload policy
// (src/upload-policy.js UPLOAD_RULES) — refusing a request that breaks it with the rule's code, or, where the
// route's dialect cannot express the field (Uppy sends no size, checksum or options), signing the bound itself.
// A new upload-creating route without an entry here fails the test; so does a new rule.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { ROUTES } from "../src/routes/table.js";
import { startWorker, asKey, ORIGIN, S3, WORKER_DIR, assertNoSecrets } from "./harness.mjs";

// The rule names of src/upload-policy.js (which imports the wasm signer, so it is not imported here: the
// workerd run below proves each name's code; this list is checked against the module's own in that run).
const RULES = ["filename", "contentType", "activeContent", "maxSize", "minSize", "checksumRequired", "checksumAlgorithm", "storageClass", "expiresIn", "cdnDomain", "keyPrefix", "bucket", "credentials", "unknownField"];
const MiB = 1024 * 1024;
const good = { filename: "cat.png", contentType: "image/png", size: 6 * MiB };
const CRC = { algorithm: "CRC32C", value: "AAAAAA==" };

// How each upload-creating route expresses an upload intent, in its own dialect. `send(worker, intent)` returns
// the answer; fields the dialect has no place for are listed in `cannot`, with what the route signs instead.
const DIALECTS = {
  "signed-url": { send: (w, i) => w.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { checksum: CRC, ...i } }) },
  "post-policy": { send: (w, i) => w.request("/api/v1/upload/s3/post-policy", { method: "POST", headers: asKey(), json: { checksum: CRC, ...i } }) },
  "multipart-initiate": {
    // Multipart's checksum rule bites at sign-parts (the algorithm is fixed at initiate, each part carries its own).
    send: async (w, i) => {
      const { checksum, ...rest } = i;
      const init = await w.request("/api/v1/upload/s3/multipart/initiate", { method: "POST", headers: asKey(), json: { ...rest, ...(checksum ? { checksumAlgorithm: checksum.algorithm } : {}) } });
      if (init.status !== 200) return init;
      const partChecksum = checksum === null ? undefined : CRC;
      const signed = await w.request("/api/v1/upload/s3/multipart/sign-parts", { method: "POST", headers: asKey(), json: { key: init.body.key, uploadId: init.body.uploadId, parts: [{ partNumber: 1, size: init.body.partSize, ...(partChecksum ? { checksum: partChecksum } : {}) }] } });
      await w.request("/api/v1/upload/s3/multipart/abort", { method: "POST", headers: asKey(), json: { key: init.body.key, uploadId: init.body.uploadId } });
      return signed.status === 200 ? init : signed;
    },
  },
  "uppy-params": {
    send: (w, i) => {
      const q = new URLSearchParams({ filename: i.filename, type: i.contentType });
      for (const [k, v] of Object.entries(i.extra || {})) q.set(k, v);
      return w.request(`/s3/params?${q}`, { headers: { origin: ORIGIN } });
    },
    cannot: ["maxSize", "minSize", "checksumAlgorithm", "storageClass", "expiresIn", "cdnDomain", "keyPrefix", "bucket", "credentials"],
  },
  "uppy-create": {
    send: async (w, i) => {
      const r = await w.request("/s3/multipart", { method: "POST", headers: { origin: ORIGIN }, json: { filename: i.filename, type: i.contentType, ...(i.extra || {}) } });
      if (r.status === 200) await w.request(`/s3/multipart/${encodeURIComponent(r.body.uploadId)}?key=${encodeURIComponent(r.body.key)}`, { method: "DELETE", headers: { origin: ORIGIN } });
      return r;
    },
    cannot: ["maxSize", "minSize", "checksumAlgorithm", "storageClass", "expiresIn", "cdnDomain", "keyPrefix", "bucket", "credentials"],
  },
};

// Each rule: the intent that breaks it (merged into `good`), the code expected, and the worker config it needs.
const BREAK = {
  filename: [{ filename: "...." }, "InvalidFilename"],
  contentType: [{ contentType: "application/x-msdownload" }, "ContentTypeNotAllowed"],
  activeContent: [{ contentType: "image/svg+xml" }, "ContentTypeNotAllowed"],
  maxSize: [{ size: 65 * MiB }, "FileTooLarge"],
  minSize: [{ size: 10 }, "FileTooSmall"],
  checksumRequired: [{ checksum: null }, "ChecksumRequired", "checksum"],
  checksumAlgorithm: [{ checksum: { algorithm: "SHA256", value: "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=" } }, "ChecksumAlgorithmNotAllowed", "checksum"],
  storageClass: [{ s3StorageClass: "GLACIER" }, "StorageClassNotAllowed"],
  expiresIn: [{ expiresIn: 3601 }, "ExpiresOutOfRange"],
  cdnDomain: [{ s3CloudFrontDomain: "evil.example.com" }, "CdnDomainNotAllowed"],
  keyPrefix: [{ keyPrefix: "mine" }, "KeyPrefixNotAllowed"],
  bucket: [{ s3Bucket: "someone-elses" }, "UnknownBucket"],
  credentials: [{ s3AccessKey: "AKIAEXAMPLE", s3SecretKey: "secret-secret-secret-secret" }, "CredentialsNotAllowed"],
  unknownField: [{ contentLenght: 5 }, "UnknownField"],
};

let plain; // no checksum rule
let checksummed; // CHECKSUM_ALGORITHM=CRC32C
before(async () => {
  // The bucket has its own CDN domain: s3CloudFrontDomain must then name it (without one, any host shapes publicUrl).
  const base = { MIN_SIZE: "100", MAX_SIZE: "64MiB", PART_SIZE: "5MiB", BUCKETS: JSON.stringify([{ name: S3.bucket, region: S3.region, endpoint: S3.endpoint, cdnDomain: "cdn.example.com" }]) };
  plain = await startWorker(base);
  checksummed = await startWorker({ ...base, CHECKSUM_ALGORITHM: "CRC32C" });
});
after(async () => {
  await plain.dispose();
  await checksummed.dispose();
  assertNoSecrets();
});

test("the rule list here is the upload policy's own, and every upload-creating route has a dialect", async () => {
  const creating = ROUTES.filter((r) => r.creates).map((r) => r.op).sort();
  assert.deepEqual(creating, Object.keys(DIALECTS).sort(), "a route that creates uploads needs an entry in DIALECTS");
  const source = (await import("node:fs")).readFileSync(path.join(WORKER_DIR, "src/upload-policy.js"), "utf8");
  const declared = [...source.slice(source.indexOf("UPLOAD_RULES = {"), source.indexOf("};", source.indexOf("UPLOAD_RULES = {"))).matchAll(/^\s+(\w+):/gm)].map((m) => m[1]);
  assert.deepEqual([...declared, "unknownField"].sort(), [...RULES].sort(), "UPLOAD_RULES and this test must list the same rules");
  assert.deepEqual(Object.keys(BREAK).sort(), [...RULES].sort());
});

for (const r of ROUTES.filter((x) => x.creates)) {
  test(`${r.method} ${r.path} applies every upload rule`, async () => {
    const d = DIALECTS[r.op];
    // The good intent passes (with the checksum the checksummed worker needs).
    const okPlain = await d.send(plain, { ...good, checksum: undefined });
    assert.equal(okPlain.status, 200, `${r.op} good request: ${okPlain.text}`);
    for (const rule of RULES) {
      const [breaks, code, needs] = BREAK[rule];
      const worker = needs === "checksum" ? checksummed : plain;
      if ((d.cannot || []).includes(rule)) continue;
      let intent = { ...good, ...breaks };
      if (r.dialect === "companion" && rule === "unknownField") intent = { ...good, extra: { contentLenght: "5" } };
      const res = await d.send(worker, intent);
      assert.equal(res.status >= 400 && res.status < 500, true, `${r.op} ${rule}: expected a 4xx ${code}, got ${res.status} ${res.text}`);
      assert.equal(res.body.error.code, code, `${r.op} ${rule}`);
    }
  });
}

test("what Uppy cannot send is bounded by what the worker signs: size range, part count, storage class, lifetime", async () => {
  const params = await plain.request("/s3/params?filename=a.png&type=image/png", { headers: { origin: ORIGIN } });
  assert.equal(params.status, 200, params.text);
  const policy = JSON.parse(Buffer.from(params.body.fields.policy || params.body.fields.Policy, "base64").toString());
  assert.ok(policy.conditions.some((c) => Array.isArray(c) && c[0] === "content-length-range" && c[1] === 100 && c[2] === 64 * MiB), "MIN_SIZE and MAX_SIZE signed");
  assert.ok(policy.conditions.some((c) => c["x-amz-storage-class"] === "STANDARD"), "the default storage class signed");
  assert.equal(params.body.expires, 900);
  const c = (await plain.request("/s3/multipart", { method: "POST", headers: { origin: ORIGIN }, json: { filename: "a.bin", type: "image/png" } })).body;
  // 64 MiB in parts of at least 5 MiB: at most 13 parts.
  const beyond = await plain.request(`/s3/multipart/${encodeURIComponent(c.uploadId)}/14?key=${encodeURIComponent(c.key)}`, { headers: { origin: ORIGIN } });
  assert.equal(beyond.body.error.code, "InvalidPartNumber");
  await plain.request(`/s3/multipart/${encodeURIComponent(c.uploadId)}?key=${encodeURIComponent(c.key)}`, { method: "DELETE", headers: { origin: ORIGIN } });
});

test("docs/worker-api.md is rendered from the route table (scripts/api-doc.mjs --check)", () => {
  execFileSync(process.execPath, [path.join(WORKER_DIR, "scripts/api-doc.mjs"), "--check"], { stdio: "pipe" });
});
