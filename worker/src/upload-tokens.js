// Tokens the worker hands out with an upload and trusts when they come back, each an HMAC under its own derived
// key (keyring.js), bound to the bucket and the object key:
//
// - the upload token (`uploadId` of a PUT or POST upload): `p<issued ms, base 36>.<size, base 36, or empty>.<mac>`.
//   An outcome report must present it with the key, so a caller can only report uploads this worker issued, and
//   the report's duration is bounded by the issue time it carries. (Multipart uploads are identified by their key,
//   whose MAC does the same job, object-key.js.)
// - the download token (`downloadToken`): 128 bits over bucket and key. `GET /api/v1/download/s3/signed-url`
//   signs a read URL only for a key whose token is presented (or for an API key allowed to read any key), so a
//   caller can read back what it uploaded and nothing else.

import { badRequest } from "./http.js";

const UPLOAD_TOKEN = /^p([0-9a-z]{1,11})\.([0-9a-z]{0,11})\.([0-9a-f]{16})$/;
const DOWNLOAD_TOKEN = /^[0-9a-f]{32}$/;

const uploadText = (bucket, key, issued, size) => `${bucket}\n${key}\n${issued}\n${size ?? ""}`;

/** The upload token for a PUT/POST upload of `key` in `bucket` issued at `issuedAt` (ms) with an exact `size`, if any. */
export async function uploadToken(config, bucket, key, issuedAt, size) {
  const issued = issuedAt.toString(36);
  const sz = size === undefined ? "" : size.toString(36);
  return `p${issued}.${sz}.${await config.keyring.mac("upload-token", uploadText(bucket, key, issued, sz), 8)}`;
}

/** Reads an upload token back for `bucket`/`key`: `{ issuedAt, size }`, or null when it is not this worker's. */
export async function readUploadToken(config, bucket, key, token) {
  const m = typeof token === "string" ? UPLOAD_TOKEN.exec(token) : null;
  if (!m) return null;
  if (!(await config.keyring.verify("upload-token", uploadText(bucket, key, m[1], m[2]), m[3]))) return null;
  return { issuedAt: parseInt(m[1], 36), size: m[2] === "" ? undefined : parseInt(m[2], 36) };
}

/** The download token for `key` in `bucket`. */
export function downloadToken(config, bucket, key) {
  return config.keyring.mac("download-token", `${bucket}\n${key}`, 16);
}

/** Throws 403 DownloadNotAllowed unless `token` is the download token of `bucket`/`key`. */
export async function checkDownloadToken(config, bucket, key, token) {
  if (typeof token !== "string" || !DOWNLOAD_TOKEN.test(token) || !(await config.keyring.verify("download-token", `${bucket}\n${key}`, token))) {
    throw Object.assign(badRequest("DownloadNotAllowed", "a download URL needs the `token` (downloadToken) returned with this object's upload; without it only API keys listed in DOWNLOAD_ANY_KEY may read a key"), { status: 403 });
  }
}
