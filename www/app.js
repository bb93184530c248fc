// The demo page: loads the worker's configuration and the record of unfinished uploads, then turns dropped or
// picked files into Uploads and keeps their views current. It never loads the signing package: checksums come from
// the small checksum module, in a worker (checksum.js); S3's error documents are read with DOMParser.

import { WorkerApi } from "./api.js";
import { formatBytes, formatPercent, formatSpeed, formatTimeLeft } from "./format.js";
import { Limiter, withRetry } from "./transfer.js";
import { followSweepAge, ResumeStore } from "./resume-store.js";
import { UnfinishedView } from "./unfinished-view.js";
import { Upload } from "./upload.js";
import { UploadView } from "./upload-view.js";

const $ = (id) => document.getElementById(id);

const api = new WorkerApi();
const limiter = new Limiter(4);
const views = new Map(); // Upload → UploadView
let config = null;
let regionNames = new Map();
let store = null; // IndexedDB record of multipart uploads, for resuming; null where IndexedDB is unavailable
let unfinished = null;

function regionName(code) {
  return regionNames.get(code) ?? code;
}

function announce(text) {
  // Clearing first makes screen readers repeat a message identical to the previous one.
  const announcer = $("announcer");
  announcer.textContent = "";
  requestAnimationFrame(() => {
    announcer.textContent = text;
  });
}

function setWorkerStatus(status, text) {
  $("worker-status").dataset.status = status;
  $("worker-status-text").textContent = text;
}

function showFatal(text) {
  const box = $("fatal");
  box.textContent = text;
  box.hidden = false;
}

// ---- configuration --------------------------------------------------------------------------------------------

function describeTypes(types) {
  if (!types || types.length === 0 || types.includes("*/*")) return "any type";
  return types.join(", ");
}

function fillDestinations(buckets) {
  const select = $("destination");
  select.replaceChildren();
  const sameRegionTwice = new Set(buckets.map((b) => b.region)).size < buckets.length;
  if (buckets.length > 1) {
    // The worker can pick the bucket nearest to the uploader (docs/worker-api.md); offer that, but as a choice.
    select.append(new Option("Nearest to you (the worker picks)", ""));
  }
  for (const bucket of buckets) {
    const label = `${regionName(bucket.region)}${sameRegionTwice ? ` · ${bucket.name}` : ""}`;
    const option = new Option(label, bucket.name);
    option.dataset.region = bucket.region;
    select.append(option);
  }
  const preferred = buckets.find((b) => b.default);
  if (preferred && buckets.length === 1) select.value = preferred.name;
  // Never disabled, even with one bucket: a disabled control is skipped by Tab and hard to read.
  select.disabled = false;
  updateDestinationHint();
}

function updateDestinationHint() {
  const option = $("destination").selectedOptions[0];
  $("destination-hint").textContent = option?.value
    ? `${option.dataset.region} · bucket ${option.value}${config.buckets.length <= 1 ? ", the only one the worker offers" : ""}`
    : "The worker chooses the closest configured bucket.";
}

function fillStorageClasses(allowed, fallback, descriptions) {
  const select = $("storage-class");
  select.replaceChildren(...allowed.map((name) => new Option(name.replace(/_/g, " "), name)));
  select.value = fallback && allowed.includes(fallback) ? fallback : allowed[0];
  select.disabled = false;
  const describe = () => {
    $("storage-class-hint").textContent = descriptions.get(select.value) ?? "";
  };
  select.addEventListener("change", describe);
  describe();
}

// The page checksums every upload, whether or not the worker insists (its `checksumAlgorithm` is then null and a
// checksum is optional): it costs a read of the file and makes S3 refuse a damaged body.
const PAGE_CHECKSUM = "CRC32C";
function checksumAlgorithm() {
  return config.checksumAlgorithm || PAGE_CHECKSUM;
}

function settingsForNewFiles() {
  const option = $("destination").selectedOptions[0];
  return {
    bucket: option?.value || undefined,
    region: option?.dataset.region || undefined,
    storageClass: $("storage-class").value || undefined,
    checksumAlgorithm: checksumAlgorithm(),
    multipartThreshold: config.multipartThreshold,
    partSize: config.partSize,
    maxPartsPerBatch: config.maxPartsPerBatch,
  };
}

