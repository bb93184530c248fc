// Multipart upload as the worker and the page share it: the worker header-signs CreateMultipartUpload, the page
// PUTs parts in parallel to presigned UploadPart URLs, the worker lists the parts and completes (or aborts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import {
  parseCompleteMultipartUpload,
  parseInitiateMultipartUpload,
  parseListMultipartUploads,
  parseListParts,
} from "../../pkg/s3_edge_signer.js";
import { byteOrder, CASE_TIMEOUT_MS, forEachServer, listKeys, runPrefix } from "./s3-servers.mjs";
import { expectAccepted, expectRejected, send } from "./exchange.mjs";

const PREFIX = runPrefix("multipart");
const MiB = 1024 * 1024;
// Parts of at least 5 MiB except the last: s3s-fs refuses smaller non-last parts (EntityTooSmall), as AWS does.
const PART_SIZES = [5 * MiB, 5 * MiB, 1234];
const md5 = (bytes) => createHash("md5").update(bytes);

forEachServer(PREFIX, (server) => {
  const s3 = server.signer;

  async function create(t, key, options = {}) {
    const req = s3.createMultipartUpload(key, options);
    assert.equal(req.method, "POST");
    assert.match(req.headers.authorization, /^AWS4-HMAC-SHA256 Credential=/, "CreateMultipartUpload is header-signed");
    const res = await send(req);
    expectAccepted(t, server, `header-signed CreateMultipartUpload of ${key.slice(PREFIX.length)}`, res);
    const initiated = parseInitiateMultipartUpload(res.text);
    assert.equal(initiated.key, key);
    assert.equal(initiated.bucket, server.bucket);
    return initiated.uploadId;
  }

  async function listParts(key, uploadId) {
    return send(s3.listParts(key, uploadId, {}));
  }

  test(`${server.label}: create, parallel presigned parts, list, complete, byte-identical read-back`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const key = `${PREFIX}big object+(multipart) ü!.bin`;
    const data = randomBytes(PART_SIZES.reduce((a, b) => a + b));
    const chunks = [];
    for (let offset = 0, i = 0; i < PART_SIZES.length; offset += PART_SIZES[i], i++) chunks.push(data.subarray(offset, offset + PART_SIZES[i]));

    const uploadId = await create(t, key, { contentType: "application/x-test-archive", metadata: { origin: "interop" } });

    const parts = await Promise.all(
      chunks.map(async (chunk, i) => {
        const partNumber = i + 1;
        const put = s3.presignUploadPart(key, uploadId, partNumber, { contentLength: chunk.length });
        assert.match(put.url, new RegExp(`[?&]partNumber=${partNumber}&`));
        const res = await send(put, { body: chunk });
        expectAccepted(null, server, `presigned UploadPart ${partNumber} (${chunk.length} bytes)`, res);
        assert.equal(res.headers.etag, `"${md5(chunk).digest("hex")}"`, `${server.label}: part ${partNumber} ETag`);
        return { partNumber, etag: res.headers.etag };
      }),
    );
    t.diagnostic(`${server.label} accepted ${parts.length} presigned UploadPart requests sent in parallel`);

    const listed = await listParts(key, uploadId);
    expectAccepted(t, server, "header-signed ListParts", listed);
    const page = parseListParts(listed.text);
    assert.equal(page.uploadId, uploadId);
    assert.equal(page.isTruncated, false);
    // s3s-fs lists parts in directory order, Garage by number.
    const byNumber = [...page.parts].sort((a, b) => a.partNumber - b.partNumber);
    assert.deepEqual(byNumber.map((p) => [p.partNumber, p.etag, p.size]), parts.map((p, i) => [p.partNumber, p.etag, chunks[i].length]));

    // The completion body is signed (x-amz-content-sha256): dropping a part after signing is refused.
    const complete = s3.completeMultipartUpload(key, uploadId, parts, {});
    assert.equal(complete.method, "POST");
    const edited = complete.body.replace(/<Part>(?:(?!<Part>).)*<PartNumber>3<\/PartNumber><\/Part>/, "");
    assert.notEqual(edited, complete.body);
    const tampered = await send(complete, { body: edited });
    if (server.expect.xmlBodyHashMismatch === "500") {
      assert.equal(tampered.status, 500, `${server.label} answered ${tampered.status} to a completion body edited after signing`);
      assert.equal(tampered.error?.code, "InternalError");
      t.diagnostic(`${server.label} refused a CompleteMultipartUpload body edited after signing, with 500 InternalError (see s3-servers.mjs)`);
    } else {
      expectRejected(t, server, "a CompleteMultipartUpload body edited after signing", tampered);
    }

    const done = await send(complete, { body: complete.body });
    expectAccepted(t, server, "header-signed CompleteMultipartUpload", done);
    const outcome = parseCompleteMultipartUpload(done.text);
    assert.equal(outcome.completed, true, `${server.label}: CompleteMultipartUpload answered 200 with an error: ${done.text}`);
    assert.equal(outcome.key, key);
    // The multipart ETag: MD5 of the concatenated part MD5s, then "-<part count>", computed here independently.
    const expectedEtag = md5(Buffer.concat(chunks.map((c) => md5(c).digest()))).digest("hex");
    assert.equal(outcome.etag, `"${expectedEtag}-${parts.length}"`);

    const got = await send(s3.presignGet(key, {}));
    expectAccepted(t, server, "presigned GET of the completed object", got);
    assert.equal(got.bytes.length, data.length);
    assert.ok(got.bytes.equals(data), `${server.label}: the completed object differs from the uploaded bytes`);
    assert.equal(got.headers["content-type"], "application/x-test-archive");
    assert.equal(got.headers["x-amz-meta-origin"], "interop");
  });

  test(`${server.label}: a presigned UploadPart URL is bound to its upload id and part number`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const key = `${PREFIX}bound.bin`;
    const uploadId = await create(t, key);
    const put = s3.presignUploadPart(key, uploadId, 1, {});
    expectRejected(t, server, "the URL of part 1 used for part 2", await send({ ...put, url: put.url.replace("partNumber=1&", "partNumber=2&") }, { body: "x" }));
    const otherId = await create(t, key);
    const moved = put.url.replace(encodeURIComponent(uploadId), encodeURIComponent(otherId));
    assert.notEqual(moved, put.url);
    expectRejected(t, server, "the URL of one upload used for another upload id", await send({ ...put, url: moved }, { body: "x" }));
    for (const id of [uploadId, otherId]) {
      expectAccepted(null, server, "AbortMultipartUpload", await send(s3.abortMultipartUpload(key, id, {})), [204]);
    }
  });

  test(`${server.label}: an aborted upload leaves nothing behind`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const key = `${PREFIX}aborted.bin`;
    const uploadId = await create(t, key);
    const part = s3.presignUploadPart(key, uploadId, 1, {});
    expectAccepted(t, server, "presigned UploadPart", await send(part, { body: randomBytes(64 * 1024) }));
    const before = parseListParts((await listParts(key, uploadId)).text);
    assert.equal(before.parts.length, 1);

    const abort = s3.abortMultipartUpload(key, uploadId, {});
    assert.equal(abort.method, "DELETE");
    expectAccepted(t, server, "header-signed AbortMultipartUpload", await send(abort), [204]);

    const after = await listParts(key, uploadId);
    if (server.expect.listPartsAfterAbort === "NoSuchUpload") {
      expectRejected(t, server, "ListParts of the aborted upload", after, { code: "NoSuchUpload" });
    } else {
      // s3s-fs does not check that the upload id exists for ListParts: it lists an empty page.
      expectAccepted(t, server, "ListParts of the aborted upload (an empty page)", after);
      assert.deepEqual(parseListParts(after.text).parts, []);
    }
    assert.deepEqual(await listKeys(server, key), [], `${server.label}: the aborted upload left an object`);
    if (server.id === "s3s" && server.dataDir) {
      // s3s-fs keeps parts as files named after the upload id in its data directory.
      const leftovers = readdirSync(server.dataDir).filter((name) => name.includes(uploadId));
      assert.deepEqual(leftovers, [], `${server.label}: files of the aborted upload remain`);
      t.diagnostic(`${server.label}: no file of upload ${uploadId} remains in ${server.dataDir}`);
    }
    const late = s3.presignUploadPart(key, uploadId, 2, {});
    expectRejected(t, server, "UploadPart to the aborted upload", await send(late, { body: "late" }));
  });

  test(`${server.label}: ListMultipartUploads lists two uploads under a prefix, page by page, and none once aborted`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const prefix = `${PREFIX}listed/`;
    const keys = [`${prefix}one.bin`, `${prefix}two + ü.bin`];
    const started = Date.now();
    const ids = [];
    for (const key of keys) ids.push(await create(t, key));
    const list = (options = {}) => send(s3.listMultipartUploads({ prefix, ...options }));

    const res = await list();
    if (server.expect.listMultipartUploads === "NotImplemented") {
      assert.equal(res.status, 501, `${server.label} answered ListMultipartUploads with ${res.status}`);
      assert.equal(res.error?.code, "NotImplemented");
      // The signature is checked before the operation: a changed signature is refused, not "not implemented".
      const req = s3.listMultipartUploads({ prefix });
      const forged = { ...req, headers: { ...req.headers, authorization: req.headers.authorization.replace(/.$/, (c) => (c === "0" ? "1" : "0")) } };
      expectRejected(t, server, "ListMultipartUploads with a changed signature", await send(forged));
      t.diagnostic(`${server.label} accepted the signature of ListMultipartUploads and answered 501 NotImplemented (see s3-servers.mjs)`);
    } else {
      expectAccepted(t, server, "header-signed ListMultipartUploads", res);
      const page = parseListMultipartUploads(res.text);
      assert.equal(page.isTruncated, false);
      // Garage orders a page by upload id, not by key as S3 does (garage_api_s3 list.rs: UploadAccumulator is a
      // BTreeMap keyed by the upload's Uuid); pages still follow key order, as the paging below shows.
      const byKey = [...page.uploads].sort((a, b) => byteOrder(a.key, b.key));
      assert.deepEqual(byKey.map((u) => [u.key, u.uploadId]), keys.map((key, i) => [key, ids[i]]));
      for (const u of page.uploads) {
        assert.equal(u.storageClass, "STANDARD");
        assert.ok(u.initiated >= started - 60_000 && u.initiated <= Date.now() + 60_000, `${server.label}: initiated ${u.initiated} is not about now`);
      }
      // One upload per page: the next page starts after the markers of the first.
      const first = parseListMultipartUploads((await list({ maxUploads: 1 })).text);
      assert.equal(first.isTruncated, true);
      assert.deepEqual(first.uploads.map((u) => u.key), [keys[0]]);
      const second = await list({ maxUploads: 1, keyMarker: first.nextKeyMarker, uploadIdMarker: first.nextUploadIdMarker });
      expectAccepted(null, server, "ListMultipartUploads continued with key-marker and upload-id-marker", second);
      assert.deepEqual(parseListMultipartUploads(second.text).uploads.map((u) => u.key), [keys[1]]);
    }

    for (const [i, key] of keys.entries()) {
      expectAccepted(null, server, "AbortMultipartUpload", await send(s3.abortMultipartUpload(key, ids[i], {})), [204]);
    }
    if (server.expect.listMultipartUploads !== "NotImplemented") {
      const after = await list();
      expectAccepted(null, server, "ListMultipartUploads after both aborts", after);
      assert.deepEqual(parseListMultipartUploads(after.text).uploads, [], `${server.label}: aborted uploads are still listed`);
    }
  });

  test(`${server.label}: a non-last part under 5 MiB at CompleteMultipartUpload`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const key = `${PREFIX}small-parts.bin`;
    const uploadId = await create(t, key);
    const parts = await Promise.all(
      [1, 2].map(async (partNumber) => {
        const res = await send(s3.presignUploadPart(key, uploadId, partNumber, {}), { body: `small part ${partNumber}` });
        expectAccepted(null, server, `presigned UploadPart ${partNumber}`, res);
        return { partNumber, etag: res.headers.etag };
      }),
    );
    const complete = s3.completeMultipartUpload(key, uploadId, parts, {});
    const res = await send(complete, { body: complete.body });
    if (server.expect.refusesSmallParts) {
      expectRejected(t, server, "a 12-byte non-last part", res, { code: "EntityTooSmall" });
      expectAccepted(null, server, "AbortMultipartUpload", await send(s3.abortMultipartUpload(key, uploadId, {})), [204]);
    } else {
      // Garage 2.5.0 does not enforce the 5 MiB minimum part size; recorded so that a change is noticed.
      expectAccepted(t, server, "a 12-byte non-last part (no minimum part size)", res);
      assert.equal(parseCompleteMultipartUpload(res.text).completed, true);
      const got = await send(s3.presignGet(key, {}));
      assert.equal(got.text, "small part 1small part 2");
    }
  });
});
