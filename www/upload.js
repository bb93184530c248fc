// One file's journey: checksum → the worker signs → bytes go straight to S3 → the worker hears the outcome.
// Small files take one PUT; large ones a multipart upload whose parts share the page-wide concurrency limit.
// An Upload holds plain state and fires "change"; the page decides how to show it.

import { ApiError } from "./api.js";
import { failureClass } from "./failure.js";
import { checksumOfBlob } from "./checksum.js";
import { PartSigner } from "./part-signer.js";
import { putObject, RateMeter, S3Error, withRetry } from "./transfer.js";

export const STATES = ["queued", "hashing", "signing", "uploading", "completing", "done", "refused", "failed", "cancelled"];
export const FINAL_STATES = new Set(["done", "refused", "failed", "cancelled"]);

let nextId = 1;

// What a presigned URL's signature covers, read from the URL itself rather than from what we asked for.
function signedHeaderNames(url) {
  try {
    return (new URL(url).searchParams.get("X-Amz-SignedHeaders") ?? "").split(";").filter(Boolean);
  } catch {
    return [];
  }
}

export class Upload extends EventTarget {
  #controller = new AbortController();
  #cancelled = false;
  #workerUploadId;
  #multipartUploadId;
  #downloadToken = null;
  #firstPartUrl = null;

  /**
   * @param {File} file
   * @param {object} options
   * @param {import("./api.js").WorkerApi} options.api
   * @param {import("./transfer.js").Limiter} options.limiter shared by every upload of the page
   * @param {{ bucket?: string, region?: string, storageClass?: string, checksumAlgorithm: string | null,
   *           multipartThreshold: number, partSize: number, maxPartsPerBatch?: number }} options.settings taken when the file was added
   */
  constructor(file, { api, limiter, settings }) {
    super();
    this.id = nextId++;
    this.file = file;
    this.name = file.name;
    this.size = file.size;
    // The type the browser guessed from the extension; the worker signs it and decides whether it is allowed.
    this.contentType = file.type || "application/octet-stream";
    this.api = api;
    this.limiter = limiter;
    this.settings = settings;
    this.mode = file.size > settings.multipartThreshold ? "multipart" : "single";
    this.state = "queued";
    this.loaded = 0;
    this.hashed = 0;
    this.meter = new RateMeter();
    this.parts = null; // multipart: { count, size, done, inFlight }
    this.retries = 0;
    this.lastRetry = null;
    this.signedHeaders = [];
    this.checksum = null;
    this.key = null;
    this.bucket = null;
    this.region = null;
    this.storageClass = null;
    this.link = null;
    this.cdnUrl = null;
    this.error = null;
    this.multipartAborted = false;
    /** The worker's diagnosis of a CORS-looking failure: { origin, bucket, ok, findings: [{ title, impact, fix }] }. */
    this.diagnosis = null;
    this.completedDownloadUrl = null;
    this.startedAt = null;
    this.durationMs = null;
  }

  get final() {
    return FINAL_STATES.has(this.state);
  }

  cancel() {
    if (this.final) return;
    this.#cancelled = true;
    this.#controller.abort(new DOMException("Upload cancelled", "AbortError"));
  }

  /** Runs the upload to a final state; never rejects (the outcome is in `state` and `error`). */
  async start() {
    this.startedAt = performance.now();
    const signal = this.#controller.signal;
    try {
      if (this.mode === "single") {
        await this.limiter.run(() => this.#single(signal), signal);
      } else {
        await this.#multipart(signal);
      }
      this.durationMs = performance.now() - this.startedAt;
      this.loaded = this.size;
      await this.#fetchLink();
      this.#set("done");
    } catch (error) {
      this.durationMs = performance.now() - this.startedAt;
      if (this.#cancelled) {
        this.error = { code: "Cancelled", message: "Cancelled before the upload finished.", class: "aborted" };
        this.#set("cancelled");
      } else if (error instanceof ApiError && error.refusal && this.key === null) {
        // Refused before anything was signed: the worker's own words, which name the rule (type, size, ...).
        this.error = { code: error.code, message: error.message, source: "worker" };
        this.#set("refused");
      } else {
        this.error = {
          code: error.code ?? error.name ?? "Error",
          message: error.message || String(error),
          source: error instanceof ApiError ? "worker" : error instanceof S3Error ? "s3" : null,
          class: failureClass(error),
        };
        this.#set("failed");
      }
    }
    await this.#report();
  }

  async #single(signal) {
    const algorithm = this.settings.checksumAlgorithm;
    if (algorithm) {
      this.#set("hashing");
      const value = await checksumOfBlob(algorithm, this.file, {
        signal,
        onProgress: (bytes) => {
          this.hashed = bytes;
          this.#changed();
        },
      });
      this.checksum = { algorithm, value };
    }
    this.#set("signing");
    const signed = await this.#askWorker((signal) => this.api.signedUrl(
      { ...this.#uploadRequest(), ...(this.checksum ? { checksum: this.checksum } : {}) },
      signal,
    ), signal);
    this.#accepted(signed);
    this.#workerUploadId = signed.uploadId;
    this.#downloadToken = signed.downloadToken ?? null;
    this.signedHeaders = signedHeaderNames(signed.uploadUrl);
    this.cdnUrl = this.#cdnUrl(signed.publicUrl, signed.uploadUrl);
    this.#set("uploading");
    await withRetry(
      () => {
        this.loaded = 0;
        return putObject({
          url: signed.uploadUrl,
          headers: signed.headers,
          body: this.file,
          signal,
          onProgress: (bytes) => this.#progress(bytes),
        });
      },
      { signal, onRetry: (retry) => this.#retried(retry) },
    );
  }

