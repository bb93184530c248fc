// One algorithm for hashing a Blob incrementally, shared by the hashing worker (checksum-worker.js) and the
// main-thread fallback (checksum-main-thread.js): read a slice, feed it to the checksum module's hasher, report,
// repeat. A slice is the most of a file ever held in memory at once, however large the file.

/**
 * @param {{ ChecksumHasher: new (algorithm: string) => { update(bytes: Uint8Array): void, digestBase64(): string, free(): void } }} checksum
 *   the checksum module (pkg/checksum), already initialised
 * @param {string} algorithm CRC32 | CRC32C | CRC64NVME | SHA1 | SHA256
 * @param {Blob} blob
 * @param {{ sliceBytes: number, onProgress?: (bytes: number) => void, checkCancelled?: () => void,
 *           betweenSlices?: () => Promise<void> }} options
 *   `checkCancelled` throws to stop; `betweenSlices` lets the caller give the event loop a turn.
 */
export async function hashBlobInSlices(checksum, algorithm, blob, { sliceBytes, onProgress, checkCancelled, betweenSlices }) {
  const hasher = new checksum.ChecksumHasher(algorithm);
  try {
    for (let offset = 0; offset < blob.size; offset += sliceBytes) {
      checkCancelled?.();
      const end = Math.min(offset + sliceBytes, blob.size);
      const bytes = new Uint8Array(await blob.slice(offset, end).arrayBuffer());
      checkCancelled?.();
      hasher.update(bytes);
      onProgress?.(end);
      if (end < blob.size) await betweenSlices?.();
    }
    if (blob.size === 0) onProgress?.(0);
    return hasher.digestBase64();
  } finally {
    // The hasher lives in wasm memory, which no garbage collector sees promptly: free it on every path.
    hasher.free();
  }
}
