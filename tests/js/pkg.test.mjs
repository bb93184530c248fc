// The npm package under Node's test runner: the repository's independent S3 vectors byte-exact through the JS API,
// the error contract (Error + stable code), checksums against node:crypto, and memory that does not grow.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import pkg, { exports as wasmExports } from "./load-pkg.mjs";

const { S3Signer, checksumBase64, ChecksumHasher, sha256Hex, parseListParts, parseCompleteMultipartUpload,
  parseError, parseListMultipartUploads, regions, storageClasses, normalizeStorageClass, partSizeFor } = pkg;
const vectors = JSON.parse(readFileSync(new URL("../vectors/s3.json", import.meta.url), "utf8"));
// Signed by botocore with a frozen clock (tests/vectors/botocore_vectors.py): SSE-C, KMS context, DSSE, bucket keys,
// partNumber, generic presigns, the European Sovereign Cloud.
const botocoreVectors = JSON.parse(readFileSync(new URL("../vectors/s3-botocore.json", import.meta.url), "utf8"));

function signerFor(c) {
  const { name, ...bucket } = c.bucket;
  return new S3Signer({ ...c.credentials, bucket: name, ...bucket });
}

for (const c of [...vectors.cases, ...botocoreVectors.cases]) {
  test(`vector ${c.name}`, () => {
    const s = signerFor(c);
    const now = c.now * 1000;
    const opts = { ...(c.options ?? {}), now };
    let r;
    switch (c.operation) {
      case "presignGet": r = s.presignGet(c.key, opts); break;
      case "presignPut": r = s.presignPut(c.key, opts); break;
      case "presignHead": r = s.presignHead(c.key, opts); break;
      case "presignDelete": r = s.presignDelete(c.key, opts); break;
      case "presignUploadPart": r = s.presignUploadPart(c.key, c.uploadId, c.partNumber, opts); break;
      case "createMultipartUpload": r = s.createMultipartUpload(c.key, opts); break;
      case "completeMultipartUpload": r = s.completeMultipartUpload(c.key, c.uploadId, c.parts, { now }); break;
      case "abortMultipartUpload": r = s.abortMultipartUpload(c.key, c.uploadId, { now }); break;
      case "listParts": r = s.listParts(c.key, c.uploadId, opts); break;
      case "headBucket": r = s.headBucket({ now }); break;
      case "getBucketCors": r = s.getBucketCors({ now }); break;
      case "getBucketLifecycle": r = s.getBucketLifecycle({ now }); break;
      case "listMultipartUploads": r = s.listMultipartUploads(opts); break;
      case "presign": r = s.presign({ ...c.spec, now }); break;
      case "signRequest": r = s.signRequest({ ...c.spec, now }); break;
      default: assert.fail(`unknown operation ${c.operation}`);
    }
    assert.equal(r.method, c.expected.method);
    assert.equal(r.url, c.expected.url);
    assert.deepEqual(r.headers, c.expected.headers);
    if (c.expected.body !== undefined && c.expected.body !== null) assert.equal(r.body, c.expected.body);
    if (r.expiresAt !== undefined) {
      assert.equal(typeof r.expiresAt, "number");
      assert.equal(r.expiresAt, now + r.expiresIn * 1000);
    }
  });
}

const config = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", bucket: "b-1", region: "eu-west-1" };

test("signRequest and presign results cross intact: a body with line breaks, header values, numbers", () => {
  const s = new S3Signer(config);
  const body = "line 1\n\nline 3\n";
  const r = s.signRequest({ method: "PUT", key: "notes.txt", body, headers: { "content-type": "text/plain; charset=utf-8" }, now: 0 });
  assert.deepEqual(Object.keys(r), ["url", "method", "headers", "body"]);
  assert.equal(r.body, body);
  assert.equal(r.method, "PUT");
  assert.equal(r.headers["content-type"], "text/plain; charset=utf-8");
  assert.equal(r.headers["x-amz-content-sha256"], createHash("sha256").update(body).digest("hex"));
  assert.match(r.headers.authorization, /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/19700101\/eu-west-1\/s3\/aws4_request, /);
  assert.equal(s.headBucket({ now: 0 }).body, undefined);
  const p = s.presignPut("a b", { now: 1_000, expiresIn: 60, metadata: { note: "x y" } });
  assert.deepEqual(Object.keys(p), ["url", "method", "headers", "expiresAt", "expiresIn"]);
  assert.deepEqual(p.headers, { "x-amz-meta-note": "x y" });
  assert.equal(p.expiresAt, 61_000);
  assert.equal(p.expiresIn, 60);
});

// The options of a presign cross as one string (`flatInput`, src/wasm/fields.rs) unless a value has no place in it;
// the object is then read property by property. Both paths must sign and fail alike.
/** The same options, with every property a getter that counts its reads (`reads`), and, when `notFlat`, whose first
 * read of the first property gives an array, which the one-string form has no place for: that first read is
 * `flatInput`'s, so the object then takes the property-by-property path, which reads the real values. */
function instrumented(options, notFlat = false) {
  const out = {};
  const reads = {};
  let first = notFlat;
  for (const [name, value] of Object.entries(options)) {
    reads[name] = 0;
    Object.defineProperty(out, name, {
      enumerable: true,
      get() {
        reads[name]++;
        if (first) {
          first = false;
          return ["not flat"];
        }
        return value;
      },
    });
  }
  return { options: out, reads };
}

const outcome = (fn) => {
  try {
    return { ok: fn() };
  } catch (e) {
    return { code: e.code, message: e.message };
  }
};

