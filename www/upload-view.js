// The list item that shows one Upload. Built with DOM calls and textContent only: file names, keys and error
// messages come from the user, the worker or S3, and none of them may become markup.

import { formatBytes, formatClock, formatDuration, formatPercent, formatSpeed, formatTimeLeft } from "./format.js";

const BADGES = {
  queued: "Waiting",
  hashing: "Checksum",
  signing: "Signing",
  resuming: "Resuming",
  uploading: "Uploading",
  completing: "Completing",
  done: "Uploaded",
  refused: "Refused",
  failed: "Failed",
  cancelled: "Cancelled",
};

const SVG_NS = "http://www.w3.org/2000/svg";

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function lockIcon() {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("fill", "currentColor");
  path.setAttribute("d", "M8 1a3.5 3.5 0 0 0-3.5 3.5V6H4a1.5 1.5 0 0 0-1.5 1.5v6A1.5 1.5 0 0 0 4 15h8a1.5 1.5 0 0 0 1.5-1.5v-6A1.5 1.5 0 0 0 12 6h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 5H6V4.5a2 2 0 1 1 4 0V6Z");
  svg.append(path);
  return svg;
}

function extensionOf(name) {
  const dot = name.lastIndexOf(".");
  return dot > 0 && name.length - dot <= 5 ? name.slice(dot + 1) : "file";
}

// Header names as S3 knows them, in words a reader recognises.
const HEADER_LABELS = {
  "content-length": "Content-Length",
  "content-type": "Content-Type",
  "x-amz-checksum-crc32c": "CRC32C",
  "x-amz-checksum-crc32": "CRC32",
  "x-amz-checksum-crc64nvme": "CRC64NVME",
  "x-amz-checksum-sha256": "SHA-256",
  "x-amz-checksum-sha1": "SHA-1",
  "x-amz-storage-class": "Storage class",
  "if-none-match": "If-None-Match (no overwrite)",
  "x-amz-server-side-encryption": "Encryption",
};

export class UploadView {
  /** @param {import("./upload.js").Upload} upload */
  constructor(upload, { regionName }) {
    this.upload = upload;
    this.regionName = regionName;
    const root = element("li", "upload");
    root.dataset.uploadId = String(upload.id);
    root.dataset.mode = upload.mode;

    const head = element("div", "upload-head");
    head.append(element("span", "file-icon", extensionOf(upload.name)));
    const title = element("div", "upload-title");
    this.nameEl = element("span", "file-name", upload.name);
    this.nameEl.title = upload.name;
    // Focus lands here when this item's Cancel button disappears, instead of falling back to the top of the page.
    this.nameEl.tabIndex = -1;
    this.metaEl = element("span", "file-meta");
    title.append(this.nameEl, this.metaEl);
    this.badgeEl = element("span", "badge");
    this.cancelEl = element("button", "button button-quiet button-danger", "Cancel");
    this.cancelEl.type = "button";
    this.cancelEl.setAttribute("aria-label", `Cancel upload of ${upload.name}`);
    this.cancelEl.addEventListener("click", () => upload.cancel());
    head.append(title, this.badgeEl, this.cancelEl);

    this.barEl = element("progress", "bar");
    this.barEl.max = Math.max(upload.size, 1);
    this.barEl.value = 0;
    this.barEl.setAttribute("aria-label", `Progress of ${upload.name}`);
    this.statsEl = element("p", "stats");
    this.detailEl = element("p", "detail");
    this.resumedEl = element("p", "resumed");
    this.signedEl = element("p", "signed");
    this.messageEl = element("div", "message");
    this.resultEl = element("dl", "result");

    root.append(head, this.barEl, this.statsEl, this.resumedEl, this.detailEl, this.signedEl, this.messageEl, this.resultEl);
    this.root = root;
    this.renderedState = null;
    this.render();
  }

