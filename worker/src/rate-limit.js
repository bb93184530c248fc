// Per-client rate limiting. With a Workers Rate Limiting binding (RATE_LIMITER, see wrangler.toml) the limit is
// shared by every isolate in a Cloudflare location; without one, a fixed one-minute window is kept in this isolate,
// which bounds a single client's burst on one isolate (the local case, and a fallback) but not globally.

import { ApiError } from "./http.js";

const windows = new Map();
const MAX_TRACKED = 10000;

export async function rateLimit(env, config, who) {
  const limit = who.anonymous ? config.anonymousRateLimitPerMinute : config.rateLimitPerMinute;
  if (limit === 0) return;
  if (env.RATE_LIMITER && typeof env.RATE_LIMITER.limit === "function") {
    const { success } = await env.RATE_LIMITER.limit({ key: who.client });
    if (!success) throw limited(60);
    return;
  }
  const now = Date.now();
  const minute = Math.floor(now / 60000);
  let w = windows.get(who.client);
  if (!w || w.minute !== minute) {
    if (windows.size >= MAX_TRACKED) windows.clear();
    w = { minute, count: 0 };
    windows.set(who.client, w);
  }
  w.count += 1;
  if (w.count > limit) throw limited(Math.ceil(((minute + 1) * 60000 - now) / 1000));
}

function limited(retryAfter) {
  return new ApiError(429, "RateLimited", `too many requests from this client: retry after ${retryAfter} s`, { "retry-after": String(retryAfter) });
}
