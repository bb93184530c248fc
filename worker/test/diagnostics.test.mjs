// Bucket diagnostics on workerd against the local Garage, on a bucket of its own (S3ES_DIAG_BUCKET) whose CORS and
// lifecycle configuration each test sets: a correct bucket, CORS missing an origin, ETag not exposed, a signed
// header not allowed, no CORS at all, no lifecycle rule, a wrong region, bad credentials — each finding with its fix.
// And a client's CORS-looking failure report answered with the diagnosis for its origin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, asKey, ORIGIN, S3, assertNoSecrets, addSecret } from "./harness.mjs";
import { S3Signer } from "../../pkg/s3_edge_signer.js";

const DIAG = process.env.S3ES_DIAG_BUCKET || "diag-bucket";
const APP = "https://app.example.com";
const bucketConfig = (extra = {}) => JSON.stringify([{ name: DIAG, region: S3.region, endpoint: S3.endpoint, ...extra }]);
const base = { BUCKETS: bucketConfig(), CORS_ORIGINS: APP, ANONYMOUS_ORIGINS: ORIGIN, CHECKSUM_ALGORITHM: "CRC32C", ALLOWED_CONTENT_TYPES: "image/*,text/plain" };
// What the worker signs into a browser PUT with this configuration (besides Content-Length, set by the browser).
const SIGNED = ["content-type", "if-none-match", "x-amz-checksum-crc32c", "x-amz-server-side-encryption", "x-amz-storage-class"];

// The diagnostics bucket's own signer, for setting its configuration directly (not through the worker).
const diag = new S3Signer({ ...S3, bucket: DIAG });

async function send(req) {
  const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body });
  const text = await res.text();
  assert.ok(res.status < 300, `${req.method} ${req.url}: ${res.status} ${text}`);
}

async function putCors(rules) {
  const xml = `<CORSConfiguration>${rules.map((r) => `<CORSRule>${r.origins.map((o) => `<AllowedOrigin>${o}</AllowedOrigin>`).join("")}${r.methods.map((m) => `<AllowedMethod>${m}</AllowedMethod>`).join("")}${(r.headers || []).map((h) => `<AllowedHeader>${h}</AllowedHeader>`).join("")}${(r.expose || []).map((h) => `<ExposeHeader>${h}</ExposeHeader>`).join("")}</CORSRule>`).join("")}</CORSConfiguration>`;
  await send(diag.signRequest({ method: "PUT", query: { cors: "" }, headers: { "content-type": "application/xml" }, body: new TextEncoder().encode(xml) }));
}
const deleteCors = () => send(diag.signRequest({ method: "DELETE", query: { cors: "" } }));
async function putLifecycle(prefix) {
  const xml = `<LifecycleConfiguration><Rule><ID>abort-incomplete</ID><Status>Enabled</Status><Filter><Prefix>${prefix}</Prefix></Filter><AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule></LifecycleConfiguration>`;
  await send(diag.signRequest({ method: "PUT", query: { lifecycle: "" }, headers: { "content-type": "application/xml" }, body: new TextEncoder().encode(xml) }));
}
const deleteLifecycle = () => send(diag.signRequest({ method: "DELETE", query: { lifecycle: "" } }));

const GOOD = [{ origins: [APP, ORIGIN], methods: ["PUT", "POST", "GET", "HEAD"], headers: ["*"], expose: ["ETag"] }];

let w;
before(async () => {
  w = await startWorker(base);
});
after(async () => {
  await w.dispose();
  assertNoSecrets();
});

async function run(worker = w) {
  const r = await worker.request("/api/v1/diagnostics", { headers: asKey() });
  assert.equal(r.status, 200, r.text);
  return r.body;
}
const ids = (report) => report.buckets.flatMap((b) => b.findings.map((f) => f.id));
const find = (report, id) => report.buckets.flatMap((b) => b.findings).find((f) => f.id === id);

