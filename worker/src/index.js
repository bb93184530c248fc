// s3-edge-signer worker: holds the S3 credentials and issues presigned upload/download URLs.
// The HTTP contract is docs/worker-api.md. Every answer is JSON with an x-request-id; every refusal is a 4xx
// `{ success: false, error: { code, message } }`; one JSON log line is written per request.

import { ApiError, errorBody, readJsonBody } from "./http.js";
import { ConfigError, getConfig, redact } from "./config.js";
import { authenticate, browserOrigin } from "./auth.js";
import { checkOrigin, corsHeaders, preflight } from "./cors.js";
import { rateLimit } from "./rate-limit.js";
import { analytics, logLine, observeRequest } from "./metrics.js";
import { clientConfig, health, metrics, regionList } from "./routes/info.js";
import { downloadUrl, postPolicy, reportOutcome, signedUrl } from "./routes/uploads.js";
import { abort, complete, initiate, listUploadParts, signParts } from "./routes/multipart.js";
import * as uppy from "./routes/uppy.js";

// auth: "public" (no key), "any" (API key or an anonymous allow-listed origin), "key" (API key only).
// body: the handler reads a JSON body; bigBody: up to 10 000 parts (complete).
const ROUTES = [
  ["GET", "/api/v1/health", "health", health, { auth: "public" }],
  ["GET", "/api/v1/config", "config", clientConfig],
  ["GET", "/api/v1/regions", "regions", regionList],
  ["GET", "/api/v1/metrics", "metrics", metrics, { auth: "key" }],
  ["POST", "/api/v1/upload/s3/signed-url", "signed-url", signedUrl, { body: true }],
  ["POST", "/api/v1/upload/s3/post-policy", "post-policy", postPolicy, { body: true }],
  ["POST", "/api/v1/upload/s3/complete", "report", reportOutcome, { body: true }],
  ["POST", "/api/v1/upload/s3/multipart/initiate", "multipart-initiate", initiate, { body: true }],
  ["POST", "/api/v1/upload/s3/multipart/sign-parts", "multipart-sign-parts", signParts, { body: true }],
  ["POST", "/api/v1/upload/s3/multipart/complete", "multipart-complete", complete, { body: true, bigBody: true }],
  ["POST", "/api/v1/upload/s3/multipart/abort", "multipart-abort", abort, { body: true }],
  ["POST", "/api/v1/upload/s3/multipart/list", "multipart-list", listUploadParts, { body: true }],
  ["GET", "/api/v1/download/s3/signed-url", "download-url", downloadUrl],
  ["GET", "/s3/params", "uppy-params", uppy.params],
  ["POST", "/s3/multipart", "uppy-create", uppy.create, { body: true }],
  ["GET", "/s3/multipart/:uploadId/batch", "uppy-batch-sign", uppy.batchSign],
  ["GET", "/s3/multipart/:uploadId/:partNumber", "uppy-sign-part", uppy.signPart],
  ["GET", "/s3/multipart/:uploadId", "uppy-list-parts", uppy.listParts],
  ["POST", "/s3/multipart/:uploadId/complete", "uppy-complete", uppy.completeRoute, { body: true, bigBody: true }],
  ["DELETE", "/s3/multipart/:uploadId", "uppy-abort", uppy.abortRoute],
].map(([method, path, op, handler, opts = {}]) => ({ method, segments: path.split("/").slice(1), op, handler, auth: "any", ...opts }));

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
    const allowed = ROUTES.filter((r) => r.segments.length === parts.length && r.segments.every((s, i) => s.startsWith(":") || s === parts[i])).map((r) => r.method);
    throw new ApiError(405, "MethodNotAllowed", `${method} is not allowed here; use ${[...new Set(allowed)].join(" or ")}`, { allow: [...new Set(allowed)].join(", ") });
  }
  throw new ApiError(404, "NotFound", `no endpoint ${pathname}; see docs/worker-api.md`);
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (!url.pathname.startsWith("/api/") && !url.pathname.startsWith("/s3/")) {
      // Static assets (the demo page) are served by Workers Assets before the worker runs; this is the miss path.
      if (env.ASSETS) return env.ASSETS.fetch(request);
      return new Response("Not found", { status: 404 });
    }
    return handle(request, env, url);
  },
};

