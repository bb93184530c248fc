// CloudFront through the npm package's CloudFront module, s3-edge-signer/cloudfront (loaded by that name, as a Worker
// or Node program imports it), under Node's test runner:
// - RSA-SHA1 and RSA-SHA256 signed URLs and cookies byte-exact against @aws-sdk/cloudfront-signer (an independent
//   implementation) with a checked-in test-only key and a fixed time, the signature made by node:crypto over `toSign`;
// - RSA-SHA256 and ECDSA P-256 (WebCrypto, raw r||s turned into DER) checked the way CloudFront checks them, and
//   refused after any change to the URL, the policy or the key pair id;
// - ecdsaRawToDer against node:crypto's own DER verification, leading zeros and high bits included;
// - botocore's invalidation requests and signed URLs (tests/vectors/cloudfront/) byte-exact;
// - the error contract: every failure is an Error with a stable code, wrong argument types included (InvalidArgument
//   for a positional parameter, InvalidOption inside an options object).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createPrivateKey, createPublicKey, sign, verify, webcrypto } from "node:crypto";
import { readFileSync } from "node:fs";
import { getSignedCookies, getSignedUrl } from "@aws-sdk/cloudfront-signer";
import cloudFront from "./load-cloudfront.mjs";
import full from "./load-pkg.mjs";

const CLOUDFRONT_API = [
  "cloudFrontObjectPath", "cloudFrontObjectUrl", "cloudFrontPolicy", "createInvalidation", "ecdsaRawToDer",
  "finishCloudFrontSignedCookies", "finishCloudFrontSignedUrl", "getInvalidation", "parseCloudFrontError",
  "parseInvalidation", "prepareCloudFrontSignedCookies", "prepareCloudFrontSignedUrl",
];
const {
  prepareCloudFrontSignedUrl, finishCloudFrontSignedUrl, prepareCloudFrontSignedCookies, finishCloudFrontSignedCookies,
  cloudFrontPolicy, ecdsaRawToDer, cloudFrontObjectUrl, cloudFrontObjectPath, createInvalidation, getInvalidation,
  parseInvalidation, parseCloudFrontError,
} = cloudFront;

test("the CloudFront module exports the CloudFront API and nothing else; the main module none of it", () => {
  assert.deepEqual(Object.keys(cloudFront).sort(), [...CLOUDFRONT_API, "default", "initSync"].sort());
  for (const name of CLOUDFRONT_API) assert.equal(full[name], undefined, `the main module still exports ${name}`);
  // The main module keeps everything else: the signer, the parsers, the bucket configuration, the checksums.
  for (const name of ["S3Signer", "parseError", "parseCorsConfiguration", "evaluateCors", "lifecycleAbortDays", "checksumBase64", "sha256Hex"]) {
    assert.equal(typeof full[name], "function", name);
  }
});

