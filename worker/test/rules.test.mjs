// The worker's pure rules, without workerd or S3: media types and active content, filenames, the completion
// verdict, declared input shapes, rate-limit identities, the metrics model and the token keyring. Fast; the
// workerd suites prove the same rules through the routes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decideContentType, essenceOf, isActiveContent } from "../src/media-type.js";
import { sanitizeFilename } from "../src/filename.js";
import { checkUploadedSoFar, expectedPartSize, verifyCompletion } from "../src/multipart-verify.js";
import { parseQuery, parseValue, required, shape } from "../src/schema.js";
import { WindowTable, addressClient } from "../src/rate-limit.js";
import { report, rowsOf, slotOf } from "../src/metrics-model.js";
import { buildKeyring, constantTimeEqual } from "../src/keyring.js";

const code = (fn) => {
  try {
    fn();
  } catch (err) {
    return err.code;
  }
  return "none";
};

test("media types: wildcards never admit active content; naming it admits it as a download", () => {
  const allowed = ["image/*", "text/*", "application/pdf"];
  assert.deepEqual(decideContentType("image/png", allowed), { contentType: "image/png", contentDisposition: undefined });
  assert.deepEqual(decideContentType("Text/Plain; charset=utf-8", allowed), { contentType: "Text/Plain; charset=utf-8", contentDisposition: undefined });
  for (const t of ["image/svg+xml", "text/html", "text/xml", "text/javascript", "text/x-component", "text/xsl", "image/x-anything+xml", "TEXT/HTML; charset=utf-8"]) {
    assert.equal(code(() => decideContentType(t, allowed)), "ContentTypeNotAllowed", t);
    assert.equal(code(() => decideContentType(t, ["*/*"])), "ContentTypeNotAllowed", `${t} under */*`);
  }
  assert.match(String((() => { try { decideContentType("image/svg+xml", allowed); } catch (e) { return e.message; } })()), /run script/);
  assert.deepEqual(decideContentType("image/svg+xml", ["image/*", "image/svg+xml"]), { contentType: "image/svg+xml", contentDisposition: "attachment" });
  assert.equal(code(() => decideContentType("application/json", allowed)), "ContentTypeNotAllowed");
  for (const bad of ["image", "image/", "/png", "image/png\r\nx: 1", "image/png;", "a".repeat(300) + "/x", "image/p ng"]) {
    assert.equal(code(() => decideContentType(bad, ["*/*"])), "InvalidRequest", JSON.stringify(bad));
  }
  assert.equal(essenceOf("Image/SVG+XML ; charset=x"), "image/svg+xml", "parameters and case do not hide the essence");
  assert.equal(isActiveContent("application/atom+xml"), true);
  assert.equal(isActiveContent("application/octet-stream"), false);
});

test("filenames: last segment, NFC, safe characters, bounded length, extension kept", () => {
  assert.equal(sanitizeFilename("../../etc/passwd.png"), "passwd.png");
  assert.equal(sanitizeFilename("C:\\Users\\me\\My Photo.PNG"), "My-Photo.png");
  assert.equal(sanitizeFilename("e\u0301te\u0301.txt"), "été.txt");
  assert.equal(new TextEncoder().encode(sanitizeFilename("é".repeat(300) + ".jpeg")).length <= 205, true);
  for (const bad of ["", "....", "/", "%%%.png", "a\u0000b"]) assert.equal(code(() => sanitizeFilename(bad)), "InvalidFilename", JSON.stringify(bad));
});

const layout = { size: 12, partSize: 5, partCount: 3, maxParts: 3 };
const listed = [
  { partNumber: 1, etag: '"a"', size: 5 },
  { partNumber: 2, etag: '"b"', size: 5 },
  { partNumber: 3, etag: '"c"', size: 2, checksumAlgorithm: "CRC32C", checksum: "AAAAAA==" },
];
const limits = { minSize: 1, maxSize: 100 };

