// Sending bytes to S3 from the browser: one PUT with upload progress, retries with backoff, a shared limit on
// concurrent PUTs, and a speed meter. Nothing here knows about the worker or the page.

import { readS3Error } from "./s3-error-xml.js";

export class S3Error extends Error {
  constructor({ status, code, message, retryable }) {
    super(message);
    this.name = "S3Error";
    this.status = status;
    this.code = code;
    this.retryable = retryable;
  }
}

// Worth another attempt: the network dropped, S3 was busy or failed, or the body arrived damaged (the checksum we
// signed caught it; AWS says BadDigest, Garage InvalidDigest). A refused signature or policy will not change.
const RETRYABLE_CODES = new Set(["RequestTimeout", "SlowDown", "InternalError", "ServiceUnavailable", "BadDigest", "InvalidDigest"]);

function s3ErrorFrom(xhr) {
  const status = xhr.status;
  let code = `HTTP${status}`;
  let message = `S3 answered ${status}.`;
  // A body that is not an S3 error document (a proxy's page) leaves the status to speak alone.
  const parsed = xhr.responseText ? readS3Error(xhr.responseText) : null;
  if (parsed) {
    code = parsed.code || code;
    message = parsed.message || message;
  }
  const retryable = status === 408 || status === 429 || status >= 500 || RETRYABLE_CODES.has(code);
  return new S3Error({ status, code, message, retryable });
}

/**
 * PUTs `body` to a presigned `url` with exactly the signed `headers`, reporting upload progress.
 * Resolves with the response's ETag (exposed by the bucket's CORS rule; multipart needs it).
 */
export function putObject({ url, headers, body, signal, onProgress }) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    for (const [name, value] of Object.entries(headers ?? {})) {
      // The browser sets Content-Length from the body (scripts may not); the signature still binds it, so a body of
      // another size is refused by S3. Host is likewise the browser's.
      if (name.toLowerCase() === "content-length" || name.toLowerCase() === "host") continue;
      xhr.setRequestHeader(name, value);
    }
    const abort = () => xhr.abort();
    signal?.addEventListener("abort", abort, { once: true });
    const done = () => signal?.removeEventListener("abort", abort);
    xhr.upload.onprogress = (event) => onProgress?.(event.loaded);
    xhr.onload = () => {
      done();
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(body.size ?? body.byteLength);
        resolve({ etag: xhr.getResponseHeader("etag") });
      } else {
        reject(s3ErrorFrom(xhr));
      }
    };
    // Status 0: connection refused or reset, or a CORS refusal; the browser does not say which, so it is retried.
    xhr.onerror = () => {
      done();
      reject(new S3Error({ status: 0, code: "NetworkError", message: "The connection to S3 failed.", retryable: true }));
    };
    xhr.ontimeout = xhr.onerror;
    xhr.onabort = () => {
      done();
      reject(signal?.reason ?? new DOMException("Upload cancelled", "AbortError"));
    };
    xhr.send(body);
  });
}

export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal?.addEventListener("abort", stop, { once: true });
  });
}

/**
 * Runs `attempt(n)` until it succeeds, a non-retryable error occurs, or `attempts` tries are spent.
 * Backoff doubles from `baseMs` up to `capMs`, with "equal jitter" (half fixed, half random) so that parallel parts
 * that failed together do not come back together (AWS Architecture Blog, "Exponential Backoff And Jitter").
 * A server that names its own wait (`retryAfterMs`, from Retry-After) is waited for, up to `maxWaitMs`.
 */
export async function withRetry(attempt, { attempts = 5, baseMs = 500, capMs = 8000, maxWaitMs = 60_000, signal, onRetry } = {}) {
  for (let n = 1; ; n += 1) {
    try {
      return await attempt(n);
    } catch (error) {
      if (signal?.aborted || !error.retryable || n >= attempts) throw error;
      const ceiling = Math.min(capMs, baseMs * 2 ** (n - 1));
      const jittered = ceiling / 2 + Math.random() * (ceiling / 2);
      const delay = Math.max(jittered, Math.min(error.retryAfterMs ?? 0, maxWaitMs));
      onRetry?.({ attempt: n, error, delay });
      await sleep(delay, signal);
    }
  }
}

/** At most `limit` tasks at once, first come first served; the limit can change while tasks wait. */
export class Limiter {
  #queue = [];
  #running = 0;

  constructor(limit) {
    this.limit = limit;
  }

  setLimit(limit) {
    this.limit = limit;
    this.#drain();
  }

  run(task, signal) {
    return new Promise((resolve, reject) => {
      const entry = { task, resolve, reject, signal };
      if (signal) {
        entry.onAbort = () => {
          const index = this.#queue.indexOf(entry);
          if (index >= 0) {
            this.#queue.splice(index, 1);
            reject(signal.reason);
          }
        };
        if (signal.aborted) {
          reject(signal.reason);
          return;
        }
        signal.addEventListener("abort", entry.onAbort, { once: true });
      }
      this.#queue.push(entry);
      this.#drain();
    });
  }

  #drain() {
    while (this.#running < this.limit && this.#queue.length > 0) {
      const entry = this.#queue.shift();
      entry.signal?.removeEventListener("abort", entry.onAbort);
      this.#running += 1;
      Promise.resolve()
        .then(entry.task)
        .then(entry.resolve, entry.reject)
        .finally(() => {
          this.#running -= 1;
          this.#drain();
        });
    }
  }
}

/** Bytes per second over the last few seconds: steady enough to read, quick enough to follow a change. */
export class RateMeter {
  #samples = [];

  constructor(windowMs = 4000) {
    this.windowMs = windowMs;
  }

  add(bytes, now = performance.now()) {
    this.#samples.push({ now, bytes });
    while (this.#samples.length > 2 && now - this.#samples[1].now > this.windowMs) this.#samples.shift();
  }

  rate(now = performance.now()) {
    if (this.#samples.length < 2) return 0;
    const first = this.#samples[0];
    const last = this.#samples[this.#samples.length - 1];
    // A stalled transfer has no recent samples: measure up to now so the speed falls instead of freezing.
    const elapsed = Math.max(now, last.now) - first.now;
    return elapsed > 250 ? ((last.bytes - first.bytes) * 1000) / elapsed : 0;
  }
}
