// Resuming a multipart upload: finding the record of an earlier upload of the same file, asking the worker which
// parts S3 holds, and deciding which of them can stay. S3 is the authority on what it holds; the local file is the
// authority on what should be there. A part is kept only when S3 holds it at the size the layout fixed and, when
// the upload carries checksums, with the checksum recomputed from this file's bytes — so a part damaged, replaced
// or belonging to a different file is sent again rather than assembled into the object.

import { sameFile } from "./file-fingerprint.js";
import { MAX_AGE_MS } from "./resume-store.js";
import { tryLock } from "./upload-lock.js";
import { withRetry } from "./transfer.js";

/**
 * The record to resume for this file, with S3's list of its parts and the lock that makes this page its only
 * user; null when there is none. Records for uploads that cannot be resumed any more are removed on the way:
 * too old, or refused by the worker (NoSuchUpload: S3 dropped or completed it; InvalidUploadKey: not issued under
 * the worker's current secret; any other refusal is as final).
 * @param {{ store: import("./resume-store.js").ResumeStore, api: import("./api.js").WorkerApi,
 *           fingerprint: object, wants: { algorithm: string | null, contentType: string, bucket?: string,
 *           storageClass?: string }, signal: AbortSignal, onRetry?: Function, now?: number }} options
 */
export async function findResumable({ store, api, fingerprint, wants, signal, onRetry, now = Date.now() }) {
  const candidates = (await store.forFile(fingerprint))
    .filter((record) => sameFile(record.file, fingerprint))
    .sort((a, b) => b.createdAt - a.createdAt);
  for (const record of candidates) {
    if (!(now - record.createdAt < MAX_AGE_MS)) {
      await store.remove(record.uploadId);
      continue;
    }
    // Uploaded as asked now: the same checksum and type, and the destination the user chose (if any), since the
    // object's bucket and storage class were fixed when it was created.
    if (
      record.algorithm !== wants.algorithm ||
      record.contentType !== wants.contentType ||
      (wants.bucket && record.bucket !== wants.bucket) ||
      (wants.storageClass && record.storageClass !== wants.storageClass)
    ) {
      continue;
    }
    const release = await tryLock(record.uploadId);
    if (!release) continue; // being uploaded right now, by this tab or another
    try {
      const { parts } = await withRetry(
        () => api.listParts({ key: record.key, uploadId: record.uploadId, bucket: record.bucket }, signal),
        { signal, onRetry },
      );
      return { record, listed: parts, release };
    } catch (error) {
      release();
      if (!error.refusal) throw error; // unreachable or failing: the record may still be good later
      await store.remove(record.uploadId);
    }
  }
  return null;
}

/** The size part `n` has in the layout fixed at initiate. */
export function expectedPartSize({ size, partSize, count }, n) {
  return n < count ? partSize : size - partSize * (count - 1);
}

const bareEtag = (etag) => String(etag ?? "").replace(/^W\//, "").replace(/^"|"$/g, "");

/**
 * The parts S3 holds that match the local file: Map partNumber → { partNumber, etag, checksum? }, ready for
 * complete. `checksumOf(n)` is the local part's checksum (computed off the main thread, and reused when the part
 * must be sent again); `onChecked(done, total)` reports progress.
 */
export async function partsToKeep({ record, listed, checksumOf, signal, onChecked }) {
  const layout = { size: record.file.size, partSize: record.partSize, count: record.count };
  const inLayout = listed.filter((part) => part.partNumber >= 1 && part.partNumber <= record.count);
  const kept = new Map();
  let checked = 0;
  for (const part of inLayout) {
    signal?.throwIfAborted();
    const recorded = record.parts?.[part.partNumber];
    let matches = part.size === expectedPartSize(layout, part.partNumber);
    let checksum;
    if (matches && record.algorithm) {
      checksum = await checksumOf(part.partNumber);
      matches = part.checksum
        ? part.checksum.algorithm === checksum.algorithm && part.checksum.value === checksum.value
        : // A store that lists no checksums: the part must be the one this page sent, whose checksum it noted.
          Boolean(recorded) && bareEtag(recorded.etag) === bareEtag(part.etag) && recorded.checksum?.value === checksum.value;
    } else if (matches) {
      // Without checksums only the ETag this page was given for the part can vouch for it.
      matches = Boolean(recorded) && bareEtag(recorded.etag) === bareEtag(part.etag);
    }
    if (matches) kept.set(part.partNumber, { partNumber: part.partNumber, etag: part.etag, ...(checksum ? { checksum } : {}) });
    checked += 1;
    onChecked?.(checked, inLayout.length);
  }
  return kept;
}

/** The record of a newly initiated upload, before any part is sent. */
export function newRecord({ fingerprint, uploadId, key, bucket, region, storageClass, contentType, downloadToken, partSize, count, algorithm, now = Date.now() }) {
  return {
    uploadId,
    key,
    bucket,
    region,
    storageClass,
    contentType,
    downloadToken,
    file: fingerprint,
    partSize,
    count,
    algorithm,
    parts: {},
    createdAt: now,
  };
}