test("a correctly set-up bucket: no errors, no warnings; the endpoint needs an API key", async () => {
  await putCors(GOOD);
  await putLifecycle("uploads/");
  const report = await run();
  assert.equal(report.ok, true, JSON.stringify(report));
  assert.deepEqual(ids(report).filter((id) => !id.startsWith("info")), [], JSON.stringify(report.buckets[0].findings));
  assert.equal(report.summary.errors, 0);
  assert.equal(report.buckets[0].region, S3.region);
  assert.equal((await w.request("/api/v1/diagnostics", { headers: { origin: ORIGIN } })).status, 401);
});

test("CORS missing an origin: the finding names it, and the fix is a configuration allowing every page origin", async () => {
  await putCors([{ origins: [APP], methods: ["PUT", "POST", "GET", "HEAD"], headers: ["*"], expose: ["ETag"] }]);
  const report = await run();
  const f = find(report, "cors-origin-missing");
  assert.ok(f, JSON.stringify(report));
  assert.equal(f.severity, "error");
  assert.deepEqual(f.details.origins, [ORIGIN]);
  assert.match(f.impact, /CORS error/);
  assert.deepEqual(f.fix.json.CORSRules[0].AllowedOrigins.sort(), [APP, ORIGIN].sort());
  assert.match(f.fix.command, new RegExp(`aws s3api put-bucket-cors --bucket ${DIAG}`));
  assert.match(f.fix.xml, /<AllowedOrigin>http:\/\/127\.0\.0\.1:8787<\/AllowedOrigin>/);
  assert.equal(report.ok, false);
});

test("CORS not exposing ETag: multipart cannot complete", async () => {
  await putCors([{ origins: [APP, ORIGIN], methods: ["PUT", "POST", "GET", "HEAD"], headers: ["*"] }]);
  const f = find(await run(), "cors-etag-not-exposed");
  assert.ok(f);
  assert.match(f.impact, /multipart/);
  assert.deepEqual(f.fix.json.CORSRules[0].ExposeHeaders, ["ETag"]);
});

test("CORS missing a signed header: the preflight is refused; the fix lists exactly what the worker signs", async () => {
  await putCors([{ origins: [APP, ORIGIN], methods: ["PUT", "POST", "GET", "HEAD"], headers: ["content-type"], expose: ["ETag"] }]);
  const f = find(await run(), "cors-header-missing");
  assert.ok(f);
  assert.deepEqual(f.details.headers.sort(), SIGNED.filter((h) => h !== "content-type"));
  assert.deepEqual(f.fix.json.CORSRules[0].AllowedHeaders, SIGNED);
  // The fix really works: applied, the finding is gone.
  await putCors([{ origins: f.fix.json.CORSRules[0].AllowedOrigins, methods: f.fix.json.CORSRules[0].AllowedMethods, headers: f.fix.json.CORSRules[0].AllowedHeaders, expose: f.fix.json.CORSRules[0].ExposeHeaders }]);
  assert.deepEqual(ids(await run()).filter((id) => id.startsWith("cors")), []);
});

test("no CORS configuration at all, and no lifecycle rule", async () => {
  await deleteCors();
  await deleteLifecycle();
  const report = await run();
  assert.equal(find(report, "cors-missing")?.severity, "error");
  const l = find(report, "lifecycle-abort-missing");
  assert.equal(l?.severity, "warning");
  assert.deepEqual(l.fix.json.Rules[0].Filter, { Prefix: "uploads/" });
  assert.equal(l.fix.json.Rules[0].AbortIncompleteMultipartUpload.DaysAfterInitiation, 1);
  assert.match(l.fix.command, /put-bucket-lifecycle-configuration/);
  await putCors(GOOD);
  await putLifecycle("uploads/");
});

