// The uploader's filename becomes the last segment of the object key; it is never trusted as a path.

import { badRequest } from "./http.js";

/**
 * A filename made safe for a key segment: the last path segment (browsers on old Windows send full paths), NFC,
 * with letters and digits of any script kept, `.`, `_` and `-` kept, everything else (spaces, slashes, `%`, `+`,
 * quotes, control characters…) turned into `-`, at most 200 UTF-8 bytes with the extension kept. S3 accepts any
 * UTF-8 key, but characters such as `+`, `%` and spaces are the ones clients and CDNs mis-encode.
 */
export function sanitizeFilename(raw) {
  if (typeof raw !== "string" || raw === "") {
    throw badRequest("InvalidFilename", "`filename` is required: the name of the file being uploaded");
  }
  if (raw.length > 1024) throw badRequest("InvalidFilename", "`filename` is longer than 1024 characters");
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(raw)) {
    throw badRequest("InvalidFilename", "`filename` contains control characters");
  }
  const base = raw.normalize("NFC").split(/[\\/]/).pop();
  const clean = (x) => x.replace(/[^\p{L}\p{N}._-]+/gu, "-").replace(/-{2,}/g, "-").replace(/^[-.]+|[-.]+$/g, "");
  const dot = base.lastIndexOf(".");
  let stem = clean(dot > 0 ? base.slice(0, dot) : base);
  const ext = dot > 0 ? base.slice(dot + 1).replace(/[^\p{L}\p{N}]+/gu, "").toLowerCase().slice(0, 16) : "";
  if (!/[\p{L}\p{N}]/u.test(stem)) {
    throw badRequest("InvalidFilename", `\`filename\` ${JSON.stringify(base.slice(0, 100))} has no letters or digits to name the file by`);
  }
  const enc = new TextEncoder();
  while (enc.encode(stem).length + ext.length > 200) stem = [...stem].slice(0, -1).join("");
  return ext ? `${stem}.${ext}` : stem;
}
