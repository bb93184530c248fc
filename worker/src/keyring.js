// The worker's MAC keys. Everything the worker hands out and later trusts again — multipart keys that carry their
// layout, upload tokens (the `uploadId` of a PUT or POST upload, presented back in outcome reports) and download
// tokens — is authenticated with HMAC-SHA-256 under a key derived from UPLOAD_KEY_SECRET, one derived key per
// purpose, so a token of one kind can never be replayed as another.
//
// Rotation: set the new value in UPLOAD_KEY_SECRET and the old one in UPLOAD_KEY_SECRET_PREVIOUS. New tokens are
// made with the current key; tokens made with either are accepted, so uploads in flight survive the change. The
// secret is independent of the S3 credentials, so rotating those (or reordering BUCKETS) never touches tokens.

const PURPOSES = ["multipart-key", "upload-token", "download-token"];

async function hmacKey(bytes) {
  return crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}

async function derive(secret) {
  const base = await hmacKey(new TextEncoder().encode(secret));
  const keys = {};
  for (const purpose of PURPOSES) {
    keys[purpose] = await hmacKey(await crypto.subtle.sign("HMAC", base, new TextEncoder().encode(`s3-edge-signer ${purpose} v1`)));
  }
  return keys;
}

function hex(buffer, bytes) {
  return Array.from(new Uint8Array(buffer).slice(0, bytes), (x) => x.toString(16).padStart(2, "0")).join("");
}

/** Compares two equal-length ASCII strings without returning at the first difference. */
export function constantTimeEqual(a, b) {
  if (typeof a !== "string" || typeof b !== "string" || a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * A keyring from the current secret and an optional previous one. `mac(purpose, text, bytes)` signs with the
 * current key (hex of the first `bytes` bytes); `verify(purpose, text, mac)` accepts either key.
 */
export async function buildKeyring(current, previous) {
  const keys = [await derive(current)];
  if (previous && previous !== current) keys.push(await derive(previous));
  const macWith = async (k, purpose, text, bytes) => hex(await crypto.subtle.sign("HMAC", k[purpose], new TextEncoder().encode(text)), bytes);
  return {
    rotating: keys.length > 1,
    mac: (purpose, text, bytes) => macWith(keys[0], purpose, text, bytes),
    async verify(purpose, text, mac) {
      let ok = false;
      // Every key is tried (no early return), so timing does not tell which one matched.
      for (const k of keys) ok = constantTimeEqual(await macWith(k, purpose, text, mac.length / 2), mac) || ok;
      return ok;
    },
  };
}