  render(now = performance.now()) {
    const u = this.upload;
    const stateChanged = this.renderedState !== u.state;
    this.root.dataset.state = u.state;
    this.badgeEl.dataset.state = u.state;
    this.badgeEl.textContent = BADGES[u.state];

    const meta = [formatBytes(u.size), u.contentType];
    if (u.state === "refused") {
      // Nothing was planned or sent: no transfer mode to report.
    } else if (u.mode === "multipart") {
      meta.push(u.parts ? `multipart, ${u.parts.count} parts of ${formatBytes(u.parts.size)}` : "multipart");
    } else {
      meta.push("single PUT");
    }
    this.metaEl.textContent = meta.join(" · ");

    if (stateChanged && u.final && this.root.contains(document.activeElement) && document.activeElement === this.cancelEl) {
      this.nameEl.focus();
    }
    this.cancelEl.hidden = u.final;

    this.barEl.hidden = u.state === "refused";
    this.barEl.value = u.state === "hashing" ? 0 : Math.min(u.loaded, u.size);
    this.#renderStats(now);
    this.#renderResumed();
    this.#renderDetail();
    this.#renderSigned();
    this.#renderMessage();
    if (stateChanged && u.state === "done") this.#renderResult();
    this.resultEl.hidden = u.state !== "done";
    this.renderedState = u.state;
  }

