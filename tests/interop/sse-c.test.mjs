// SSE-C (server-side encryption with a customer-provided key) round trips: the key and its MD5 are signed headers of
// presigned PUT, GET, HEAD and UploadPart URLs and of the header-signed CreateMultipartUpload. Where the server
// implements SSE-C (Garage), the object is written encrypted (its bytes are not in the server's data files, while a
// plain object's are), read back only with the key, and refused without it or with another key. Where it does not
// (s3s-fs), the signed headers must still pass the signature check, and the server's actual behaviour is asserted.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerSideEncryptionCustomerKeys.html
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseCompleteMultipartUpload, parseInitiateMultipartUpload } from "../../pkg/s3_edge_signer.js";
import { CASE_TIMEOUT_MS, forEachServer, runPrefix } from "./s3-servers.mjs";
import { expectAccepted, expectRejected, send } from "./exchange.mjs";

const PREFIX = runPrefix("sse-c");
const md5 = (bytes) => createHash("md5").update(bytes).digest("base64");

/** An SSE-C key as the signer takes it: base64 of 32 random bytes, and base64 of their MD5. */
function customerKey() {
  const key = randomBytes(32);
  return { sseCustomerKey: key.toString("base64"), sseCustomerKeyMd5: md5(key) };
}

/** Does any file under `dir` contain `needle`? */
function stored(dir, needle) {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && readFileSync(join(entry.parentPath ?? entry.path, entry.name)).includes(needle)) return true;
  }
  return false;
}

forEachServer(PREFIX, (server) => {
  const s3 = server.signer;
  const encrypts = server.expect.sseC === "encrypts";

  test(`${server.label}: presigned PUT, GET and HEAD with an SSE-C key`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const key = `${PREFIX}secret.bin`;
    // Random bytes, so that compression cannot hide them in the data files: a 64-byte run is searched for below.
    const data = randomBytes(256 * 1024);
    const sse = customerKey();
    const put = s3.presignPut(key, { contentLength: data.length, ...sse });
    assert.deepEqual(
      [put.headers["x-amz-server-side-encryption-customer-algorithm"], put.headers["x-amz-server-side-encryption-customer-key"], put.headers["x-amz-server-side-encryption-customer-key-md5"]],
      ["AES256", sse.sseCustomerKey, sse.sseCustomerKeyMd5],
    );
    assert.match(put.url, /X-Amz-SignedHeaders=content-length%3Bhost%3Bx-amz-server-side-encryption-customer-algorithm%3Bx-amz-server-side-encryption-customer-key%3Bx-amz-server-side-encryption-customer-key-md5&/);

    // The key headers are signed: another key sent with the URL is refused by the signature check.
    const other = customerKey();
    const swapped = { ...put, headers: { ...put.headers, "x-amz-server-side-encryption-customer-key": other.sseCustomerKey, "x-amz-server-side-encryption-customer-key-md5": other.sseCustomerKeyMd5 } };
    expectRejected(t, server, "a presigned SSE-C PUT sent with another key than the one signed", await send(swapped, { body: data }));

    expectAccepted(t, server, "presigned PUT with SSE-C", await send(put, { body: data }));
    const get = await send(s3.presignGet(key, sse));
    expectAccepted(t, server, "presigned GET with the SSE-C key", get);
    assert.ok(get.bytes.equals(data), `${server.label}: GET with the key returned other bytes`);
    const head = await send(s3.presignHead(key, sse));
    expectAccepted(t, server, "presigned HEAD with the SSE-C key", head);
    assert.equal(head.headers["content-length"], String(data.length));

    const probe = data.subarray(100_000, 100_064);
    const plainKey = `${PREFIX}plain.bin`;
    const plain = randomBytes(256 * 1024);
    expectAccepted(null, server, "presigned PUT without encryption", await send(s3.presignPut(plainKey, {}), { body: plain }));
    if (encrypts) {
      assert.equal(head.headers["x-amz-server-side-encryption-customer-algorithm"], "AES256");
      assert.equal(head.headers["x-amz-server-side-encryption-customer-key-md5"], sse.sseCustomerKeyMd5);
      expectRejected(t, server, "presigned GET of an SSE-C object without the key", await send(s3.presignGet(key, {})), { code: "InvalidRequest" });
      // AWS answers 403 to a wrong key; Garage 400 InvalidRequest ("could not decrypt object metadata").
      expectRejected(t, server, "presigned GET with another SSE-C key", await send(s3.presignGet(key, other)));
      if (server.dataDir) {
        assert.ok(stored(server.dataDir, plain.subarray(100_000, 100_064)), `${server.label}: the plain object's bytes were not found in ${server.dataDir} (the search proves nothing)`);
        assert.ok(!stored(server.dataDir, probe), `${server.label}: the SSE-C object is stored in the clear`);
        t.diagnostic(`${server.label}: the SSE-C object's bytes are not in its data files; the plain object's are`);
      }
    } else {
      // s3s-fs 0.17 checks the signature (the signed key headers included) and ignores SSE-C: the object is stored
      // and served in the clear, to any GET.
      const bare = await send(s3.presignGet(key, {}));
      expectAccepted(t, server, "presigned GET without the key (SSE-C not implemented)", bare);
      assert.ok(bare.bytes.equals(data));
      if (server.dataDir) assert.ok(stored(server.dataDir, probe), `${server.label}: expected the object in the clear`);
      t.diagnostic(`${server.label} accepted the signed SSE-C headers and ignored them (no SSE-C support)`);
    }
  });

  test(`${server.label}: a multipart upload with an SSE-C key (header-signed create, presigned parts)`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const key = `${PREFIX}secret-multipart.bin`;
    const sse = customerKey();
    const parts = [randomBytes(5 * 1024 * 1024), randomBytes(1000)];
    const create = s3.createMultipartUpload(key, { contentType: "application/octet-stream", ...sse });
    assert.equal(create.headers["x-amz-server-side-encryption-customer-key"], sse.sseCustomerKey);
    const created = await send(create);
    expectAccepted(t, server, "header-signed CreateMultipartUpload with SSE-C", created);
    const { uploadId } = parseInitiateMultipartUpload(created.text);
    const etags = [];
    for (const [i, body] of parts.entries()) {
      const res = await send(s3.presignUploadPart(key, uploadId, i + 1, { contentLength: body.length, ...sse }), { body });
      expectAccepted(null, server, `presigned UploadPart ${i + 1} with SSE-C`, res);
      etags.push({ partNumber: i + 1, etag: res.headers.etag });
    }
    const complete = s3.completeMultipartUpload(key, uploadId, etags, {});
    const done = await send(complete, { body: complete.body });
    expectAccepted(t, server, "CompleteMultipartUpload", done);
    assert.equal(parseCompleteMultipartUpload(done.text).completed, true);
    const get = await send(s3.presignGet(key, sse));
    expectAccepted(t, server, "presigned GET of the SSE-C multipart object with its key", get);
    assert.ok(get.bytes.equals(Buffer.concat(parts)), `${server.label}: read-back differs`);
    if (encrypts) {
      expectRejected(t, server, "presigned GET of the SSE-C multipart object without the key", await send(s3.presignGet(key, {})));
      const part = await send(s3.presignGet(key, { partNumber: 2, ...sse }));
      expectAccepted(t, server, "presigned GET of part 2 with the key (partNumber)", part, [200, 206]);
      assert.ok(part.bytes.equals(parts[1]), `${server.label}: part 2 differs`);
    }
  });
});
