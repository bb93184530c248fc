// JSON in and out, and the one error type every refusal is thrown as. The contract (docs/worker-api.md) fixes
// the envelope: success → 200 `{ success: true, … }`; refusal → 4xx `{ success: false, error: { code, message } }`.

/**
 * A refusal or a failure with a stable `code`. `status` is the HTTP status; `headers` are added to the response;
 * `retryable` says whether the same request may succeed later (every 5xx and 429 answer carries it: a client that
 * stops retrying an upstream fault, or retries a refusal forever, is the failure the error classes exist to avoid).
 */
export class ApiError extends Error {
  constructor(status, code, message, { headers, retryable } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.headers = headers;
    this.retryable = retryable ?? (status === 429 || status >= 500 ? status !== 500 : undefined);
  }
}

export const badRequest = (code, message) => new ApiError(400, code, message);
export const invalid = (message) => new ApiError(400, "InvalidRequest", message);

/** A 200 `{ success: true, …body }`. */
export function ok(body) {
  return { status: 200, body: { success: true, ...body } };
}

export function errorBody(err) {
  const error = { code: err.code, message: err.message };
  if (typeof err.retryable === "boolean") error.retryable = err.retryable;
  return { success: false, error };
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