  #renderStats(now) {
    const u = this.upload;
    let text = "";
    if (u.state === "hashing") {
      text = `Computing ${u.settings.checksumAlgorithm}: ${formatBytes(u.hashed)} of ${formatBytes(u.size)} (${formatPercent(u.hashed, u.size)})`;
    } else if (u.state === "resuming") {
      const { checked, listed } = u.resumed;
      text = `An earlier upload of this file is in S3: checking its ${listed} ${listed === 1 ? "part" : "parts"} against the file (${checked} of ${listed})`;
    } else if (u.state === "uploading" || u.state === "completing" || u.state === "signing") {
      const speed = u.meter.rate(now);
      const parts = [`${formatBytes(u.loaded)} of ${formatBytes(u.size)}`, formatPercent(u.loaded, u.size), formatSpeed(speed)];
      if (u.state === "uploading" && speed > 0) parts.push(formatTimeLeft(((u.size - u.loaded) / speed) * 1000));
      if (u.state === "completing") parts.push("assembling parts");
      text = parts.join(" · ");
    } else if (u.state === "done") {
      // A resumed upload's speed is that of the bytes sent this time, not of those S3 already held.
      const sent = u.size - (u.resumed?.bytes ?? 0);
      const average = u.durationMs > 0 ? (sent * 1000) / u.durationMs : NaN;
      const amount = u.resumed ? `${formatBytes(sent)} sent` : formatBytes(u.size);
      text = `${amount} in ${formatDuration(u.durationMs)} · 100% · ${formatSpeed(average)} average`;
    } else if (u.state === "failed" && u.keptForResume) {
      const n = u.keptForResume.parts;
      const held = n === 1 ? "the 1 part in S3 is" : `the ${n} parts in S3 are`;
      text = `${formatBytes(u.loaded)} of ${formatBytes(u.size)} sent; ${held} kept for up to a day: add the same file again to resume`;
    } else if (u.state === "failed") {
      text = `${formatBytes(u.loaded)} of ${formatBytes(u.size)} sent; nothing stored`;
    } else if (u.state === "cancelled") {
      const cleanup = u.multipartAborted ? "; S3 discarded the uploaded parts" : "";
      text = `${formatBytes(u.loaded)} of ${formatBytes(u.size)} sent before cancelling${cleanup}`;
    } else if (u.state === "queued") {
      text = "Waiting for a free transfer slot";
    }
    this.statsEl.textContent = text;
    this.statsEl.hidden = text === "";
  }

  // Said once the parts S3 held were checked against the file, and kept in view until the end: it explains why
  // the upload started part-way and why fewer bytes crossed the network than the file holds.
  #renderResumed() {
    const r = this.upload.resumed;
    const shown = r && this.upload.state !== "resuming";
    if (shown) {
      const resent = r.listed - r.kept;
      const mismatch = resent > 0 ? ` (${resent} more did not match this file and ${resent === 1 ? "is" : "are"} sent again)` : "";
      this.resumedEl.textContent = `Resumed: ${r.kept} of ${r.count} parts already in S3${mismatch}`;
    }
    this.resumedEl.hidden = !shown;
  }

  #renderDetail() {
    const u = this.upload;
    const parts = [];
    if (u.parts) {
      parts.push(`${u.parts.done} of ${u.parts.count} parts done`);
      if (u.parts.inFlight > 0 && !u.final) parts.push(`${u.parts.inFlight} in flight`);
    }
    if (u.retries > 0) {
      const last = u.lastRetry ? ` (last: ${u.lastRetry.code})` : "";
      parts.push(`${u.retries} ${u.retries === 1 ? "retry" : "retries"}${last}`);
    }
    this.detailEl.textContent = parts.join(" · ");
    this.detailEl.hidden = parts.length === 0;
  }

  #renderSigned() {
    const u = this.upload;
    const names = u.signedHeaders.filter((name) => name !== "host");
    if (names.length === 0 || u.state === "refused") {
      this.signedEl.hidden = true;
      return;
    }
    const labels = names.map((name) => HEADER_LABELS[name] ?? name);
    const hasLength = names.includes("content-length");
    const hasChecksum = names.some((name) => name.startsWith("x-amz-checksum-"));
    const what = u.mode === "multipart" ? "part" : "body";
    let consequence = "";
    if (hasLength && hasChecksum) consequence = `S3 will reject a different ${what}.`;
    else if (hasLength) consequence = `S3 will reject a ${what} of another size.`;
    const scope = u.mode === "multipart" ? "Signed per part: " : "Signed: ";
    this.signedEl.replaceChildren(lockIcon(), element("span", "", `${scope}${labels.join(", ")}. ${consequence}`.trim()));
    this.signedEl.hidden = false;
  }

  #renderMessage() {
    const u = this.upload;
    if (!u.error || u.state === "done") {
      this.messageEl.hidden = true;
      return;
    }
    const source = u.error.source === "worker" ? "Worker" : u.error.source === "s3" ? "S3" : null;
    const prefix = u.state === "refused" ? "Refused by the worker" : source ? `${source} error` : null;
    const children = [];
    if (prefix) children.push(`${prefix} `);
    if (u.state !== "cancelled") children.push(element("code", "", u.error.code), ": ");
    children.push(u.error.message);
    // The worker checked the bucket's CORS rules for this page after a CORS-looking failure: say what it found.
    const problems = (u.diagnosis?.findings ?? []).filter((f) => f.severity === "error");
    if (problems.length) {
      const list = element("ul", "diagnosis");
      list.dataset.diagnosis = "cors";
      for (const f of problems) {
        const item = element("li", "", `${f.title}: ${f.impact}.`);
        if (f.fix?.description) item.append(" ", element("span", "hint", `Fix: ${f.fix.description}`));
        list.append(item);
      }
      children.push(element("span", "", " The worker checked the bucket's CORS rules for this page:"), list);
    } else if (u.diagnosis?.ok) {
      children.push(element("span", "hint", " The worker checked the bucket's CORS rules for this page and found no problem: the network failed."));
    }
    this.messageEl.replaceChildren(...children);
    this.messageEl.hidden = false;
  }

  #renderResult() {
    const u = this.upload;
    const rows = [
      ["Key", element("code", "", u.key)],
      ["Region", u.region ? `${this.regionName(u.region)} (${u.region})` : "–"],
      ["Bucket", u.bucket ?? "–"],
      ["Storage class", u.storageClass ?? "–"],
      ["Duration", formatDuration(u.durationMs)],
    ];
    const links = element("span", "links");
    if (u.link?.url) {
      const a = element("a", "", "Download");
      a.href = u.link.url;
      a.target = "_blank";
      a.rel = "noopener";
      a.dataset.link = "signed";
      const until = u.link.expiresAt ? `, valid until ${formatClock(u.link.expiresAt)}` : "";
      a.setAttribute("aria-label", `Download ${u.name} (signed URL${until})`);
      links.append(a, element("span", "hint", `signed URL${until}`));
    } else {
      links.append(element("span", "hint", `No download link: ${u.link?.reason ?? "the worker gave none"}`));
    }
    if (u.cdnUrl) {
      const cdn = element("a", "", "CDN URL");
      cdn.href = u.cdnUrl;
      cdn.target = "_blank";
      cdn.rel = "noopener";
      cdn.dataset.link = "cdn";
      links.append(cdn);
    }
    rows.push(["Link", links]);
    this.resultEl.replaceChildren(
      ...rows.flatMap(([term, value]) => {
        const dt = element("dt", "", term);
        const dd = element("dd");
        dd.append(value);
        dd.dataset.field = term.toLowerCase().replace(/ /g, "-");
        return [dt, dd];
      }),
    );
  }
}
