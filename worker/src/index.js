// s3-edge-signer worker: holds the S3 credentials and issues presigned upload/download URLs. The HTTP contract is
// docs/worker-api.md, rendered from the route table (routes/table.js). Every request goes the same way:
// route → origin → authenticate → rate limit → parse (the route's declared shapes) → handler → respond. Every
// answer is JSON with an x-request-id; every refusal is a 4xx `{ success: false, error: { code, message } }`;
// upstream faults are 502/503 with `retryable`; one JSON log line is written per request.
// The scheduled handler (Cron Trigger) sweeps abandoned uploads and evaluates alerts (scheduled.js).

import { ApiError, errorBody, readJsonBody } from "./http.js";
import { ConfigError, getConfig, redact } from "./config.js";
import { authenticate, browserOrigin, callerAddress } from "./auth.js";
import { checkOrigin, corsHeaders, preflight } from "./cors.js";
import { rateLimit } from "./rate-limit.js";
import { analytics, logLine, metricsFor } from "./metrics.js";
import { parseQuery, parseValue } from "./schema.js";
import { ROUTES } from "./routes/table.js";
import { HANDLERS } from "./routes/handlers.js";
import { scheduled } from "./scheduled.js";
import { configErrorFor } from "./config-visibility.js";

export { MetricsStore } from "./metrics-store.js";

const PARTS_BODY_LIMIT = 2 * 1024 * 1024; // 10 000 parts with their ETags

function route(method, pathname) {
  const parts = pathname.split("/").slice(1);
  let pathMatched = false;
  for (const r of ROUTES) {
    if (r.segments.length !== parts.length) continue;
    const params = {};
    let hit = true;
    for (let i = 0; i < parts.length && hit; i++) {
      const s = r.segments[i];
      if (s.startsWith(":")) {
        if (!parts[i]) hit = false;
        else {
          try {
            params[s.slice(1)] = decodeURIComponent(parts[i]);
          } catch {
            throw new ApiError(400, "InvalidRequest", "the path is not valid percent-encoding");
          }
        }
      } else if (s !== parts[i]) hit = false;
    }
    if (!hit) continue;
    pathMatched = true;
    if (r.method === method) return { r, params };
  }
  if (pathMatched) {
    const allowed = [...new Set(ROUTES.filter((r) => r.segments.length === parts.length && r.segments.every((s, i) => s.startsWith(":") || s === parts[i])).map((r) => r.method))];
    throw new ApiError(405, "MethodNotAllowed", `${method} is not allowed here; use ${allowed.join(" or ")}`, { headers: { allow: allowed.join(", ") } });
  }
  throw new ApiError(404, "NotFound", `no endpoint ${pathname.slice(0, 200)}; see docs/worker-api.md`);
}

const NO_FIELDS = { kind: "object", fields: {} };

// Every route's handler exists (a typo in the table fails at load, not on the first request).
for (const r of ROUTES) if (typeof HANDLERS[r.handler] !== "function") throw new Error(`route ${r.path}: no handler ${r.handler}`);

export default {
  async fetch(request, env, exec) {
    const url = new URL(request.url);
    if (!url.pathname.startsWith("/api/") && !url.pathname.startsWith("/s3/")) {
      // Static assets (the demo page) are served by Workers Assets before the worker runs; this is the miss path.
      if (env.ASSETS) return env.ASSETS.fetch(request);
      return new Response("Not found", { status: 404 });
    }
    return handle(request, env, url, exec);
  },

  async scheduled(event, env, exec) {
    exec.waitUntil(scheduled(env, event));
  },
};