test("option objects sign and fail alike whether they cross as one string or property by property", () => {
  const s = new S3Signer(config);
  const cases = [
    { now: 1_000, expiresIn: 900, contentType: "image/jpeg", contentLength: 42 },
    { now: 1_000, contentType: null, cacheControl: undefined, ifNoneMatch: true, sseBucketKeyEnabled: false },
    { now: 1_000, storageClass: "standard_ia", sse: "aws:kms", sseKmsKeyId: "k", sseBucketKeyEnabled: true },
    { now: new Date(1_000), contentType: "image/jpeg" },
    { now: 1_000.9 },
    { now: new Date(NaN) },
    { now: new Date(-1) },
    { now: Object.create(Date.prototype) },
    { now: 1_000, contentLength: new Date(5) },
    { now: 1_000, checksum: { algorithm: "CRC32C", value: "yZRlqg==" }, metadata: { owner: "ada", "a-b": "x y" } },
    { now: 1_000, headers: { "x-amz-tagging": "a=b" }, query: { "response-cache-control": "no-cache" }, metadata: {} },
    { now: 1_000, checksum: { algorithm: "CRC32C" } },
    { now: 1_000, checksum: { algorithm: "CRC32C", value: "yZRlqg==", extra: "x" } },
    { now: 1_000, checksum: { algorithm: "CRC32C", value: 5 } },
    { now: 1_000, metadata: { owner: 5 } },
    { now: 1_000, metadata: "owner=ada" },
    { now: 1_000, headers: { "x-a": "b\0c" } },
    { now: 1_000, expiresIn: "900" },
    { now: 1_000, contentType: 5 },
    { now: 1_000, sseBucketKeyEnabled: "yes" },
    { now: 1_000, ifNoneMatch: 7 },
    { now: 1_000, contentLength: 2 ** 53 },
    { now: 1_000, contentLenght: 1 },
    { now: "yesterday" },
    { now: {} },
    { now: 1_000, checksum: "CRC32C" },
  ];
  for (const [i, options] of cases.entries()) {
    const flat = outcome(() => s.presignPut("a/b c", instrumented(options).options));
    const slow = outcome(() => s.presignPut("a/b c", instrumented(options, true).options));
    assert.deepEqual(flat, slow, `case ${i}: ${Object.keys(options)}`);
  }
  const date = outcome(() => s.presignPut("k", { now: new Date(1_763_856_000_000) }));
  assert.deepEqual(date, outcome(() => s.presignPut("k", { now: 1_763_856_000_000 })));
  assert.match(date.ok.url, /X-Amz-Date=20251123T000000Z/);
  assert.equal(outcome(() => s.presignPut("k", { now: 1_000, expiresIn: "900" })).code, "InvalidOption");
  assert.match(outcome(() => s.presignPut("k", { now: 1_000, contentLenght: 1 })).message, /unknown option "contentLenght"/);
  assert.match(outcome(() => s.presignPut("k", { now: new Date(NaN) })).message, /options.now must be ms since epoch or a Date/);
  assert.match(outcome(() => s.presignPut("k", { now: Object.create(Date.prototype) })).message, /options.now must be ms since epoch or a Date/);
  s.free();
});

test("every valid option shape crosses as one string: each option is read once", () => {
  const s = new S3Signer(config);
  const shapes = [
    { now: 1_763_856_000_000 },
    { now: new Date(1_763_856_000_000) },
    { now: 1_763_856_000_000.5 },
    { expiresIn: 900, contentType: "image/jpeg", contentLength: 42, ifNoneMatch: true, contentMd5: null },
    { checksum: { algorithm: "CRC32C", value: "yZRlqg==" }, metadata: { owner: "ada" } },
    { headers: { "x-amz-tagging": "a=b" }, query: { "x-purpose": "test" }, metadata: {} },
  ];
  for (const [i, options] of shapes.entries()) {
    const { options: watched, reads } = instrumented(options);
    s.presignPut("k", watched);
    for (const [name, count] of Object.entries(reads)) assert.equal(count, 1, `shape ${i}: ${name} read ${count} times`);
  }
  // Not every value has a form in the string: an array (here refused) sends the object the other way, read twice.
  const { options: watched, reads } = instrumented({ contentType: "a/b", query: [] });
  assert.equal(outcome(() => s.presignPut("k", watched)).code, "InvalidOption");
  assert.deepEqual(reads, { contentType: 2, query: 2 });
  s.free();
});

