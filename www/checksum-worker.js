// The hashing worker: a module worker that loads only the checksum module (pkg/checksum, ~11 KB gzipped) and hashes
// Blobs sent by checksum.js, so that hashing a file of gigabytes never holds up the page's main thread.
//
// Protocol (one job per id; jobs interleave at slice boundaries, so a cancel is seen within one slice):
//   in:  { type: "hash", id, algorithm, blob }  |  { type: "cancel", id }
//   out: { type: "progress", id, bytes }  |  { type: "done", id, value }  |  { type: "error", id, name, message }

import init, * as checksum from "./pkg/checksum/s3_edge_checksum.js";
import { hashBlobInSlices } from "./blob-hasher.js";

// Off the main thread a slice may take a while to hash (SHA-256 of 4 MiB: ~20 ms); larger slices only cost memory.
const SLICE_BYTES = 4 * 1024 * 1024;

// The listener is attached while the module is evaluated, before any await: messages sent while the wasm is still
// loading wait on `ready` instead of being missed.
const ready = init();
const cancelled = new Set();

class Cancelled extends Error {}

self.addEventListener("message", async ({ data }) => {
  if (data.type === "cancel") {
    cancelled.add(data.id);
    return;
  }
  if (data.type !== "hash") return;
  const { id, algorithm, blob } = data;
  try {
    await ready;
    const value = await hashBlobInSlices(checksum, algorithm, blob, {
      sliceBytes: SLICE_BYTES,
      onProgress: (bytes) => self.postMessage({ type: "progress", id, bytes }),
      checkCancelled: () => {
        if (cancelled.has(id)) throw new Cancelled();
      },
    });
    self.postMessage({ type: "done", id, value });
  } catch (error) {
    // A cancelled job's caller has already moved on: it expects no answer.
    if (!(error instanceof Cancelled)) self.postMessage({ type: "error", id, name: error?.name ?? "Error", message: String(error?.message ?? error) });
  } finally {
    cancelled.delete(id);
  }
});
