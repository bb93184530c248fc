// The alert evaluation the scheduled handler runs: metrics of this window and the one before, diagnostics
// findings (when ALERT_DIAGNOSTICS), and the credentials' expiry → conditions → notifications.

import { snapshot } from "../metrics.js";
import { runDiagnostics } from "../diagnostics/index.js";
import { evaluateAlerts } from "./evaluate.js";
import { notify } from "./notify.js";

export async function runAlerts(env, config) {
  const settings = config.alerts;
  const rc = { requestId: `alerts-${crypto.randomUUID()}`, extraSecrets: [] };
  const [current, previous] = await Promise.all([
    snapshot(env, config, settings.windowMinutes),
    snapshot(env, config, settings.windowMinutes, { endMinutesAgo: settings.windowMinutes }),
  ]);
  let findings = null;
  if (settings.diagnostics) {
    try {
      findings = (await runDiagnostics(config, rc)).buckets.flatMap((b) => b.findings);
    } catch (err) {
      console.log(JSON.stringify({ level: "warn", msg: "diagnostics could not run for alerting", error: String(err && err.message) }));
    }
  }
  const credentials = [...config.credentials.entries()].map(([prefix, c]) => ({ prefix, expiresAt: c.expiresAt }));
  const conditions = evaluateAlerts({ current: current.regions, previous: previous.regions, findings, credentials, settings, now: Date.now() });
  const sent = await notify(env, config, conditions, { unknown: findings ? [] : ["diagnostics:"] });
  return { conditions: conditions.length, firing: conditions.filter((c) => c.firing).map((c) => c.key), sent };
}