test("errors are Error objects with a stable code and a message naming the rule", () => {
  const s = new S3Signer(config);
  const cases = [
    [() => s.presignPut("", {}), "InvalidObjectKey", /empty/],
    [() => s.presignPut("x".repeat(1025), {}), "InvalidObjectKey", /1024 bytes/],
    [() => s.presignPut("k", { expiresIn: 0 }), "ExpiresOutOfRange", /604800/],
    [() => s.presignPut("k", { contentLength: 1n }), "InvalidOption", /integer number/],
    [() => s.presignPut("k", { contentLength: -1 }), "InvalidOption", /non-negative/],
    [() => s.presignPut("k", { storageClass: "COLD" }), "InvalidStorageClass", /GLACIER_IR/],
    [() => s.presignPut("k", { ifNoneMatch: "etag" }), "InvalidHeaderValue", /only accepted value is \*/],
    [() => s.presignPut("k", { metadata: { "bad name": "v" } }), "InvalidMetadata", /token/],
    [() => s.presignPut("k", { headers: { "x-evil": "a\r\nb" } }), "InvalidHeaderValue", /control characters/],
    [() => s.presignPut("k", { headers: { authorization: "x" } }), "InvalidHeaderName", /set by the signer/],
    [() => s.presignPut("k", { checksum: { algorithm: "CRC32C", value: "abc" } }), "InvalidChecksum", /base64/],
    [() => s.presignGet("k", { contentType: "a/b" }), "OptionNotApplicable", /GetObject/],
    [() => s.presignUploadPart("k", "id", 10001, {}), "InvalidPartNumber", /10000/],
    [() => s.presignPost({ key: "k", contentLengthRange: [5, 1] }), "InvalidPostPolicy", /min <= max/],
    [() => new S3Signer({ ...config, bucket: "Bad_Bucket" }), "InvalidBucketName", /lowercase/],
    [() => new S3Signer({ ...config, region: "us-east1" }), "InvalidRegion", /eu-west-1/],
    [() => new S3Signer({ ...config, accessKeyId: "" }), "InvalidCredentials", /empty/],
    [() => new S3Signer({ ...config, endpoint: "ftp://x" }), "InvalidEndpoint", /http/],
    [() => new S3Signer({ ...config, accelerate: true, bucket: "a.b.c" }), "InvalidEndpoint", /dots/],
    [() => new S3Signer({ ...config, bucket: "photos", region: "auto", endpoint: "https://a.r2.cloudflarestorage.com" }).presignPost({ key: "k" }), "UnsupportedByBackend", /POST/],
    [() => new S3Signer({ ...config, sessionToken: "t", credentialsExpireAt: 1000 }).presignGet("k", { now: 2000 }), "CredentialsExpired", /expired/],
    [() => new S3Signer({ ...config, credentialsExpireAt: 60_000 }).presignGet("k", { now: 0, expiresIn: 120 }), "ExpiresAfterCredentials", /credentials expire/],
  ];
  for (const [fn, code, message] of cases) {
    assert.throws(fn, (e) => e instanceof Error && e.code === code && message.test(e.message), `expected ${code}`);
  }
});

test("a parameter of the wrong type is an InvalidArgument naming it, never a trap or an uncoded TypeError", () => {
  const s = new S3Signer(config);
  const cases = [
    [() => s.presignGet(5, {}), /^key must be a string, got number$/],
    [() => s.presignGet(Symbol("k"), {}), /^key must be a string, got symbol$/],
    [() => s.presignGet(undefined), /^key must be a string, got undefined$/],
    [() => s.presignGet(null, {}), /^key must be a string, got null$/],
    [() => s.presignPut(-1, { contentLength: 1 }), /^key must be a string/],
    [() => s.presignPut({ toString: () => "k" }, {}), /^key must be a string, got object$/],
    [() => s.presignUploadPart("k", 7, 1, {}), /^uploadId must be a string/],
    [() => s.presignUploadPart("k", "u", 1n, {}), /^partNumber must be a number, got bigint$/],
    [() => s.presignUploadPart("k", "u", "1", {}), /^partNumber must be a number, got string$/],
    [() => s.completeMultipartUpload("k", undefined, [], {}), /^uploadId must be a string/],
    [() => s.objectUrl([]), /^key must be a string/],
    [() => pkg.parseListParts(Buffer.from("<ListPartsResult/>")), /^xml must be a string/],
    [() => pkg.parseBucketRegion(1), /^value must be a string/],
    [() => normalizeStorageClass(() => "STANDARD"), /^name must be a string, got function$/],
    [() => partSizeFor(Symbol(), 1), /^size must be a number/],
    [() => checksumBase64("CRC32C", "123456789"), /^bytes must be a Uint8Array, got string$/],
    [() => checksumBase64("CRC32C", { length: 2 ** 40 }), /^bytes must be a Uint8Array/],
    [() => checksumBase64(42, new Uint8Array(1)), /^algorithm must be a string/],
    [() => sha256Hex([1, 2, 3]), /^bytes must be a Uint8Array/],
    [() => new ChecksumHasher(undefined), /^algorithm must be a string/],
    [() => new ChecksumHasher("CRC32").update(-1), /^bytes must be a Uint8Array/],
  ];
  for (const [fn, message] of cases) {
    assert.throws(fn, (e) => e instanceof Error && !(e instanceof WebAssembly.RuntimeError) && e.code === "InvalidArgument" && message.test(e.message), String(fn));
  }
  // Still accepted: Buffer is a Uint8Array, and a getter that throws is an InvalidOption, not an exception through
  // the module (which would leave the signer borrowed, so that free() could not run).
  assert.equal(checksumBase64("CRC32C", Buffer.from("123456789")), checksumBase64("CRC32C", new TextEncoder().encode("123456789")));
  const hostile = { get contentType() { throw new Error("no"); } };
  assert.throws(() => s.presignPut("k", hostile), (e) => e.code === "InvalidOption" && /could not be read/.test(e.message));
  assert.throws(() => s.presignPut("k", { metadata: hostile }), (e) => e.code === "InvalidOption");
  const parts = [{ partNumber: 1, etag: "e" }];
  Object.defineProperty(parts, 0, { get() { throw new Error("no"); } });
  assert.throws(() => s.completeMultipartUpload("k", "u", parts, {}), (e) => e.code === "InvalidOption");
  assert.throws(() => s.completeMultipartUpload("k", "u", Object.assign([], { length: 2 ** 32 - 1 }), {}), (e) => e.code === "InvalidOption" && /more than 10000/.test(e.message));
  s.free();
});

