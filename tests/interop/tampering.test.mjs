// A presigned URL is only good for exactly what was signed: every change to it must be refused, and the refusal
// must leave the objects as they were. Each rejection is paired with an untouched control that is accepted, so a
// 4xx proves the tampering was noticed rather than some other failure.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { CASE_TIMEOUT_MS, forEachServer, runPrefix } from "./s3-servers.mjs";
import { expectAccepted, expectRejected, send } from "./exchange.mjs";

const PREFIX = runPrefix("tampering");
const TARGET = `${PREFIX}target.txt`;
const OTHER = `${PREFIX}other key.txt`;

/** Replaces one query parameter's value in a presigned URL, keeping everything else byte for byte. */
function withParam(url, name, value) {
  const re = new RegExp(`([?&]${name}=)[^&]*`);
  assert.match(url, re, `${name} is not in ${url}`);
  return url.replace(re, `$1${value}`);
}

forEachServer(PREFIX, (server) => {
  const s3 = server.signer;
  const contents = new Map([[TARGET, "the target"], [OTHER, "another object"]]);

  before(async () => {
    for (const [key, body] of contents) {
      expectAccepted(null, server, `presigned PUT of ${key}`, await send(s3.presignPut(key, { contentType: "text/plain" }), { body }));
    }
  });

  async function assertUnchanged(t) {
    for (const [key, body] of contents) {
      const res = await send(s3.presignGet(key, {}));
      expectAccepted(null, server, `presigned GET of ${key}`, res);
      assert.equal(res.text, body, `${server.label}: ${key} changed after a rejected request`);
    }
    t.diagnostic(`${server.label}: both objects unchanged`);
  }

  test(`${server.label}: an untouched presigned GET is accepted`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const res = await send(s3.presignGet(TARGET, {}));
    expectAccepted(t, server, "the untouched presigned GET", res);
    assert.equal(res.text, contents.get(TARGET));
  });

  test(`${server.label}: a presigned GET with a tampered signature is rejected`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const { url } = s3.presignGet(TARGET, {});
    const signature = url.match(/X-Amz-Signature=([0-9a-f]{64})/)[1];
    for (const forged of [
      signature.slice(0, -1) + (signature.endsWith("0") ? "1" : "0"), // one hex digit changed
      signature.slice(0, -2), // truncated
      "0".repeat(64),
    ]) {
      expectRejected(t, server, `X-Amz-Signature=${forged.slice(0, 12)}…`, await send({ url: withParam(url, "X-Amz-Signature", forged), method: "GET" }));
    }
  });

  test(`${server.label}: a signature moved to another key is rejected`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const { url } = s3.presignGet(TARGET, {});
    const query = url.slice(url.indexOf("?"));
    const otherPath = s3.presignGet(OTHER, {}).url.split("?")[0];
    expectRejected(t, server, `the GET signature of ${TARGET} on ${OTHER}`, await send({ url: otherPath + query, method: "GET" }));

    const put = s3.presignPut(TARGET, { contentType: "text/plain" });
    const moved = { ...put, url: otherPath + put.url.slice(put.url.indexOf("?")) };
    expectRejected(t, server, `the PUT signature of ${TARGET} on ${OTHER}`, await send(moved, { body: "overwritten" }));
    await assertUnchanged(t);
  });

  test(`${server.label}: an extra or changed query parameter is rejected`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const { url } = s3.presignGet(TARGET, {});
    // An attacker turning a download into an HTML page on the bucket's origin.
    expectRejected(t, server, "an added response-content-type=text/html", await send({ url: `${url}&response-content-type=text%2Fhtml`, method: "GET" }));
    expectRejected(t, server, "an added x-id=GetObject", await send({ url: `${url}&x-id=GetObject`, method: "GET" }));
    expectRejected(t, server, "X-Amz-Expires raised to a week", await send({ url: withParam(url, "X-Amz-Expires", "604800"), method: "GET" }));
    const signed = s3.presignGet(TARGET, { responseContentType: "text/plain" }).url;
    expectRejected(t, server, "a signed response-content-type changed", await send({ url: withParam(signed, "response-content-type", "text%2Fhtml"), method: "GET" }));
    expectAccepted(t, server, "the same URL with its signed response-content-type", await send({ url: signed, method: "GET" }));
  });

  test(`${server.label}: an expired presigned URL is rejected, the same URL within its lifetime is accepted`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const twoMinutesAgo = Date.now() - 120_000;
    const expired = s3.presignGet(TARGET, { now: twoMinutesAgo, expiresIn: 60 });
    assert.ok(expired.expiresAt < Date.now());
    expectRejected(t, server, "a URL signed 2 min ago for 60 s", await send(expired));
    const live = s3.presignGet(TARGET, { now: twoMinutesAgo, expiresIn: 600 });
    expectAccepted(t, server, "a URL signed 2 min ago for 600 s", await send(live));

    const expiredPut = s3.presignPut(TARGET, { now: twoMinutesAgo, expiresIn: 60 });
    expectRejected(t, server, "an expired presigned PUT", await send(expiredPut, { body: "overwritten" }));
    await assertUnchanged(t);
  });

  test(`${server.label}: a presigned URL used with another method is rejected`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const get = s3.presignGet(TARGET, {});
    expectRejected(t, server, "a presigned GET sent as DELETE", await send(get, { method: "DELETE" }));
    expectRejected(t, server, "a presigned GET sent as PUT", await send(get, { method: "PUT", body: "overwritten" }));
    const head = s3.presignHead(TARGET, {});
    expectRejected(t, server, "a presigned HEAD sent as GET", await send(head, { method: "GET" }));
    await assertUnchanged(t);
  });

  test(`${server.label}: a URL signed with another secret key is rejected`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const wrong = server.signerWith({ secretAccessKey: randomBytes(20).toString("hex") });
    expectRejected(t, server, "a presigned GET signed with a wrong secret", await send(wrong.presignGet(TARGET, {})));
    expectRejected(t, server, "a presigned PUT signed with a wrong secret", await send(wrong.presignPut(TARGET, {}), { body: "overwritten" }));
    await assertUnchanged(t);
  });
});