async function handle(request, env, url, exec) {
  const started = Date.now();
  const rc = { requestId: crypto.randomUUID(), method: request.method, path: url.pathname, extraSecrets: [] };
  const metrics = metricsFor(env, exec);
  let config = null;
  let who = null;
  let extraHeaders = {};
  let result;
  try {
    config = await getConfig(env);
    extraHeaders = corsHeaders(browserOrigin(request), config);
    if (request.method === "OPTIONS") {
      rc.op = "preflight";
      extraHeaders = preflight(request.headers.get("origin")?.toLowerCase() || null, config);
      result = { status: 204, body: null };
    } else {
      const { r, params } = route(request.method, url.pathname);
      rc.op = r.op;
      checkOrigin(request, config);
      who = { client: "public", anonymous: true };
      if (r.auth !== "public") {
        try {
          who = await authenticate(request, config, { allowAnonymous: r.auth === "any" });
        } catch (err) {
          // A failed authentication counts against the caller's address: guessing keys is rate limited too.
          await rateLimit(env, config, { client: callerAddress(request), anonymous: true });
          throw err;
        }
        await rateLimit(env, config, who);
      }
      rc.client = who.anonymous ? "anonymous" : who.client;
      rc.anonymous = who.anonymous;
      const input = {
        params: parseValue(r.params || NO_FIELDS, params, ""),
        query: parseQuery(r.query || NO_FIELDS, url.searchParams),
        body: r.body ? parseValue(r.body, await readJsonBody(request, r.bodyLimit === "parts" ? Math.max(config.maxBodyBytes, PARTS_BODY_LIMIT) : config.maxBodyBytes), "") : undefined,
      };
      result = await HANDLERS[r.handler]({ request, env, config, rc, who, url, input, cf: request.cf, metrics });
    }
  } catch (err) {
    result = await failure(err, rc, env, config, request);
  }
  rc.status = result.status;
  rc.latencyMs = Date.now() - started;
  const response = respond(result, rc, config, extraHeaders);
  if (config) metrics.flush(rc, config);
  logLine(rc, config);
  analytics(env, rc);
  return response;
}

/** The answer for a thrown error. Only ApiError and ConfigError carry their own status; anything else is a 500. */
async function failure(err, rc, env, config, request) {
  if (err instanceof ConfigError) return configErrorFor(err, rc, env, request);
  const secrets = config ? [...config.logSecrets, ...rc.extraSecrets] : rc.extraSecrets;
  if (err instanceof ApiError) {
    rc.code = err.code;
    if (err.status >= 500) {
      rc.s3Error = err.code === "UpstreamError" || err.code === "UpstreamBusy" ? err.code : undefined;
      console.log(JSON.stringify({ level: "error", requestId: rc.requestId, op: rc.op, code: err.code, msg: err.message, ...(err.detail ? { detail: redact(String(err.detail), secrets) } : {}) }));
    }
    return { status: err.status, body: errorBody(err), headers: err.headers };
  }
  rc.code = "InternalError";
  console.log(JSON.stringify({ level: "error", requestId: rc.requestId, msg: "unhandled error", error: redact(String((err && err.stack) || err), secrets) }));
  return { status: 500, body: errorBody({ code: "InternalError", message: `internal error; request id ${rc.requestId}`, retryable: false }) };
}

function respond(result, rc, config, extraHeaders) {
  const fields = {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "x-request-id": rc.requestId,
    ...extraHeaders,
    ...(result.headers || {}),
  };
  if (result.body === null) delete fields["content-type"];
  // A list value is one header line per entry (Set-Cookie cannot be folded into one line).
  const headers = new Headers();
  for (const [name, value] of Object.entries(fields)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  if (result.body === null) return new Response(null, { status: result.status, headers });
  let text = JSON.stringify(result.body);
  // Last line of defence: no configured secret (nor a caller's own BYO secret) ever leaves in a response body.
  const secrets = config ? [...config.secrets, ...rc.extraSecrets] : rc.extraSecrets;
  if (secrets.some((s) => s && text.includes(s))) {
    console.log(JSON.stringify({ level: "error", requestId: rc.requestId, msg: "response withheld: it contained a secret", op: rc.op }));
    rc.status = 500;
    rc.code = "InternalError";
    text = JSON.stringify(errorBody({ code: "InternalError", message: `internal error; request id ${rc.requestId}`, retryable: false }));
    headers.delete("set-cookie");
    return new Response(text, { status: 500, headers });
  }
  return new Response(text, { status: result.status, headers });
}
