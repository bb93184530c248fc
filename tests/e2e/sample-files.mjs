// Files for the end-to-end tests: deterministic bytes (so a read-back can be compared without keeping copies), and
// content types chosen from what the running worker allows or refuses, not assumed.

/**
 * `size` pseudo-random bytes from `seed` (xorshift32). Self-contained on purpose: the same source runs in Node and,
 * via Function.prototype.toString, inside the page to build dropped files.
 */
export function patternBytes(seed, size) {
  const out = new Uint8Array(size);
  let x = (seed >>> 0) || 0x9e3779b9;
  for (let i = 0; i < size; i += 4) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
    if (i + 1 < size) out[i + 1] = (x >>> 8) & 0xff;
    if (i + 2 < size) out[i + 2] = (x >>> 16) & 0xff;
    if (i + 3 < size) out[i + 3] = (x >>> 24) & 0xff;
  }
  return out;
}

function matches(pattern, type) {
  if (pattern === "*/*" || pattern === "*") return true;
  if (pattern.endsWith("/*")) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

export function typeAllowed(config, type) {
  const allowed = config.allowedContentTypes;
  if (!allowed || allowed.length === 0) return true;
  return allowed.some((pattern) => matches(pattern.toLowerCase(), type));
}

const CANDIDATES = [
  { type: "image/png", ext: "png" },
  { type: "image/jpeg", ext: "jpg" },
  { type: "application/pdf", ext: "pdf" },
  { type: "text/plain", ext: "txt" },
  { type: "application/octet-stream", ext: "bin" },
  { type: "video/mp4", ext: "mp4" },
];

/** Allowed content types with a matching extension (Chromium derives File.type from the extension on drops). */
export function allowedTypes(config) {
  const found = CANDIDATES.filter((c) => typeAllowed(config, c.type));
  if (found.length === 0) {
    throw new Error(`None of ${CANDIDATES.map((c) => c.type).join(", ")} is allowed by the worker (allowedContentTypes: ${JSON.stringify(config.allowedContentTypes)}).`);
  }
  return found;
}

/** A type the worker refuses, or null when it accepts every type. */
export function refusedType(config) {
  const candidates = [
    { type: "application/x-msdownload", ext: "exe" },
    { type: "application/x-sh", ext: "sh" },
    { type: "application/zip", ext: "zip" },
  ];
  return candidates.find((c) => !typeAllowed(config, c.type)) ?? null;
}

/** A size that the worker sends through multipart in at least `minParts` parts. */
export function multipartSize(config, minParts = 3) {
  const { multipartThreshold, partSize } = config;
  if (!(partSize > 0) || !(multipartThreshold >= 0)) {
    throw new Error(`The worker's config lacks partSize/multipartThreshold: ${JSON.stringify({ multipartThreshold, partSize })}`);
  }
  // A ragged last part (not a multiple of the part size) also exercises the short final part.
  return Math.max(multipartThreshold + 1, (minParts - 1) * partSize + Math.floor(partSize / 3) + 7);
}

export function firstDifference(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}