const dir = new URL("../vectors/cloudfront/", import.meta.url);
const read = (name) => readFileSync(new URL(name, dir), "utf8");
// TEST-ONLY keys (tests/vectors/cloudfront/README.md).
const RSA_PEM = read("test-rsa-2048.pkcs8.pem");
const EC_PEM = read("test-ec-p256.pkcs8.pem");
const KEY_PAIR_ID = "K2JCJMDEHXQW5F";
const NOW = Date.UTC(2026, 0, 1); // 1767225600000
const UNTIL = Date.UTC(2026, 11, 2, 8); // 1796198400000
const fromBase64 = (text) => Buffer.from(text.replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/"), "base64");

/** node:crypto signature of the prepared bytes, as CloudFront wants it (RSA). */
function nodeSign(prepared, pem = RSA_PEM) {
  return sign(prepared.hashAlgorithm === "SHA1" ? "sha1" : "sha256", prepared.toSign, pem);
}

/** The SDK writes Key-Pair-Id before Signature; AWS's documented URLs (and botocore, and this package) after it.
 * CloudFront reads its parameters by name. Move that one parameter, change nothing else. */
function inDocumentedOrder(url) {
  const keyPair = url.match(/&Key-Pair-Id=[^&]*/)[0];
  const withoutKeyPair = url.replace(keyPair, "");
  const signature = withoutKeyPair.match(/&Signature=[^&]*/)[0];
  return withoutKeyPair.replace(signature, signature + keyPair);
}

/** The SDK gives CloudFront-Expires as a number; a cookie value is text. */
const asStrings = (cookies) => Object.fromEntries(Object.entries(cookies).map(([name, value]) => [name, String(value)]));

const sdkUrl = (options) => getSignedUrl({ keyPairId: KEY_PAIR_ID, privateKey: RSA_PEM, ...options });

for (const hashAlgorithm of ["SHA1", "SHA256"]) {
  const sdkAlgorithm = hashAlgorithm === "SHA256" ? { algorithm: "SHA256" } : {};

  test(`RSA-${hashAlgorithm} canned URLs equal @aws-sdk/cloudfront-signer's`, () => {
    for (const url of [
      "https://d111111abcdef8.cloudfront.net/images/horizon.jpg",
      "https://d111111abcdef8.cloudfront.net/photos/caf%C3%A9%20au%20lait%2B1.jpg?size=large&license=yes",
      // The SDK re-encodes paths (decodeURIComponent then encodeURIComponent), which turns an encoded "(" back into
      // "(": compare URLs that survive that, as keys with spaces, "+" and non-ASCII text do.
      cloudFrontObjectUrl("https://d111111abcdef8.cloudfront.net", "uploads/2026/cat photo+1 é.jpg"),
    ]) {
      const p = prepareCloudFrontSignedUrl({ url, keyPairId: KEY_PAIR_ID, keyAlgorithm: "RSA", hashAlgorithm, dateLessThan: UNTIL, now: NOW });
      assert.equal(p.policyType, "canned");
      const ours = finishCloudFrontSignedUrl(p, nodeSign(p));
      const theirs = sdkUrl({ url, dateLessThan: new Date(UNTIL), ...sdkAlgorithm });
      assert.equal(ours, inDocumentedOrder(theirs), url);
      assert.ok(ours.startsWith(`${url}${url.includes("?") ? "&" : "?"}Expires=1796198400&Signature=`));
      assert.equal(ours.endsWith("&Hash-Algorithm=SHA256"), hashAlgorithm === "SHA256");
    }
  });

  test(`RSA-${hashAlgorithm} custom URLs equal @aws-sdk/cloudfront-signer's`, () => {
    const url = "https://d111111abcdef8.cloudfront.net/videos/intro.mp4?quality=hd";
    const cases = [
      { dateGreaterThan: NOW - 60_000, ipAddress: "192.0.2.0/24" },
      { ipAddress: "203.0.113.7" },
      { resource: "https://d111111abcdef8.cloudfront.net/videos/*" },
    ];
    for (const extra of cases) {
      const p = prepareCloudFrontSignedUrl({ url, keyPairId: KEY_PAIR_ID, keyAlgorithm: "RSA", hashAlgorithm, dateLessThan: UNTIL, now: NOW, ...extra });
      assert.equal(p.policyType, "custom");
      const ours = finishCloudFrontSignedUrl(p, nodeSign(p));
      // Given our policy, the SDK signs and assembles the same URL byte for byte.
      assert.equal(ours, inDocumentedOrder(sdkUrl({ url, policy: p.policy, ...sdkAlgorithm })), JSON.stringify(extra));
      if (!extra.resource) {
        // Building the policy itself, the SDK states the same conditions (in the template's key order rather
        // than the documentation examples' order this package follows).
        const built = sdkUrl({ url, dateLessThan: new Date(UNTIL), ...(extra.dateGreaterThan ? { dateGreaterThan: new Date(extra.dateGreaterThan) } : {}), ipAddress: extra.ipAddress, ...sdkAlgorithm });
        const sdkPolicy = fromBase64(new URL(built).searchParams.get("Policy")).toString();
        assert.deepEqual(JSON.parse(sdkPolicy), JSON.parse(p.policy));
      }
    }
  });

  test(`RSA-${hashAlgorithm} signed cookies equal @aws-sdk/cloudfront-signer's`, () => {
    const canned = prepareCloudFrontSignedCookies({ resource: "https://d111111abcdef8.cloudfront.net/video.mp4", keyPairId: KEY_PAIR_ID, keyAlgorithm: "RSA", hashAlgorithm, dateLessThan: UNTIL, now: NOW });
    assert.equal(canned.policyType, "canned");
    const ours = finishCloudFrontSignedCookies(canned, nodeSign(canned));
    assert.deepEqual(ours.cookies, asStrings(getSignedCookies({ url: canned.resource, keyPairId: KEY_PAIR_ID, privateKey: RSA_PEM, dateLessThan: new Date(UNTIL), ...sdkAlgorithm })));
    assert.deepEqual(ours.setCookie, Object.entries(ours.cookies).map(([n, v]) => `${n}=${v}; Path=/; Secure; HttpOnly; SameSite=Lax`));

    const custom = prepareCloudFrontSignedCookies({
      resource: "https://d111111abcdef8.cloudfront.net/videos/*", keyPairId: KEY_PAIR_ID, keyAlgorithm: "RSA", hashAlgorithm,
      expiresIn: 3600, ipAddress: "192.0.2.0/24", now: NOW,
      cookie: { domain: "example.com", path: "/videos/", sameSite: "Strict", maxAge: 3600 },
    });
    assert.equal(custom.policyType, "custom");
    assert.equal(custom.dateLessThan, NOW + 3_600_000);
    const customCookies = finishCloudFrontSignedCookies(custom, nodeSign(custom));
    assert.deepEqual(customCookies.cookies, asStrings(getSignedCookies({ keyPairId: KEY_PAIR_ID, privateKey: RSA_PEM, policy: custom.policy, ...sdkAlgorithm })));
    assert.equal(customCookies.setCookie[0], `CloudFront-Policy=${customCookies.cookies["CloudFront-Policy"]}; Domain=example.com; Path=/videos/; Max-Age=3600; Secure; HttpOnly; SameSite=Strict`);
    assert.equal(customCookies.cookies["CloudFront-Hash-Algorithm"], hashAlgorithm === "SHA256" ? "SHA256" : undefined);
  });
}

// ---- CloudFront's check, with WebCrypto signing as a Worker does

const PUBLIC_KEYS = {
  [KEY_PAIR_ID]: { RSA: createPublicKey(read("test-rsa-2048.public.pem")), ECDSA: createPublicKey(read("test-ec-p256.public.pem")) },
};
const CLOUDFRONT_PARAMETERS = /&(Expires|Policy|Signature|Key-Pair-Id|Hash-Algorithm)=[^&]*/g;

/** A matcher for a policy Resource: * any run of characters, ? exactly one. */
const resourceMatches = (pattern, url) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "s").test(url);

