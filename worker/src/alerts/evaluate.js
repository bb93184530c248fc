// The alert conditions, as pure functions of the metrics windows, the diagnostics findings and the credentials:
// each condition the scheduled handler checks comes back firing or clear, so a clear one can resolve an alert.
//
// - success rate per region under ALERT_SUCCESS_RATE, once the window holds ALERT_MIN_SAMPLES outcomes;
// - failures of one reason spiking: at least ALERT_FAILURE_SPIKE in the window and three times the previous window;
// - S3 error rate (the worker's own calls failing) over ALERT_S3_ERROR_RATE, with ALERT_MIN_SAMPLES requests;
// - diagnostics findings of severity "error" (CORS or lifecycle broken after a bucket change, credentials refused…);
// - temporary credentials expiring within ALERT_CREDENTIALS_HOURS.

const pct = (x) => `${Math.round(x * 1000) / 10}%`;

/**
 * @param {{ current: object, previous: object, findings: object[] | null, credentials: { prefix: string, expiresAt?: number }[], settings: object, now: number }} input
 *   current/previous: metrics reports (per region) for this window and the one before it.
 * @returns {{ key: string, firing: boolean, severity: "critical" | "warning", summary: string, details: object }[]}
 */
export function evaluateAlerts({ current, previous, findings, credentials, settings, now }) {
  const out = [];
  const regions = new Set([...Object.keys(current), ...Object.keys(previous)]);
  for (const region of regions) {
    const c = current[region] || { completed: 0, failed: 0, failedBy: {}, requests: {}, s3Errors: 0 };
    const p = previous[region] || { failedBy: {} };
    const outcomes = c.completed + c.failed;
    const rate = outcomes ? c.completed / outcomes : 1;
    out.push({
      key: `success-rate:${region}`,
      firing: outcomes >= settings.minSamples && rate < settings.successRate,
      severity: "critical",
      summary: `upload success rate in ${region} is ${pct(rate)} (${c.completed} of ${outcomes}) over ${settings.windowMinutes} min, under ${pct(settings.successRate)}`,
      details: { region, completed: c.completed, failed: c.failed, failedBy: c.failedBy, windowMinutes: settings.windowMinutes },
    });
    for (const reason of new Set([...Object.keys(c.failedBy || {}), ...Object.keys(p.failedBy || {})])) {
      const now_ = c.failedBy?.[reason] || 0;
      const before = p.failedBy?.[reason] || 0;
      out.push({
        key: `failure-spike:${region}:${reason}`,
        firing: now_ >= settings.failureSpike && now_ >= 3 * before,
        severity: "warning",
        summary: `${now_} uploads failed with "${reason}" in ${region} over ${settings.windowMinutes} min (${before} in the window before)`,
        details: { region, reason, count: now_, previous: before },
      });
    }
    const requests = Object.values(c.requests || {}).reduce((a, b) => a + b, 0);
    const s3Rate = requests ? c.s3Errors / requests : 0;
    out.push({
      key: `s3-errors:${region}`,
      firing: requests >= settings.minSamples && s3Rate > settings.s3ErrorRate,
      severity: "critical",
      summary: `${pct(s3Rate)} of requests in ${region} failed on S3 (${c.s3Errors} of ${requests}) over ${settings.windowMinutes} min`,
      details: { region, s3Errors: c.s3Errors, requests, byCode: c.s3ErrorsBy || {} },
    });
  }
  if (findings) {
    const errors = findings.filter((f) => f.severity === "error");
    for (const f of errors) {
      out.push({ key: `diagnostics:${f.bucket}:${f.id}`, firing: true, severity: "critical", summary: `${f.bucket}: ${f.title} — ${f.impact}`, details: { finding: f } });
    }
  }
  for (const { prefix, expiresAt } of credentials) {
    if (expiresAt === undefined) continue;
    const hoursLeft = (expiresAt - now) / 3600e3;
    out.push({
      key: `credentials-expiry:${prefix}`,
      firing: hoursLeft <= settings.credentialsHours,
      severity: hoursLeft <= 1 ? "critical" : "warning",
      summary: hoursLeft <= 0 ? `the ${prefix}_* temporary credentials have expired` : `the ${prefix}_* temporary credentials expire in ${Math.max(0, Math.round(hoursLeft * 10) / 10)} h`,
      details: { prefix, expiresAt },
    });
  }
  return out;
}
