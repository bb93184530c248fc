// Alerting: the scheduled handler (the Cron Trigger) evaluates the durable metrics, the diagnostics and the
// credentials, and posts to a local webhook receiver: one alert when the success rate drops, none repeated within
// the cooldown, one "resolved" after recovery; Slack-compatible and generic JSON payloads; thresholds validated.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { startWorker, asKey, ORIGIN, S3, assertNoSecrets, sendable } from "./harness.mjs";

let receiver;
const received = [];
before(async () => {
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ path: req.url, body: JSON.parse(body) });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise((r) => receiver.listen(0, "127.0.0.1", r));
});
after(async () => {
  await new Promise((r) => receiver.close(r));
  assertNoSecrets();
});
const hook = (path) => `http://127.0.0.1:${receiver.address().port}${path}`;
const messages = (path) => received.filter((m) => m.path === path).map((m) => m.body);

async function upload(w, { succeed }) {
  const up = await w.request("/api/v1/upload/s3/signed-url", { method: "POST", headers: { origin: ORIGIN }, json: { filename: "a.txt", contentType: "text/plain", size: 2 } });
  assert.equal(up.status, 200, up.text);
  if (succeed) assert.equal((await fetch(up.body.uploadUrl, { method: "PUT", headers: sendable(up.body.headers), body: "ok" })).status, 200);
  const r = await w.request("/api/v1/upload/s3/complete", { method: "POST", headers: asKey(), json: { uploadId: up.body.uploadId, key: up.body.key, success: succeed, ...(succeed ? {} : { error: { class: "timeout" } }) } });
  assert.equal(r.status, 200, r.text);
}

test("success rate drops → one alert; within the cooldown → none; recovered → one resolved (generic JSON)", async () => {
  const w = await startWorker({ ALERT_WEBHOOK_URL: hook("/json"), ALERT_MIN_SAMPLES: "4", ALERT_SUCCESS_RATE: "0.5", ALERT_DIAGNOSTICS: "false", ALERT_COOLDOWN_MINUTES: "60" });
  try {
    await w.scheduled();
    assert.deepEqual(messages("/json"), [], "nothing to say with no traffic");
    for (let i = 0; i < 4; i++) await upload(w, { succeed: false });
    await w.scheduled();
    const first = messages("/json");
    assert.equal(first.length, 1, JSON.stringify(first));
    assert.equal(first[0].status, "firing");
    assert.equal(first[0].alert, `success-rate:${S3.region}`);
    assert.equal(first[0].severity, "critical");
    assert.match(first[0].summary, /0% \(0 of 4\)/);
    assert.equal(first[0].source, "s3-edge-signer");
    await w.scheduled();
    assert.equal(messages("/json").length, 1, "no repeat within the cooldown");
    for (let i = 0; i < 5; i++) await upload(w, { succeed: true });
    await w.scheduled();
    const all = messages("/json");
    assert.equal(all.length, 2, JSON.stringify(all));
    assert.equal(all[1].status, "resolved");
    assert.equal(all[1].alert, `success-rate:${S3.region}`);
    await w.scheduled();
    assert.equal(messages("/json").length, 2, "resolved once");
  } finally {
    await w.dispose();
  }
});

test("Slack format, a failure spike by reason, and temporary credentials close to expiry", async () => {
  const w = await startWorker({
    ALERT_WEBHOOK_URL: hook("/slack"),
    ALERT_WEBHOOK_FORMAT: "slack",
    ALERT_MIN_SAMPLES: "1000",
    ALERT_FAILURE_SPIKE: "3",
    ALERT_DIAGNOSTICS: "false",
    S3_SESSION_TOKEN: "FQoGZXIvYXdzEBYaDtest-session-token",
    S3_SESSION_EXPIRES_AT: new Date(Date.now() + 2 * 3600e3).toISOString(),
  });
  try {
    for (let i = 0; i < 3; i++) await upload(w, { succeed: false });
    await w.scheduled();
    const texts = messages("/slack").map((m) => m.text);
    assert.equal(texts.length, 2, JSON.stringify(texts));
    assert.ok(texts.every((t) => /^(🚨|⚠️) \[FIRING\] s3-edge-signer: /.test(t)), JSON.stringify(texts));
    assert.ok(texts.some((t) => /3 uploads failed with "timeout"/.test(t)));
    assert.ok(texts.some((t) => /S3_\* temporary credentials expire in 2 h/.test(t)));
  } finally {
    await w.dispose();
  }
});

test("alert settings are validated like the rest; the webhook URL is a secret", async () => {
  const w = await startWorker({ ALERT_SUCCESS_RATE: "90%", ALERT_WEBHOOK_URL: "http://hooks.example.com/x", ALERT_WEBHOOK_FORMAT: "teams" });
  try {
    const h = await w.request("/api/v1/health", { headers: asKey() });
    assert.equal(h.status, 503);
    for (const needle of ["ALERT_SUCCESS_RATE must be a number from 0 to 1", "ALERT_WEBHOOK_URL must be an https URL", "ALERT_WEBHOOK_FORMAT must be one of json, slack"]) {
      assert.ok(h.body.error.message.includes(needle), needle);
    }
  } finally {
    await w.dispose();
  }
});