async function loadConfiguration() {
  try {
    const [cfg, regions] = await withRetry(() => Promise.all([api.config(), api.regions()]), {
      onRetry: ({ error, delay }) =>
        setWorkerStatus("connecting", `${error.code === "RateLimited" ? "Worker busy" : "Worker unreachable"}, retrying in ${Math.ceil(delay / 1000)} s…`),
    });
    config = cfg;
    followSweepAge(cfg.multipartMaxAgeSeconds);
    regionNames = new Map((regions.regions ?? []).map((r) => [r.code, r.name]));
    const buckets = cfg.buckets?.length ? cfg.buckets : (regions.buckets ?? []);
    config.buckets = buckets;
    fillDestinations(buckets);
    const descriptions = new Map((regions.storageClasses ?? []).map((c) => [c.name, c.description]));
    fillStorageClasses(cfg.storageClasses?.allowed ?? [], cfg.storageClasses?.default, descriptions);

    const algorithm = `${checksumAlgorithm()} checked by S3`;
    $("limits").textContent =
      `Up to ${formatBytes(cfg.maxSize)} each · ${describeTypes(cfg.allowedContentTypes)} · ` +
      `multipart above ${formatBytes(cfg.multipartThreshold)} in ${formatBytes(cfg.partSize)} parts · ${algorithm}`;
    document.querySelectorAll(".algo").forEach((node) => {
      node.textContent = checksumAlgorithm();
    });
    await openResumeStore();
    const health = await api.health().catch(() => null);
    $("version").textContent = health?.version ? `worker ${health.version}` : "";
    $("file-input").disabled = false;
    $("dropzone").dataset.disabled = "false";
    setWorkerStatus("ready", `Worker ready · ${buckets.length} ${buckets.length === 1 ? "bucket" : "buckets"}`);
  } catch (error) {
    setWorkerStatus("error", "Worker unavailable");
    showFatal(`The page could not load its configuration: ${error.message} Reload once the worker is running.`);
  }
}

// Records an hour short of the worker's sweep age (a day by default) are dropped before anything can resume from
// them: the sweep aborts their uploads (resume-store.js).
async function openResumeStore() {
  store = await ResumeStore.open();
  if (!store) return;
  await store.sweep().catch(() => {});
  unfinished = new UnfinishedView({
    section: $("unfinished"),
    list: $("unfinished-list"),
    store,
    api,
    inUse: () => new Set([...views.keys()].filter((u) => !u.final && u.multipartUploadId).map((u) => u.multipartUploadId)),
    announce,
  });
  await unfinished.refresh().catch(() => {});
}

// ---- uploads --------------------------------------------------------------------------------------------------

let frame = 0;
function scheduleRender() {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    render();
  });
}

function render() {
  const now = performance.now();
  for (const view of views.values()) view.render(now);
  renderOverall(now);
}

function renderOverall(now) {
  const uploads = [...views.keys()];
  $("overall").hidden = uploads.length === 0;
  if (uploads.length === 0) return;
  // The totals are about what will be stored: refused, failed and cancelled files are left out rather than shown
  // as bytes "sent" (a failed file's bytes may all have reached S3 and been rejected).
  const counted = uploads.filter((u) => u.state !== "refused" && u.state !== "cancelled" && u.state !== "failed");
  const total = counted.reduce((sum, u) => sum + u.size, 0);
  const loaded = counted.reduce((sum, u) => sum + Math.min(u.loaded, u.size), 0);
  const active = uploads.filter((u) => !u.final);
  const speed = active.reduce((sum, u) => sum + u.meter.rate(now), 0);

  const count = (state) => uploads.filter((u) => u.state === state).length;
  const summary = [`${count("done")} of ${uploads.length} uploaded`];
  for (const [state, word] of [["refused", "refused"], ["failed", "failed"], ["cancelled", "cancelled"]]) {
    if (count(state) > 0) summary.push(`${count(state)} ${word}`);
  }
  $("overall-summary").textContent = summary.join(" · ");

  const bar = $("overall-progress");
  bar.max = Math.max(total, 1);
  bar.value = loaded;
  const stats = counted.length > 0 ? [`${formatBytes(loaded)} of ${formatBytes(total)}`, formatPercent(loaded, total)] : ["Nothing stored"];
  if (active.length > 0) {
    stats.push(formatSpeed(speed));
    if (speed > 0) stats.push(formatTimeLeft(((total - loaded) / speed) * 1000));
  } else {
    stats.push("all finished");
  }
  $("overall-stats").textContent = stats.join(" · ");
  $("cancel-all").disabled = active.length === 0;
  $("clear-finished").disabled = uploads.every((u) => !u.final);
}