test("checksums of large arrays cross in slices: the module's memory does not grow by the input's size", () => {
  const big = new Uint8Array(16 << 20).map((_, i) => i * 7);
  checksumBase64("CRC32C", new Uint8Array(1));
  const before = wasmExports.memory.buffer.byteLength;
  const h = new ChecksumHasher("SHA256");
  h.update(big);
  assert.equal(h.digestBase64(), createHash("sha256").update(big).digest("base64"));
  assert.equal(checksumBase64("SHA256", big.subarray(3)), createHash("sha256").update(big.subarray(3)).digest("base64"));
  assert.ok(wasmExports.memory.buffer.byteLength - before < 1 << 20, `memory grew by ${wasmExports.memory.buffer.byteLength - before} B`);
});

test("the secret never appears in results or errors", () => {
  const secret = config.secretAccessKey;
  const s = new S3Signer(config);
  const outputs = [s.presignPut("k", { contentType: "a/b" }), s.presignPost({ key: "k" }), s.createMultipartUpload("k", {}), s.bucketInfo()];
  for (const o of outputs) assert.ok(!JSON.stringify(o).includes(secret));
  try { s.presignPut("", {}); } catch (e) { assert.ok(!e.message.includes(secret)); }
});

test("POST policy carries the conditions and signs the base64", () => {
  const s = new S3Signer(config);
  const post = s.presignPost({ key: "uploads/${filename}", contentLengthRange: [1, 1000], contentType: { startsWith: "image/" }, now: 1_763_856_000_000, expiresIn: 600 });
  assert.equal(post.url, "https://b-1.s3.eu-west-1.amazonaws.com/");
  const policy = JSON.parse(post.policy);
  assert.equal(policy.expiration, "2025-11-23T00:10:00.000Z");
  assert.deepEqual(policy.conditions.find((c) => Array.isArray(c) && c[0] === "content-length-range"), ["content-length-range", 1, 1000]);
  assert.deepEqual(policy.conditions.find((c) => Array.isArray(c) && c[1] === "$key"), ["starts-with", "$key", "uploads/"]);
  assert.deepEqual(policy.conditions.find((c) => Array.isArray(c) && c[1] === "$Content-Type"), ["starts-with", "$Content-Type", "image/"]);
  assert.equal(Buffer.from(post.policyBase64, "base64").toString(), post.policy);
  assert.deepEqual(Object.keys(post.fields), ["key", "Content-Type", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "policy", "x-amz-signature"]);
  assert.match(post.fields["x-amz-signature"], /^[0-9a-f]{64}$/);
});

test("checksums match node:crypto and the CRC catalogue", () => {
  const data = new Uint8Array(100_003).map((_, i) => (i * 31) % 251);
  assert.equal(checksumBase64("SHA256", data), createHash("sha256").update(data).digest("base64"));
  assert.equal(sha256Hex(data), createHash("sha256").update(data).digest("hex"));
  const check = new TextEncoder().encode("123456789");
  assert.equal(checksumBase64("CRC32C", check), Buffer.from("e3069283", "hex").toString("base64"));
  assert.equal(checksumBase64("CRC32", check), Buffer.from("cbf43926", "hex").toString("base64"));
  assert.equal(checksumBase64("CRC64NVME", check), Buffer.from("ae8b14860a799888", "hex").toString("base64"));
  const h = new ChecksumHasher("CRC32C");
  for (let i = 0; i < data.length; i += 4096) h.update(data.subarray(i, i + 4096));
  assert.equal(h.digestBase64(), checksumBase64("CRC32C", data));
  assert.throws(() => h.digestBase64(), (e) => e.code === "InvalidOption");
  assert.throws(() => checksumBase64("MD4", data), (e) => e.code === "InvalidChecksum");
});

test("listings and parsers", () => {
  const rs = regions();
  assert.equal(rs.filter((r) => r.partition === "aws").length, 34);
  assert.ok(rs.some((r) => r.code === "mx-central-1" && r.optIn && typeof r.latitude === "number"));
  assert.ok(storageClasses().some((c) => c.name === "DEEP_ARCHIVE"));
  assert.equal(normalizeStorageClass("GLACIER_INSTANT_RETRIEVAL"), "GLACIER_IR");
  assert.equal(partSizeFor(100 * 2 ** 30, 5 * 2 ** 20), Math.ceil(100 * 2 ** 30 / 10000));
  const page = parseListParts("<ListPartsResult><UploadId>u</UploadId><IsTruncated>false</IsTruncated><Part><PartNumber>1</PartNumber><ETag>\"a\"</ETag><Size>5</Size></Part></ListPartsResult>");
  assert.deepEqual(page.parts.map((p) => [p.partNumber, p.etag, p.size]), [[1, "\"a\"", 5]]);
  const failed = parseCompleteMultipartUpload("<Error><Code>InternalError</Code><Message>m</Message></Error>");
  assert.equal(failed.completed, false);
  assert.equal(failed.error.code, "InternalError");
  assert.equal(parseError("<Error><Code>PermanentRedirect</Code><Message>m</Message><Endpoint>b.s3.eu-west-2.amazonaws.com</Endpoint></Error>").regionHint, "eu-west-2");
  assert.throws(() => parseListParts("<nope"), (e) => e.code === "MalformedResponse");
});