test("a wrong region: the browser would see a CORS error; the fix names the real region", async () => {
  const wrong = await startWorker({ ...base, BUCKETS: bucketConfig({ region: "us-west-2" }) });
  try {
    const f = find(await run(wrong), "region-mismatch");
    assert.ok(f);
    assert.equal(f.details.actual, S3.region);
    assert.match(f.impact, /CORS error/);
    assert.deepEqual(f.fix.json, { name: DIAG, region: S3.region });
  } finally {
    await wrong.dispose();
  }
});

test("bad credentials: refused, with the secrets to put", async () => {
  const bogus = "diag-wrong-secret-0123456789abcdefghijklmn";
  addSecret(bogus);
  const bad = await startWorker({ ...base, S3_SECRET_ACCESS_KEY: bogus });
  try {
    const report = await run(bad);
    const f = report.buckets[0].findings.find((x) => x.id.startsWith("credentials-"));
    assert.ok(f, JSON.stringify(report));
    assert.equal(f.severity, "error");
    assert.match(f.fix.description, /S3_SECRET_ACCESS_KEY|IAM/);
    assert.ok(!JSON.stringify(report).includes(bogus));
  } finally {
    await bad.dispose();
  }
});

test("a client's CORS-looking failure report is answered with the diagnosis for its origin", async () => {
  await putCors([{ origins: [APP], methods: ["PUT", "GET"], headers: ["*"], expose: ["ETag"] }]);
  const fresh = await startWorker(base); // its diagnosis cache is empty
  try {
    const up = await fresh.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: { origin: ORIGIN }, json: { filename: "c.txt", contentType: "text/plain", size: 3, checksum: { algorithm: "CRC32C", value: "AAAAAA==" } } });
    assert.equal(up.status, 200, up.text);
    const r = await fresh.request("/api/v1/upload/s3/complete", { method: "POST", headers: { origin: ORIGIN }, json: { uploadId: up.body.uploadId, key: up.body.key, success: false, error: { class: "cors", message: "Failed to fetch" } } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.diagnosis.origin, ORIGIN);
    assert.equal(r.body.diagnosis.ok, false);
    assert.deepEqual(r.body.diagnosis.findings.map((f) => f.id), ["cors-origin-missing"]);
  } finally {
    await fresh.dispose();
    await putCors(GOOD);
  }
});

test("scripts/diagnose.mjs runs the same checks before a deploy: wrangler.toml vars, secrets from a file, exit 1 on errors", async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { spawnSync } = await import("node:child_process");
  const path = await import("node:path");
  const dir = mkdtempSync(path.join(tmpdir(), "diagnose-"));
  const secrets = path.join(dir, ".dev.vars");
  writeFileSync(secrets, `S3_ACCESS_KEY_ID='${S3.accessKeyId}'\nS3_SECRET_ACCESS_KEY='${S3.secretAccessKey}'\nUPLOAD_KEY_SECRET='${"u".repeat(40)}'\n`);
  const cli = (extra) => spawnSync(process.execPath, [path.join(import.meta.dirname, "../scripts/diagnose.mjs"), "--secrets", secrets, "--var", `BUCKETS=${bucketConfig()}`, "--var", `ANONYMOUS_ORIGINS=${ORIGIN}`, ...extra], { encoding: "utf8" });
  try {
    await putCors(GOOD);
    const good = cli([]);
    assert.equal(good.status, 0, good.stdout + good.stderr);
    assert.match(good.stdout, new RegExp(`✔ ${DIAG} \\(${S3.region}\\)`));
    await putCors([{ origins: [APP], methods: ["PUT"], headers: ["*"], expose: ["ETag"] }]);
    const bad = cli(["--json"]);
    assert.equal(bad.status, 1, bad.stdout + bad.stderr);
    assert.ok(JSON.parse(bad.stdout).buckets[0].findings.some((f) => f.id === "cors-origin-missing"));
    assert.ok(!bad.stdout.includes(S3.secretAccessKey));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await putCors(GOOD);
  }
});
