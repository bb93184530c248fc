// A fuzz test of the whole JS API, called as plain JavaScript may call it: tens of thousands of random calls of every
// exported function and every S3Signer / ChecksumHasher method, with wrong types (numbers, NaN, Symbol, BigInt, null,
// undefined, objects, arrays, functions), hostile strings (huge, lone surrogates, CR/LF/NUL, XML-looking), random
// option objects with known and unknown names, and random constructor configs. Every failure must be an Error with
// a string `code`: never a RuntimeError from inside the module, never an uncoded TypeError from the glue. The checksum
// module (s3-edge-signer/checksum) takes the same calls, and the CloudFront module's functions (s3-edge-signer/
// cloudfront, loaded by that name) are among them (prepared objects with fields replaced, signatures of every length).
// At the end the same signer must still sign a repository vector byte-exact, and the CloudFront module a URL.
//
// Seeded and reproducible: the seed is printed; rerun one with FUZZ_SEED=<seed> node --test tests/js/fuzz.test.mjs.
// FUZZ_CALLS sets the number of calls (default 40000).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import pkg from "./load-pkg.mjs";
import cloudFront from "./load-cloudfront.mjs";
import * as checksumModule from "../../pkg/checksum/s3_edge_checksum.js";

checksumModule.initSync({ module: readFileSync(new URL("../../pkg/checksum/s3_edge_checksum_bg.wasm", import.meta.url)) });

const vectors = JSON.parse(readFileSync(new URL("../vectors/s3.json", import.meta.url), "utf8"));
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32)) >>> 0;
const CALLS = Number(process.env.FUZZ_CALLS ?? 40_000);