test("ListMultipartUploads: a header-signed GET /?uploads, and its answer with times as numbers", () => {
  const s = new S3Signer(config);
  const r = s.listMultipartUploads({ prefix: "uploads/", keyMarker: "uploads/a", uploadIdMarker: "u-1", maxUploads: 2, now: 0 });
  assert.equal(r.method, "GET");
  assert.equal(r.url, "https://b-1.s3.eu-west-1.amazonaws.com/?key-marker=uploads%2Fa&max-uploads=2&prefix=uploads%2F&upload-id-marker=u-1&uploads=");
  assert.match(r.headers.authorization, /SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/);
  assert.equal(s.listMultipartUploads({ now: 0 }).url, "https://b-1.s3.eu-west-1.amazonaws.com/?uploads=");
  for (const [options, code] of [
    [{ uploadIdMarker: "u-1" }, "InvalidMultipart"],
    [{ maxUploads: 1001 }, "InvalidMultipart"],
    [{ maxUploads: "5" }, "InvalidOption"],
    [{ keyMarker: "" }, "InvalidObjectKey"],
    [{ delimiter: "/" }, "InvalidOption"],
  ]) {
    assert.throws(() => s.listMultipartUploads(options), (e) => e.code === code, JSON.stringify(options));
  }

  const page = parseListMultipartUploads(`<?xml version="1.0" encoding="UTF-8"?>
<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>b-1</Bucket><Prefix>up/</Prefix>
<NextKeyMarker>up/b</NextKeyMarker><NextUploadIdMarker>id-2</NextUploadIdMarker><IsTruncated>true</IsTruncated>
<Upload><Key>up/a&amp;1</Key><UploadId>id-1</UploadId><Initiator><ID>x</ID></Initiator><StorageClass>STANDARD_IA</StorageClass><Initiated>2026-12-02T08:00:00.250Z</Initiated></Upload>
<Upload><Key>up/b</Key><UploadId>id-2</UploadId><Initiated>2026-12-02T09:00:00Z</Initiated></Upload></ListMultipartUploadsResult>`);
  assert.deepEqual(page, {
    uploads: [
      { key: "up/a&1", uploadId: "id-1", initiated: Date.parse("2026-12-02T08:00:00.250Z"), storageClass: "STANDARD_IA" },
      { key: "up/b", uploadId: "id-2", initiated: Date.parse("2026-12-02T09:00:00Z"), storageClass: "STANDARD" },
    ],
    isTruncated: true,
    nextKeyMarker: "up/b",
    nextUploadIdMarker: "id-2",
    prefix: "up/",
  });
  const empty = parseListMultipartUploads("<ListMultipartUploadsResult><Prefix></Prefix><NextKeyMarker/><IsTruncated>false</IsTruncated></ListMultipartUploadsResult>");
  assert.deepEqual(empty, { uploads: [], isTruncated: false });
  assert.throws(() => parseListMultipartUploads("<Error><Code>AccessDenied</Code><Message>m</Message></Error>"), (e) => e.code === "MalformedResponse" && /parse_error/.test(e.message));
  assert.throws(() => parseListMultipartUploads("<ListMultipartUploadsResult><Upload><Key>k</Key><UploadId>u</UploadId><Initiated>soon</Initiated></Upload></ListMultipartUploadsResult>"), (e) => e.code === "MalformedResponse" && /ISO 8601/.test(e.message));
});

test("wasm memory does not grow over many presigns", () => {
  const s = new S3Signer(config);
  const opts = { contentType: "image/jpeg", contentLength: 1234, now: 1_763_856_000_000 };
  for (let i = 0; i < 1000; i++) s.presignPut(`k/${i}`, opts);
  const before = wasmExports.memory.buffer.byteLength;
  for (let i = 0; i < 100_000; i++) s.presignPut(`k/${i}`, opts);
  assert.equal(wasmExports.memory.buffer.byteLength, before);
});

