// Signed URLs for the parts of one multipart upload, asked for in batches: one sign-parts call covers the next few
// parts (each with its checksum) instead of one call per part, which keeps a large file well inside the worker's
// rate limit (a 1 GiB file in 5 MiB parts is 205 parts).

import { checksumOfBlob } from "./checksum.js";

// Enough to amortise the round trip; few enough that the URLs are used long before they expire and that hashing
// ahead reads little more than the parts about to be sent anyway.
const DEFAULT_BATCH = 8;

export class PartSigner {
  #pending = new Map(); // partNumber → Promise<signed part>, each used once
  #checksums = new Map(); // partNumber → Promise<{ algorithm, value } | undefined>

  /**
   * @param {object} upload
   * @param {import("./api.js").WorkerApi} upload.api
   * @param {File} upload.file
   * @param {{ key: string, uploadId: string, bucket?: string, partSize: number, count: number,
   *           algorithm: string | null, batchSize?: number }} upload.layout
   */
  constructor({ api, file, layout }) {
    this.api = api;
    this.file = file;
    this.layout = layout;
    this.batchSize = Math.max(1, Math.min(layout.batchSize ?? DEFAULT_BATCH, DEFAULT_BATCH));
  }

  blob(partNumber) {
    const start = (partNumber - 1) * this.layout.partSize;
    return this.file.slice(start, Math.min(start + this.layout.partSize, this.file.size));
  }

  /** The part's checksum, computed once (the same value goes into the signature and into complete). */
  checksum(partNumber, signal) {
    if (!this.layout.algorithm) return Promise.resolve(undefined);
    if (!this.#checksums.has(partNumber)) {
      const value = checksumOfBlob(this.layout.algorithm, this.blob(partNumber), { signal }).then((v) => ({
        algorithm: this.layout.algorithm,
        value: v,
      }));
      this.#checksums.set(partNumber, value);
      value.catch(() => this.#checksums.delete(partNumber));
    }
    return this.#checksums.get(partNumber);
  }

  /**
   * A signed URL for a part: from the batch that covered it, or — with `fresh`, for a retry after a backoff that
   * may have outlived the batch's URLs — signed on its own.
   */
  sign(partNumber, { fresh = false, signal } = {}) {
    if (fresh) {
      this.#pending.delete(partNumber);
      return this.#request([partNumber], signal).then((signed) => signed.get(partNumber));
    }
    if (!this.#pending.has(partNumber)) {
      const numbers = [];
      for (let n = partNumber; n <= this.layout.count && numbers.length < this.batchSize; n += 1) {
        if (!this.#pending.has(n)) numbers.push(n);
      }
      const batch = this.#request(numbers, signal);
      for (const n of numbers) {
        const one = batch.then((signed) => signed.get(n));
        // A part whose turn has not come yet must not surface as an unhandled rejection; it asks again later.
        one.catch(() => this.#pending.delete(n));
        this.#pending.set(n, one);
      }
    }
    const signed = this.#pending.get(partNumber);
    this.#pending.delete(partNumber);
    return signed;
  }

  async #request(numbers, signal) {
    const parts = [];
    // One part at a time: hashing ahead must not hold several parts in memory at once.
    for (const partNumber of numbers) {
      const checksum = await this.checksum(partNumber, signal);
      parts.push({ partNumber, size: this.blob(partNumber).size, ...(checksum ? { checksum } : {}) });
    }
    const answer = await this.api.signParts(
      { key: this.layout.key, uploadId: this.layout.uploadId, bucket: this.layout.bucket, parts },
      signal,
    );
    const signed = new Map(answer.parts.map((part) => [part.partNumber, part]));
    for (const partNumber of numbers) {
      if (!signed.has(partNumber)) throw new Error(`The worker did not sign part ${partNumber}.`);
    }
    return signed;
  }
}
