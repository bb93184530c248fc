// The S3 servers the interop suite runs against, read from the environment that `scripts/s3-servers.sh start`
// writes, and what each of them is known to enforce. Every case runs once per server; a server whose variables are
// all absent is skipped with the reason printed, a partly configured one fails, and no server at all fails.
//
// The expectations below are facts about the two implementations (Garage 2.5.0, s3s-fs 0.17.0) read from their
// sources and confirmed on the wire. Where a server does not enforce a rule, the case still runs and asserts that
// server's actual answer, so a change in either direction is noticed.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { initSync, S3Signer, parseListObjects } from "../../pkg/s3_edge_signer.js";
import { send, expectAccepted } from "./exchange.mjs";

initSync({ module: readFileSync(fileURLToPath(new URL("../../pkg/s3_edge_signer_bg.wasm", import.meta.url))) });

/** Generous per-case limit so a hung connection fails the case instead of stalling the run. */
export const CASE_TIMEOUT_MS = 30_000;

const BASE = [
  {
    id: "garage",
    label: "Garage",
    env: "S3ES_GARAGE",
    expect: {
      // garage_api_common signature/payload.rs compares the credential scope with its configured s3_region.
      checksScopeRegion: true,
      // Header-signed requests are refused only when X-Amz-Date is more than 24 h old; a future date passes.
      rejectsClockSkew: false,
      // garage_api_s3 put.rs has no conditional-write check: If-None-Match on PutObject is signed and verified,
      // but an overwrite succeeds.
      conditionalPut: false,
      // Any storage class is accepted (and ignored).
      storageClassAccepted: "STANDARD_IA",
      storageClassRefused: null,
      // A part smaller than 5 MiB that is not the last one is not refused at CompleteMultipartUpload.
      refusesSmallParts: false,
      // HeadBucket answers an empty 200 (api_server.rs): no x-amz-bucket-region header.
      bucketRegionHeader: false,
      // ListParts of an aborted upload: 404 NoSuchUpload.
      listPartsAfterAbort: "NoSuchUpload",
      // An XML request body (CompleteMultipartUpload) that does not match its signed hash: 400 InvalidDigest.
      xmlBodyHashMismatch: "4xx",
      // ListMultipartUploads is implemented (garage_api_s3 list.rs handle_list_multipart_upload).
      listMultipartUploads: "supported",
      // Get/Put/DeleteBucketCors and the lifecycle configuration are implemented (garage_api_s3 cors.rs,
      // lifecycle.rs), and preflights are answered from the stored CORS rules.
      bucketConfiguration: "supported",
      // SSE-C is implemented (garage_api_s3 encryption.rs): objects are encrypted with the customer key, a GET
      // without it is 400 InvalidRequest, with another key 400 (AWS: 403).
      sseC: "encrypts",
      // GET and HEAD with partNumber answer 206 with that part and x-amz-mp-parts-count (garage_api_s3 get.rs).
      partNumberReads: true,
    },
    // Garage keeps keys as opaque strings: every key is stored and listed exactly as sent.
    storedKey: (key) => ({ storedAs: key }),
  },
  {
    id: "s3s",
    label: "s3s-fs",
    env: "S3ES_S3S",
    expect: {
      // s3s-fs runs without a region and does not compare the scope's region.
      checksScopeRegion: false,
      // s3s ops/signature.rs: |server time - X-Amz-Date| > 15 min is RequestTimeTooSkewed.
      rejectsClockSkew: true,
      // s3s-fs put_object: If-None-Match: * on an existing key is 412 PreconditionFailed.
      conditionalPut: true,
      // s3s-fs put_object accepts only STANDARD and REDUCED_REDUNDANCY; other classes are InvalidStorageClass.
      storageClassAccepted: "REDUCED_REDUNDANCY",
      storageClassRefused: { storageClass: "STANDARD_IA", code: "InvalidStorageClass" },
      refusesSmallParts: true,
      bucketRegionHeader: false,
      // s3s-fs does not track upload ids for ListParts: an aborted upload lists as an empty page.
      listPartsAfterAbort: "empty",
      // s3s 0.17 detects the mismatch (its log: "source: Sha256Mismatch") while reading an XML body, but answers
      // 500 InternalError instead of a 4xx. The request is still refused; a raw PUT body mismatch is 400 BadDigest.
      xmlBodyHashMismatch: "500",
      // s3s-fs 0.17 does not implement ListMultipartUploads: s3s's default S3::list_multipart_uploads answers 501
      // NotImplemented, after the signature check.
      listMultipartUploads: "NotImplemented",
      // Nor GetBucketCors or GetBucketLifecycleConfiguration: 501 NotImplemented after the signature check.
      bucketConfiguration: "NotImplemented",
      // The SSE-C headers are signed and checked, then ignored: the object is stored and served in the clear.
      sseC: "ignored",
      // partNumber is signed and checked, then ignored: GET and HEAD answer 200 with the whole object.
      partNumberReads: false,
    },
    storedKey: filesystemKey,
  },
];

/**
 * Where s3s-fs keeps a key: it is a file path under the bucket directory, so `//` and `.` collapse and `..` climbs;
 * a key that names a directory (a trailing `/`, a final `..`) cannot be an object. Every PUT also writes
 * `.bucket-<base64(bucket)>.object-<base64(key)>.metadata.json` (fs.rs get_metadata_path), one file name limited to
 * NAME_MAX (255 bytes), so keys longer than about 157 bytes (with "test-bucket") fail there with 500 after the
 * signature check. Returns `{ storedAs }` (the name it is listed under) or `{ unstorable }` (why not).
 */
