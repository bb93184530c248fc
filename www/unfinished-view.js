// The uploads this browser left unfinished (resume-store.js), listed after a reload so that a person knows they
// can continue: adding the same file again resumes it; Discard aborts it in S3 and forgets it. Built with
// textContent only: the names are the user's files'.

import { formatBytes, formatClock } from "./format.js";
import { tryLock } from "./upload-lock.js";

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export class UnfinishedView {
  /**
   * @param {{ section: HTMLElement, list: HTMLElement, store: import("./resume-store.js").ResumeStore,
   *           api: import("./api.js").WorkerApi, inUse: () => Set<string>, announce: (text: string) => void }} options
   *   `inUse`: uploadIds this page is working on right now (shown with their own item instead).
   */
  constructor({ section, list, store, api, inUse, announce }) {
    Object.assign(this, { section, list, store, api, inUse, announce });
    this.refreshing = null;
    this.again = false;
  }

  /** Re-reads the store; calls made while one is running are folded into one more read. */
  refresh() {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = this.#render().finally(() => {
      this.refreshing = null;
      if (this.again) {
        this.again = false;
        this.refresh();
      }
    });
    return this.refreshing;
  }

  async #render() {
    const busy = this.inUse();
    const records = (await this.store.all()).filter((record) => !busy.has(record.uploadId));
    // Rebuilding would drop the focus of a person tabbing through the Discard buttons: keep it on the same record.
    const focused = this.list.contains(document.activeElement) ? document.activeElement.dataset.uploadId : null;
    this.list.replaceChildren(...records.map((record) => this.#item(record)));
    this.section.hidden = records.length === 0;
    if (focused) this.list.querySelector(`button[data-upload-id="${CSS.escape(focused)}"]`)?.focus();
  }

  #item(record) {
    const li = element("li", "unfinished-item");
    li.dataset.uploadId = record.uploadId;
    const text = element("div", "unfinished-text");
    const name = element("span", "file-name", record.file.name);
    name.title = record.file.name;
    const sent = Object.keys(record.parts ?? {}).length;
    const meta = element(
      "span",
      "file-meta",
      `${formatBytes(record.file.size)} · ${sent} of ${record.count} parts sent · started ${formatClock(record.createdAt)}`,
    );
    text.append(name, meta);
    const discard = element("button", "button button-quiet button-danger", "Discard");
    discard.type = "button";
    discard.dataset.uploadId = record.uploadId;
    discard.setAttribute("aria-label", `Discard the unfinished upload of ${record.file.name}`);
    discard.addEventListener("click", () => this.#discard(record, discard));
    li.append(text, discard);
    return li;
  }

  async #discard(record, button) {
    button.disabled = true;
    const release = await tryLock(record.uploadId);
    if (!release) {
      this.announce(`${record.file.name} is being uploaded in another tab; it was not discarded.`);
      button.disabled = false;
      return;
    }
    try {
      await this.api.abortMultipart({ key: record.key, uploadId: record.uploadId, bucket: record.bucket, reason: { class: "aborted" } });
    } catch (error) {
      // Unreachable: keep the record so that Discard can be tried again. A refusal (the worker no longer accepts
      // the key) means the page cannot abort it anyway; the worker's sweep or the bucket's lifecycle rule will.
      if (!error.refusal) {
        release();
        button.disabled = false;
        this.announce(`Could not discard ${record.file.name}: ${error.message}`);
        return;
      }
    }
    await this.store.remove(record.uploadId);
    release();
    this.announce(`Unfinished upload of ${record.file.name} discarded.`);
    // Focus would fall to the top of the page with the button gone: keep it in the list, or on the picker.
    const next = button.closest("li")?.nextElementSibling ?? button.closest("li")?.previousElementSibling;
    await this.refresh();
    const target = next ? this.list.querySelector(`button[data-upload-id="${CSS.escape(next.dataset.uploadId)}"]`) : null;
    (target ?? document.getElementById("file-input")).focus();
  }
}
