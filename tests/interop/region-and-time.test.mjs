// What the credential scope and the signing time mean to each server: HeadBucket region discovery, a request
// signed for the wrong region, and clock skew. The two servers differ here, so each case asserts that server's
// recorded behaviour (s3-servers.mjs says where it comes from).
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { parseBucketRegion } from "../../pkg/s3_edge_signer.js";
import { CASE_TIMEOUT_MS, forEachServer, runPrefix } from "./s3-servers.mjs";
import { expectAccepted, expectRejected, send } from "./exchange.mjs";

const PREFIX = runPrefix("region-and-time");
const OBJECT = `${PREFIX}object.txt`;
const HOUR = 3600_000;

forEachServer(PREFIX, (server) => {
  const s3 = server.signer;
  const wrongRegion = server.region === "ap-southeast-2" ? "sa-east-1" : "ap-southeast-2";
  const wrong = server.signerWith({ region: wrongRegion });

  before(async () => {
    expectAccepted(null, server, "presigned PUT", await send(s3.presignPut(OBJECT, {}), { body: "time and place" }));
  });

  test(`${server.label}: HeadBucket signed for its region is accepted`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const res = await send(s3.headBucket({}));
    expectAccepted(t, server, `header-signed HeadBucket (region ${server.region})`, res);
    const header = res.headers["x-amz-bucket-region"];
    if (server.expect.bucketRegionHeader) {
      assert.equal(parseBucketRegion(header), server.region);
    } else {
      // Neither Garage 2.5.0 nor s3s-fs 0.17.0 sends x-amz-bucket-region on HeadBucket (AWS does); on Garage the
      // region is discovered from the error of a wrong-region request (next case).
      assert.equal(header, undefined, `${server.label} now sends x-amz-bucket-region: ${header}; update s3-servers.mjs`);
      t.diagnostic(`${server.label} sends no x-amz-bucket-region header on HeadBucket`);
    }
  });

  test(`${server.label}: a request signed for another region (${wrongRegion}), and discovering the right one`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    const head = await send(wrong.headBucket({}));
    const list = await send(wrong.listObjects({ prefix: PREFIX }));
    const get = await send(wrong.presignGet(OBJECT, {}));
    if (!server.expect.checksScopeRegion) {
      // s3s-fs has no region of its own and does not compare the credential scope's region.
      expectAccepted(t, server, `HeadBucket signed for ${wrongRegion} (region not checked)`, head);
      expectAccepted(t, server, `ListObjectsV2 signed for ${wrongRegion} (region not checked)`, list);
      expectAccepted(t, server, `a presigned GET signed for ${wrongRegion} (region not checked)`, get);
      return;
    }
    // A HEAD answer has no body to say why; the region hint comes from a GET's error document.
    expectRejected(t, server, `HeadBucket signed for ${wrongRegion}`, head);
    expectRejected(t, server, `a presigned GET signed for ${wrongRegion}`, get);
    expectRejected(t, server, `ListObjectsV2 signed for ${wrongRegion}`, list);
    assert.ok(list.error, `${server.label}: no <Error> document in ${list.text}`);
    assert.equal(list.error.wrongRegion, true, `${server.label}: parseError did not recognise a wrong region: ${JSON.stringify(list.error)}`);
    assert.equal(list.error.regionHint, server.region, `${server.label}: region hint ${list.error.regionHint}`);
    t.diagnostic(`${server.label} answered ${list.error.code}, region hint ${list.error.regionHint}`);

    const discovered = server.signerWith({ region: list.error.regionHint });
    expectAccepted(t, server, `HeadBucket re-signed for the discovered region ${list.error.regionHint}`, await send(discovered.headBucket({})));
  });

  test(`${server.label}: a header-signed request dated 1 hour ahead (clock skew)`, { timeout: CASE_TIMEOUT_MS }, async (t) => {
    expectAccepted(t, server, "a header-signed GET dated now", await send(s3.signRequest({ method: "GET", key: OBJECT })));
    const ahead = await send(s3.signRequest({ method: "GET", key: OBJECT, now: Date.now() + HOUR }));
    const behind = await send(s3.signRequest({ method: "GET", key: OBJECT, now: Date.now() - HOUR }));
    if (server.expect.rejectsClockSkew) {
      expectRejected(t, server, "a header-signed GET dated 1 hour ahead", ahead, { code: "RequestTimeTooSkewed" });
      expectRejected(t, server, "a header-signed GET dated 1 hour behind", behind, { code: "RequestTimeTooSkewed" });
      const presigned = await send(s3.presignGet(OBJECT, { now: Date.now() + HOUR, expiresIn: 60 }));
      expectRejected(t, server, "a presigned GET dated 1 hour ahead", presigned, { code: "RequestTimeTooSkewed" });
    } else {
      // Garage refuses only an X-Amz-Date more than 24 h old (garage_api_common signature/payload.rs).
      expectAccepted(t, server, "a header-signed GET dated 1 hour ahead (no clock-skew check)", ahead);
      expectAccepted(t, server, "a header-signed GET dated 1 hour behind (no clock-skew check)", behind);
    }
    const dayOld = await send(s3.signRequest({ method: "GET", key: OBJECT, now: Date.now() - 25 * HOUR }));
    expectRejected(t, server, "a header-signed GET dated 25 hours ago", dayOld);
  });
});