async function handle(request, env, url) {
  const started = Date.now();
  const rc = { requestId: crypto.randomUUID(), method: request.method, path: url.pathname, extraSecrets: [] };
  let config = null;
  let extraHeaders = {};
  let result;
  try {
    try {
      config = await getConfig(env);
    } catch (err) {
      // Health says the worker is not ready; everything else is a server-side misconfiguration (never a 4xx).
      if (err instanceof ConfigError && url.pathname === "/api/v1/health") throw new ApiError(503, err.code, err.message);
      throw err;
    }
    const origin = browserOrigin(request);
    extraHeaders = corsHeaders(origin, config);
    if (request.method === "OPTIONS") {
      rc.op = "preflight";
      extraHeaders = preflight(request.headers.get("origin")?.toLowerCase() || null, config);
      result = { status: 204, body: null };
    } else {
      const { r, params } = route(request.method, url.pathname);
      rc.op = r.op;
      checkOrigin(request, config);
      let who = { client: "public", anonymous: true };
      if (r.auth !== "public") {
        who = await authenticate(request, config, { allowAnonymous: r.auth === "any" });
        await rateLimit(env, config, who);
      }
      rc.client = who.client.startsWith("anon:") ? "anonymous" : who.client;
      rc.anonymous = who.anonymous;
      const body = r.body ? await readJsonBody(request, r.bigBody ? Math.max(config.maxBodyBytes, 2 * 1024 * 1024) : config.maxBodyBytes) : undefined;
      result = await r.handler({ request, env, config, rc, who, url, params, body, cf: request.cf });
    }
  } catch (err) {
    result = failure(err, rc, config);
  }
  rc.status = result.status;
  rc.latencyMs = Date.now() - started;
  const response = respond(result, rc, config, extraHeaders);
  if (config) observeRequest(rc);
  logLine(rc, config);
  analytics(env, rc);
  return response;
}

function failure(err, rc, config) {
  if (err instanceof ApiError || err instanceof ConfigError) {
    rc.code = err.code;
    return { status: err.status, body: errorBody(err), headers: err.headers };
  }
  // The signing core's errors carry a stable `code` and a message naming the rule (bad key, part number…):
  // caused by the request's values, so 400.
  if (err && typeof err.code === "string" && /^[A-Z][A-Za-z]+$/.test(err.code)) {
    rc.code = err.code;
    return { status: 400, body: errorBody(err) };
  }
  rc.code = "InternalError";
  const secrets = config ? [...config.secrets, ...rc.extraSecrets] : rc.extraSecrets;
  console.log(JSON.stringify({ level: "error", requestId: rc.requestId, msg: "unhandled error", error: redact(String(err && err.stack || err), secrets) }));
  return { status: 500, body: errorBody({ code: "InternalError", message: `internal error; request id ${rc.requestId}` }) };
}

function respond(result, rc, config, extraHeaders) {
  const headers = {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "x-request-id": rc.requestId,
    ...extraHeaders,
    ...(result.headers || {}),
  };
  if (result.body === null) {
    delete headers["content-type"];
    return new Response(null, { status: result.status, headers });
  }
  let text = JSON.stringify(result.body);
  // Last line of defence: no configured secret (nor a caller's own BYO secret) ever leaves in a response body.
  const secrets = config ? [...config.secrets, ...rc.extraSecrets] : rc.extraSecrets;
  if (secrets.some((s) => s && text.includes(s))) {
    console.log(JSON.stringify({ level: "error", requestId: rc.requestId, msg: "response withheld: it contained a secret", op: rc.op }));
    rc.status = 500;
    rc.code = "InternalError";
    text = JSON.stringify(errorBody({ code: "InternalError", message: `internal error; request id ${rc.requestId}` }));
    return new Response(text, { status: 500, headers });
  }
  return new Response(text, { status: result.status, headers });
}
