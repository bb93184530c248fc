// Presigned PUT / GET / HEAD / DELETE round trips: what is written is read back byte for byte.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { CASE_TIMEOUT_MS, forEachServer, listObjects, runPrefix } from "./s3-servers.mjs";
import { expectAccepted, send } from "./exchange.mjs";

const PREFIX = runPrefix("roundtrip");
const md5Hex = (bytes) => createHash("md5").update(bytes).digest("hex");

forEachServer(PREFIX, (server) => {
  const s3 = server.signer;

  test(`${server.label}: presigned PUT, GET, HEAD and DELETE of 300 KiB of binary round-trip byte for byte`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const key = `${PREFIX}binary.bin`;
    // Every byte value, then random bytes: nothing may be transcoded on the way.
    const data = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(300 * 1024)]);

    const put = s3.presignPut(key, { contentType: "application/octet-stream", contentLength: data.length, expiresIn: 300 });
    assert.equal(put.headers["content-length"], String(data.length));
    const putRes = await send(put, { body: data });
    expectAccepted(t, server, "presigned PUT with signed Content-Type and Content-Length", putRes);
    // Both servers use the MD5 of a single-part object as its ETag; computed here independently.
    assert.equal(putRes.headers.etag, `"${md5Hex(data)}"`, `${server.label}: PUT ETag is not the MD5 of the body`);

    const getRes = await send(s3.presignGet(key, { expiresIn: 300 }));
    expectAccepted(t, server, "presigned GET", getRes);
    assert.ok(getRes.bytes.equals(data), `${server.label}: GET returned ${getRes.bytes.length} bytes that differ from the ${data.length} written`);
    assert.equal(getRes.headers["content-type"], "application/octet-stream");

    const headRes = await send(s3.presignHead(key, {}));
    expectAccepted(t, server, "presigned HEAD", headRes);
    assert.equal(headRes.headers["content-length"], String(data.length));
    assert.equal(headRes.headers.etag, `"${md5Hex(data)}"`);

    const listed = (await listObjects(server, PREFIX)).find((o) => o.key === key);
    assert.ok(listed, `${server.label}: ${key} is not listed`);
    assert.equal(listed.size, data.length);

    const delRes = await send(s3.presignDelete(key, {}));
    expectAccepted(t, server, "presigned DELETE", delRes, [204]);

    const gone = await send(s3.presignGet(key, {}));
    assert.equal(gone.status, 404, `${server.label}: GET after DELETE answered ${gone.status}`);
    assert.equal(gone.error?.code, "NoSuchKey");
    const goneHead = await send(s3.presignHead(key, {}));
    assert.equal(goneHead.status, 404, `${server.label}: HEAD after DELETE answered ${goneHead.status}`);
  });

  test(`${server.label}: an empty object and a UTF-8 text object round-trip`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    for (const [name, body, contentType] of [
      ["empty", Buffer.alloc(0), "application/x-empty"],
      ["text.txt", Buffer.from("grüße, 世界 🌍\r\n\0end"), "text/plain; charset=utf-8"],
    ]) {
      const key = `${PREFIX}${name}`;
      const put = s3.presignPut(key, { contentType, contentLength: body.length });
      expectAccepted(t, server, `presigned PUT of ${name} (${body.length} bytes)`, await send(put, { body }));
      const got = await send(s3.presignGet(key, {}));
      expectAccepted(t, server, `presigned GET of ${name}`, got);
      assert.ok(got.bytes.equals(body), `${server.label}: ${name} read back differs`);
      assert.equal(got.headers["content-type"], contentType);
      expectAccepted(t, server, `presigned DELETE of ${name}`, await send(s3.presignDelete(key, {})), [204]);
    }
  });

  test(`${server.label}: signed response-* overrides come back as response headers`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const key = `${PREFIX}override.txt`;
    const body = "download me";
    expectAccepted(t, server, "presigned PUT", await send(s3.presignPut(key, { contentType: "text/plain" }), { body }));
    const disposition = `attachment; filename="report 2026+final.txt"`;
    const get = s3.presignGet(key, {
      responseContentType: "application/x-download",
      responseContentDisposition: disposition,
      responseCacheControl: "no-store",
    });
    const res = await send(get);
    expectAccepted(t, server, "presigned GET with response-content-type/-disposition/-cache-control", res);
    assert.equal(res.text, body);
    assert.equal(res.headers["content-type"], "application/x-download");
    assert.equal(res.headers["content-disposition"], disposition);
    assert.equal(res.headers["cache-control"], "no-store");
  });

  test(`${server.label}: signed metadata and Content-Type are stored with the object`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const key = `${PREFIX}meta.json`;
    const put = s3.presignPut(key, { contentType: "application/json", metadata: { owner: "alice", "upload-id": "42" } });
    expectAccepted(t, server, "presigned PUT with two x-amz-meta-* headers", await send(put, { body: "{}" }));
    const head = await send(s3.presignHead(key, {}));
    expectAccepted(t, server, "presigned HEAD", head);
    assert.equal(head.headers["x-amz-meta-owner"], "alice");
    assert.equal(head.headers["x-amz-meta-upload-id"], "42");
    assert.equal(head.headers["content-type"], "application/json");
  });
});
