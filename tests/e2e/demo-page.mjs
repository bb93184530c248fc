// The demo page as the tests use it: through its labels, roles and data attributes, the way a person (or a screen
// reader) finds things, so that a renamed CSS class does not break the tests but a lost label does.

import { patternBytes } from "./sample-files.mjs";

export const DEMO_URL = process.env.S3ES_DEMO_URL ?? "http://127.0.0.1:8787/";

// Generous bounds for a 2-core machine; these are waits, not performance assertions.
const READY_MS = 30_000;
const UPLOAD_MS = 120_000;

export const FINAL = ["done", "refused", "failed", "cancelled"];

export class DemoPage {
  constructor(page) {
    this.page = page;
  }

  async open() {
    await this.page.goto(DEMO_URL);
    await this.page.locator('#worker-status[data-status="ready"]').waitFor({ timeout: READY_MS });
    // The page's view of the worker, read the way the page reads it.
    this.config = await this.page.evaluate(async () => (await fetch("/api/v1/config")).json());
    return this;
  }

  /** Reloads the page (as a person pressing F5 mid-upload would) and waits until it is ready again. */
  async reload() {
    await this.page.reload();
    await this.page.locator('#worker-status[data-status="ready"]').waitFor({ timeout: READY_MS });
    return this;
  }

  /** The "Unfinished uploads" list: the file names it shows, or null when it is hidden. */
  async unfinished() {
    const section = this.page.locator("#unfinished");
    if (!(await section.isVisible())) return null;
    return (await section.locator(".unfinished-item").allInnerTexts()).map((text) => text.trim());
  }

  fileInput() {
    return this.page.getByLabel(/Drop files here/);
  }

  async setConcurrency(n) {
    await this.page.getByLabel("Parallel transfers").fill(String(n));
  }

  async chooseStorageClass(name) {
    const select = this.page.getByLabel("Storage class");
    if (await select.isDisabled()) return (await select.inputValue());
    await select.selectOption(name);
    return name;
  }

  /** Picks files with the file input. `files`: [{ name, type, bytes }]. */
  async pick(files) {
    await this.fileInput().setInputFiles(
      files.map((f) => ({ name: f.name, mimeType: f.type, buffer: Buffer.from(f.bytes) })),
    );
  }

  /**
   * Drops files on the drop zone as a real drag would: dragenter, dragover and drop carrying a DataTransfer with
   * File objects built in the page from `patternBytes` (no multi-megabyte round trip through the protocol).
   * `repeat: true` builds the file from one 1 MiB chunk referenced over and over, so a file of gigabytes costs a
   * megabyte of memory (for size limits; its content is not meant to be read back).
   */
  async drop(specs) {
    return this.dropTransfer(await this.dataTransfer(specs));
  }

  /**
   * A DataTransfer holding File objects built in the page from `patternBytes` (no multi-megabyte round trip
   * through the protocol), for `dropTransfer`. Building it is the test's work, done on the page's main thread:
   * a test that measures the page's responsiveness builds it first.
   */
  dataTransfer(specs) {
    return this.page.evaluateHandle(
      ({ specs, source }) => {
        const patternBytes = new Function(`return (${source})`)();
        const transfer = new DataTransfer();
        for (const spec of specs) {
          let parts = [patternBytes(spec.seed, spec.size)];
          if (spec.repeat) {
            const chunk = new Blob([patternBytes(spec.seed, 1 << 20)]);
            parts = new Array(Math.floor(spec.size / chunk.size)).fill(chunk);
            if (spec.size % chunk.size) parts.push(chunk.slice(0, spec.size % chunk.size));
          }
          // A fixed lastModified makes two drops "the same file" to the page, as the same file picked twice is.
          transfer.items.add(new File(parts, spec.name, { type: spec.type, ...(spec.lastModified ? { lastModified: spec.lastModified } : {}) }));
        }
        return transfer;
      },
      { specs, source: patternBytes.toString() },
    );
  }

  /** Drops a `dataTransfer` on the drop zone as a real drag would: dragenter, dragover, drop. */
  async dropTransfer(dataTransfer) {
    const zone = this.page.locator("#dropzone");
    await zone.dispatchEvent("dragenter", { dataTransfer });
    await zone.dispatchEvent("dragover", { dataTransfer });
    const dragging = await zone.getAttribute("data-dragging");
    await zone.dispatchEvent("drop", { dataTransfer });
    await dataTransfer.dispose();
    return { highlightedWhileDragging: dragging === "true" };
  }

