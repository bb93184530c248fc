// Checksums of files and parts, computed by the signing core's WebAssembly package. The worker signs the value into
// the upload URL (x-amz-checksum-*), so S3 recomputes it over the bytes it receives and refuses a damaged body.

import { ChecksumHasher, checksumBase64 } from "./pkg/s3_edge_signer.js";

// Large enough to keep the JS↔wasm crossings rare, small enough that a big file never sits in memory whole.
const CHUNK = 4 * 1024 * 1024;

/** Base64 checksum of a Blob read in chunks; `onProgress(bytesHashed)` after each chunk. */
export async function checksumOfBlob(algorithm, blob, { signal, onProgress } = {}) {
  if (blob.size <= CHUNK) {
    const value = checksumBase64(algorithm, new Uint8Array(await blob.arrayBuffer()));
    onProgress?.(blob.size);
    return value;
  }
  const hasher = new ChecksumHasher(algorithm);
  try {
    for (let offset = 0; offset < blob.size; offset += CHUNK) {
      signal?.throwIfAborted();
      const chunk = blob.slice(offset, Math.min(offset + CHUNK, blob.size));
      hasher.update(new Uint8Array(await chunk.arrayBuffer()));
      onProgress?.(Math.min(offset + CHUNK, blob.size));
    }
    return hasher.digestBase64();
  } finally {
    hasher.free();
  }
}
