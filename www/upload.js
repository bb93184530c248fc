// One file's journey: checksum → the worker signs → bytes go straight to S3 → the worker hears the outcome.
// Small files take one PUT; large ones a multipart upload whose parts share the page-wide concurrency limit.
// An Upload holds plain state and fires "change"; the page decides how to show it.

import { ApiError } from "./api.js";
import { failureClass } from "./failure.js";
import { checksumOfBlob } from "./checksum.js";
import { fileFingerprint } from "./file-fingerprint.js";
import { PartSigner } from "./part-signer.js";
import { findResumable, newRecord, partsToKeep } from "./upload-resume.js";
import { tryLock } from "./upload-lock.js";
import { putObject, RateMeter, S3Error, withRetry } from "./transfer.js";

export const STATES = ["queued", "hashing", "signing", "resuming", "uploading", "completing", "done", "refused", "failed", "cancelled"];
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
  #fingerprint = null;
  #releaseLock = null;
  #recorded = false; // the multipart upload has a record in the store: it can be resumed

  /**
   * @param {File} file
   * @param {object} options
   * @param {import("./api.js").WorkerApi} options.api
   * @param {import("./transfer.js").Limiter} options.limiter shared by every upload of the page
   * @param {import("./resume-store.js").ResumeStore | null} options.store where multipart uploads are noted for resuming
   * @param {{ bucket?: string, region?: string, storageClass?: string, checksumAlgorithm: string | null,
   *           multipartThreshold: number, partSize: number, maxPartsPerBatch?: number }} options.settings taken when the file was added
   */
  constructor(file, { api, limiter, settings, store = null }) {
    super();
    this.id = nextId++;
    this.file = file;
    this.name = file.name;
    this.size = file.size;
    // The type the browser guessed from the extension; the worker signs it and decides whether it is allowed.
    this.contentType = file.type || "application/octet-stream";
    this.api = api;
    this.limiter = limiter;
    this.store = store;
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
    /** Multipart, resumed from an earlier upload of this file: parts { kept, count, listed, checked }, kept bytes. */
    this.resumed = null;
    /** Multipart, failed in a way another attempt may overcome: its parts stay in S3 for resuming. { parts } */
    this.keptForResume = null;
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
    this.#releaseLock?.();
    this.#releaseLock = null;
    await this.#report();
  }

  /** The multipart upload this Upload works on (S3's uploadId), once known. */
  get multipartUploadId() {
    return this.#multipartUploadId ?? null;
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
    try {
      await this.#multipartSteps(signal);
    } catch (error) {
      // Nothing to clean up before S3 knows the upload (a refusal at initiate, a failed lookup).
      if (this.#multipartUploadId) await this.#giveUp(error);
      throw error;
    }
  }

  async #multipartSteps(signal) {
    this.#set("signing");
    const plan = (await this.#resumable(signal)) ?? (await this.#initiate(signal));
    const { signer, kept } = plan;
    const count = this.parts.count;
    this.parts.done = kept.size;
    const loadedByPart = Array.from({ length: count }, (_, i) => (kept.has(i + 1) ? signer.blob(i + 1).size : 0));
    // The meter's first sample is what S3 already held, so a resumed upload's speed counts only bytes sent now.
    this.#progress(loadedByPart.reduce((sum, n) => sum + n, 0));
    this.#set("uploading");

    // One part failing for good stops its siblings at once instead of letting them upload bytes S3 will discard.
    const parts = new AbortController();
    const stop = () => parts.abort(signal.reason);
    signal.addEventListener("abort", stop, { once: true });
    const completed = [...kept.values()];
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((n) => !kept.has(n));
    try {
      await Promise.all(
        missing.map((partNumber) =>
          this.limiter
            .run(() => this.#uploadPart(partNumber, signer, loadedByPart, parts.signal), parts.signal)
            .then((part) => completed.push(part))
            .catch((error) => {
              parts.abort(error);
              throw error;
            }),
        ),
      );
    } catch (error) {
      // Promise.all rejects with the first failure; when that was a sibling's abort, report the cause instead.
      throw parts.signal.reason instanceof Error && !this.#cancelled ? parts.signal.reason : error;
    } finally {
      signal.removeEventListener("abort", stop);
    }

    this.#set("completing");
    completed.sort((a, b) => a.partNumber - b.partNumber);
    const done = await withRetry(
      () => this.api.completeMultipart({ key: this.key, uploadId: this.#multipartUploadId, bucket: this.bucket, parts: completed }, signal),
      { signal, onRetry: (retry) => this.#retried(retry) },
    );
    await this.#forget();
    this.completedDownloadUrl = done.downloadUrl ?? null;
    this.#downloadToken = done.downloadToken ?? this.#downloadToken;
    this.cdnUrl = this.#cdnUrl(done.publicUrl, this.#firstPartUrl);
  }

  /**
   * An earlier upload of this same file that S3 still holds (upload-resume.js), its parts checked against the
   * file: `{ signer, kept }`, or null to start a new upload. Without IndexedDB there is nothing to resume from.
   */
  async #resumable(signal) {
    if (!this.store) return null;
    this.#fingerprint = await fileFingerprint(this.file, { signal });
    const found = await findResumable({
      store: this.store,
      api: this.api,
      fingerprint: this.#fingerprint,
      wants: {
        algorithm: this.settings.checksumAlgorithm,
        contentType: this.contentType,
        bucket: this.settings.bucket,
        storageClass: this.settings.storageClass,
      },
      signal,
      onRetry: (retry) => this.#retried(retry),
    });
    if (!found) return null;
    const { record, listed, release } = found;
    this.#releaseLock = release;
    this.#recorded = true;
    this.#multipartUploadId = record.uploadId;
    this.#downloadToken = record.downloadToken ?? null;
    this.#accepted(record);
    this.parts = { count: record.count, size: record.partSize, done: 0, inFlight: 0 };
    this.resumed = { kept: 0, bytes: 0, count: record.count, listed: listed.length, checked: 0 };
    this.#set("resuming");
    const signer = this.#partSigner(record.partSize, record.count, record.algorithm);
    const kept = await partsToKeep({
      record,
      listed,
      signal,
      checksumOf: (partNumber) => signer.checksum(partNumber, signal),
      onChecked: (checked) => {
        this.resumed.checked = checked;
        this.#changed();
      },
    });
    this.resumed.kept = kept.size;
    this.resumed.bytes = [...kept.keys()].reduce((sum, n) => sum + signer.blob(n).size, 0);
    // S3's list is now the page's note of what is done (it may hold parts whose answer this page never saw).
    await Promise.all([...kept.values()].map((part) => this.#note(part))).catch(() => {});
    return { signer, kept };
  }

  /** A new multipart upload, noted in IndexedDB before any part is sent: `{ signer, kept }` with nothing kept. */
  async #initiate(signal) {
    const algorithm = this.settings.checksumAlgorithm;
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
      throw new Error(`The worker planned ${init.partCount} parts of ${partSize} bytes for ${this.size} bytes; expected ${count}.`);
    }
    if (this.store && this.#fingerprint) {
      this.#releaseLock = await tryLock(init.uploadId);
      const record = newRecord({
        fingerprint: this.#fingerprint,
        uploadId: init.uploadId,
        key: this.key,
        bucket: this.bucket,
        region: this.region,
        storageClass: this.storageClass,
        contentType: this.contentType,
        downloadToken: this.#downloadToken,
        partSize,
        count,
        algorithm,
      });
      // Resuming is a convenience: a full disk or a refused write must not fail the upload itself.
      this.#recorded = await this.store.add(record).then(() => true, () => false);
    }
    return { signer: this.#partSigner(partSize, count, algorithm), kept: new Map() };
  }

  #partSigner(partSize, count, algorithm) {
    return new PartSigner({
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
  }

  /** Notes a part S3 acknowledged, so that a reload can skip it. */
  #note(part) {
    if (!this.store) return Promise.resolve();
    const { partNumber, etag, checksum } = part;
    return this.store.recordPart(this.#multipartUploadId, partNumber, { etag, ...(checksum ? { checksum } : {}) }).catch(() => {});
  }

  /** The upload is finished with, completed or aborted: its record can never be resumed. */
  async #forget() {
    if (!this.store || !this.#multipartUploadId) return;
    await this.store.remove(this.#multipartUploadId).catch(() => {});
  }

  /**
   * A multipart upload that cannot finish now. A failure another attempt may overcome (the network, the worker or
   * S3 unreachable or busy, after the retries) keeps its parts in S3 and its record, so adding the same file again
   * resumes it (when the page could note it); a cancel or a refusal aborts it in S3 and forgets it.
   */
  async #giveUp(error) {
    if (!this.#cancelled && error?.retryable && this.#recorded) {
      this.keptForResume = { parts: this.parts?.done ?? 0 };
      return;
    }
    await this.#abortMultipart(error);
    await this.#forget();
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
      const checksum = await signer.checksum(partNumber, signal);
      const part = { partNumber, etag, ...(checksum ? { checksum } : {}) };
      await this.#note(part);
      this.parts.done += 1;
      return part;
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
