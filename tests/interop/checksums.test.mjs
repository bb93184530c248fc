// Integrity headers on a presigned PUT: the server computes the checksum of the body it receives and compares it
// with the signed header. A correct value is accepted; a value of other bytes (correctly signed, so only the body
// check can refuse it) is rejected with a digest error, not a signature error, and nothing is stored.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { checksumBase64 } from "../../pkg/s3_edge_signer.js";
import { CASE_TIMEOUT_MS, forEachServer, runPrefix } from "./s3-servers.mjs";
import { expectAccepted, expectRejected, send } from "./exchange.mjs";

// Garage answers InvalidDigest for x-amz-checksum-* and BadDigest for Content-MD5; s3s-fs BadDigest for both.
const DIGEST_ERRORS = ["BadDigest", "InvalidDigest"];

const PREFIX = runPrefix("checksums");
const BODY = Buffer.concat([Buffer.from("checksummed body "), randomBytes(64 * 1024)]);
const OTHER = Buffer.concat([BODY.subarray(0, -1), Buffer.from([BODY.at(-1) ^ 1])]); // one bit flipped

test("checksumBase64 agrees with node:crypto for SHA-256", () => {
  assert.equal(checksumBase64("SHA256", BODY), createHash("sha256").update(BODY).digest("base64"));
});

forEachServer(PREFIX, (server) => {
  const s3 = server.signer;

  async function assertAbsent(key) {
    const head = await send(s3.presignHead(key, {}));
    assert.equal(head.status, 404, `${server.label}: ${key} was stored despite a wrong checksum (HEAD ${head.status})`);
  }

  // SHA256 and CRC32C are the ones the issue names; CRC32 and CRC64NVME are the other algorithms the signer computes.
  for (const algorithm of ["SHA256", "CRC32C", "CRC32", "CRC64NVME"]) {
    const header = `x-amz-checksum-${algorithm.toLowerCase()}`;

    test(`${server.label}: ${header} of the body is accepted, of other bytes rejected`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
      const key = `${PREFIX}${algorithm}.bin`;
      const wrong = s3.presignPut(key, { checksum: { algorithm, value: checksumBase64(algorithm, OTHER) } });
      assert.equal(wrong.headers[header], checksumBase64(algorithm, OTHER));
      expectRejected(t, server, `${header} of bytes differing by one bit`, await send(wrong, { body: BODY }), { code: DIGEST_ERRORS });
      await assertAbsent(key);

      const right = s3.presignPut(key, { checksum: { algorithm, value: checksumBase64(algorithm, BODY) } });
      expectAccepted(t, server, `${header}: ${right.headers[header]}`, await send(right, { body: BODY }));
      const read = await send(s3.presignGet(key, {}));
      assert.ok(read.bytes.equals(BODY), `${server.label}: read-back differs`);
    });
  }

  test(`${server.label}: Content-MD5 of the body is accepted, of other bytes rejected`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const key = `${PREFIX}md5.bin`;
    const md5 = (bytes) => createHash("md5").update(bytes).digest("base64");
    const wrong = s3.presignPut(key, { contentMd5: md5(OTHER) });
    expectRejected(t, server, "Content-MD5 of bytes differing by one bit", await send(wrong, { body: BODY }), { code: DIGEST_ERRORS });
    await assertAbsent(key);

    const right = s3.presignPut(key, { contentMd5: md5(BODY) });
    const res = await send(right, { body: BODY });
    expectAccepted(t, server, `Content-MD5: ${md5(BODY)}`, res);
    assert.equal(res.headers.etag, `"${createHash("md5").update(BODY).digest("hex")}"`);
  });
});