const STATE_WORDS = {
  done: "uploaded",
  refused: "refused",
  failed: "failed",
  cancelled: "cancelled",
};

function addFiles(fileList) {
  if (!config) return;
  const files = [...fileList];
  if (files.length === 0) return;
  const settings = settingsForNewFiles();
  const list = $("uploads");
  for (const file of files) {
    const upload = new Upload(file, { api, limiter, settings, store });
    const view = new UploadView(upload, { regionName });
    views.set(upload, view);
    list.append(view.root);
    upload.addEventListener("change", scheduleRender);
    upload.addEventListener("statechange", (event) => {
      // An upload that resumes a listed one takes it over; one that fails may leave one to list.
      unfinished?.refresh().catch(() => {});
      if (event.detail === "uploading" && upload.resumed) {
        announce(`${upload.name}: resumed, ${upload.resumed.kept} of ${upload.resumed.count} parts already in S3.`);
      }
      const word = STATE_WORDS[event.detail];
      if (!word) return;
      const reason = upload.error && event.detail !== "done" ? `: ${upload.error.message}` : "";
      const all = [...views.keys()];
      const finished = all.every((u) => u.final)
        ? ` All uploads finished: ${all.filter((u) => u.state === "done").length} of ${all.length} uploaded.`
        : "";
      announce(`${upload.name} ${word}${reason}.${finished}`);
    });
    upload.start();
  }
  announce(`${files.length} ${files.length === 1 ? "file" : "files"} added`);
  scheduleRender();
}

// ---- wiring ---------------------------------------------------------------------------------------------------

function wireDropzone() {
  const zone = $("dropzone");
  const input = $("file-input");
  input.addEventListener("change", () => {
    addFiles(input.files);
    // Reset so that choosing the same file again still fires "change".
    input.value = "";
  });

  // The whole window accepts drops: a file released a little outside the zone must not make the browser navigate
  // away to display it.
  let depth = 0;
  const hasFiles = (event) => event.dataTransfer && [...event.dataTransfer.types].includes("Files");
  window.addEventListener("dragenter", (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth += 1;
    zone.dataset.dragging = "true";
  });
  window.addEventListener("dragleave", (event) => {
    if (!hasFiles(event)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) zone.dataset.dragging = "false";
  });
  window.addEventListener("dragover", (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = config ? "copy" : "none";
  });
  window.addEventListener("drop", (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth = 0;
    zone.dataset.dragging = "false";
    addFiles(event.dataTransfer.files);
  });
}

function wireControls() {
  const concurrency = $("concurrency");
  const apply = () => {
    const value = Math.round(Number(concurrency.value));
    if (Number.isFinite(value) && value >= 1 && value <= 16) limiter.setLimit(value);
  };
  concurrency.addEventListener("input", apply);
  concurrency.addEventListener("change", () => {
    // Out-of-range typing is clamped on leaving the field, so what is shown is what is used.
    concurrency.value = String(limiter.limit);
  });
  apply();

  $("destination").addEventListener("change", updateDestinationHint);
  $("cancel-all").addEventListener("click", () => {
    for (const upload of views.keys()) upload.cancel();
  });
  $("clear-finished").addEventListener("click", () => {
    for (const [upload, view] of views) {
      if (upload.final) {
        view.root.remove();
        views.delete(upload);
      }
    }
    scheduleRender();
    $("file-input").focus();
  });
  // Speeds and times left must keep moving while a transfer stalls, when no progress event arrives.
  setInterval(() => {
    if ([...views.keys()].some((u) => !u.final)) scheduleRender();
  }, 500);
}

wireDropzone();
wireControls();
loadConfiguration();