test("completion: built from S3's list; every rule refuses with its code and says whether to abort", () => {
  assert.equal(expectedPartSize(layout, 3), 2);
  const ok = verifyCompletion(layout, [{ partNumber: 1, etag: "a" }, { partNumber: 2, etag: '"b"' }, { partNumber: 3, etag: 'W/"c"' }], listed, limits);
  assert.equal(ok.total, 12);
  assert.deepEqual(ok.parts.map((p) => p.etag), ['"a"', '"b"', '"c"'], "S3's ETags are sent, not the client's spelling");
  assert.deepEqual(ok.parts[2].checksum, { algorithm: "CRC32C", value: "AAAAAA==" });
  const refusal = (l, claimed, lst, lim = limits) => {
    try {
      verifyCompletion(l, claimed, lst, lim);
    } catch (err) {
      return [err.code, Boolean(err.abortUpload)];
    }
    return ["none", false];
  };
  const all = [1, 2, 3].map((n) => ({ partNumber: n, etag: ["a", "b", "c"][n - 1] }));
  assert.deepEqual(refusal(layout, all.slice(0, 2), listed), ["IncompleteUpload", false]);
  assert.deepEqual(refusal(layout, all, listed.slice(0, 2)), ["PartNotUploaded", false]);
  assert.deepEqual(refusal(layout, [all[0], all[1], { partNumber: 3, etag: "zzz" }], listed), ["PartETagMismatch", false]);
  assert.deepEqual(refusal(layout, all, [listed[0], { ...listed[1], size: 6 }, listed[2]]), ["PartSizeMismatch", true]);
  // Unknown layout (Uppy): sizes from S3's list are summed against MAX_SIZE; a part the client omits is not assembled.
  const open = { size: 0, partSize: 0, partCount: 0, maxParts: 20 };
  assert.equal(verifyCompletion(open, all.slice(0, 2), listed, limits).total, 10);
  assert.deepEqual(refusal(open, all, listed, { minSize: 1, maxSize: 11 }), ["FileTooLarge", true]);
  assert.deepEqual(refusal(open, all, listed, { minSize: 13, maxSize: 100 }), ["FileTooSmall", true]);
  assert.equal(checkUploadedSoFar(listed, limits), 12);
  assert.equal(code(() => checkUploadedSoFar(listed, { maxSize: 11 })), "FileTooLarge");
});

test("declared shapes: types, bounds, unknown fields, repeated query parameters", () => {
  const s = shape.object({ name: required(shape.string({ max: 5 })), n: shape.integer({ min: 1, max: 9, code: "ExpiresOutOfRange" }), ok: shape.boolean(), tags: shape.array(shape.string(), { max: 2 }) });
  assert.deepEqual(parseValue(s, { name: "ab", n: 3, ok: false }, ""), { name: "ab", n: 3, ok: false });
  assert.equal(code(() => parseValue(s, { n: 3 }, "")), "InvalidRequest");
  assert.equal(code(() => parseValue(s, { name: "abcdef" }, "")), "InvalidRequest");
  assert.equal(code(() => parseValue(s, { name: "a", n: 10 }, "")), "ExpiresOutOfRange", "a field's own code for every form error");
  assert.equal(code(() => parseValue(s, { name: "a", n: "3" }, "")), "ExpiresOutOfRange");
  assert.equal(code(() => parseValue(s, { name: "a", contentLenght: 1 }, "")), "UnknownField");
  assert.equal(code(() => parseValue(s, { name: "a", tags: ["x", "y", "z"] }, "")), "InvalidRequest");
  assert.equal(code(() => parseValue(s, { name: "a", __proto__: { x: 1 } }, "")), "none", "an inherited property is not a field");
  const q = shape.object({ key: required(shape.string()), n: shape.integer(), metadata: shape.stringMap({ queryPrefix: "metadata" }) });
  assert.deepEqual(parseQuery(q, new URLSearchParams("key=a&n=12&metadata[x]=1")), { key: "a", n: 12, metadata: { x: "1" } });
  assert.equal(code(() => parseQuery(q, new URLSearchParams("key=a&key=b"))), "InvalidRequest");
  assert.equal(code(() => parseQuery(q, new URLSearchParams("key=a&n=1e3"))), "InvalidRequest");
  assert.equal(code(() => parseQuery(q, new URLSearchParams("key=a&other=1"))), "UnknownField");
});

test("rate-limit identities: IPv4 address, IPv6 /64 (any spelling), IPv4-mapped as IPv4", () => {
  assert.equal(addressClient("203.0.113.9"), "ip:203.0.113.9");
  const a = addressClient("2001:db8:1:2:aaaa::1");
  for (const same of ["2001:db8:1:2::ffff", "2001:0db8:0001:0002:1:2:3:4", "2001:DB8:1:2:0:0:0:0"]) assert.equal(addressClient(same), a, same);
  assert.notEqual(addressClient("2001:db8:1:3::1"), a);
  assert.equal(addressClient("::ffff:203.0.113.9"), "ip:203.0.113.9");
});

test("metrics model: events → per-minute rows → report with percentiles and success rate", () => {
  const at = Date.UTC(2026, 11, 2, 10, 0, 30);
  const events = [
    { type: "issued", at, region: "eu-west-1", kind: "put" },
    { type: "issued", at, region: "eu-west-1", kind: "put" },
    { type: "outcome", at, region: "eu-west-1", success: true, bytes: 100, durationMs: 50 },
    { type: "outcome", at, region: "eu-west-1", success: false, reason: "cors" },
    ...Array.from({ length: 100 }, (_, i) => ({ type: "request", at, region: "eu-west-1", status: i < 99 ? 200 : 502, latencyMs: i + 1, s3Error: i < 99 ? undefined : "UpstreamError" })),
  ];
  const rows = rowsOf(events);
  assert.equal(rows.filter((r) => r.metric === "issued")[0].n, 2, "same minute and label: one row");
  const r = report(rows)["eu-west-1"];
  assert.equal(r.issued, 2);
  assert.equal(r.completed, 1);
  assert.equal(r.failedBy.cors, 1);
  assert.equal(r.successRate, 0.5);
  assert.equal(r.bytesCompleted, 100);
  assert.deepEqual(r.requests, { "2xx": 99, "4xx": 0, "5xx": 1 });
  assert.equal(r.s3Errors, 1);
  assert.ok(r.latencyMs.p50 >= 50 && r.latencyMs.p50 <= 50 * 1.2, `p50 ${r.latencyMs.p50}`);
  assert.ok(r.latencyMs.p99 >= 99 && r.latencyMs.p99 <= 99 * 1.2, `p99 ${r.latencyMs.p99}`);
  assert.ok(slotOf(0) === 0 && slotOf(3600000) < 100);
});

