// Who is calling: an API key (`Authorization: Bearer <key>`), or an anonymous browser on an allow-listed origin.

import { ApiError } from "./http.js";
import { addressClient } from "./rate-limit.js";

/** The caller's address identity for rate limits (Cloudflare sets CF-Connecting-IP; locally there is none). */
export function callerAddress(request) {
  return addressClient(request.headers.get("cf-connecting-ip") || "");
}

/**
 * The origin a browser request comes from: the Origin header, or — for same-origin GET/HEAD, where browsers send no
 * Origin (Fetch standard, "origin header" serialisation) — the worker's own origin when `Sec-Fetch-Site` says
 * same-origin. Either can be forged by a non-browser client, which is why anonymous use is a demo feature that is
 * off unless ANONYMOUS_ORIGINS is set, and is rate limited per IP.
 */
export function browserOrigin(request) {
  const origin = request.headers.get("origin");
  if (origin && origin !== "null") return origin.toLowerCase();
  if (request.headers.get("sec-fetch-site") === "same-origin") return new URL(request.url).origin.toLowerCase();
  return null;
}

/**
 * Authenticates the request. Returns `{ client, anonymous, keyName }` where `client` names the caller for rate
 * limits and logs (an API key's name, never the key; an anonymous caller's address). Throws 401 Unauthorized.
 */
export async function authenticate(request, config, { allowAnonymous = true } = {}) {
  const header = request.headers.get("authorization");
  if (header) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw new ApiError(401, "Unauthorized", "the Authorization header must be `Bearer <api key>`", { headers: { "www-authenticate": "Bearer" } });
    const name = await matchKey(m[1], config.apiKeys);
    if (!name) throw new ApiError(401, "Unauthorized", "the API key is not valid", { headers: { "www-authenticate": "Bearer" } });
    return { client: `key:${name}`, anonymous: false, keyName: name };
  }
  const origin = browserOrigin(request);
  if (allowAnonymous && origin && config.anonymousOrigins.has(origin)) {
    return { client: callerAddress(request), anonymous: true };
  }
  throw new ApiError(401, "Unauthorized",
    allowAnonymous
      ? "an API key is required: send `Authorization: Bearer <api key>`"
      : "this endpoint needs an API key (`Authorization: Bearer <api key>`); anonymous origins are not accepted here",
    { headers: { "www-authenticate": "Bearer" } });
}

/**
 * Compares the presented key with every configured key in constant time: both sides are hashed to 32 bytes first
 * (so neither the length nor a common prefix of the key leaks through timing), every configured key is compared,
 * and each comparison ORs all byte differences instead of returning at the first mismatch.
 */
export async function matchKey(presented, keys) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(presented)));
  let found = null;
  for (const key of keys) {
    let diff = 0;
    for (let i = 0; i < 32; i++) diff |= digest[i] ^ key.digest[i];
    if (diff === 0 && found === null) found = key.name;
  }
  return found;
}