test("bucket CORS for diagnostics: GetBucketCors signed, parsed, evaluated first-match, rebuilt as XML", () => {
  const { parseCorsConfiguration, evaluateCors, corsConfigurationXml } = pkg;
  const s = new S3Signer(config);
  const get = s.getBucketCors({ now: 0 });
  assert.equal(get.method, "GET");
  assert.equal(get.url, "https://b-1.s3.eu-west-1.amazonaws.com/?cors=");
  assert.match(get.headers.authorization, /SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/);

  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <CORSRule><ID>reads</ID><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>
  <CORSRule><AllowedOrigin>https://*.example.com</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><AllowedMethod>POST</AllowedMethod>
    <AllowedHeader>Content-Type</AllowedHeader><AllowedHeader>x-amz-*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3600</MaxAgeSeconds></CORSRule>
</CORSConfiguration>`;
  const rules = parseCorsConfiguration(xml);
  assert.deepEqual(rules, [
    { id: "reads", allowedOrigins: ["*"], allowedMethods: ["GET"], allowedHeaders: [], exposeHeaders: [] },
    { allowedOrigins: ["https://*.example.com"], allowedMethods: ["PUT", "POST"], allowedHeaders: ["Content-Type", "x-amz-*"], exposeHeaders: ["ETag"], maxAgeSeconds: 3600 },
  ]);

  const put = { origin: "https://app.example.com", method: "PUT", headers: ["content-type, x-amz-checksum-crc32c"], expose: ["etag"] };
  assert.deepEqual(evaluateCors(rules, put), { allowed: true, rule: 1, missing: { origin: false, method: false, headers: [] }, missingExpose: [] });
  assert.deepEqual(evaluateCors(rules, { origin: "https://x.test", method: "GET" }), { allowed: true, rule: 0, missing: { origin: false, method: false, headers: [] }, missingExpose: [] });
  // Not allowed: measured against the closest rule, the one a fix would extend.
  assert.deepEqual(evaluateCors(rules, { ...put, origin: "http://localhost:8787", headers: ["content-type", "range"], expose: ["ETag", "x-amz-version-id"] }), {
    allowed: false, closestRule: 1, missing: { origin: true, method: false, headers: ["range"] }, missingExpose: ["x-amz-version-id"],
  });
  assert.deepEqual(evaluateCors([], put), { allowed: false, missing: { origin: true, method: true, headers: ["content-type", "x-amz-checksum-crc32c"] }, missingExpose: ["etag"] });

  // The fix: the closest rule with the missing origin added, written back as XML that parses to the same rules.
  const fixed = rules.map((r, i) => (i === 1 ? { ...r, allowedOrigins: [...r.allowedOrigins, "http://localhost:8787"] } : r));
  const body = corsConfigurationXml(fixed);
  assert.match(body, /^<CORSConfiguration xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/"><CORSRule><ID>reads<\/ID>/);
  assert.deepEqual(parseCorsConfiguration(body), fixed);
  assert.equal(evaluateCors(parseCorsConfiguration(body), { ...put, origin: "http://localhost:8787" }).allowed, true);
  // Input rules may leave out the optional lists.
  assert.equal(corsConfigurationXml([{ allowedOrigins: ["*"], allowedMethods: ["GET"] }]),
    '<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>');

  for (const [fn, code, message] of [
    [() => corsConfigurationXml([]), "InvalidCorsConfiguration", /DeleteBucketCors/],
    [() => corsConfigurationXml([{ allowedOrigins: ["*"], allowedMethods: ["PATCH"] }]), "InvalidCorsConfiguration", /GET, PUT, POST, DELETE and HEAD/],
    [() => corsConfigurationXml([{ allowedOrigins: ["https://*.*.x"], allowedMethods: ["GET"] }]), "InvalidCorsConfiguration", /one \* wildcard/],
    [() => corsConfigurationXml([{ allowedOrigins: "*", allowedMethods: ["GET"] }]), "InvalidOption", /rules\[\]\.allowedOrigins must be an array of strings/],
    [() => corsConfigurationXml([{ allowedOrigins: ["*"], allowedMethods: ["GET"], maxAge: 5 }]), "InvalidOption", /unknown option "maxAge"/],
    [() => corsConfigurationXml("<CORSConfiguration/>"), "InvalidArgument", /^rules must be an array, got string$/],
    [() => evaluateCors(rules, { method: "GET" }), "InvalidOption", /request\.origin is required/],
    [() => evaluateCors(rules, { origin: "o", method: "GET", headers: "content-type" }), "InvalidOption", /request\.headers must be an array/],
    [() => evaluateCors([null], put), "InvalidOption", /rules\[0\] must be an object/],
    [() => parseCorsConfiguration("<CORSConfiguration><CORSRule>"), "MalformedResponse", /ends inside an element/],
    [() => parseCorsConfiguration("<Error><Code>NoSuchCORSConfiguration</Code><Message>m</Message></Error>"), "MalformedResponse", /parse_error/],
    [() => parseCorsConfiguration(7), "InvalidArgument", /^xml must be a string, got number$/],
  ]) {
    assert.throws(fn, (e) => e instanceof Error && e.code === code && message.test(e.message), `${code} ${message}`);
  }
  // A missing configuration is S3's error document, read with parseError.
  assert.equal(parseError("<Error><Code>NoSuchCORSConfiguration</Code><Message>The CORS configuration does not exist</Message></Error>").code, "NoSuchCORSConfiguration");
});

test("bucket lifecycle for diagnostics: signed GET, summarised rules, abort days under a prefix, rebuilt XML", () => {
  const { parseLifecycleConfiguration, lifecycleAbortDays, lifecycleConfigurationXml } = pkg;
  const s = new S3Signer({ ...config, bucket: "my.dotted.bucket" });
  assert.equal(s.getBucketLifecycle({ now: 0 }).url, "https://s3.eu-west-1.amazonaws.com/my.dotted.bucket?lifecycle=");

  const rules = parseLifecycleConfiguration(`<LifecycleConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Rule><ID>abort</ID><Filter><Prefix>uploads/</Prefix></Filter><Status>Enabled</Status>
    <AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>
  <Rule><ID>old logs</ID><Prefix>logs/</Prefix><Status>Enabled</Status><Expiration><Days>30</Days></Expiration></Rule>
  <Rule><ID>tagged</ID><Filter><And><Prefix>uploads/</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></And></Filter><Status>Enabled</Status>
    <Expiration><Days>1</Days></Expiration></Rule>
  <Rule><ID>off</ID><Filter/><Status>Disabled</Status><AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>
</LifecycleConfiguration>`);
  assert.deepEqual(rules, [
    { id: "abort", enabled: true, prefix: "uploads/", abortIncompleteMultipartUploadDays: 7, tags: false, objectSize: false, otherActions: false },
    { id: "old logs", enabled: true, prefix: "logs/", expirationDays: 30, tags: false, objectSize: false, otherActions: false },
    { id: "tagged", enabled: true, prefix: "uploads/", expirationDays: 1, tags: true, objectSize: false, otherActions: false },
    { id: "off", enabled: false, prefix: "", abortIncompleteMultipartUploadDays: 1, tags: false, objectSize: false, otherActions: false },
  ]);
  assert.equal(lifecycleAbortDays(rules, "uploads/2026/12/"), 7);
  assert.equal(lifecycleAbortDays(rules, "uploads/"), 7);
  assert.equal(lifecycleAbortDays(rules, "up"), null, "a rule for uploads/ does not cover every key under up");
  assert.equal(lifecycleAbortDays(rules, "logs/"), null, "expiring objects does not abort uploads");

  // The fix keeps every rule that can be rebuilt and adds one for the worker's prefix.
  const kept = rules.filter((r) => !r.tags && !r.objectSize && !r.otherActions);
  const fix = [...kept, { id: "abort-worker-uploads", enabled: true, prefix: "worker/", abortIncompleteMultipartUploadDays: 1 }];
  const body = lifecycleConfigurationXml(fix);
  assert.match(body, /<Rule><ID>abort-worker-uploads<\/ID><Filter><Prefix>worker\/<\/Prefix><\/Filter><Status>Enabled<\/Status><AbortIncompleteMultipartUpload><DaysAfterInitiation>1<\/DaysAfterInitiation>/);
  assert.equal(lifecycleAbortDays(parseLifecycleConfiguration(body), "worker/a/"), 1);
  assert.equal(parseLifecycleConfiguration(body).length, 4);

  for (const [fn, code, message] of [
    [() => lifecycleConfigurationXml(rules), "InvalidLifecycleConfiguration", /cannot be rebuilt/],
    [() => lifecycleConfigurationXml([{ enabled: true, prefix: "a/" }]), "InvalidLifecycleConfiguration", /needs an action/],
    [() => lifecycleConfigurationXml([{ enabled: true, expirationDays: 0 }]), "InvalidLifecycleConfiguration", /from 1/],
    [() => lifecycleConfigurationXml([{ prefix: "a/", expirationDays: 1 }]), "InvalidOption", /rules\[0\]\.enabled is required/],
    [() => lifecycleConfigurationXml([{ enabled: "yes", expirationDays: 1 }]), "InvalidOption", /enabled must be a boolean/],
    [() => lifecycleAbortDays(rules, 5), "InvalidArgument", /^prefix must be a string, got number$/],
    [() => lifecycleAbortDays({}, "a"), "InvalidArgument", /^rules must be an array/],
    [() => parseLifecycleConfiguration("<LifecycleConfiguration><Rule><ID>x</ID></Rule></LifecycleConfiguration>"), "MalformedResponse", /Status/],
  ]) {
    assert.throws(fn, (e) => e instanceof Error && e.code === code && message.test(e.message), `${code} ${message}`);
  }
});

test("presign: any S3 request, bucket-level included; only SigV4's own parameters and headers are refused", () => {
  const s = new S3Signer(config);
  const list = s.presign({ method: "GET", query: { "list-type": "2", prefix: "uploads/" }, expiresIn: 60, now: 0 });
  assert.equal(list.method, "GET");
  assert.match(list.url, /^https:\/\/b-1\.s3\.eu-west-1\.amazonaws\.com\/\?X-Amz-Algorithm=AWS4-HMAC-SHA256&.*&X-Amz-SignedHeaders=host&list-type=2&prefix=uploads%2F&X-Amz-Signature=[0-9a-f]{64}$/);
  assert.deepEqual(list.headers, {});
  assert.equal(list.expiresAt, 60_000);
  const create = s.presign({ method: "post", key: "big.bin", query: { uploads: "" }, headers: { "Content-Type": "video/mp4" }, now: 0 });
  assert.equal(create.method, "POST");
  assert.deepEqual(create.headers, { "content-type": "video/mp4" });
  assert.match(create.url, /big\.bin\?X-Amz-.*&X-Amz-SignedHeaders=content-type%3Bhost&uploads=&X-Amz-Signature=/);
  for (const [spec, code, message] of [
    [{ method: "GET", query: { "X-Amz-Signature": "x" } }, "InvalidQueryParameter", /set by the signer/],
    [{ method: "GET", query: { "x-amz-credential": "x" } }, "InvalidQueryParameter", /set by the signer/],
    [{ method: "GET", query: { "X-Amz-Security-Token": "x" } }, "InvalidQueryParameter", /set by the signer/],
    [{ method: "GET", headers: { Host: "elsewhere" } }, "InvalidHeaderName", /set by the signer/],
    [{ method: "GET", headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } }, "InvalidHeaderName", /set by the signer/],
    [{ method: "GET", headers: { "x-evil": "a\r\nb" } }, "InvalidHeaderValue", /control characters/],
    [{ method: "PATCH" }, "InvalidHeaderValue", /GET, PUT, POST, HEAD or DELETE/],
    [{ method: "GET", key: "" }, "InvalidObjectKey", /empty/],
    [{ method: "GET", expiresIn: 604_801 }, "ExpiresOutOfRange", /604800/],
    [{ key: "k" }, "InvalidOption", /request\.method is required/],
    [{ method: "GET", expires: 5 }, "InvalidOption", /unknown option "expires"/],
  ]) {
    assert.throws(() => s.presign(spec), (e) => e.code === code && message.test(e.message), JSON.stringify(spec));
  }
  // Other X-Amz-* parameters are S3's, not SigV4's: they are signed like any other.
  assert.match(s.presign({ method: "GET", key: "k", query: { "x-amz-checksum-mode": "ENABLED" }, now: 0 }).url, /&x-amz-checksum-mode=ENABLED&X-Amz-Signature=/);
});

test("partNumber on GET and HEAD presigns, refused elsewhere", () => {
  const s = new S3Signer(config);
  assert.match(s.presignGet("big.bin", { partNumber: 3, now: 0 }).url, /&partNumber=3&X-Amz-Signature=/);
  assert.match(s.presignHead("big.bin", { partNumber: 10_000, now: 0 }).url, /&partNumber=10000&X-Amz-Signature=/);
  assert.throws(() => s.presignPut("big.bin", { partNumber: 1 }), (e) => e.code === "OptionNotApplicable" && /partNumber/.test(e.message));
  assert.throws(() => s.presignGet("big.bin", { partNumber: 0 }), (e) => e.code === "InvalidPartNumber");
  assert.throws(() => s.presignGet("big.bin", { partNumber: 10_001 }), (e) => e.code === "InvalidPartNumber");
  assert.throws(() => s.presignGet("big.bin", { query: { partNumber: "2" } }), (e) => e.code === "InvalidQueryParameter");
});

test("storage classes: GLACIER_DEEP_ARCHIVE, and what each class is chosen for", () => {
  assert.equal(normalizeStorageClass("GLACIER_DEEP_ARCHIVE"), "DEEP_ARCHIVE");
  const s = new S3Signer(config);
  assert.equal(s.presignPut("k", { storageClass: "glacier_deep_archive", now: 0 }).headers["x-amz-storage-class"], "DEEP_ARCHIVE");
  const byName = Object.fromEntries(storageClasses().map((c) => [c.name, c]));
  assert.deepEqual(byName.DEEP_ARCHIVE, {
    name: "DEEP_ARCHIVE", description: byName.DEEP_ARCHIVE.description, aliases: ["GLACIER_DEEP_ARCHIVE"], minStorageDays: 180,
    minBillableBytes: 40 * 1024, retrieval: "hours", availabilityZones: 3, firstByteLatency: "restore first: within 12 hours (standard), within 48 hours (bulk)",
  });
  assert.deepEqual([byName.STANDARD_IA.minStorageDays, byName.STANDARD_IA.minBillableBytes, byName.STANDARD_IA.retrieval], [30, 128 * 1024, "immediate"]);
  assert.deepEqual([byName.ONEZONE_IA.availabilityZones, byName.EXPRESS_ONEZONE.availabilityZones, byName.OUTPOSTS.availabilityZones], [1, 1, null]);
  assert.deepEqual([byName.GLACIER.retrieval, byName.GLACIER.minStorageDays, byName.GLACIER.aliases], ["minutes-hours", 90, ["GLACIER_FLEXIBLE_RETRIEVAL"]]);
  assert.deepEqual(byName.GLACIER_IR.aliases, ["GLACIER_INSTANT_RETRIEVAL"]);
  for (const c of storageClasses()) {
    assert.equal(normalizeStorageClass(c.name), c.name);
    for (const alias of c.aliases) assert.equal(normalizeStorageClass(alias), c.name);
    assert.ok(Number.isInteger(c.minStorageDays) && Number.isInteger(c.minBillableBytes) && c.firstByteLatency.length > 0, c.name);
  }
  assert.throws(() => normalizeStorageClass("DEEP_GLACIER"), (e) => e.code === "InvalidStorageClass" && /GLACIER_DEEP_ARCHIVE/.test(e.message));
});

test("the AWS European Sovereign Cloud, and region hints from any known partition", () => {
  const eusc = regions().find((r) => r.code === "eusc-de-east-1");
  assert.deepEqual(eusc, { code: "eusc-de-east-1", name: "AWS European Sovereign Cloud (Germany)", partition: "aws-eusc", optIn: false, latitude: 52.4, longitude: 13.1 });
  const s = new S3Signer({ ...config, region: "eusc-de-east-1" });
  assert.equal(s.bucketInfo().host, "b-1.s3.eusc-de-east-1.amazonaws.eu");
  assert.throws(() => new S3Signer({ ...config, region: "eusc-de-east-1", accelerate: true }), (e) => e.code === "InvalidEndpoint");
  // Discovery and hints take any well-formed region of a known partition; the signer still needs a known one.
  for (const region of ["eusc-de-east-1", "eusc-de-west-2", "us-isob-east-1", "ap-southeast-9"]) assert.equal(pkg.parseBucketRegion(region), region);
  assert.throws(() => pkg.parseBucketRegion("xx-future-9"), (e) => e.code === "MalformedResponse");
  assert.equal(parseError("<Error><Code>PermanentRedirect</Code><Message>m</Message><Endpoint>b.s3.eusc-de-east-1.amazonaws.eu</Endpoint></Error>").regionHint, "eusc-de-east-1");
  assert.throws(() => new S3Signer({ ...config, region: "eusc-de-west-2" }), (e) => e.code === "InvalidRegion" && /endpoint/.test(e.message));
  assert.equal(new S3Signer({ ...config, region: "eusc-de-west-2", endpoint: "https://s3.eusc-de-west-2.amazonaws.eu", backend: "aws" }).bucketInfo().region, "eusc-de-west-2");
});

test("presignPost: a field with a typed option is refused with the option to use", () => {
  const s = new S3Signer(config);
  for (const [field, option] of [
    ["x-amz-server-side-encryption", /use sse \(AES256, aws:kms or aws:kms:dsse/],
    ["x-amz-server-side-encryption-aws-kms-key-id", /use sseKmsKeyId/],
    ["x-amz-server-side-encryption-context", /use sseContext/],
    ["x-amz-server-side-encryption-bucket-key-enabled", /use sseBucketKeyEnabled/],
    ["Content-Type", /use contentType/],
    ["x-amz-storage-class", /use storageClass/],
    ["success_action_status", /use successActionStatus/],
  ]) {
    assert.throws(() => s.presignPost({ key: "k", fields: { [field]: "v" } }), (e) => e.code === "InvalidPostPolicy" && option.test(e.message) && !/x-amz-server-side-encryption\*/.test(e.message), field);
  }
  // The typed options do the job, and SSE-C fields (no typed option) still pass.
  const post = s.presignPost({ key: "k", sse: "AES256", fields: { "x-amz-server-side-encryption-customer-algorithm": "AES256" }, now: 0 });
  assert.equal(post.fields["x-amz-server-side-encryption"], "AES256");
  assert.equal(post.fields["x-amz-server-side-encryption-customer-algorithm"], "AES256");
});