/** mulberry32: a small, fast PRNG whose whole state is the 32-bit seed. */
function prng(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(SEED);
const int = (n) => Math.floor(random() * n);
const pick = (list) => list[int(list.length)];
const chance = (p) => random() < p;

// ---- values of the wrong type, and hostile ones

const throwingGetter = () => ({ get contentType() { throw new Error("getter says no"); } });
const WRONG = [
  () => 0, () => 1, () => -1, () => 1.5, () => NaN, () => Infinity, () => -Infinity, () => -0, () => 2 ** 53,
  () => 1e300, () => -(2 ** 31), () => 2 ** 32 + 7, () => Symbol("s"), () => 1n, () => -1n, () => 2n ** 64n,
  () => null, () => undefined, () => true, () => false, () => ({}), () => [], () => [1, 2, 3], () => ["a"],
  () => () => "key", () => class {}, () => new Date(0), () => new Date(NaN), () => new Number(5), () => new String("k"),
  () => new Uint8Array(3), () => new ArrayBuffer(8), () => new Map([["a", "b"]]), () => Object.create(null),
  () => ({ toString() { return "k"; }, valueOf() { return 7; } }), () => ({ toString() { throw new Error("no"); } }),
  () => throwingGetter(), () => new Proxy({}, {}), () => [undefined], () => ({ length: -1 }), () => ({ length: 2 ** 40 }),
  // Passes `instanceof Date`, but Date.prototype.getTime throws on it; a proxy whose key listing throws.
  () => Object.create(Date.prototype), () => new Proxy({}, { ownKeys() { throw new Error("no keys"); } }),
];

function hostileString() {
  switch (int(12)) {
    case 0: return "";
    case 1: return "\uD800";
    case 2: return "a\uDC00b\uD83D";
    case 3: return "line\r\nInjected: yes";
    case 4: return "nul\0byte";
    case 5: return "x".repeat(1 + int(3000));
    case 6: return "é😀".repeat(1 + int(600));
    case 7: return chance(0.05) ? "h".repeat(1 << 20) : "h".repeat(1 << 14); // huge: copied whole into the module
    case 8: return pick(["..", ".", "//", "/", "a/../b", "%2F", "%zz", "+ +", "\u0085", "\u2028", "\uFEFF"]);
    case 9: return pick(["<Error><Code>x</Code></Error>", "&bogus;", "<a>".repeat(2000), "<![CDATA[", "<?xml?>", "]]>"]);
    case 10: return Array.from({ length: int(40) }, () => String.fromCharCode(int(0x10000))).join("");
    default: return Array.from({ length: int(40) }, () => String.fromCharCode(32 + int(95))).join("");
  }
}

function wrong() {
  return chance(0.75) ? pick(WRONG)() : hostileString();
}

// ---- plausible values of each parameter type, mixed with wrong ones

const KEYS = ["k", "uploads/cat.jpg", "a b+c", "dir//x/./../y", "é😀.bin", "x".repeat(1024), "x".repeat(1025)];
const key = () => (chance(0.7) ? pick(KEYS) : wrong());
const uploadId = () => (chance(0.7) ? pick(["abc", "VXBsb2Fk/SUQ=", "u-1", "", "bad id", "\u00e9"]) : wrong());
const partNumber = () => (chance(0.7) ? pick([1, 2, 10_000, 10_001, 0, -1, 1.5, 2 ** 53]) : wrong());
const algorithm = () =>
  chance(0.8) ? pick(["CRC32", "CRC32C", "crc32c", "CRC64NVME", "SHA1", "sha256", "SHA256", "MD5", "", "CRC32C\0"]) : wrong();
function bytes() {
  if (!chance(0.75)) return wrong();
  const data = new Uint8Array(pick([0, 1, 7, 64, 1000, 70_000]));
  for (let i = 0; i < data.length; i += 97) data[i] = int(256);
  return chance(0.1) ? data.subarray(1 + int(3)) : data;
}

const XML_TEMPLATES = [
  "<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>u</UploadId></InitiateMultipartUploadResult>",
  "<ListPartsResult><UploadId>u</UploadId><IsTruncated>true</IsTruncated><NextPartNumberMarker>2</NextPartNumberMarker><Part><PartNumber>1</PartNumber><ETag>&quot;e&quot;</ETag><Size>5</Size></Part></ListPartsResult>",
  "<Error><Code>PermanentRedirect</Code><Message>m</Message><Endpoint>b.s3.eu-west-2.amazonaws.com</Endpoint></Error>",
  "<CompleteMultipartUploadResult><Location>l</Location><Key>k</Key><ETag>\"x-2\"</ETag></CompleteMultipartUploadResult>",
  "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a</Key><Size>1</Size><ETag>e</ETag></Contents></ListBucketResult>",
  "<ListMultipartUploadsResult><IsTruncated>false</IsTruncated><Upload><Key>a</Key><UploadId>u</UploadId><Initiated>2010-11-10T20:48:33.000Z</Initiated></Upload></ListMultipartUploadsResult>",
  "<CORSConfiguration><CORSRule><ID>r</ID><AllowedOrigin>https://*.example.com</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3600</MaxAgeSeconds></CORSRule></CORSConfiguration>",
  "<LifecycleConfiguration><Rule><ID>a</ID><Filter><And><Prefix>uploads/</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></And></Filter><Status>Enabled</Status><AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule></LifecycleConfiguration>",
];
function xml() {
  if (!chance(0.8)) return wrong();
  let text = pick(XML_TEMPLATES);
  for (let n = int(4); n > 0; n--) {
    const at = int(text.length + 1);
    text = chance(0.5) ? text.slice(0, at) + text.slice(at + 1 + int(8)) : text.slice(0, at) + hostileString().slice(0, 64) + text.slice(at);
  }
  return text;
}

// ---- random option objects: known names with values of random types, and unknown names

const OPTION_VALUES = {
  expiresIn: () => pick([1, 900, 604_800, 604_801, 0]),
  now: () => pick([0, 1_763_856_000_000, new Date(1_763_856_000_000), 1_763_856_000_000.5, new Date(NaN), -1, 1e20, "yesterday"]),
  contentType: () => pick(["image/jpeg", "a/b", ""]),
  contentLength: () => pick([0, 1234, 2 ** 53, -1, 1.5]),
  contentMd5: () => pick(["1B2M2Y8AsgTpgAmY7PhCfg==", "AAAA"]),
  storageClass: () => pick(["STANDARD", "standard_ia", "GLACIER_INSTANT_RETRIEVAL", "GLACIER_DEEP_ARCHIVE", "COLD"]),
  sse: () => pick(["AES256", "aws:kms", "aws:kms:dsse", "rot13"]),
  sseKmsKeyId: () => "arn:aws:kms:eu-west-1:111122223333:key/abcd",
  sseBucketKeyEnabled: () => chance(0.5),
  checksum: () => pick([{ algorithm: "CRC32C", value: "AAAAAA==" }, { algorithm: "SHA256", value: "AAAAAA==" }, { algorithm: 5 }, "CRC32C"]),
  checksumAlgorithm: () => pick(["CRC32C", "SHA1", "nope"]),
  metadata: () => pick([{ owner: "ada" }, { "bad name": "v" }, { a: 5 }, []]),
  ifNoneMatch: () => pick([true, false, "*", "etag", 7]),
  versionId: () => "3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY",
  partNumber: () => pick([1, 10_000, 10_001, 0, 1.5]),
  responseContentDisposition: () => "attachment; filename=\"é.txt\"",
  headers: () => pick([{ "x-extra": "1" }, { authorization: "x" }, { "x-evil": "a\r\nb" }, { "x-n": 1 }]),
  query: () => pick([{ a: "b" }, { "X-Amz-Signature": "x" }, { "list-type": "2", prefix: "uploads/" }, { uploads: "" }, { "x-amz-credential": "c" }]),
  prefix: () => pick(["uploads/", ""]),
  keyMarker: () => pick(["uploads/a", ""]),
  uploadIdMarker: () => pick(["abc", "bad id"]),
  maxUploads: () => pick([1, 1000, 1001, 0]),
  maxParts: () => pick([1, 1000, 1001]),
  partNumberMarker: () => pick([0, 7]),
  continuationToken: () => "t",
  key: () => pick(["uploads/${filename}", "k", ""]),
  keyStartsWith: () => pick(["uploads/", "other/"]),
  contentLengthRange: () => pick([[1, 1000], [5, 1], [1], "1-2"]),
  successActionStatus: () => pick([200, 201, 204, 302]),
  fields: () => pick([{ acl: "private" }, { "x-amz-meta-a": { startsWith: "" } }, { a: 5 }, { "x-amz-server-side-encryption": "AES256" }, { "Content-Type": "a/b" }]),
  method: () => pick(["GET", "put", "PATCH", ""]),
  body: () => pick(["text", new Uint8Array(5), 5]),
  payloadHash: () => pick(["UNSIGNED-PAYLOAD", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "zz"]),
};
const OPTION_NAMES = Object.keys(OPTION_VALUES);

function options() {
  if (chance(0.15)) return wrong();
  const out = {};
  for (let n = int(6); n > 0; n--) {
    const name = chance(0.9) ? pick(OPTION_NAMES) : pick(["contentLenght", "__proto__", "constructor", "", "\0", hostileString().slice(0, 20)]);
    const value = chance(0.75) && Object.hasOwn(OPTION_VALUES, name) ? OPTION_VALUES[name]() : wrong();
    // An own property even for "__proto__" (an assignment would replace the prototype instead).
    Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

const CONFIG_VALUES = {
  accessKeyId: () => pick(["AKIDEXAMPLE", "", "AKID\nX"]),
  secretAccessKey: () => pick(["wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""]),
  sessionToken: () => pick(["token", ""]),
  credentialsExpireAt: () => pick([0, 1_763_856_000_000, new Date(1e12)]),
  bucket: () => pick(["example-bucket", "Bad_Bucket", "a.b.c", "xn--bad"]),
  region: () => pick(["eu-west-1", "us-east1", "auto", "cn-north-1"]),
  endpoint: () => pick(["http://127.0.0.1:3900", "ftp://x", "https://a.r2.cloudflarestorage.com"]),
  addressing: () => pick(["auto", "virtual", "path", "sideways"]),
  dualstack: () => chance(0.5),
  accelerate: () => chance(0.5),
  fips: () => chance(0.5),
  backend: () => pick(["aws", "r2", "generic", "minio"]),
};
function config() {
  if (chance(0.1)) return wrong();
  const out = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", bucket: "example-bucket", region: "eu-west-1" };
  for (let n = int(4); n > 0; n--) {
    const name = chance(0.9) ? pick(Object.keys(CONFIG_VALUES)) : pick(["bucketName", "secret"]);
    out[name] = chance(0.75) && Object.hasOwn(CONFIG_VALUES, name) ? CONFIG_VALUES[name]() : wrong();
  }
  return out;
}

const corsRules = () =>
  chance(0.8)
    ? Array.from({ length: int(4) }, () => (chance(0.85) ? {
      allowedOrigins: pick([["*"], ["https://*.example.com"], ["https://*.*.x"], [], "*", [5]]),
      allowedMethods: pick([["GET", "PUT"], ["PATCH"], [], ["get"]]),
      ...(chance(0.5) ? { allowedHeaders: pick([["*"], ["x-amz-*"], [""], null]) } : {}),
      ...(chance(0.5) ? { exposeHeaders: pick([["ETag"], ["a\nb"], 7]) } : {}),
      ...(chance(0.3) ? { maxAgeSeconds: pick([0, 3600, 2 ** 31, -1, 1.5]) } : {}),
      ...(chance(0.2) ? { id: pick(["r", "x".repeat(300), 5]) } : {}),
      ...(chance(0.05) ? { allowedOrigin: ["*"] } : {}),
    } : wrong()))
    : wrong();
const lifecycleRules = () =>
  chance(0.8)
    ? Array.from({ length: int(4) }, () => (chance(0.85) ? {
      enabled: pick([true, false, "yes", undefined]),
      ...(chance(0.7) ? { prefix: pick(["uploads/", "", "p".repeat(1025), 5]) } : {}),
      ...(chance(0.6) ? { abortIncompleteMultipartUploadDays: pick([1, 7, 0, -1, 1.5]) } : {}),
      ...(chance(0.4) ? { expirationDays: pick([30, 0]) } : {}),
      ...(chance(0.2) ? { tags: pick([true, false, 1]) } : {}),
      ...(chance(0.2) ? { objectSize: pick([true, false]) } : {}),
      ...(chance(0.2) ? { otherActions: pick([true, false]) } : {}),
      ...(chance(0.2) ? { id: pick(["r", "", 5]) } : {}),
    } : wrong()))
    : wrong();

const parts = () =>
  chance(0.8) ? Array.from({ length: int(4) }, () => (chance(0.8) ? { partNumber: partNumber(), etag: pick(["\"e\"", "", 5]), ...(chance(0.2) ? { checksum: OPTION_VALUES.checksum() } : {}) } : wrong())) : wrong();

// ---- the calls: each parameter list, with a chance of a missing or an extra argument

function args(...makers) {
  const list = makers.map((m) => m());
  if (chance(0.05)) list.pop();
  if (chance(0.05)) list.push(wrong());
  return list;
}

const vector = vectors.cases.find((c) => c.name === "put-signed-type-length-class-sse");
const { name: bucketName, ...bucketRest } = vector.bucket;
const signer = new pkg.S3Signer({ ...vector.credentials, bucket: bucketName, ...bucketRest });

// ---- CloudFront: option objects built from plausible values, a few mutated or replaced by wrong ones

const CLOUDFRONT_VALUES = {
  url: () => pick(["https://d111111abcdef8.cloudfront.net/v/a.jpg", "https://d.example/v/a b", "ftp://x/a", "https://d.example/v/x?q=1&Expires=1"]),
  resource: () => pick(["https://d111111abcdef8.cloudfront.net/v/*", "*", "http://x/?", "ftp://x/*", ""]),
  keyPairId: () => pick(["K2JCJMDEHXQW5F", "", "k2j"]),
  keyAlgorithm: () => pick(["RSA", "ECDSA", "DSA"]),
  hashAlgorithm: () => pick(["SHA1", "SHA256", "sha256"]),
  dateLessThan: () => pick([1_796_198_400_000, new Date(1_796_198_400_000), 0, -1, 1e20, "soon"]),
  expiresIn: () => pick([60, 0, 2 ** 53, -1]),
  dateGreaterThan: () => pick([1_767_225_600_000, 1_900_000_000_000]),
  ipAddress: () => pick(["192.0.2.0/24", "192.0.2.7/24", "::1", "1.2.3.4"]),
  now: () => pick([1_767_225_600_000, new Date(0), -5]),
  cookie: () => pick([{ domain: "example.com" }, { sameSite: "None", secure: false }, { path: 5 }, "x", { maxAge: -1 }, { expires: new Date(NaN) }]),
  distributionId: () => pick(["EDFDVBD6EXAMPLE", "e1", "../x"]),
  invalidationId: () => pick(["I2J0I21PCUYOIK", ""]),
  paths: () => pick([["/a"], ["/*", "/b c"], [], "x", [5], Array.from({ length: 16 }, (_, i) => `/${i}/*`), ["a"], ["/a%zz"]]),
  callerReference: () => pick(["r-1", "", "a\nb"]),
  accessKeyId: () => pick(["AKIDEXAMPLE", ""]),
  secretAccessKey: () => pick(["secret", ""]),
};
function cloudFrontOptions(base) {
  if (chance(0.1)) return wrong();
  const out = { ...base };
  for (let n = int(3); n > 0; n--) {
    const name = chance(0.9) ? pick(Object.keys(CLOUDFRONT_VALUES)) : pick(["keyPairld", "policy"]);
    out[name] = chance(0.8) && Object.hasOwn(CLOUDFRONT_VALUES, name) ? CLOUDFRONT_VALUES[name]() : wrong();
  }
  if (chance(0.2)) delete out[pick(Object.keys(out))];
  return out;
}
const GRANT = { keyPairId: "K2JCJMDEHXQW5F", keyAlgorithm: "RSA", hashAlgorithm: "SHA1", dateLessThan: 1_796_198_400_000, now: 1_767_225_600_000 };
const urlOptions = () => cloudFrontOptions({ ...GRANT, url: "https://d111111abcdef8.cloudfront.net/v/a.jpg" });
const cookieOptions = () => cloudFrontOptions({ ...GRANT, resource: "https://d111111abcdef8.cloudfront.net/v/*" });
const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", now: 1_767_225_600_000 };
const invalidationOptions = () => cloudFrontOptions({ ...credentials, distributionId: "EDFDVBD6EXAMPLE", paths: ["/v/*"], callerReference: "r" });
const getOptions = () => cloudFrontOptions({ ...credentials, distributionId: "EDFDVBD6EXAMPLE", invalidationId: "I2J0I21PCUYOIK" });
/** A prepared URL or cookie set, sometimes with one field changed, or a wrong value. */
function prepared(prepare, makeOptions) {
  if (chance(0.15)) return wrong();
  let p;
  try {
    p = prepare(makeOptions());
  } catch {
    p = prepare(makeOptions === urlOptions ? { ...GRANT, url: "https://d.example/a" } : { ...GRANT, resource: "https://d.example/*" });
  }
  if (chance(0.3)) p = { ...p, [pick(Object.keys(p))]: wrong() };
  return p;
}
const signature = () => (chance(0.8) ? pick([new Uint8Array(256), new Uint8Array(64), new ArrayBuffer(64), new Uint8Array(72), new Uint8Array(0)]) : wrong());
const CLOUDFRONT_XML = [
  "<Invalidation><Id>I</Id><Status>Completed</Status><CreateTime>2026-12-02T08:00:00Z</CreateTime><InvalidationBatch><Paths><Quantity>1</Quantity><Items><Path>/a</Path></Items></Paths><CallerReference>r</CallerReference></InvalidationBatch></Invalidation>",
  "<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchDistribution</Code><Message>m</Message></Error><RequestId>r</RequestId></ErrorResponse>",
];
const cloudFrontXml = () => (chance(0.5) ? pick(CLOUDFRONT_XML).slice(0, chance(0.3) ? int(200) : undefined) : xml());

const FUNCTIONS = {
  parseInitiateMultipartUpload: () => args(xml),
  parseListParts: () => args(xml),
  parseError: () => args(xml),
  parseCompleteMultipartUpload: () => args(xml),
  parseListObjects: () => args(xml),
  parseListMultipartUploads: () => args(xml),
  parseBucketRegion: () => args(() => (chance(0.6) ? pick(["eu-west-1", " us-east-1 ", "nowhere", "eusc-de-east-1", "us-isof-south-1"]) : wrong())),
  regions: () => args(),
  storageClasses: () => args(),
  normalizeStorageClass: () => args(() => (chance(0.6) ? OPTION_VALUES.storageClass() : wrong())),
  partSizeFor: () => args(() => (chance(0.6) ? pick([0, 1, 100 * 2 ** 30, 2 ** 53, -5]) : wrong()), () => (chance(0.6) ? pick([5 << 20, 0, 2 ** 40]) : wrong())),
  checksumBase64: () => args(algorithm, bytes),
  parseCorsConfiguration: () => args(xml),
  parseLifecycleConfiguration: () => args(xml),
  evaluateCors: () => args(corsRules, () => (chance(0.8) ? { origin: pick(["https://a.example.com", "", 5]), method: pick(["PUT", "get", "PATCH"]), headers: pick([["content-type, x-amz-meta-a"], [], "x", [7]]), expose: pick([["ETag"], undefined, [null]]) } : wrong())),
  corsConfigurationXml: () => args(corsRules),
  lifecycleAbortDays: () => args(lifecycleRules, () => (chance(0.7) ? pick(["uploads/", "", "up"]) : wrong())),
  lifecycleConfigurationXml: () => args(lifecycleRules),
  sha256Hex: () => args(bytes),
  prepareCloudFrontSignedUrl: () => args(urlOptions),
  finishCloudFrontSignedUrl: () => args(() => prepared(cloudFront.prepareCloudFrontSignedUrl, urlOptions), signature),
  prepareCloudFrontSignedCookies: () => args(cookieOptions),
  finishCloudFrontSignedCookies: () => args(() => prepared(cloudFront.prepareCloudFrontSignedCookies, cookieOptions), signature),
  cloudFrontPolicy: () => args(() => cloudFrontOptions({ resource: "https://d.example/*", dateLessThan: 1_796_198_400_000 })),
  ecdsaRawToDer: () => args(signature),
  cloudFrontObjectUrl: () => args(() => (chance(0.8) ? pick(["https://d111111abcdef8.cloudfront.net", "https://D.example", "x"]) : wrong()), key),
  cloudFrontObjectPath: () => args(key),
  createInvalidation: () => args(invalidationOptions),
  getInvalidation: () => args(getOptions),
  parseInvalidation: () => args(cloudFrontXml),
  parseCloudFrontError: () => args(cloudFrontXml),
};
const METHODS = {
  bucketInfo: () => args(),
  objectUrl: () => args(key),
  presignGet: () => args(key, options),
  presignPut: () => args(key, options),
  presignHead: () => args(key, options),
  presignDelete: () => args(key, options),
  presignUploadPart: () => args(key, uploadId, partNumber, options),
  presignPost: () => args(options),
  signRequest: () => args(options),
  presign: () => args(options),
  createMultipartUpload: () => args(key, options),
  completeMultipartUpload: () => args(key, uploadId, parts, options),
  abortMultipartUpload: () => args(key, uploadId, options),
  listParts: () => args(key, uploadId, options),
  listMultipartUploads: () => args(options),
  headBucket: () => args(options),
  getBucketCors: () => args(options),
  getBucketLifecycle: () => args(options),
  listObjects: () => args(options),
};

/** Calls `fn`, records the outcome, and fails on any throw that is not a coded Error. */
function attempt(label, fn, outcomes) {
  try {
    fn();
    outcomes.set("ok", (outcomes.get("ok") ?? 0) + 1);
  } catch (e) {
    const ok = e instanceof Error && !(e instanceof WebAssembly.RuntimeError) && typeof e.code === "string" && e.code.length > 0;
    assert.ok(ok, `seed ${SEED}: ${label} threw ${e instanceof Error ? `${e.constructor.name} ${e.message}` : String(e)} without a code`);
    outcomes.set(e.code, (outcomes.get(e.code) ?? 0) + 1);
  }
}

const describe = (list) =>
  list.map((v) => (typeof v === "string" ? (v.length > 40 ? `string(${v.length})` : JSON.stringify(v)) : typeof v === "symbol" ? "Symbol" : typeof v === "bigint" ? `${v}n` : Array.isArray(v) ? "array" : typeof v)).join(", ");

test(`fuzz: ${CALLS} random calls of the whole JS API fail only with coded Errors`, (t) => {
  t.diagnostic(`fuzz seed ${SEED} (rerun: FUZZ_SEED=${SEED} node --test tests/js/fuzz.test.mjs)`);
  const outcomes = new Map();
  const hashers = [];
  for (let i = 0; i < CALLS; i++) {
    const roll = random();
    if (roll < 0.55) {
      const name = pick(Object.keys(METHODS));
      const list = METHODS[name]();
      attempt(`#${i} signer.${name}(${describe(list)})`, () => signer[name](...list), outcomes);
    } else if (roll < 0.8) {
      const name = pick(Object.keys(FUNCTIONS));
      const list = FUNCTIONS[name]();
      const module = Object.hasOwn(cloudFront, name) ? cloudFront : name === "checksumBase64" && chance(0.5) ? checksumModule : pkg;
      const label = module === cloudFront ? "cloudfront module " : module === checksumModule ? "checksum module " : "";
      attempt(`#${i} ${label}${name}(${describe(list)})`, () => module[name](...list), outcomes);
    } else if (roll < 0.9) {
      const list = args(config);
      attempt(`#${i} new S3Signer(${describe(list)})`, () => {
        const s = new pkg.S3Signer(...list);
        const name = pick(Object.keys(METHODS));
        try {
          s[name](...METHODS[name]());
        } finally {
          s.free();
        }
      }, outcomes);
    } else {
      // ChecksumHasher: construct, feed, digest (twice, sometimes), in random order on a few live instances.
      if (hashers.length === 0 || chance(0.2)) {
        const list = args(algorithm);
        const module = chance(0.5) ? checksumModule : pkg;
        attempt(`#${i} new ChecksumHasher(${describe(list)})`, () => hashers.push(new module.ChecksumHasher(...list)), outcomes);
      } else {
        const h = pick(hashers);
        if (chance(0.8)) {
          const list = args(bytes);
          attempt(`#${i} hasher.update(${describe(list)})`, () => h.update(...list), outcomes);
        } else {
          attempt(`#${i} hasher.digestBase64()`, () => h.digestBase64(), outcomes);
        }
      }
    }
  }
  for (const h of hashers) h.free();
  t.diagnostic(`outcomes: ${[...outcomes].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  assert.ok((outcomes.get("ok") ?? 0) > CALLS / 20, "too few calls succeeded for the fuzz to reach the signing code");
  assert.ok(outcomes.has("InvalidArgument"), "no call was refused as a wrong argument type");

  // The instance that took every call still signs a repository vector byte-exact.
  const r = signer.presignPut(vector.key, { ...vector.options, now: vector.now * 1000 });
  assert.equal(r.url, vector.expected.url);
  assert.deepEqual(r.headers, vector.expected.headers);
  const url = cloudFront.finishCloudFrontSignedUrl(cloudFront.prepareCloudFrontSignedUrl({ ...GRANT, url: "https://d.example/a" }), new Uint8Array(256));
  assert.match(url, /^https:\/\/d\.example\/a\?Expires=1796198400&Signature=A{342}__&Key-Pair-Id=K2JCJMDEHXQW5F$/);
});