/** What CloudFront does with a signed URL (Developer Guide, "How signed URLs work"): find the public key by
 * Key-Pair-Id, rebuild the canned policy from the received URL or decode the custom one, check the signature with the
 * announced hash (DER for ECDSA), then the resource and the dates. */
function cloudFrontAccepts(signedUrl, keyAlgorithm, now) {
  const query = new URL(signedUrl).searchParams;
  const base = `&${signedUrl.replace("?", "&")}`.replace(CLOUDFRONT_PARAMETERS, "").slice(1).replace("&", "?");
  const key = PUBLIC_KEYS[query.get("Key-Pair-Id")]?.[keyAlgorithm];
  if (!key) return false;
  const policy = query.has("Policy")
    ? fromBase64(query.get("Policy"))
    : Buffer.from(`{"Statement":[{"Resource":"${base}","Condition":{"DateLessThan":{"AWS:EpochTime":${query.get("Expires")}}}}]}`);
  const hash = query.get("Hash-Algorithm") === "SHA256" ? "sha256" : "sha1";
  const options = keyAlgorithm === "ECDSA" ? { key, dsaEncoding: "der" } : key;
  if (!verify(hash, policy, options, fromBase64(query.get("Signature")))) return false;
  let statement;
  try {
    statement = JSON.parse(policy.toString()).Statement[0];
  } catch {
    return false;
  }
  const condition = statement.Condition;
  return resourceMatches(statement.Resource, base) && condition.DateLessThan["AWS:EpochTime"] * 1000 > now &&
    !(condition.DateGreaterThan?.["AWS:EpochTime"] * 1000 > now);
}

