// CORS for the browser clients on CORS_ORIGINS (and ANONYMOUS_ORIGINS, which are implied). Other origins get no
// CORS headers, so a browser on another site cannot read any answer, and their requests are refused outright.

import { ApiError } from "./http.js";

const ALLOW_HEADERS = "authorization, content-type, x-request-id";
const ALLOW_METHODS = "GET, POST, DELETE, OPTIONS";

/** CORS response headers for `origin` (a lowercased Origin header value or null). */
export function corsHeaders(origin, config) {
  if (!origin || !config || !config.corsOrigins.has(origin)) return { vary: "Origin" };
  return {
    "access-control-allow-origin": origin,
    // Credentialed requests are allowed so a page can receive CloudFront signed cookies (POST /api/v1/cdn/cookies);
    // the worker authenticates with API keys, never with cookies, so a credentialed request gains nothing else.
    "access-control-allow-credentials": "true",
    "access-control-expose-headers": "x-request-id, retry-after",
    vary: "Origin",
  };
}

/** The answer to a preflight (OPTIONS with Access-Control-Request-Method). */
export function preflight(origin, config) {
  if (!origin || !config.corsOrigins.has(origin)) {
    throw new ApiError(403, "Forbidden", `origin ${origin || "(none)"} is not allowed: add it to CORS_ORIGINS`);
  }
  return {
    ...corsHeaders(origin, config),
    "access-control-allow-methods": ALLOW_METHODS,
    "access-control-allow-headers": ALLOW_HEADERS,
    "access-control-max-age": "600",
  };
}

/** Refuses a cross-origin request from an origin that is not allowed (its answer could not be read anyway). */
export function checkOrigin(request, config) {
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return;
  const lower = origin.toLowerCase();
  // Same-origin POSTs carry an Origin header equal to the worker's own origin: always fine.
  if (lower === new URL(request.url).origin.toLowerCase()) return;
  if (!config.corsOrigins.has(lower)) {
    throw new ApiError(403, "Forbidden", `origin ${origin} is not allowed: add it to CORS_ORIGINS`);
  }
}
