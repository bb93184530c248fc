// A diagnostics finding: what is wrong with a bucket's setup as the worker uses it, what breaks for users, and the
// exact fix. Severity: "error" (uploads fail for some or all users), "warning" (works, with a cost or a risk),
// "info" (for the record).

/**
 * @typedef {object} Finding
 * @property {string} id        stable identifier, e.g. "cors-origin-missing"
 * @property {"error" | "warning" | "info"} severity
 * @property {string} bucket
 * @property {string} title     one line
 * @property {string} impact    what breaks for users, in their words ("the browser reports a CORS error")
 * @property {{ description: string, json?: object, command?: string, xml?: string }} [fix]
 * @property {object} [details]
 */

/** @returns {Finding} */
export function finding(severity, id, bucket, title, impact, fix, details) {
  return { id, severity, bucket, title, impact, ...(fix ? { fix } : {}), ...(details ? { details } : {}) };
}

const RANK = { error: 0, warning: 1, info: 2 };

/** Findings, most severe first. */
export function bySeverity(findings) {
  return [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}
