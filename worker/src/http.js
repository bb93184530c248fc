// JSON in and out, and the one error type every refusal is thrown as. The contract (docs/worker-api.md) fixes
// the envelope: success → 200 `{ success: true, … }`; refusal → 4xx `{ success: false, error: { code, message } }`.

/** A refusal with a stable `code`. `status` is the HTTP status; `headers` are added to the response. */
export class ApiError extends Error {
  constructor(status, code, message, headers) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export const badRequest = (code, message) => new ApiError(400, code, message);
export const invalid = (message) => new ApiError(400, "InvalidRequest", message);

/** A 200 `{ success: true, …body }`. */
export function ok(body) {
  return { status: 200, body: { success: true, ...body } };
}

export function errorBody(err) {
  return { success: false, error: { code: err.code, message: err.message } };
}

/**
 * Reads a JSON object body of at most `limit` bytes. The limit is checked on the declared Content-Length first and
 * then on the bytes actually read (a chunked body has no Content-Length), so a huge body is never buffered whole.
 */
export async function readJsonBody(request, limit) {
  const type = (request.headers.get("content-type") || "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") {
    throw new ApiError(415, "UnsupportedMediaType", "send the request body as JSON with `Content-Type: application/json`");
  }
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    throw tooLarge(limit);
  }
  const text = await readLimited(request.body, limit);
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest("InvalidJson", "the request body is not valid JSON");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw badRequest("InvalidJson", "the request body must be a JSON object");
  }
  return value;
}

function tooLarge(limit) {
  return new ApiError(413, "PayloadTooLarge", `the request body is larger than this endpoint's limit of ${limit} bytes`);
}

async function readLimited(stream, limit) {
  if (!stream) return "";
  const reader = stream.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw badRequest("InvalidJson", "the request body is not valid UTF-8");
  }
}

// --- typed field readers: each names the field and the rule, so a client can fix its request ---

export function requireString(obj, field, { max = 1024, optional = false } = {}) {
  const v = obj[field];
  if (v === undefined || v === null || v === "") {
    if (optional) return undefined;
    throw invalid(`\`${field}\` is required (a non-empty string)`);
  }
  if (typeof v !== "string") throw invalid(`\`${field}\` must be a string`);
  if (v.length > max) throw invalid(`\`${field}\` is longer than ${max} characters`);
  return v;
}

export function requireInteger(obj, field, { min = 0, max = Number.MAX_SAFE_INTEGER, optional = false } = {}) {
  const v = obj[field];
  if (v === undefined || v === null) {
    if (optional) return undefined;
    throw invalid(`\`${field}\` is required (an integer)`);
  }
  if (typeof v !== "number" || !Number.isSafeInteger(v)) throw invalid(`\`${field}\` must be an integer`);
  if (v < min || v > max) throw invalid(`\`${field}\` must be between ${min} and ${max}`);
  return v;
}

export function optionalBoolean(obj, field) {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw invalid(`\`${field}\` must be true or false`);
  return v;
}
