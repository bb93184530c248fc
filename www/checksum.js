// Checksums of files and parts, computed by the checksum module (pkg/checksum: CRC32, CRC32C, CRC64NVME, SHA-1,
// SHA-256 in WebAssembly). The worker signs the value into the upload URL (x-amz-checksum-*), so S3 recomputes it
// over the bytes it receives and refuses a damaged body.
//
// Hashing runs in a dedicated module worker (checksum-worker.js): reading and hashing a large file there never holds
// up the main thread. Where module workers are not available (or the worker fails to load), the same incremental
// hashing runs on the main thread in small time slices (checksum-main-thread.js).

import { hashOnMainThread } from "./checksum-main-thread.js";

let worker; // undefined: not tried yet; null: unavailable, use the main thread
let nextJob = 1;
const jobs = new Map(); // id → { algorithm, blob, resolve, reject, onProgress }

/** The hashing worker, started on first use; null when this browser cannot run it. */
function hashingWorker() {
  if (worker !== undefined) return worker;
  worker = null;
  if (typeof Worker !== "function") return worker;
  // A browser without module workers ignores `type` and would run the file as a classic script, where `import`
  // is a syntax error. Reading the option is the one sign that it understood it (the check web.dev recommends).
  let understoodType = false;
  const options = {
    get type() {
      understoodType = true;
      return "module";
    },
    name: "checksum",
  };
  let started;
  try {
    started = new Worker(new URL("./checksum-worker.js", import.meta.url), options);
  } catch {
    return worker;
  }
  if (!understoodType) {
    started.terminate();
    return worker;
  }
  started.addEventListener("message", onWorkerMessage);
  // The script or its imports failed to load: everything waiting (and everything later) hashes on the main thread.
  started.addEventListener("error", (event) => {
    event.preventDefault();
    started.terminate();
    worker = null;
    const waiting = [...jobs.values()];
    jobs.clear();
    for (const job of waiting) {
      job.cleanup();
      hashOnMainThread(job.algorithm, job.blob, { signal: job.signal, onProgress: job.onProgress }).then(job.resolve, job.reject);
    }
  });
  worker = started;
  return worker;
}

function onWorkerMessage({ data }) {
  const job = jobs.get(data.id);
  if (!job) return; // cancelled meanwhile
  if (data.type === "progress") {
    job.onProgress?.(data.bytes);
    return;
  }
  jobs.delete(data.id);
  job.cleanup();
  if (data.type === "done") job.resolve(data.value);
  else job.reject(Object.assign(new Error(data.message), { name: data.name }));
}

/** Base64 checksum of a Blob read in slices; `onProgress(bytesHashed)` as it goes. */
export function checksumOfBlob(algorithm, blob, { signal, onProgress } = {}) {
  if (signal?.aborted) return Promise.reject(signal.reason);
  const target = hashingWorker();
  if (!target) return hashOnMainThread(algorithm, blob, { signal, onProgress });
  return new Promise((resolve, reject) => {
    const id = nextJob++;
    const stop = () => {
      jobs.delete(id);
      worker?.postMessage({ type: "cancel", id });
      reject(signal.reason);
    };
    const cleanup = () => signal?.removeEventListener("abort", stop);
    signal?.addEventListener("abort", stop, { once: true });
    jobs.set(id, { algorithm, blob, signal, resolve, reject, onProgress, cleanup });
    // A File or Blob crosses to the worker as a reference to the same bytes: nothing is copied here.
    target.postMessage({ type: "hash", id, algorithm, blob });
  });
}
