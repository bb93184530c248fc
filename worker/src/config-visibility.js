// Who sees a configuration problem. The full list (which secret is missing, which bucket setting is wrong) is the
// operator's: it goes to the log on every request, and to a caller presenting a valid API key. An unauthenticated
// caller learns only that the worker is misconfigured — the details map the deployment for an attacker.

import { errorBody } from "./http.js";
import { apiKeys } from "./config.js";
import { matchKey } from "./auth.js";

async function presentsValidKey(request, env) {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") || "");
  if (!m) return false;
  const keys = await apiKeys(env.API_KEYS, []);
  return (await matchKey(m[1], keys)) !== null;
}

/** The answer to a request while the configuration is invalid: 503 on health (not ready), 500 elsewhere. */
export async function configErrorFor(err, rc, env, request) {
  rc.code = err.code;
  // ConfigError messages name settings and fixes, never a secret's value (config.js).
  console.log(JSON.stringify({ level: "error", requestId: rc.requestId, msg: err.message }));
  const detailed = await presentsValidKey(request, env);
  const message = detailed ? err.message : `the worker's configuration is invalid; the operator finds the details in the worker's log (request id ${rc.requestId})`;
  return { status: rc.path === "/api/v1/health" ? 503 : 500, body: errorBody({ code: err.code, message, retryable: false }) };
}