function filesystemKey(key, bucket) {
  const b64Length = (s) => Math.ceil((Buffer.byteLength(s) * 4) / 3);
  const metadataFile = ".bucket-".length + b64Length(bucket) + ".object-".length + b64Length(key) + ".metadata.json".length;
  if (metadataFile > 255) {
    return { unstorable: `its metadata file name would be ${metadataFile} bytes, over NAME_MAX (255) on s3s-fs` };
  }
  if (key.endsWith("/")) return { unstorable: "a key ending in / names a directory on s3s-fs" };
  const segments = key.split("/");
  if (segments.at(-1) === "..") return { unstorable: "a key ending in /.. names a directory on s3s-fs" };
  const path = [];
  for (const segment of segments) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (path.length === 0) return { unstorable: "the key climbs above the bucket directory on s3s-fs" };
      path.pop();
      continue;
    }
    path.push(segment);
  }
  return { storedAs: path.join("/") };
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

function describeServer(base) {
  const env = process.env;
  const names = ["ENDPOINT", "REGION", "ACCESS_KEY_ID", "SECRET_ACCESS_KEY"].map((n) => `${base.env}_${n}`);
  const present = names.filter((n) => env[n]);
  if (present.length === 0) {
    return { ...base, skip: `${base.label}: ${names.join(", ")} are not set (run scripts/s3-servers.sh start all)` };
  }
  const missing = names.filter((n) => !env[n]);
  if (!env.S3ES_BUCKET) missing.push("S3ES_BUCKET");
  if (missing.length > 0) return { ...base, misconfigured: `${base.label}: ${missing.join(", ")} not set` };
  const endpoint = env[`${base.env}_ENDPOINT`];
  // The suite writes and deletes objects: it must only ever talk to the local test servers.
  if (!LOOPBACK.has(new URL(endpoint).hostname)) {
    return { ...base, misconfigured: `${base.label}: ${endpoint} is not a loopback address` };
  }
  const config = {
    accessKeyId: env[`${base.env}_ACCESS_KEY_ID`],
    secretAccessKey: env[`${base.env}_SECRET_ACCESS_KEY`],
    bucket: env.S3ES_BUCKET,
    region: env[`${base.env}_REGION`],
    endpoint,
    // Node's resolver does not resolve *.localhost virtual hosts; both servers take path-style requests.
    addressing: "path",
  };
  return {
    ...base,
    region: config.region,
    bucket: config.bucket,
    storedKey: (key) => base.storedKey(key, config.bucket),
    dataDir: env[`${base.env}_DATA_DIR`] || null,
    signer: new S3Signer(config),
    /** A signer for the same server and credentials with other settings (another region, say). */
    signerWith: (overrides) => new S3Signer({ ...config, ...overrides }),
  };
}

export const SERVERS = BASE.map(describeServer);

/** A key prefix unique to this run and test file, so runs never see each other's objects. */
export function runPrefix(topic) {
  return `interop-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}/${topic}/`;
}

/**
 * Registers `register(server)` inside a `describe` per server. Each case name must still name its server: use
 * `server.label` in it. After the cases, every object under `prefix` is deleted through the signer and the
 * listing must come back empty, so the suite leaves nothing behind.
 */
export function forEachServer(prefix, register) {
  const usable = SERVERS.filter((s) => !s.skip);
  if (usable.length === 0) {
    test("at least one S3 server is configured", () => {
      assert.fail(`no S3 server is configured:\n${SERVERS.map((s) => s.skip).join("\n")}`);
    });
    return;
  }
  for (const server of SERVERS) {
    if (server.skip) {
      // A skipped test rather than a skipped suite, so the runner's summary counts it.
      test(`${server.label}: every case`, { skip: server.skip }, () => {});
      continue;
    }
    if (server.misconfigured) {
      test(`${server.label}: configuration`, () => assert.fail(server.misconfigured));
      continue;
    }
    describe(server.label, () => {
      register(server);
      after(async () => {
        const left = await listKeys(server, prefix);
        for (const key of left) {
          const del = await send(server.signer.presignDelete(key, {}), { transport: "http" });
          assert.ok(del.status === 204 || del.status === 200, `${server.label}: cleanup DELETE of ${JSON.stringify(key)} answered ${del.status}`);
        }
        assert.deepEqual(await listKeys(server, prefix), [], `${server.label}: objects left under ${prefix} after cleanup`);
      });
    });
  }
}

/** Every key under `prefix`, through ListObjectsV2 signed by the signer (following continuation tokens). */
export async function listKeys(server, prefix) {
  return (await listObjects(server, prefix)).map((o) => o.key);
}

/** Every listed object (key, size, etag) under `prefix`. */
export async function listObjects(server, prefix) {
  const objects = [];
  let continuationToken;
  for (let page = 0; page < 100; page++) {
    const res = await send(server.signer.listObjects({ prefix, continuationToken }));
    expectAccepted(null, server, `ListObjectsV2 prefix=${JSON.stringify(prefix)}`, res);
    const parsed = parseListObjects(res.text);
    objects.push(...parsed.objects);
    if (!parsed.isTruncated) return objects;
    continuationToken = parsed.nextContinuationToken;
  }
  throw new Error(`${server.label}: more than 100 listing pages under ${prefix}`);
}

/** Byte-wise order, as S3 lists keys. */
export function byteOrder(a, b) {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
