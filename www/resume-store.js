// The page's memory of multipart uploads in progress, in IndexedDB, so that an upload interrupted by a reload, a
// closed tab or a lost network can continue from the parts S3 already holds when the same file is added again.
//
// One record per S3 upload (keyPath `uploadId`):
//   { uploadId, key, bucket, region, storageClass, contentType, downloadToken,
//     file: { name, size, lastModified, sample: { algorithm, value } },   // file-fingerprint.js
//     partSize, count, algorithm,                                        // the layout fixed at initiate
//     parts: { "<n>": { etag, checksum? } },                             // parts S3 acknowledged to this page
//     createdAt }                                                        // ms since epoch
// Nothing secret is kept: the key and uploadId are useless without the worker, which checks the key's MAC.

const DB_NAME = "s3-edge-signer-demo";
const DB_VERSION = 1;
const STORE = "multipart-uploads";
const BY_FILE = "by-file";

// The worker's scheduled sweep aborts multipart uploads older than MULTIPART_MAX_AGE_SECONDS (default one day;
// /api/v1/config says `multipartMaxAgeSeconds`). An hour is left for the sweep's own schedule and clock skew.
export let MAX_AGE_MS = 23 * 60 * 60 * 1000;

/** Follows the worker's sweep age (seconds), an hour short of it. */
export function followSweepAge(seconds) {
  if (Number.isFinite(seconds) && seconds >= 0) MAX_AGE_MS = Math.max(0, seconds * 1000 - 60 * 60 * 1000);
}

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function transactionDone(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new DOMException("Transaction aborted", "AbortError"));
  });
}

export class ResumeStore {
  /** The store, or null where IndexedDB is unavailable or refused (some private modes): uploads then simply do not resume. */
  static async open() {
    if (typeof indexedDB === "undefined") return null;
    try {
      const opening = indexedDB.open(DB_NAME, DB_VERSION);
      opening.onupgradeneeded = () => {
        const store = opening.result.createObjectStore(STORE, { keyPath: "uploadId" });
        store.createIndex(BY_FILE, ["file.name", "file.size", "file.lastModified"]);
      };
      return new ResumeStore(await request(opening));
    } catch {
      return null;
    }
  }

  constructor(db) {
    this.db = db;
    // A tab with a newer version of the page asks this one to let go of the database so it can upgrade it.
    db.onversionchange = () => db.close();
  }

  async #run(mode, work) {
    const tx = this.db.transaction(STORE, mode);
    const result = work(tx.objectStore(STORE));
    await transactionDone(tx);
    return result instanceof IDBRequest ? result.result : result;
  }

  /** Every record, oldest first. */
  async all() {
    const records = await this.#run("readonly", (store) => store.getAll());
    return records.sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Records for a file of this name, size and modification time (the sample is compared by the caller). */
  forFile({ name, size, lastModified }) {
    return this.#run("readonly", (store) => store.index(BY_FILE).getAll([name, size, lastModified]));
  }

  add(record) {
    return this.#run("readwrite", (store) => store.put(record));
  }

  /**
   * Notes a part S3 acknowledged. Read and write happen in one transaction, so parts finishing together never
   * overwrite each other's notes; a record already removed (the upload was cancelled) stays removed.
   */
  recordPart(uploadId, partNumber, part) {
    return this.#run("readwrite", (store) => {
      const get = store.get(uploadId);
      get.onsuccess = () => {
        const record = get.result;
        if (!record) return;
        record.parts[partNumber] = part;
        store.put(record);
      };
    });
  }

  remove(uploadId) {
    return this.#run("readwrite", (store) => store.delete(uploadId));
  }

  /** Removes records older than MAX_AGE_MS (S3 will have dropped or will soon drop their parts); returns them. */
  async sweep(now = Date.now()) {
    const stale = (await this.all()).filter((record) => !(now - record.createdAt < MAX_AGE_MS));
    for (const record of stale) await this.remove(record.uploadId);
    return stale;
  }
}
