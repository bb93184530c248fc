// The worker's HTTP API (docs/worker-api.md). The page is served by the worker, so every call is same-origin: no
// CORS, and the worker lets allow-listed origins in without an API key (the page never holds a secret).

export class ApiError extends Error {
  constructor({ status, code, message, requestId, retryAfterMs }) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.retryAfterMs = retryAfterMs;
  }

  // Unreachable, overloaded or failing upstream: another attempt may succeed.
  get retryable() {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }

  // Other 4xx answers are the worker's decisions about this request (type, size, ...): retrying cannot change them.
  get refusal() {
    return this.status >= 400 && this.status < 500 && !this.retryable;
  }
}

export class WorkerApi {
  constructor(base = new URL("/api/v1/", location.href)) {
    this.base = base;
  }

  async #call(path, { method = "GET", body, signal } = {}) {
    let response;
    try {
      response = await fetch(new URL(path, this.base), {
        method,
        signal,
        headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      if (error.name === "AbortError") throw error;
      throw new ApiError({ status: 0, code: "NetworkError", message: `The worker could not be reached (${error.message}).` });
    }
    const requestId = response.headers.get("x-request-id") ?? undefined;
    // A rate-limited answer says when to come back (seconds); retrying sooner would only be refused again.
    const retryAfter = Number(response.headers.get("retry-after"));
    const retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined;
    let data;
    try {
      data = await response.json();
    } catch {
      throw new ApiError({
        status: response.status,
        code: "InvalidResponse",
        message: `The worker answered ${response.status} without JSON.`,
        requestId,
      });
    }
    if (!response.ok || data.success === false) {
      throw new ApiError({
        status: response.status,
        code: data.error?.code ?? "UnknownError",
        message: data.error?.message ?? `The worker answered ${response.status}.`,
        requestId,
        retryAfterMs,
      });
    }
    return data;
  }

  health(signal) {
    return this.#call("health", { signal });
  }

  config(signal) {
    return this.#call("config", { signal });
  }

  regions(signal) {
    return this.#call("regions", { signal });
  }

  signedUrl(request, signal) {
    return this.#call("upload/s3/signed-url", { method: "POST", body: request, signal });
  }

  initiateMultipart(request, signal) {
    return this.#call("upload/s3/multipart/initiate", { method: "POST", body: request, signal });
  }

  signParts(request, signal) {
    return this.#call("upload/s3/multipart/sign-parts", { method: "POST", body: request, signal });
  }

  // The parts S3 holds for an upload: [{ partNumber, etag, size, checksum? }]. 404 NoSuchUpload once S3 has
  // dropped it; 400 InvalidUploadKey for a key this worker (its current secret) did not issue.
  listParts(request, signal) {
    return this.#call("upload/s3/multipart/list", { method: "POST", body: request, signal });
  }

  completeMultipart(request, signal) {
    return this.#call("upload/s3/multipart/complete", { method: "POST", body: request, signal });
  }

  // No signal: an abort must still go out after the user cancelled (that cancellation aborted everything else).
  abortMultipart(request) {
    return this.#call("upload/s3/multipart/abort", { method: "POST", body: request });
  }

  downloadUrl({ key, bucket, token }) {
    const query = new URLSearchParams({ key });
    if (token) query.set("token", token);
    if (bucket) query.set("bucket", bucket);
    return this.#call(`download/s3/signed-url?${query}`);
  }

  reportOutcome(outcome) {
    return this.#call("upload/s3/complete", { method: "POST", body: outcome });
  }
}
