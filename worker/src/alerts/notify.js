// Alert delivery: deduplicated, with a cooldown, and a "resolved" message when a condition clears. State per alert
// lives in the METRICS Durable Object (one record worldwide), else in this isolate's memory — where two isolates
// running the Cron Trigger could each send (said in the README).
//
// Formats: "slack" (an incoming webhook's `{ text }`, which Slack, Mattermost, Rocket.Chat and Discord's
// /slack endpoints accept) or "json" (a generic document for any receiver).

import { getState, setState } from "../metrics.js";

const ATTEMPTS = 3;

function payload(format, status, alert, at, version) {
  const icon = status === "resolved" ? "✅" : alert.severity === "critical" ? "🚨" : "⚠️";
  if (format === "slack") {
    return { text: `${icon} [${status.toUpperCase()}] s3-edge-signer: ${alert.summary}` };
  }
  return { source: "s3-edge-signer", version, status, alert: alert.key, severity: alert.severity, summary: alert.summary, details: alert.details, at: new Date(at).toISOString() };
}

async function post(url, body) {
  let last = "";
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    if (attempt > 1) await new Promise((r) => setTimeout(r, 200 * 2 ** attempt * Math.random()));
    try {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.status < 300) return true;
      last = `HTTP ${res.status}`;
      if (res.status < 500 && res.status !== 429) break;
    } catch (err) {
      last = err && err.name === "TimeoutError" ? "timeout" : "network error";
    }
  }
  console.log(JSON.stringify({ level: "error", msg: "alert webhook failed", reason: last }));
  return false;
}

/**
 * Sends what changed: a condition newly firing (or still firing after the cooldown) as "firing", a condition that
 * was firing and is clear — or no longer reported at all (no traffic, a finding gone) — as "resolved". Keys under
 * `unknown` prefixes (a check that could not run this time) are left as they are. Returns the messages sent.
 */
export async function notify(env, config, conditions, { now = Date.now(), unknown = [] } = {}) {
  const { webhookUrl, format, cooldownMinutes } = config.alerts;
  const state = (await getState(env, "alerts")) || {};
  const sent = [];
  const reported = new Set(conditions.map((c) => c.key));
  const gone = Object.entries(state)
    .filter(([key, s]) => s.firing && !reported.has(key) && !unknown.some((prefix) => key.startsWith(prefix)))
    .map(([key, s]) => ({ key, firing: false, severity: s.severity || "warning", summary: `${s.summary || key} — cleared`, details: {} }));
  for (const alert of [...conditions, ...gone]) {
    const was = state[alert.key];
    let status = null;
    if (alert.firing && (!was?.firing || now - was.lastSentAt >= cooldownMinutes * 60000)) status = "firing";
    else if (!alert.firing && was?.firing) status = "resolved";
    if (!status) continue;
    console.log(JSON.stringify({ level: status === "firing" ? "warn" : "info", msg: `alert ${status}`, alert: alert.key, severity: alert.severity, summary: alert.summary }));
    const delivered = webhookUrl ? await post(webhookUrl, payload(format, status, alert, now, config.version)) : false;
    // Not delivered: remembered anyway when there is no webhook (logged only); retried next run when it failed.
    if (webhookUrl && !delivered) continue;
    state[alert.key] = status === "firing"
      ? { firing: true, lastSentAt: now, since: was?.firing ? was.since : now, severity: alert.severity, summary: alert.summary }
      : { firing: false, lastSentAt: now };
    sent.push({ status, key: alert.key });
  }
  // Forget long-resolved alerts, so the state stays small.
  for (const [key, s] of Object.entries(state)) if (!s.firing && now - s.lastSentAt > 7 * 86400e3) delete state[key];
  await setState(env, "alerts", state);
  return sent;
}