test("keyring: purposes are separate; the previous secret verifies during rotation, not after", async () => {
  const k1 = await buildKeyring("a".repeat(32));
  const mac = await k1.mac("upload-token", "x", 8);
  assert.match(mac, /^[0-9a-f]{16}$/);
  assert.equal(await k1.verify("upload-token", "x", mac), true);
  assert.equal(await k1.verify("download-token", "x", mac), false, "a token of one purpose is not one of another");
  assert.equal(await k1.verify("upload-token", "y", mac), false);
  const rotating = await buildKeyring("b".repeat(32), "a".repeat(32));
  assert.equal(await rotating.verify("upload-token", "x", mac), true);
  assert.notEqual(await rotating.mac("upload-token", "x", 8), mac, "new tokens use the new secret");
  const after = await buildKeyring("b".repeat(32));
  assert.equal(await after.verify("upload-token", "x", mac), false);
  assert.equal(constantTimeEqual("abc", "abd"), false);
  assert.equal(constantTimeEqual("abc", "abc"), true);
});

test("rate-limit windows: bounded memory with least-recently-seen eviction, never a global reset", () => {
  const t = new WindowTable(3);
  const now = Date.UTC(2026, 11, 2, 10, 0, 10);
  assert.equal(t.count("a", 2, now), 0);
  assert.equal(t.count("a", 2, now), 0);
  assert.ok(t.count("a", 2, now) > 0, "third request in the minute is over a limit of 2");
  t.count("b", 2, now);
  t.count("c", 2, now);
  t.count("a", 2, now); // a is now the most recently seen
  t.count("d", 2, now); // evicts b, the least recently seen — not everyone
  assert.deepEqual([...t.windows.keys()], ["c", "a", "d"]);
  assert.ok(t.count("a", 2, now) > 0, "a's count survived the eviction of b");
  assert.equal(t.count("a", 2, now + 60000), 0, "a new minute starts a new window");
});

test("alert conditions: success rate with a minimum sample, spikes against the previous window, credentials, findings", async () => {
  const { evaluateAlerts } = await import("../src/alerts/evaluate.js");
  const settings = { windowMinutes: 15, minSamples: 4, successRate: 0.9, failureSpike: 3, s3ErrorRate: 0.05, credentialsHours: 24 };
  const region = (completed, failed, failedBy = {}, requests = { "2xx": 10 }, s3Errors = 0) => ({ completed, failed, failedBy, requests, s3Errors });
  const firing = (conditions) => conditions.filter((c) => c.firing).map((c) => c.key).sort();
  const now = Date.UTC(2026, 11, 2);
  const run = (current, previous = {}, extra = {}) => evaluateAlerts({ current, previous, findings: null, credentials: [], settings, now, ...extra });
  assert.deepEqual(firing(run({ r: region(1, 2) })), [], "3 outcomes are under the minimum sample");
  assert.deepEqual(firing(run({ r: region(3, 1) })), ["success-rate:r"], "75% < 90%");
  assert.deepEqual(firing(run({ r: region(9, 1) })), [], "90% is not under 90%");
  const spike = run({ r: region(100, 3, { cors: 3 }) }, { r: region(100, 1, { cors: 1 }) });
  assert.deepEqual(firing(spike), ["failure-spike:r:cors"]);
  assert.deepEqual(firing(run({ r: region(100, 3, { cors: 3 }) }, { r: region(100, 2, { cors: 2 }) })), [], "not three times the previous window");
  assert.deepEqual(firing(run({ r: region(100, 0, {}, { "2xx": 90, "5xx": 10 }, 10) })), ["s3-errors:r"]);
  const creds = run({}, {}, { credentials: [{ prefix: "S3", expiresAt: now + 2 * 3600e3 }, { prefix: "R2" }] });
  assert.deepEqual(firing(creds), ["credentials-expiry:S3"]);
  assert.equal(creds.find((c) => c.key === "credentials-expiry:S3").severity, "warning");
  const diag = run({}, {}, { findings: [{ id: "cors-missing", bucket: "b", severity: "error", title: "no CORS", impact: "uploads fail" }, { id: "lifecycle-abort-missing", bucket: "b", severity: "warning", title: "t", impact: "i" }] });
  assert.deepEqual(firing(diag), ["diagnostics:b:cors-missing"], "only error findings alert");
});