  item(name) {
    return this.page.locator("li.upload").filter({ has: this.page.locator(".file-name", { hasText: name }) });
  }

  async waitFinal(name, timeout = UPLOAD_MS) {
    const item = this.item(name);
    await item.and(this.page.locator(FINAL.map((s) => `[data-state="${s}"]`).join(","))).waitFor({ timeout });
    return this.read(name);
  }

  async waitState(name, state, timeout = UPLOAD_MS) {
    await this.item(name).and(this.page.locator(`[data-state="${state}"]`)).waitFor({ timeout });
  }

  /** What the page shows for one file. */
  async read(name) {
    const item = this.item(name);
    const field = async (f) => {
      const node = item.locator(`dd[data-field="${f}"]`);
      return (await node.count()) ? (await node.innerText()).trim() : null;
    };
    const visibleText = async (selector) => {
      const node = item.locator(selector);
      return (await node.count()) && (await node.isVisible()) ? (await node.innerText()).trim() : null;
    };
    const link = item.locator('a[data-link="signed"]');
    return {
      state: await item.getAttribute("data-state"),
      mode: await item.getAttribute("data-mode"),
      badge: (await item.locator(".badge").innerText()).trim(),
      meta: (await item.locator(".file-meta").innerText()).trim(),
      stats: await visibleText(".stats"),
      detail: await visibleText(".detail"),
      resumed: await visibleText(".resumed"),
      signed: await visibleText(".signed"),
      message: await visibleText(".message"),
      key: await field("key"),
      region: await field("region"),
      bucket: await field("bucket"),
      storageClass: await field("storage-class"),
      duration: await field("duration"),
      link: (await link.count()) ? await link.getAttribute("href") : null,
      progress: await item.locator("progress").evaluate((p) => ({ value: p.value, max: p.max })),
    };
  }

  async overall() {
    return {
      summary: (await this.page.locator("#overall-summary").innerText()).trim(),
      stats: (await this.page.locator("#overall-stats").innerText()).trim(),
      progress: await this.page.locator("#overall-progress").evaluate((p) => ({ value: p.value, max: p.max })),
    };
  }

  /** The page's IndexedDB records of multipart uploads (www/resume-store.js), read as the page stores them. */
  resumeRecords() {
    return this.page.evaluate(async () => {
      // Opening a database that does not exist would create it without its store and break the page's own open.
      if (!(await indexedDB.databases()).some((d) => d.name === "s3-edge-signer-demo")) return [];
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open("s3-edge-signer-demo");
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      try {
        return await new Promise((resolve, reject) => {
          const all = db.transaction("multipart-uploads").objectStore("multipart-uploads").getAll();
          all.onsuccess = () => resolve(all.result);
          all.onerror = () => reject(all.error);
        });
      } finally {
        db.close();
      }
    });
  }

  /** Changes fields of one record (as time passing, or the worker's secret changing, would make them). */
  patchResumeRecord(uploadId, patch) {
    return this.page.evaluate(async ({ uploadId, patch }) => {
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open("s3-edge-signer-demo");
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      try {
        await new Promise((resolve, reject) => {
          const tx = db.transaction("multipart-uploads", "readwrite");
          const store = tx.objectStore("multipart-uploads");
          const get = store.get(uploadId);
          get.onsuccess = () => {
            if (!get.result) throw new Error(`no record for ${uploadId}`);
            store.put({ ...get.result, ...patch });
          };
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
          tx.onabort = () => reject(tx.error ?? new Error("aborted"));
        });
      } finally {
        db.close();
      }
    }, { uploadId, patch });
  }

  /** Calls the worker's API from the page (same origin, as the page does). */
  callWorker(path, body) {
    return this.page.evaluate(async ({ path, body }) => {
      const response = await fetch(`/api/v1/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      return { status: response.status, body: await response.json() };
    }, { path, body });
  }

  async announcement() {
    return (await this.page.locator("#announcer").textContent()).trim();
  }
}
