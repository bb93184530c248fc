// Object keys. The worker names every key (clients never choose one, except a sanitised sub-prefix when
// ALLOW_CLIENT_PREFIX is on):
//
//   <KEY_PREFIX>[<client prefix>/]<yyyy>/<mm>/<dd>/<id>/<sanitised filename>
//
// For PUT and POST uploads <id> is 16 random hex digits — or, for a PUT whose size was not known (and so not
// signed), `v` and 15 hex digits: the mark of an object the worker must verify before it counts (upload-policy.js
// "size-less PUT"). For multipart uploads it is
// `m<10 hex>.<size>.<partSize>.<mac>` (sizes base 36, 0 = unknown): the layout the worker decided at initiate,
// bound to the bucket and the rest of the key by an HMAC (keyring.js). Later calls (sign-parts, complete, list,
// abort, and the Uppy routes, which carry only key and uploadId) read the bucket and the layout back from the key
// itself, so the worker stays stateless across isolates and a client cannot sign parts larger or more numerous than
// initiated.

import { ApiError, badRequest } from "./http.js";

const MAC_HEX = 16; // 64 bits: forging needs ~2^63 online guesses, each one a rate-limited request.

function randomHex(bytes) {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

function datePath(now) {
  const d = new Date(now);
  return `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${String(d.getUTCDate()).padStart(2, "0")}`;
}

/** The optional client sub-prefix (`keyPrefix` in the body), only when ALLOW_CLIENT_PREFIX is on. */
export function clientPrefix(v, config) {
  if (v === undefined || v === null || v === "") return "";
  if (!config.allowClientPrefix) {
    throw badRequest("KeyPrefixNotAllowed", "this worker names keys itself: remove `keyPrefix` (the operator allows a client prefix with ALLOW_CLIENT_PREFIX=true)");
  }
  if (typeof v !== "string" || v.length > 128) throw badRequest("InvalidKeyPrefix", "`keyPrefix` must be a string of at most 128 characters");
  const segments = v.replace(/^\/+|\/+$/g, "").split("/");
  if (segments.length > 4 || segments.some((s) => !/^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}$/.test(s))) {
    throw badRequest("InvalidKeyPrefix", "`keyPrefix` must be 1 to 4 segments of letters, digits, '.', '_' or '-' separated by '/' (no '.' or '..' segments)");
  }
  return `${segments.join("/")}/`;
}

/** A key for a single PUT or POST upload; `verify`: a size-less PUT, whose object is checked after the upload. */
export function objectKey(config, filename, prefix, now = Date.now(), { verify = false } = {}) {
  const id = verify ? `v${randomHex(8).slice(1)}` : randomHex(8);
  return `${config.keyPrefix}${prefix}${datePath(now)}/${id}/${filename}`;
}

/** Whether `key` is a size-less PUT's key (its size was not signed: the worker verifies the object). */
export function isUnverifiedSizeKey(key) {
  const segments = key.split("/");
  return segments.length >= 2 && /^v[0-9a-f]{15}$/.test(segments[segments.length - 2]);
}

/** A key for a multipart upload in `bucket`, carrying its layout (`size`, `partSize`; 0 when unknown). */
export async function multipartKey(config, bucket, filename, prefix, layout, now = Date.now()) {
  const head = `${config.keyPrefix}${prefix}${datePath(now)}/m${randomHex(5)}.${layout.size.toString(36)}.${layout.partSize.toString(36)}`;
  return `${head}.${await config.keyring.mac("multipart-key", `${bucket}\n${head}/${filename}`, MAC_HEX / 2)}/${filename}`;
}

const TOKEN = /^(m[0-9a-f]{10})\.([0-9a-z]{1,11})\.([0-9a-z]{1,11})\.([0-9a-f]{16})$/;

/**
 * Reads a multipart key back: `{ bucket, size, partSize, partCount }` (size 0 = unknown). `bucketNames` are the
 * candidates (the requested one, or every configured bucket). Throws 400 InvalidUploadKey for a key this worker
 * did not issue, or issued for another bucket.
 */
export async function readMultipartKey(config, key, bucketNames) {
  checkKeyShape(key, config);
  const segments = key.split("/");
  const m = segments.length >= 3 ? TOKEN.exec(segments[segments.length - 2]) : null;
  if (m) {
    const filename = segments[segments.length - 1];
    const head = [...segments.slice(0, -2), `${m[1]}.${m[2]}.${m[3]}`].join("/");
    for (const bucket of bucketNames) {
      if (await config.keyring.verify("multipart-key", `${bucket}\n${head}/${filename}`, m[4])) {
        const size = parseInt(m[2], 36);
        const partSize = parseInt(m[3], 36);
        return { bucket, size, partSize, partCount: size && partSize ? Math.max(1, Math.ceil(size / partSize)) : 0 };
      }
    }
  }
  throw badRequest("InvalidUploadKey", "`key` was not issued by this worker's multipart initiate for this bucket: send the key (and bucket) that initiate returned");
}

/** Whether `key` has the shape of a multipart key (the MAC is not checked). */
export function looksLikeMultipartKey(key) {
  const segments = key.split("/");
  return segments.length >= 3 && TOKEN.test(segments[segments.length - 2]);
}

/** A key under KEY_PREFIX, of a length S3 accepts (1024 bytes of UTF-8). */
export function checkKeyShape(key, config) {
  if (typeof key !== "string" || key === "") throw badRequest("InvalidRequest", "`key` is required");
  if (new TextEncoder().encode(key).length > 1024) throw badRequest("InvalidObjectKey", "`key` is longer than S3's 1024 bytes");
  if (!key.startsWith(config.keyPrefix)) {
    throw new ApiError(403, "Forbidden", `this worker only serves keys under ${config.keyPrefix || "(the bucket root)"}`);
  }
  if (key.split("/").some((s) => s === "." || s === "..")) throw badRequest("InvalidObjectKey", "`key` must not contain '.' or '..' segments");
  return key;
}
