// CloudFront through the worker, on workerd: download URLs signed for the distribution (RSA-SHA1, RSA-SHA256 and
// ECDSA-SHA256 keys, signed with WebCrypto and checked here with node:crypto over the policy CloudFront rebuilds
// from the URL), signed cookies for the folder of an upload the caller holds a token for, and invalidations sent to
// a local stand-in for cloudfront.amazonaws.com that checks every signature with botocore.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { generateKeyPairSync, verify } from "node:crypto";
import path from "node:path";
import { startWorker, asKey, ORIGIN, S3, API_KEY_2, WORKER_DIR, assertNoSecrets, addSecret, sendable } from "./harness.mjs";

const DOMAIN = "d111111abcdef8.cloudfront.net";
const KEY_PAIR_ID = "K2JCJMDEHXQW5F";
const DISTRIBUTION = "EDFDVBD6EXAMPLE";

// Test-only keys, made for this run.
const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
const pem = (k) => k.privateKey.export({ type: "pkcs8", format: "pem" });
addSecret(pem(rsa).split("\n")[1]);
addSecret(pem(ec).split("\n")[1]);

const bucketWith = (cloudfront) => JSON.stringify([{ name: S3.bucket, region: S3.region, endpoint: S3.endpoint, cloudfront }]);
const cloudfront = (extra = {}) => ({ domain: DOMAIN, keyPairId: KEY_PAIR_ID, cookieDomain: "example.com", distributionId: DISTRIBUTION, ...extra });
const fromCloudFrontBase64 = (s) => Buffer.from(s.replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/"), "base64");

let stub;
let stubUrl;
before(async () => {
  stub = spawn("python3", [path.join(WORKER_DIR, "test/cloudfront-stub.py"), S3.accessKeyId, S3.secretAccessKey], { stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise((resolve) => createInterface({ input: stub.stdout }).once("line", resolve));
  stubUrl = `http://127.0.0.1:${/listening (\d+)/.exec(line)[1]}`;
});
after(async () => {
  stub.kill();
  assertNoSecrets();
});

async function uploaded(w, name = "cat.png") {
  const up = await w.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: { origin: ORIGIN }, json: { filename: name, contentType: "image/png", size: 3 } });
  assert.equal(up.status, 200, up.text);
  assert.equal((await fetch(up.body.uploadUrl, { method: "PUT", headers: sendable(up.body.headers), body: "png" })).status, 200);
  return up.body;
}

/** Checks a signed URL as CloudFront does: rebuild the canned policy from the URL, verify with the public key. */
function verifiesAsCloudFront(signedUrl, publicKey, keyAlgorithm, hash) {
  const u = new URL(signedUrl);
  const expires = u.searchParams.get("Expires");
  const signature = fromCloudFrontBase64(u.searchParams.get("Signature"));
  const keyPair = u.searchParams.get("Key-Pair-Id");
  for (const p of ["Expires", "Signature", "Key-Pair-Id", "Hash-Algorithm"]) u.searchParams.delete(p);
  const resource = u.toString().replace(/\?$/, "");
  const policy = `{"Statement":[{"Resource":"${resource}","Condition":{"DateLessThan":{"AWS:EpochTime":${expires}}}}]}`;
  const ok = verify(hash, Buffer.from(policy), keyAlgorithm === "ECDSA" ? { key: publicKey, dsaEncoding: "der" } : publicKey, signature);
  return { ok, keyPair, expires: Number(expires) };
}

for (const [keyAlgorithm, hashAlgorithm, pair, hash] of [["RSA", "SHA1", rsa, "sha1"], ["RSA", "SHA256", rsa, "sha256"], ["ECDSA", "SHA256", ec, "sha256"]]) {
  test(`download URLs through CloudFront, ${keyAlgorithm}-${hashAlgorithm}: signed for the distribution, verifiable, tamper-evident`, async () => {
    const w = await startWorker({ BUCKETS: bucketWith(cloudfront({ keyAlgorithm, hashAlgorithm })), CLOUDFRONT_PRIVATE_KEY: pem(pair) });
    try {
      const up = await uploaded(w);
      assert.match(up.publicUrl, new RegExp(`^https://${DOMAIN}/uploads/`), "the CloudFront domain is the bucket's CDN domain");
      const r = await w.request(`/api/v1/download/s3/signed-url?key=${encodeURIComponent(up.key)}&token=${up.downloadToken}&expiresIn=120`, { headers: { origin: ORIGIN } });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.via, "cloudfront");
      const url = new URL(r.body.url);
      assert.equal(url.host, DOMAIN);
      assert.equal(url.searchParams.get("Hash-Algorithm"), hashAlgorithm === "SHA256" ? "SHA256" : null);
      const v = verifiesAsCloudFront(r.body.url, pair.publicKey, keyAlgorithm, hash);
      assert.equal(v.ok, true, "the signature verifies over the policy CloudFront rebuilds");
      assert.equal(v.keyPair, KEY_PAIR_ID);
      assert.ok(Math.abs(v.expires - (Date.now() / 1000 + 120)) < 5);
      for (const tamper of [(s) => s.replace("cat.png", "cat.pnh"), (s) => s.replace(/Expires=(\d+)/, (m, e) => `Expires=${Number(e) + 1}`), (s) => s.replace(KEY_PAIR_ID, "K2JCJMDEHXQW5G")]) {
        const t = verifiesAsCloudFront(tamper(r.body.url), pair.publicKey, keyAlgorithm, hash);
        assert.ok(!t.ok || t.keyPair !== KEY_PAIR_ID, "a changed URL, expiry or key id does not verify");
      }
      // Without the token: refused, as for S3 URLs.
      assert.equal((await w.request(`/api/v1/download/s3/signed-url?key=${encodeURIComponent(up.key)}`, { headers: { origin: ORIGIN } })).status, 403);
    } finally {
      await w.dispose();
    }
  });
}

