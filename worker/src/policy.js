// The worker's policy: who may upload what. Each check here is also *signed* (Content-Type, Content-Length,
// storage class, SSE, checksum), so S3 refuses a request that differs from what was checked; the checks only give
// an early, readable refusal.

import { badRequest, invalid, requireInteger, requireString } from "./http.js";
import { normalizeStorageClass } from "./signer.js";
import { S3_MAX_PUT } from "./config.js";

// RFC 9110 §8.3.1 media type: type "/" subtype, each an RFC 9110 token, optional parameters.
const MEDIA_TYPE = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)\/([A-Za-z0-9!#$%&'*+.^_`|~-]+)(\s*;\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+=("[^"\\\r\n]*"|[A-Za-z0-9!#$%&'*+.^_`|~-]+))*$/;

/** Checks `contentType` against ALLOWED_CONTENT_TYPES; returns it unchanged (it is signed exactly as the client will send it). */
export function checkContentType(contentType, config) {
  if (typeof contentType !== "string" || contentType === "") {
    throw invalid("`contentType` is required: the file's media type, e.g. image/png");
  }
  if (contentType.length > 255 || !MEDIA_TYPE.test(contentType)) {
    throw invalid("`contentType` must be a media type such as image/png");
  }
  const [type, sub] = contentType.split(";")[0].trim().toLowerCase().split("/");
  const allowed = config.allowedContentTypes.some((pattern) => {
    const [pt, ps] = pattern.split("/");
    return (pt === "*" || pt === type) && (ps === "*" || ps === sub);
  });
  if (!allowed) {
    throw badRequest("ContentTypeNotAllowed", `content type ${type}/${sub} is not allowed; allowed: ${config.allowedContentTypes.join(", ")}`);
  }
  return contentType;
}

/** Checks a declared size against MIN_SIZE/MAX_SIZE and `hardMax` (S3's own limit for the upload method). */
export function checkSize(body, config, { hardMax = S3_MAX_PUT, hardMaxHint = "use the multipart endpoints" } = {}) {
  const size = requireInteger(body, "size", { min: 0 });
  if (size > config.maxSize) {
    throw badRequest("FileTooLarge", `the file is ${size} bytes; the maximum is ${config.maxSize} bytes`);
  }
  if (size > hardMax) {
    throw badRequest("FileTooLarge", `the file is ${size} bytes; S3 accepts at most ${hardMax} bytes this way: ${hardMaxHint}`);
  }
  if (size < config.minSize) {
    throw badRequest("FileTooSmall", `the file is ${size} bytes; the minimum is ${config.minSize} bytes`);
  }
  return size;
}

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

/** The client's requested lifetime, within MAX_EXPIRES_IN; DEFAULT_EXPIRES_IN when absent. */
export function expiresIn(body, config) {
  const v = body.expiresIn;
  if (v === undefined || v === null) return config.defaultExpiresIn;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1 || v > config.maxExpiresIn) {
    throw badRequest("ExpiresOutOfRange", `\`expiresIn\` must be an integer from 1 to ${config.maxExpiresIn} seconds`);
  }
  return v;
}

/** The storage class: the client's choice among STORAGE_CLASSES (aliases accepted), else DEFAULT_STORAGE_CLASS. */
export function storageClass(requested, config) {
  if (requested === undefined || requested === null || requested === "") return config.defaultStorageClass;
  if (typeof requested !== "string") throw invalid("`s3StorageClass` must be a string");
  const name = normalizeStorageClass(requested); // throws the signer's own code for an unknown class
  if (!config.storageClasses.includes(name)) {
    throw badRequest("StorageClassNotAllowed", `storage class ${name} is not allowed; allowed: ${config.storageClasses.join(", ")}`);
  }
  return name;
}

/** Signer options for server-side encryption (SSE). */
export function sseOptions(config) {
  if (!config.sse) return {};
  return config.sseKmsKeyId ? { sse: config.sse, sseKmsKeyId: config.sseKmsKeyId } : { sse: config.sse };
}

const CHECKSUMS = ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"];

/** A client-computed checksum to sign; required (of CHECKSUM_ALGORITHM) when the operator set one. */
export function checksum(value, config) {
  if (value === undefined || value === null) {
    if (config.checksumAlgorithm) {
      throw badRequest("ChecksumRequired", `send \`checksum: { algorithm: "${config.checksumAlgorithm}", value: <base64> }\`: this worker signs a ${config.checksumAlgorithm} of every upload`);
    }
    return undefined;
  }
  if (typeof value !== "object" || Array.isArray(value)) throw invalid("`checksum` must be { algorithm, value }");
  const algorithm = requireString(value, "algorithm", { max: 16 }).toUpperCase();
  const b64 = requireString(value, "value", { max: 128 });
  if (!CHECKSUMS.includes(algorithm)) throw invalid(`\`checksum.algorithm\` must be one of ${CHECKSUMS.join(", ")}`);
  if (config.checksumAlgorithm && algorithm !== config.checksumAlgorithm) {
    throw badRequest("ChecksumAlgorithmNotAllowed", `this worker requires ${config.checksumAlgorithm} checksums`);
  }
  return { algorithm, value: b64 };
}

/** Refuses the plan's bring-your-own-credentials fields unless ALLOW_BYO_CREDENTIALS is on. */
export function byoCredentials(body, config) {
  const has = (f) => Object.prototype.hasOwnProperty.call(body, f);
  if (!has("s3AccessKey") && !has("s3SecretKey")) return null;
  if (!config.allowByoCredentials) {
    throw badRequest("CredentialsNotAllowed", "this worker signs with its own credentials: remove s3AccessKey/s3SecretKey (bring-your-own credentials are disabled; the operator enables them with ALLOW_BYO_CREDENTIALS=true)");
  }
  const accessKeyId = body.s3AccessKey;
  const secretAccessKey = body.s3SecretKey;
  if (typeof accessKeyId !== "string" || !accessKeyId || typeof secretAccessKey !== "string" || !secretAccessKey) {
    throw invalid("`s3AccessKey` and `s3SecretKey` must both be non-empty strings");
  }
  if (accessKeyId.length > 128 || secretAccessKey.length > 128) throw invalid("`s3AccessKey`/`s3SecretKey` are too long");
  return { accessKeyId, secretAccessKey };
}
