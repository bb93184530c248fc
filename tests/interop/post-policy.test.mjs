// Browser form uploads with a POST policy (FormData + Blob through fetch): the policy's conditions are what the
// server enforces, so a file within the size range under the allowed prefix is stored, and everything outside the
// policy is refused without storing anything.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CASE_TIMEOUT_MS, forEachServer, listKeys, runPrefix } from "./s3-servers.mjs";
import { expectAccepted, expectRejected, send } from "./exchange.mjs";

const PREFIX = runPrefix("post-policy");
const UPLOADS = `${PREFIX}uploads/`;
const MAX = 1024;

/** The form a browser would post: the signed fields in order, then the file last. */
function form(fields, bytes, filename = "note.txt", type = "text/plain") {
  const fd = new FormData();
  for (const [name, value] of Object.entries(fields)) fd.append(name, value);
  fd.append("file", new Blob([bytes], { type }), filename);
  return fd;
}

forEachServer(PREFIX, (server) => {
  const s3 = server.signer;
  const policy = (extra = {}) =>
    s3.presignPost({
      key: `${UPLOADS}\${filename}`,
      keyStartsWith: UPLOADS,
      contentLengthRange: [1, MAX],
      contentType: "text/plain",
      successActionStatus: 201,
      expiresIn: 300,
      ...extra,
    });
  const postForm = (post, fields, bytes, filename) => send({ url: post.url, method: "POST", headers: {} }, { body: form(fields, bytes, filename) });

  test(`${server.label}: a POST within the policy is stored, under \${filename} or a key chosen under the prefix`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const post = policy();
    assert.equal(post.fields["Content-Type"] ?? post.fields["content-type"], "text/plain");
    const cases = [
      { filename: "report 2026+final (1).txt", key: `${UPLOADS}report 2026+final (1).txt`, bytes: Buffer.from("one byte short of nothing") },
      { filename: "ignored.txt", fields: { key: `${UPLOADS}chosen/ü ñ.txt` }, key: `${UPLOADS}chosen/ü ñ.txt`, bytes: Buffer.alloc(MAX, 0x2a) },
      { filename: "min.txt", key: `${UPLOADS}min.txt`, bytes: Buffer.from("1") },
    ];
    for (const c of cases) {
      const res = await postForm(post, { ...post.fields, ...c.fields }, c.bytes, c.filename);
      expectAccepted(t, server, `a ${c.bytes.length}-byte POST stored as ${JSON.stringify(c.key.slice(PREFIX.length))}`, res, [201]);
      const got = await send(s3.presignGet(c.key, {}));
      expectAccepted(null, server, `presigned GET of ${c.key}`, got);
      assert.ok(got.bytes.equals(c.bytes), `${server.label}: POSTed object read back differs`);
      assert.equal(got.headers["content-type"], "text/plain");
    }
    assert.deepEqual((await listKeys(server, UPLOADS)).sort(), cases.map((c) => c.key).sort());
  });

  test(`${server.label}: a POST outside the policy is rejected and stores nothing`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const post = policy();
    const ok = Buffer.from("fine");
    const before = await listKeys(server, PREFIX);
    const attempts = [
      ["a file one byte above the maximum", post.fields, Buffer.alloc(MAX + 1, 0x2a), "big.txt"],
      ["an empty file below the minimum of 1 byte", post.fields, Buffer.alloc(0), "empty.txt"],
      ["a key outside starts-with", { ...post.fields, key: `${PREFIX}elsewhere/x.txt` }, ok],
      ["a key that only looks like the prefix", { ...post.fields, key: `${PREFIX}uploads` }, ok],
      ["a Content-Type other than the policy's", { ...post.fields, "Content-Type": "text/html" }, ok],
      ["a form field the policy does not list", { ...post.fields, "x-amz-meta-evil": "1" }, ok],
      ["a policy edited to raise the maximum", { ...post.fields, policy: Buffer.from(post.policy.replace(`,${MAX}]`, ",1073741824]")).toString("base64") }, Buffer.alloc(MAX + 1)],
      ["a tampered signature", { ...post.fields, "x-amz-signature": post.fields["x-amz-signature"].replace(/^./, (c) => (c === "0" ? "1" : "0")) }, ok],
    ];
    assert.notEqual(attempts[6][1].policy, post.fields.policy, "the policy edit did not change the policy");
    for (const [what, fields, bytes, filename] of attempts) {
      expectRejected(t, server, `POST with ${what}`, await postForm(post, fields, bytes, filename));
    }
    // Expired: signed 2 minutes ago for 60 s (within s3s-fs's 15-minute clock-skew window, so the expiry is what
    // refuses it).
    const expired = policy({ now: Date.now() - 120_000, expiresIn: 60 });
    expectRejected(t, server, "POST with an expired policy", await postForm(expired, expired.fields, ok));
    assert.deepEqual(await listKeys(server, PREFIX), before, `${server.label}: a rejected POST stored an object`);
  });
});
