// Keys that break signers: every ASCII punctuation character, space, `+`, `%`, Unicode (both normal forms),
// emoji, `//`, a trailing `/`, `.` and `..` segments and 1024-byte keys. Each is written with a presigned PUT,
// read back byte for byte with a presigned and a header-signed GET, found in a ListObjectsV2 listing signed by the
// signer (where the server keeps it), and deleted with a presigned DELETE.
import { test } from "node:test";
import assert from "node:assert/strict";
import { byteOrder, CASE_TIMEOUT_MS, forEachServer, listObjects, runPrefix } from "./s3-servers.mjs";
import { expectAccepted, send } from "./exchange.mjs";

const PREFIX = runPrefix("keys");

// Every printable ASCII character that is not a letter or digit (32 of them, `/` included).
const PUNCTUATION = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).filter((c) => /[^A-Za-z0-9 ]/.test(c));
assert.equal(PUNCTUATION.length, 32);

/** A key of exactly `bytes` UTF-8 bytes: `head`, then `unit` repeated, then ASCII padding. */
function keyOfBytes(head, unit, bytes) {
  let key = head;
  while (Buffer.byteLength(key + unit) <= bytes) key += unit;
  key += "x".repeat(bytes - Buffer.byteLength(key));
  assert.equal(Buffer.byteLength(key), bytes);
  return key;
}

const KEYS = [
  ...PUNCTUATION.map((c, i) => `${PREFIX}punct-${i}/a${c}b`),
  `${PREFIX}all/${PUNCTUATION.join("")}`,
  `${PREFIX}space/a b  c `,
  `${PREFIX}plus/a+b++c+`,
  `${PREFIX}space-plus/a +b`,
  `${PREFIX}percent/100%`,
  `${PREFIX}percent/%41%2F%20%2B`, // literal percent-escapes must not be decoded by anyone
  `${PREFIX}percent/%`,
  `${PREFIX}query/?x-id=GetObject&a=b#frag`,
  `${PREFIX}aws/~!*'()`,
  `${PREFIX}unicode/caf\u00e9`, // é precomposed (NFC)
  `${PREFIX}unicode/cafe\u0301`, // é decomposed (NFD): a different key, kept apart from the NFC one
  `${PREFIX}unicode/日本語のキー`,
  `${PREFIX}unicode/שלום עולם`,
  `${PREFIX}unicode/zero\u200bwidth`,
  `${PREFIX}emoji/😀`,
  `${PREFIX}emoji/👩‍💻🏳️‍🌈`,
  `${PREFIX}control/tab\there`,
  `${PREFIX}slashes/a//b`,
  `${PREFIX}slashes/trailing/`,
  `${PREFIX}dots/a/./b1`,
  `${PREFIX}dots/a/../b2`,
  `${PREFIX}dots/./b3`,
  `${PREFIX}dots/c/d/../../b4`,
  `${PREFIX}dots/b5/.`,
  `${PREFIX}dots/b6/..`,
  `${PREFIX}dots/%2e/%2e%2e/b7`, // literal "%2e" text, sent as %252e: not a dot segment
  `${PREFIX}dots/...b8/..b9./...`,
  keyOfBytes(`${PREFIX}long/150/`, "é", 150), // long, and still storable on s3s-fs (see s3-servers.mjs)
  keyOfBytes(`${PREFIX}long/ascii/`, `${"k".repeat(199)}/`, 1024),
  keyOfBytes(`${PREFIX}long/utf8/`, `${"é😀".repeat(20)}/`, 1024),
  keyOfBytes(`${PREFIX}long/one-component/`, "k", 1024),
];

/** A readable name for a key in messages: without the run prefix, long keys cut short. */
function nameOf(key) {
  const rest = key.slice(PREFIX.length);
  return rest.length <= 60 ? JSON.stringify(rest) : `${JSON.stringify(rest.slice(0, 40))}… (${Buffer.byteLength(key)} bytes)`;
}

/** Keys with `.` or `..` path segments, which fetch() cannot send (see exchange.mjs). */
const hasDotSegment = (key) => key.split("/").some((s) => s === "." || s === "..");

test("the hostile key list has 40+ distinct keys, all ASCII punctuation, and three 1024-byte keys", () => {
  assert.ok(KEYS.length >= 40, `${KEYS.length} keys`);
  assert.equal(new Set(KEYS).size, KEYS.length);
  for (const c of PUNCTUATION) assert.ok(KEYS.some((k) => k.slice(PREFIX.length).includes(c)), `no key with ${c}`);
  assert.equal(KEYS.filter((k) => Buffer.byteLength(k) === 1024).length, 3);
});