test("signed cookies: the upload's own folder for its token holder, any prefix for DOWNLOAD_ANY_KEY keys, nothing else", async () => {
  const w = await startWorker({ BUCKETS: bucketWith(cloudfront({ hashAlgorithm: "SHA256" })), CLOUDFRONT_PRIVATE_KEY: pem(rsa), DOWNLOAD_ANY_KEY: "other" });
  try {
    const up = await uploaded(w, "clip.png");
    const r = await w.request("/api/v1/cdn/cookies", { method: "POST", headers: { origin: ORIGIN }, json: { key: up.key, token: up.downloadToken, expiresIn: 600 } });
    assert.equal(r.status, 200, r.text);
    const folder = up.key.slice(0, up.key.lastIndexOf("/") + 1);
    assert.equal(r.body.resource, `https://${DOMAIN}/${folder}*`);
    const setCookie = r.headers.getSetCookie();
    assert.deepEqual(setCookie.map((c) => c.split("=")[0]).sort(), ["CloudFront-Hash-Algorithm", "CloudFront-Key-Pair-Id", "CloudFront-Policy", "CloudFront-Signature"]);
    for (const c of setCookie) assert.match(c, /; Domain=example\.com; Path=\/; .*Secure.*HttpOnly.*SameSite=Lax/i);
    assert.equal(r.headers.get("access-control-allow-credentials"), "true");
    const policy = fromCloudFrontBase64(r.body.cookies["CloudFront-Policy"]);
    const statement = JSON.parse(policy.toString()).Statement[0];
    assert.equal(statement.Resource, r.body.resource);
    assert.ok(verify("sha256", policy, rsa.publicKey, fromCloudFrontBase64(r.body.cookies["CloudFront-Signature"])));
    // Another upload's folder, a bad token, a prefix without the right key: refused.
    const other = await uploaded(w, "other.png");
    assert.equal((await w.request("/api/v1/cdn/cookies", { method: "POST", headers: { origin: ORIGIN }, json: { key: other.key, token: up.downloadToken } })).status, 403);
    assert.equal((await w.request("/api/v1/cdn/cookies", { method: "POST", headers: { origin: ORIGIN }, json: { prefix: "uploads/" } })).status, 403);
    assert.equal((await w.request("/api/v1/cdn/cookies", { method: "POST", headers: asKey(), json: { prefix: "uploads/" } })).status, 403, "only DOWNLOAD_ANY_KEY keys");
    const wide = await w.request("/api/v1/cdn/cookies", { method: "POST", headers: { authorization: `Bearer ${API_KEY_2}` }, json: { prefix: "uploads/2026/" } });
    assert.equal(wide.status, 200, wide.text);
    assert.equal((await w.request("/api/v1/cdn/cookies", { method: "POST", headers: { authorization: `Bearer ${API_KEY_2}` }, json: { prefix: "private/" } })).status, 403, "outside KEY_PREFIX");
  } finally {
    await w.dispose();
  }
});

