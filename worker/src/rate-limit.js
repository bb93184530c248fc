// Per-client rate limiting. A client is an API key (by name) or, for anonymous callers and failed
// authentications, an address: an IPv4 address, or an IPv6 /64 — one subscriber gets a whole /64 (RFC 6177), so
// counting single IPv6 addresses would give one attacker 2^64 clients.
//
// Two layers, both always applied:
// - the Workers Rate Limiting bindings, shared by all isolates of a Cloudflare location: RATE_LIMITER for API keys,
//   ANONYMOUS_RATE_LIMITER for addresses (each binding's limit is set in wrangler.toml);
// - a fixed one-minute window per client in this isolate, with the configured RATE_LIMIT_PER_MINUTE /
//   ANONYMOUS_RATE_LIMIT_PER_MINUTE. It holds at most MAX_TRACKED clients, evicting the least recently seen
//   (never clearing everyone at once). It is one isolate's view: alone, it bounds a burst that lands on one
//   isolate, not a distributed one — the bindings do that.

import { ApiError } from "./http.js";

const MAX_TRACKED = 10000;

/**
 * Fixed one-minute windows per client, at most `capacity` clients, evicting the least recently seen: a Map keeps
 * insertion order, and a client seen again is moved to the end.
 */
export class WindowTable {
  constructor(capacity) {
    this.capacity = capacity;
    this.windows = new Map();
  }

  /** Counts one request of `client` at `now` (ms); returns 0, or the seconds to wait when over `limit`. */
  count(client, limit, now = Date.now()) {
    const minute = Math.floor(now / 60000);
    let w = this.windows.get(client);
    if (w) this.windows.delete(client);
    if (!w || w.minute !== minute) w = { minute, count: 0 };
    w.count += 1;
    this.windows.set(client, w);
    while (this.windows.size > this.capacity) this.windows.delete(this.windows.keys().next().value);
    return w.count > limit ? Math.ceil(((minute + 1) * 60000 - now) / 1000) : 0;
  }
}

const local = new WindowTable(MAX_TRACKED);

/** The rate-limit identity of an address: IPv4 as is, IPv6 by its /64 prefix. */
export function addressClient(ip) {
  if (!ip) return "ip:unknown";
  if (!ip.includes(":")) return `ip:${ip}`;
  // An IPv4-mapped IPv6 address (::ffff:192.0.2.1) is that IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return `ip:${mapped[1]}`;
  // Expand "::" so that the first four groups are the /64, whatever the textual form.
  let [head, tail] = ip.toLowerCase().split("%")[0].split("::");
  const h = head ? head.split(":") : [];
  const t = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const groups = tail === undefined ? h : [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill("0"), ...t];
  return `ip6:${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

function countLocally(client, limit) {
  const now = Date.now();
  const minute = Math.floor(now / 60000);
  let w = windows.get(client);
  if (w) windows.delete(client); // re-inserted below: most recently seen last
  if (!w || w.minute !== minute) w = { minute, count: 0 };
  w.count += 1;
  windows.set(client, w);
  while (windows.size > MAX_TRACKED) windows.delete(windows.keys().next().value);
  return w.count > limit ? Math.ceil(((minute + 1) * 60000 - now) / 1000) : 0;
}

/** Counts one request of `client` (`anonymous`: an address); throws 429 RateLimited over either limit. */
export async function rateLimit(env, config, { client, anonymous }) {
  const limit = anonymous ? config.anonymousRateLimitPerMinute : config.rateLimitPerMinute;
  if (limit === 0) return;
  const binding = anonymous ? env.ANONYMOUS_RATE_LIMITER : env.RATE_LIMITER;
  if (binding && typeof binding.limit === "function") {
    const { success } = await binding.limit({ key: client });
    if (!success) throw limited(60);
  }
  const retryAfter = local.count(client, limit);
  if (retryAfter) throw limited(retryAfter);
}

function limited(retryAfter) {
  return new ApiError(429, "RateLimited", `too many requests from this client: retry after ${retryAfter} s`, { headers: { "retry-after": String(retryAfter) }, retryable: true });
}