forEachServer(PREFIX, (server) => {
  const s3 = server.signer;
  const plan = KEYS.map((key, i) => ({
    key,
    body: Buffer.concat([Buffer.from(`#${i} ${JSON.stringify(key)}\n`), Buffer.from([0, 255, i % 256])]),
    transport: hasDotSegment(key) ? "http" : "fetch",
    ...server.storedKey(key),
  }));
  const stored = plan.filter((p) => p.unstorable === undefined);

  test(`${server.label}: fetch() would rewrite exactly the presigned URLs of keys with dot segments`, () => {
    // Documents why those keys go through node:http: WHATWG URL parsing drops `.`/`..` segments. For every
    // other key the signer's URL is already in the form fetch() sends, byte for byte.
    for (const { key } of plan) {
      const { url } = s3.presignGet(key, {});
      assert.equal(new URL(url).href !== url, hasDotSegment(key), `${JSON.stringify(key)}: ${url}`);
    }
  });

  test(`${server.label}: ${KEYS.length} hostile keys are written with presigned PUT and read back byte for byte`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    // Two test keys stored at the same place would overwrite each other and prove nothing.
    assert.equal(new Set(stored.map((p) => p.storedAs)).size, stored.length, `${server.label}: two test keys share a storage name`);
    for (const p of plan) {
      const name = nameOf(p.key);
      if (p.unstorable) {
        // The signature is still proven: a presigned HEAD reaches the object lookup (404), not an auth error.
        const head = await send(s3.presignHead(p.key, {}), { transport: p.transport });
        assert.equal(head.status, 404, `${server.label} answered ${head.status} to a presigned HEAD of ${name}`);
        const signedHead = await send(s3.signRequest({ method: "HEAD", key: p.key }), { transport: p.transport });
        assert.equal(signedHead.status, 404, `${server.label} answered ${signedHead.status} to a header-signed HEAD of ${name}`);
        t.diagnostic(`${server.label} accepted the signatures of ${name} (HEAD 404) but cannot store it: ${p.unstorable}`);
        continue;
      }
      const put = s3.presignPut(p.key, { contentType: "application/octet-stream", contentLength: p.body.length });
      expectAccepted(t, server, `presigned PUT of ${name}`, await send(put, { body: p.body, transport: p.transport }));
      const got = await send(s3.presignGet(p.key, {}), { transport: p.transport });
      expectAccepted(null, server, `presigned GET of ${name}`, got);
      assert.ok(got.bytes.equals(p.body), `${server.label}: ${name} read back ${JSON.stringify(got.text)}`);
      const head = await send(s3.presignHead(p.key, {}), { transport: p.transport });
      expectAccepted(null, server, `presigned HEAD of ${name}`, head);
      assert.equal(head.headers["content-length"], String(p.body.length));
      // The same key in a header-signed request (the worker's own calls): the canonical URI is built the same way.
      const signedGet = await send(s3.signRequest({ method: "GET", key: p.key }), { transport: p.transport });
      expectAccepted(null, server, `header-signed GET of ${name}`, signedGet);
      assert.ok(signedGet.bytes.equals(p.body), `${server.label}: header-signed GET of ${name} read back differs`);
    }
  });

  test(`${server.label}: ListObjectsV2 through the signer lists every stored hostile key exactly`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    // s3s-fs answers encoding-type=url listings without encoding keys, so raw keys are requested and compared.
    const listed = await listObjects(server, PREFIX);
    const expected = stored.map((p) => p.storedAs).sort(byteOrder);
    assert.deepEqual(listed.map((o) => o.key).sort(byteOrder), expected, `${server.label}: listing differs`);
    for (const p of stored) assert.equal(listed.find((o) => o.key === p.storedAs).size, p.body.length);
    const renamed = stored.filter((p) => p.storedAs !== p.key);
    for (const p of renamed) t.diagnostic(`${server.label} lists ${nameOf(p.key)} as ${nameOf(p.storedAs)}`);
    t.diagnostic(`${server.label} listed ${listed.length} keys exactly; ${plan.length - stored.length} not storable there`);
    // A listing whose prefix is itself a hostile key: the prefix travels in the query string.
    for (const p of stored) {
      const keys = (await listObjects(server, p.storedAs)).map((o) => o.key);
      assert.ok(keys.includes(p.storedAs), `${server.label}: prefix=${JSON.stringify(p.storedAs)} lists ${JSON.stringify(keys)}`);
      assert.ok(keys.every((k) => k.startsWith(p.storedAs)), `${server.label}: prefix=${JSON.stringify(p.storedAs)} lists ${JSON.stringify(keys)}`);
    }
  });

  test(`${server.label}: hostile keys are deleted with presigned DELETE`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    for (const p of stored) {
      const name = nameOf(p.key);
      const del = await send(s3.presignDelete(p.key, {}), { transport: p.transport });
      expectAccepted(null, server, `presigned DELETE of ${name}`, del, [204]);
      const gone = await send(s3.presignHead(p.key, {}), { transport: p.transport });
      assert.equal(gone.status, 404, `${server.label}: HEAD of ${name} after DELETE answered ${gone.status}`);
    }
    assert.deepEqual(await listObjects(server, PREFIX), []);
    t.diagnostic(`${server.label} deleted ${stored.length} keys`);
  });
});