test("invalidations: API key only, confined to KEY_PREFIX, batched by 3000, retried, every signature checked by botocore", async () => {
  const w = await startWorker({ BUCKETS: bucketWith(cloudfront({ apiEndpoint: stubUrl })), CLOUDFRONT_PRIVATE_KEY: pem(rsa) });
  try {
    const inv = (json, headers = asKey()) => w.request("/api/v1/cdn/invalidate", { method: "POST", headers, json });
    assert.equal((await inv({ paths: ["/uploads/a.png"] }, { origin: ORIGIN })).status, 401, "anonymous callers cannot invalidate");
    for (const [paths, code] of [[["/private/a.png"], "Forbidden"], [["/uploads/../private/a"], "Forbidden"], [["uploads/a.png"], "InvalidRequest"], [["/uploads/*/a"], "InvalidRequest"], [Array.from({ length: 16 }, (_, i) => `/uploads/${i}/*`), "TooManyWildcards"]]) {
      const r = await inv({ paths });
      assert.equal(r.body.error?.code, code, `${paths[0]}: ${r.text}`);
    }
    await fetch(`${stubUrl}/__fail?count=1&status=503`, { method: "POST" });
    const paths = [...Array.from({ length: 3000 }, (_, i) => `/uploads/2026/12/02/${i}.png`), "/uploads/2026/12/*", "/uploads/ünïcode & <xml>.png"];
    const r = await inv({ paths });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.invalidations.length, 2);
    assert.deepEqual(r.body.invalidations.map((x) => x.paths), [3000, 2]);
    assert.ok(r.body.invalidations.every((x) => /^I\d+$/.test(x.id) && x.status === "InProgress"));
    const log = await (await fetch(`${stubUrl}/__log`)).json();
    const posts = log.calls.filter((c) => c.method === "POST");
    assert.deepEqual(posts.map((c) => c.verified), [false, true, true], "a 503, then two batches whose signatures botocore reproduces");
    assert.match(log.botocore, /^\d+\.\d+\.\d+$/);
    const status = await w.request(`/api/v1/cdn/invalidations/${r.body.invalidations[0].id}`, { headers: asKey() });
    assert.equal(status.status, 200, status.text);
    assert.equal(status.body.completed, true);
    assert.equal(status.body.paths.length, 3000);
    assert.equal((await w.request("/api/v1/cdn/invalidations/INOPE", { headers: asKey() })).body.error.code, "NoSuchInvalidation");
  } finally {
    await w.dispose();
  }
  const wrong = await startWorker({ BUCKETS: bucketWith(cloudfront({ apiEndpoint: stubUrl })), CLOUDFRONT_PRIVATE_KEY: pem(rsa), S3_SECRET_ACCESS_KEY: "not-the-secret-not-the-secret-0123456789" });
  addSecret("not-the-secret-not-the-secret-0123456789");
  try {
    const r = await wrong.request("/api/v1/cdn/invalidate", { method: "POST", headers: asKey(), json: { paths: ["/uploads/a.png"] } });
    assert.equal(r.status, 502, "a signature botocore does not reproduce is refused, and the worker says so as an upstream fault");
  } finally {
    await wrong.dispose();
  }
});

test("CloudFront settings are validated: a PKCS#1 key, a missing key, ECDSA with SHA1, unknown fields", async () => {
  const pkcs1 = rsa.privateKey.export({ type: "pkcs1", format: "pem" });
  addSecret(pkcs1.split("\n")[1]);
  for (const [bindings, pattern] of [
    [{ BUCKETS: bucketWith(cloudfront()), CLOUDFRONT_PRIVATE_KEY: pkcs1 }, /PKCS#1\/SEC1 key; WebCrypto takes PKCS#8: convert it with `openssl pkcs8 -topk8/],
    [{ BUCKETS: bucketWith(cloudfront()) }, /CLOUDFRONT_PRIVATE_KEY must be set/],
    [{ BUCKETS: bucketWith(cloudfront({ keyAlgorithm: "ECDSA", hashAlgorithm: "SHA1" })), CLOUDFRONT_PRIVATE_KEY: pem(ec) }, /ECDSA P-256 keys only with SHA256/],
    [{ BUCKETS: bucketWith(cloudfront({ keyAlgorithm: "ECDSA" })), CLOUDFRONT_PRIVATE_KEY: pem(rsa) }, /not a P-256 ECDSA private key/],
    [{ BUCKETS: bucketWith(cloudfront({ ttl: 5 })), CLOUDFRONT_PRIVATE_KEY: pem(rsa) }, /cloudfront\.ttl is not a CloudFront setting/],
    [{ BUCKETS: bucketWith(cloudfront({ apiEndpoint: "https://evil.example" })), CLOUDFRONT_PRIVATE_KEY: pem(rsa) }, /apiEndpoint is for local tests only/],
  ]) {
    const w = await startWorker(bindings);
    try {
      const h = await w.request("/api/v1/health", { headers: asKey() });
      assert.equal(h.status, 503, h.text);
      assert.match(h.body.error.message, pattern);
    } finally {
      await w.dispose();
    }
  }
});

test("the plan's s3CloudFrontDomain keeps working with CloudFront configured: it must name the distribution", async () => {
  const w = await startWorker({ BUCKETS: bucketWith(cloudfront()), CLOUDFRONT_PRIVATE_KEY: pem(rsa) });
  try {
    const sign = (d) => w.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: asKey(), json: { filename: "p.jpg", contentType: "image/jpeg", s3CloudFrontDomain: d } });
    assert.match((await sign(DOMAIN)).body.publicUrl, new RegExp(`^https://${DOMAIN}/`));
    assert.equal((await sign("dother.cloudfront.net")).body.error.code, "CdnDomainNotAllowed");
  } finally {
    await w.dispose();
  }
});
