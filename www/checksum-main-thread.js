// Hashing on the page's own thread, for browsers that cannot start a module worker (checksum.js decides). Small
// slices with a turn of the event loop between them keep each piece of work far below a frame, so the page still
// scrolls, animates and takes clicks while a large file hashes; it is slower than the worker, never frozen.

import { hashBlobInSlices } from "./blob-hasher.js";

// SHA-256 (the slowest algorithm here) runs at ~180 MB/s in wasm on a modest machine: 512 KiB is ~3 ms of work.
const SLICE_BYTES = 512 * 1024;

let module = null;

// Loaded on first use only: with the worker available the main thread never needs the wasm at all.
async function checksumModule() {
  module ??= import("./pkg/checksum/s3_edge_checksum.js").then(async (m) => {
    await m.default();
    return m;
  });
  return module;
}

// A macrotask, not a microtask: only a task boundary lets the browser render and handle input in between.
function nextTask() {
  return globalThis.scheduler?.yield ? globalThis.scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

export async function hashOnMainThread(algorithm, blob, { signal, onProgress } = {}) {
  const checksum = await checksumModule();
  return hashBlobInSlices(checksum, algorithm, blob, {
    sliceBytes: SLICE_BYTES,
    onProgress,
    checkCancelled: () => signal?.throwIfAborted(),
    betweenSlices: nextTask,
  });
}