async function webCryptoKey(prepared) {
  const pem = prepared.keyAlgorithm === "ECDSA" ? EC_PEM : RSA_PEM;
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s/g, ""), "base64");
  return webcrypto.subtle.importKey("pkcs8", der, prepared.webCrypto.importKey, false, ["sign"]);
}

for (const [keyAlgorithm, hashAlgorithm] of [["RSA", "SHA256"], ["ECDSA", "SHA256"], ["RSA", "SHA1"]]) {
  test(`${keyAlgorithm}-${hashAlgorithm} through WebCrypto: CloudFront's check accepts the URL, and refuses it after any change`, async () => {
    for (const extra of [{}, { ipAddress: "192.0.2.0/24", dateGreaterThan: NOW - 1000 }, { resource: "https://d111111abcdef8.cloudfront.net/videos/*" }]) {
      // As in a Worker: prepare, sign with crypto.subtle, finish.
      const p = prepareCloudFrontSignedUrl({
        url: "https://d111111abcdef8.cloudfront.net/videos/intro.mp4?quality=hd", keyPairId: KEY_PAIR_ID,
        keyAlgorithm, hashAlgorithm, dateLessThan: UNTIL, now: NOW, ...extra,
      });
      const key = await webCryptoKey(p);
      const raw = await webcrypto.subtle.sign(p.webCrypto.sign, key, p.toSign);
      const url = finishCloudFrontSignedUrl(p, raw);
      assert.ok(cloudFrontAccepts(url, keyAlgorithm, NOW), url);
      assert.ok(!cloudFrontAccepts(url, keyAlgorithm, UNTIL), "expired");
      if (keyAlgorithm === "ECDSA") {
        // The Signature is DER: node:crypto verifies it as such, and it is ecdsaRawToDer of WebCrypto's r||s.
        const signature = fromBase64(new URL(url).searchParams.get("Signature"));
        assert.equal(signature[0], 0x30);
        assert.deepEqual(new Uint8Array(signature), ecdsaRawToDer(new Uint8Array(raw)));
        assert.ok(verify("sha256", p.toSign, { key: PUBLIC_KEYS[KEY_PAIR_ID].ECDSA, dsaEncoding: "der" }, signature));
      }

      // Any byte of the URL before the CloudFront parameters is refused — up to the wildcard of a pattern resource,
      // which by design covers what follows it.
      const change = (i) => url.slice(0, i) + (url[i] === "x" ? "y" : "x") + url.slice(i + 1);
      const end = extra.resource ? extra.resource.indexOf("*") : url.search(/[?&](Expires|Policy)=/);
      for (let i = "https://".length; i < end; i++) {
        assert.ok(!cloudFrontAccepts(change(i), keyAlgorithm, NOW), `URL byte ${i}`);
      }
      if (extra.resource) assert.ok(cloudFrontAccepts(change(end + 1), keyAlgorithm, NOW), "covered by the wildcard");
      // Any byte of the policy (custom: the decoded Policy; canned: the Expires value).
      const query = new URL(url).searchParams;
      if (query.has("Policy")) {
        const policy = fromBase64(query.get("Policy"));
        for (let i = 0; i < policy.length; i++) {
          const changed = Buffer.from(policy);
          changed[i] ^= 0x01;
          const encoded = changed.toString("base64").replace(/\+/g, "-").replace(/=/g, "_").replace(/\//g, "~");
          assert.ok(!cloudFrontAccepts(url.replace(query.get("Policy"), encoded), keyAlgorithm, NOW), `policy byte ${i}`);
        }
      } else {
        assert.ok(!cloudFrontAccepts(url.replace("Expires=1796198400", "Expires=1796198401"), keyAlgorithm, NOW));
      }
      // The key pair id: another id names another key.
      for (const id of ["K2JCJMDEHXQW5G", "K2JCJMDEHXQW5", "k2jcjmdehxqw5f"]) {
        assert.ok(!cloudFrontAccepts(url.replace(`Key-Pair-Id=${KEY_PAIR_ID}`, `Key-Pair-Id=${id}`), keyAlgorithm, NOW), id);
      }
    }
  });
}

test("ECDSA signed cookies from WebCrypto verify over the policy as DER", async () => {
  const p = prepareCloudFrontSignedCookies({ resource: "https://d111111abcdef8.cloudfront.net/live/*", keyPairId: KEY_PAIR_ID, keyAlgorithm: "ECDSA", hashAlgorithm: "SHA256", expiresIn: 600, now: NOW });
  const raw = await webcrypto.subtle.sign(p.webCrypto.sign, await webCryptoKey(p), p.toSign);
  const { cookies, setCookie } = finishCloudFrontSignedCookies(p, new Uint8Array(raw));
  assert.deepEqual(Object.keys(cookies), ["CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id", "CloudFront-Hash-Algorithm"]);
  assert.deepEqual(fromBase64(cookies["CloudFront-Policy"]), Buffer.from(p.toSign));
  const signature = fromBase64(cookies["CloudFront-Signature"]);
  assert.ok(verify("sha256", p.toSign, { key: PUBLIC_KEYS[KEY_PAIR_ID].ECDSA, dsaEncoding: "der" }, signature));
  const tampered = Buffer.from(p.toSign);
  tampered[10] ^= 1;
  assert.ok(!verify("sha256", tampered, { key: PUBLIC_KEYS[KEY_PAIR_ID].ECDSA, dsaEncoding: "der" }, signature));
  assert.equal(setCookie.length, 4);
});

test("ecdsaRawToDer: node:crypto verifies the DER of 2000 raw signatures, leading zero bytes and high bits among them", () => {
  const privateKey = createPrivateKey(EC_PEM);
  const publicKey = PUBLIC_KEYS[KEY_PAIR_ID].ECDSA;
  let leadingZero = 0;
  let highBit = 0;
  for (let i = 0; i < 2000; i++) {
    const message = Buffer.from(`message ${i}`);
    const raw = sign("sha256", message, { key: privateKey, dsaEncoding: "ieee-p1363" });
    for (const half of [raw.subarray(0, 32), raw.subarray(32)]) {
      if (half[0] === 0) leadingZero++;
      if (half[0] & 0x80) highBit++;
    }
    const der = ecdsaRawToDer(raw);
    assert.ok(verify("sha256", message, { key: publicKey, dsaEncoding: "der" }, der), `signature ${i}`);
  }
  assert.ok(leadingZero > 0 && highBit > 0, `covered ${leadingZero} leading-zero and ${highBit} high-bit halves`);
  // Hand-made extremes: r = 1, s with its top bit set.
  const raw = new Uint8Array(64);
  raw[31] = 1;
  raw[32] = 0x80;
  assert.deepEqual([...ecdsaRawToDer(raw).subarray(0, 8)], [0x30, 3 + 2 + 33, 0x02, 1, 1, 0x02, 33, 0]);
  assert.equal(ecdsaRawToDer(raw.buffer).length, 2 + 3 + 35);
});

// ---- botocore's vectors through the package

test("invalidation requests equal botocore's (tests/vectors/cloudfront/invalidations.json)", () => {
  const { generator, cases } = JSON.parse(read("invalidations.json"));
  assert.match(generator, /^botocore \d+\.\d+\.\d+/);
  for (const c of cases) {
    const common = { ...c.credentials, distributionId: c.distributionId, now: c.now * 1000 };
    const r = c.operation === "createInvalidation"
      ? createInvalidation({ ...common, paths: c.paths, callerReference: c.callerReference })
      : getInvalidation({ ...common, invalidationId: c.invalidationId });
    assert.equal(r.method, c.expected.method, c.name);
    assert.equal(r.url, c.expected.url, c.name);
    assert.equal(r.body ?? "", c.expected.body, c.name);
    const { "content-type": contentType, ...signed } = r.headers;
    assert.deepEqual(signed, c.expected.headers, c.name);
    assert.ok(r.headers.authorization.endsWith(`Signature=${c.expected.signature}`));
    assert.equal(contentType, c.expected.body ? "application/xml" : undefined);
  }
});

test("signed URLs assembled from botocore's signatures equal botocore's URLs (signed-urls.json)", () => {
  for (const c of JSON.parse(read("signed-urls.json")).cases) {
    const p = prepareCloudFrontSignedUrl({ url: c.url, resource: c.resource, keyPairId: c.keyPairId, keyAlgorithm: "RSA", hashAlgorithm: "SHA1", dateLessThan: c.dateLessThan * 1000, now: NOW });
    assert.equal(p.policy, c.policy, c.name);
    const signature = fromBase64(new URL(c.expected).searchParams.get("Signature"));
    assert.equal(finishCloudFrontSignedUrl(p, signature), c.expected, c.name);
    // And node:crypto's signature with the same key is the same bytes (PKCS#1 v1.5 is deterministic).
    assert.deepEqual(nodeSign(p), signature);
  }
});

// ---- policies, paths, parsers

test("cloudFrontPolicy renders the Developer Guide's signed-cookie policy, base64 included", () => {
  const r = cloudFrontPolicy({ resource: "http://d111111abcdef8.cloudfront.net/game_download.zip", ipAddress: "192.0.2.0/24", dateLessThan: 1426500000 * 1000 });
  assert.equal(r.policyType, "custom");
  assert.equal(r.policy, '{"Statement":[{"Resource":"http://d111111abcdef8.cloudfront.net/game_download.zip","Condition":{"IpAddress":{"AWS:SourceIp":"192.0.2.0/24"},"DateLessThan":{"AWS:EpochTime":1426500000}}}]}');
  assert.ok(r.policyBase64.endsWith("fQ__"));
  assert.equal(cloudFrontPolicy({ resource: "https://d.example/a", dateLessThan: new Date(5000) }).policyType, "canned");
  assert.equal(cloudFrontObjectPath("a b/ü+.jpg"), "/a%20b/%C3%BC%2B.jpg");
});

test("parseInvalidation and parseCloudFrontError", () => {
  const i = parseInvalidation(`<?xml version="1.0"?><Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I2J0I21PCUYOIK</Id><Status>Completed</Status><CreateTime>2026-12-02T08:00:00.250Z</CreateTime><InvalidationBatch><Paths><Quantity>2</Quantity><Items><Path>/a&amp;b</Path><Path>/*</Path></Items></Paths><CallerReference>r-1</CallerReference></InvalidationBatch></Invalidation>`);
  assert.deepEqual(i, { id: "I2J0I21PCUYOIK", status: "Completed", completed: true, createTime: Date.UTC(2026, 11, 2, 8, 0, 0, 250), paths: ["/a&b", "/*"], callerReference: "r-1" });
  const e = parseCloudFrontError(`<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchDistribution</Code><Message>The specified distribution does not exist.</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`);
  assert.deepEqual(e, { type: "Sender", code: "NoSuchDistribution", message: "The specified distribution does not exist.", requestId: "req-1" });
});

// ---- the error contract

test("every failure is an Error with a stable code, wrong argument types included", () => {
  const base = { url: "https://d.example/a", keyPairId: KEY_PAIR_ID, keyAlgorithm: "RSA", hashAlgorithm: "SHA1", dateLessThan: UNTIL, now: NOW };
  const p = prepareCloudFrontSignedUrl(base);
  const cookies = { resource: "https://d.example/*", keyPairId: KEY_PAIR_ID, keyAlgorithm: "RSA", hashAlgorithm: "SHA1", expiresIn: 60, now: NOW };
  const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", now: NOW };
  const cases = [
    [() => prepareCloudFrontSignedUrl(), "InvalidOption"],
    [() => prepareCloudFrontSignedUrl("https://d.example/a"), "InvalidOption"],
    [() => prepareCloudFrontSignedUrl({ ...base, url: 5 }), "InvalidOption"],
    [() => prepareCloudFrontSignedUrl({ ...base, dateLessThan: "tomorrow" }), "InvalidOption"],
    [() => prepareCloudFrontSignedUrl({ ...base, expiresIn: 60 }), "InvalidOption"],
    [() => prepareCloudFrontSignedUrl({ ...base, dateLessThan: undefined }), "InvalidOption"],
    [() => prepareCloudFrontSignedUrl({ ...base, expiresIn: -1, dateLessThan: undefined }), "InvalidOption"],
    [() => prepareCloudFrontSignedUrl({ ...base, keyPairld: "typo" }), "InvalidOption"],
    [() => prepareCloudFrontSignedUrl({ ...base, url: "https://d.example/a b" }), "InvalidCloudFrontUrl"],
    [() => prepareCloudFrontSignedUrl({ ...base, url: "https://d.example/a?Expires=1" }), "InvalidCloudFrontUrl"],
    [() => prepareCloudFrontSignedUrl({ ...base, resource: "https://d.example/b/*" }), "InvalidPolicyResource"],
    [() => prepareCloudFrontSignedUrl({ ...base, dateLessThan: NOW }), "InvalidPolicyDates"],
    [() => prepareCloudFrontSignedUrl({ ...base, dateGreaterThan: UNTIL }), "InvalidPolicyDates"],
    [() => prepareCloudFrontSignedUrl({ ...base, ipAddress: "2001:db8::/32" }), "InvalidSourceIp"],
    [() => prepareCloudFrontSignedUrl({ ...base, keyPairId: "k2j" }), "InvalidKeyPairId"],
    [() => prepareCloudFrontSignedUrl({ ...base, keyAlgorithm: "ECDSA" }), "InvalidSignatureAlgorithm"],
    [() => prepareCloudFrontSignedUrl({ ...base, hashAlgorithm: "SHA-256" }), "InvalidSignatureAlgorithm"],
    [() => finishCloudFrontSignedUrl(p), "InvalidArgument"],
    [() => finishCloudFrontSignedUrl(p, "signature"), "InvalidArgument"],
    [() => finishCloudFrontSignedUrl(p, [1, 2, 3]), "InvalidArgument"],
    [() => finishCloudFrontSignedUrl(null, new Uint8Array(256)), "InvalidOption"],
    [() => finishCloudFrontSignedUrl(p, new Uint8Array(255)), "InvalidSignature"],
    [() => finishCloudFrontSignedUrl({ ...p, keyAlgorithm: "ECDSA", hashAlgorithm: "SHA256" }, new Uint8Array(63)), "InvalidSignature"],
    [() => finishCloudFrontSignedUrl({ ...p, keyAlgorithm: "ECDSA", hashAlgorithm: "SHA256" }, new Uint8Array(64)), "InvalidSignature"],
    [() => prepareCloudFrontSignedCookies({ ...cookies, cookie: { sameSite: "None", secure: false } }), "InvalidCookieAttributes"],
    [() => prepareCloudFrontSignedCookies({ ...cookies, cookie: { domain: ".example.com" } }), "InvalidCookieAttributes"],
    [() => prepareCloudFrontSignedCookies({ ...cookies, cookie: { sameSite: "lax" } }), "InvalidCookieAttributes"],
    [() => prepareCloudFrontSignedCookies({ ...cookies, cookie: "Secure" }), "InvalidOption"],
    [() => prepareCloudFrontSignedCookies({ ...cookies, cookie: { httpOnly: "yes" } }), "InvalidOption"],
    [() => finishCloudFrontSignedCookies(prepareCloudFrontSignedCookies(cookies), 42), "InvalidArgument"],
    [() => cloudFrontPolicy({ resource: "ftp://d.example/*", dateLessThan: UNTIL }), "InvalidPolicyResource"],
    [() => cloudFrontPolicy({ resource: "https://d.example/*" }), "InvalidOption"],
    [() => ecdsaRawToDer(), "InvalidArgument"],
    [() => ecdsaRawToDer("r||s"), "InvalidArgument"],
    [() => ecdsaRawToDer(new Uint8Array(63)), "InvalidSignature"],
    [() => ecdsaRawToDer(new Uint8Array(64)), "InvalidSignature"],
    [() => cloudFrontObjectUrl(1, 2), "InvalidArgument"],
    [() => cloudFrontObjectUrl("https://d.example", ""), "InvalidCloudFrontUrl"],
    [() => cloudFrontObjectPath({}), "InvalidArgument"],
    [() => createInvalidation({ ...credentials, distributionId: "EDFDVBD6EXAMPLE", paths: "/a", callerReference: "r" }), "InvalidOption"],
    [() => createInvalidation({ ...credentials, distributionId: "EDFDVBD6EXAMPLE", paths: ["/a", 2], callerReference: "r" }), "InvalidOption"],
    [() => createInvalidation({ ...credentials, distributionId: "EDFDVBD6EXAMPLE", paths: ["a"], callerReference: "r" }), "InvalidInvalidationPath"],
    [() => createInvalidation({ ...credentials, distributionId: "EDFDVBD6EXAMPLE", paths: [], callerReference: "r" }), "InvalidInvalidationBatch"],
    [() => createInvalidation({ ...credentials, distributionId: "EDFDVBD6EXAMPLE", paths: Array.from({ length: 16 }, (_, i) => `/${i}/*`), callerReference: "r" }), "InvalidInvalidationBatch"],
    [() => createInvalidation({ ...credentials, distributionId: "../x", paths: ["/a"], callerReference: "r" }), "InvalidCloudFrontId"],
    [() => createInvalidation({ ...credentials, secretAccessKey: "", distributionId: "E1", paths: ["/a"], callerReference: "r" }), "InvalidCredentials"],
    [() => getInvalidation({ ...credentials, distributionId: "E1" }), "InvalidOption"],
    [() => getInvalidation({ ...credentials, distributionId: "E1", invalidationId: "i-1" }), "InvalidCloudFrontId"],
    [() => parseInvalidation(), "InvalidArgument"],
    [() => parseInvalidation(42), "InvalidArgument"],
    [() => parseInvalidation("<ErrorResponse/>"), "MalformedCloudFrontResponse"],
    [() => parseCloudFrontError("<Invalidation/>"), "MalformedCloudFrontResponse"],
    [() => parseCloudFrontError(Symbol("x")), "InvalidArgument"],
  ];
  for (const [call, code] of cases) {
    assert.throws(call, (e) => {
      assert.ok(e instanceof Error, `${call}: not an Error`);
      assert.equal(e.code, code, `${call}: ${e.message}`);
      assert.ok(e.message.length > 10);
      return true;
    });
  }
  // The module is still usable after every refusal (nothing trapped).
  assert.ok(finishCloudFrontSignedUrl(p, nodeSign(p)).includes("Key-Pair-Id="));
});
