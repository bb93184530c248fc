// The generic presign (`signer.presign`): any S3 request as a URL, bucket-level ones included, judged by the servers.
// A multipart upload created through a presigned POST ?uploads, its parts read back with partNumber GET and HEAD
// presigns, the bucket listed through a presigned ListObjectsV2, an upload aborted through a presigned DELETE
// ?uploadId; and the signed parts of each (the query, a signed header) cannot be changed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { parseCompleteMultipartUpload, parseInitiateMultipartUpload, parseListObjects, parseListParts } from "../../pkg/s3_edge_signer.js";
import { CASE_TIMEOUT_MS, forEachServer, runPrefix } from "./s3-servers.mjs";
import { expectAccepted, expectRejected, send } from "./exchange.mjs";

const PREFIX = runPrefix("presign-any");
const MiB = 1024 * 1024;

forEachServer(PREFIX, (server) => {
  const s3 = server.signer;

  test(`${server.label}: presigned CreateMultipartUpload, partNumber GET/HEAD, bucket-level ListObjectsV2, DELETE`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const key = `${PREFIX}parts.bin`;
    const create = s3.presign({ method: "POST", key, query: { uploads: "" }, headers: { "content-type": "application/x-interop" } });
    assert.deepEqual(create.headers, { "content-type": "application/x-interop" });
    expectRejected(t, server, "a presigned CreateMultipartUpload sent with another Content-Type", await send(create, { headers: { "content-type": "text/html" } }));
    const created = await send(create);
    expectAccepted(t, server, "presigned CreateMultipartUpload (POST ?uploads)", created);
    const { uploadId } = parseInitiateMultipartUpload(created.text);

    const parts = [randomBytes(5 * MiB), randomBytes(1234)];
    const etags = [];
    for (const [i, body] of parts.entries()) {
      const res = await send(s3.presignUploadPart(key, uploadId, i + 1, { contentLength: body.length }), { body });
      expectAccepted(null, server, `presigned UploadPart ${i + 1}`, res);
      etags.push({ partNumber: i + 1, etag: res.headers.etag });
    }
    const complete = s3.completeMultipartUpload(key, uploadId, etags, {});
    const done = await send(complete, { body: complete.body });
    expectAccepted(null, server, "CompleteMultipartUpload", done);
    assert.equal(parseCompleteMultipartUpload(done.text).completed, true);

    const part = await send(s3.presignGet(key, { partNumber: 2 }));
    const head = await send(s3.presignHead(key, { partNumber: 1 }), { method: "HEAD" });
    if (server.expect.partNumberReads) {
      expectAccepted(t, server, "presigned GET of part 2 (partNumber)", part, [206]);
      assert.ok(part.bytes.equals(parts[1]), `${server.label}: part 2 differs`);
      assert.equal(part.headers["x-amz-mp-parts-count"], "2");
      expectAccepted(t, server, "presigned HEAD of part 1 (partNumber)", head, [206]);
      assert.equal(head.headers["content-length"], String(parts[0].length));
    } else {
      expectAccepted(t, server, "presigned GET with partNumber (ignored: the whole object)", part);
      assert.ok(part.bytes.equals(Buffer.concat(parts)));
      expectAccepted(null, server, "presigned HEAD with partNumber (ignored)", head);
      t.diagnostic(`${server.label} checked the signed partNumber and ignored it (see s3-servers.mjs)`);
    }
    // partNumber is signed: a URL moved to another part is refused.
    const moved = s3.presignGet(key, { partNumber: 1 });
    expectRejected(t, server, "a partNumber=1 presign sent as partNumber=2", await send({ ...moved, url: moved.url.replace("partNumber=1&", "partNumber=2&") }));

    const list = s3.presign({ method: "GET", query: { "list-type": "2", prefix: PREFIX } });
    assert.match(list.url, new RegExp(`^${server.signer.bucketInfo().origin}/${server.bucket}\\?X-Amz-Algorithm=`));
    const listed = await send(list);
    expectAccepted(t, server, "presigned bucket-level ListObjectsV2", listed);
    assert.deepEqual(parseListObjects(listed.text).objects.map((o) => [o.key, o.size]), [[key, parts[0].length + parts[1].length]]);
    expectRejected(t, server, "a presigned ListObjectsV2 with its prefix changed", await send({ ...list, url: list.url.replace(`prefix=`, `prefix=x`) }));

    expectAccepted(t, server, "presigned DeleteObject through presign", await send(s3.presign({ method: "DELETE", key })), [204]);
  });

  test(`${server.label}: presigned CreateMultipartUpload and AbortMultipartUpload`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const key = `${PREFIX}aborted.bin`;
    const { uploadId } = parseInitiateMultipartUpload((await send(s3.presign({ method: "POST", key, query: { uploads: "" } }))).text);
    const abort = s3.presign({ method: "DELETE", key, query: { uploadId }, expiresIn: 60 });
    expectRejected(t, server, "a presigned AbortMultipartUpload for another upload id", await send({ ...abort, url: abort.url.replace(`uploadId=`, `uploadId=x`) }));
    expectAccepted(t, server, "presigned AbortMultipartUpload (DELETE ?uploadId)", await send(abort), [204]);
    const after = await send(s3.listParts(key, uploadId, {}));
    if (server.expect.listPartsAfterAbort === "NoSuchUpload") {
      assert.equal(after.error?.code, "NoSuchUpload", `${server.label}: the upload survived its abort`);
    } else {
      assert.deepEqual(parseListParts(after.text).parts, []);
    }
  });
});