  /** The file and destination fields both upload requests to the worker carry. */
  #uploadRequest() {
    return {
      filename: this.name,
      contentType: this.contentType,
      size: this.size,
      s3Bucket: this.settings.bucket,
      s3Region: this.settings.region,
      s3StorageClass: this.settings.storageClass,
    };
  }

  async #multipart(signal) {
    const algorithm = this.settings.checksumAlgorithm;
    this.#set("signing");
    const init = await this.#askWorker((signal) => this.api.initiateMultipart(
      { ...this.#uploadRequest(), ...(algorithm ? { checksumAlgorithm: algorithm } : {}) },
      signal,
    ), signal);
    this.#accepted(init);
    this.#multipartUploadId = init.uploadId;
    this.#downloadToken = init.downloadToken ?? null;
    const partSize = init.partSize ?? this.settings.partSize;
    const count = Math.ceil(this.size / partSize);
    this.parts = { count, size: partSize, done: 0, inFlight: 0 };
    if (init.partCount !== undefined && init.partCount !== count) {
      await this.#abortMultipart(null);
      throw new Error(`The worker planned ${init.partCount} parts of ${partSize} bytes for ${this.size} bytes; expected ${count}.`);
    }
    this.#set("uploading");
    const signer = new PartSigner({
      api: this.api,
      file: this.file,
      layout: {
        key: this.key,
        uploadId: this.#multipartUploadId,
        bucket: this.bucket,
        partSize,
        count,
        algorithm,
        batchSize: this.settings.maxPartsPerBatch,
      },
    });

    // One part failing for good stops its siblings at once instead of letting them upload bytes S3 will discard.
    const parts = new AbortController();
    const stop = () => parts.abort(signal.reason);
    signal.addEventListener("abort", stop, { once: true });
    const loadedByPart = new Array(count).fill(0);
    const completed = [];
    try {
      await Promise.all(
        Array.from({ length: count }, (_, index) =>
          this.limiter
            .run(() => this.#uploadPart(index + 1, signer, loadedByPart, parts.signal), parts.signal)
            .then((part) => completed.push(part))
            .catch((error) => {
              parts.abort(error);
              throw error;
            }),
        ),
      );
    } catch (error) {
      // Promise.all rejects with the first failure; when that was a sibling's abort, report the cause instead.
      const cause = parts.signal.reason instanceof Error && !this.#cancelled ? parts.signal.reason : error;
      await this.#abortMultipart(cause);
      throw cause;
    } finally {
      signal.removeEventListener("abort", stop);
    }

    this.#set("completing");
    completed.sort((a, b) => a.partNumber - b.partNumber);
    let done;
    try {
      done = await withRetry(
        () => this.api.completeMultipart({ key: this.key, uploadId: this.#multipartUploadId, bucket: this.bucket, parts: completed }, signal),
        { signal, onRetry: (retry) => this.#retried(retry) },
      );
    } catch (error) {
      await this.#abortMultipart(error);
      throw error;
    }
    this.completedDownloadUrl = done.downloadUrl ?? null;
    this.cdnUrl = this.#cdnUrl(done.publicUrl, this.#firstPartUrl);
  }

  async #uploadPart(partNumber, signer, loadedByPart, signal) {
    const blob = signer.blob(partNumber);
    this.parts.inFlight += 1;
    this.#changed();
    try {
      const { etag } = await withRetry(
        async (attempt) => {
          loadedByPart[partNumber - 1] = 0;
          const signed = await signer.sign(partNumber, { fresh: attempt > 1, signal });
          if (this.signedHeaders.length === 0) {
            this.signedHeaders = signedHeaderNames(signed.url);
            this.#firstPartUrl = signed.url;
          }
          return putObject({
            url: signed.url,
            headers: signed.headers,
            body: blob,
            signal,
            onProgress: (bytes) => {
              loadedByPart[partNumber - 1] = bytes;
              this.#progress(loadedByPart.reduce((sum, n) => sum + n, 0));
            },
          });
        },
        { signal, onRetry: (retry) => this.#retried(retry) },
      );
      if (!etag) {
        throw new Error("S3 did not expose the part's ETag to the page: the bucket's CORS rule must list ETag in ExposeHeaders.");
      }
      this.parts.done += 1;
      const checksum = await signer.checksum(partNumber, signal);
      return { partNumber, etag, ...(checksum ? { checksum } : {}) };
    } finally {
      this.parts.inFlight -= 1;
      this.#changed();
    }
  }

  // The worker's first answer for a new upload: retried when it is busy (429) or unreachable, never when it refuses.
  #askWorker(call, signal) {
    return withRetry(() => call(signal), { signal, onRetry: (retry) => this.#retried(retry) });
  }

  // `error`: why the page gives up; its class is counted by the worker (and a CORS-looking one diagnosed).
  async #abortMultipart(error) {
    if (!this.#multipartUploadId) return;
    try {
      const reason = { class: failureClass(error, { cancelled: this.#cancelled }) };
      const answer = await this.api.abortMultipart({ key: this.key, uploadId: this.#multipartUploadId, bucket: this.bucket, reason });
      this.multipartAborted = true;
      this.diagnosis = answer.diagnosis ?? null;
    } catch {
      // Nothing more the page can do; the bucket's lifecycle rule for incomplete uploads is the backstop.
    }
  }

  #accepted(answer) {
    this.key = answer.key;
    this.bucket = answer.bucket ?? this.settings.bucket ?? null;
    this.region = answer.region ?? this.settings.region ?? null;
    this.storageClass = answer.storageClass ?? this.settings.storageClass ?? null;
  }

  // A public URL on another host than the bucket is a CDN in front of it; on the bucket's own host it is only the
  // unsigned object URL, which a private bucket refuses, so it is not offered as a link.
  #cdnUrl(publicUrl, uploadUrl) {
    if (!publicUrl || !uploadUrl) return null;
    try {
      return new URL(publicUrl).host !== new URL(uploadUrl).host ? publicUrl : null;
    } catch {
      return null;
    }
  }

  // Asked for even when CompleteMultipartUpload's answer carried a URL: this answer says until when it is valid.
  async #fetchLink() {
    try {
      // The download token from the upload's answer is what lets this page (and only it) read the object back.
      const download = await this.api.downloadUrl({ key: this.key, bucket: this.bucket, token: this.#downloadToken });
      this.link = { url: download.url, kind: "signed", expiresAt: download.expiresAt };
    } catch (error) {
      // The object is stored either way; say why there is no link (or fall back) rather than failing the upload.
      this.link = this.completedDownloadUrl
        ? { url: this.completedDownloadUrl, kind: "signed" }
        : { url: null, kind: "none", reason: error.message };
    }
  }

  // Single PUTs only: the worker never sees whether a presigned PUT succeeded, so the page tells it. A multipart
  // upload's outcome the worker already counts itself when it completes or aborts it; a report would count it twice.
  // On a CORS-looking failure the worker answers with its diagnosis of the bucket's CORS rules for this page.
  async #report() {
    if (!this.key || !this.#workerUploadId) return;
    try {
      const answer = await this.api.reportOutcome({
        uploadId: this.#workerUploadId,
        key: this.key,
        ...(this.bucket ? { bucket: this.bucket } : {}),
        success: this.state === "done",
        bytes: this.state === "done" ? this.size : this.loaded,
        durationMs: Math.round(this.durationMs ?? 0),
        ...(this.error ? { error: { class: this.error.class ?? "unknown", code: String(this.error.code).slice(0, 64).replace(/[^A-Za-z0-9_.-]/g, "") } } : {}),
      });
      if (answer.diagnosis) {
        this.diagnosis = answer.diagnosis;
        this.#changed();
      }
    } catch {
      // Statistics only: the user's upload is already settled and must not be marked failed for this.
    }
  }

  #progress(loaded) {
    this.loaded = loaded;
    this.meter.add(loaded);
    this.#changed();
  }

  #retried({ attempt, error, delay }) {
    this.retries += 1;
    this.lastRetry = { attempt, code: error.code ?? "Error", delay };
    this.#changed();
  }

  #set(state) {
    this.state = state;
    this.dispatchEvent(new CustomEvent("statechange", { detail: state }));
    this.#changed();
  }

  #changed() {
    this.dispatchEvent(new Event("change"));
  }
}
