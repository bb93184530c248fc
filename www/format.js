// Human-readable numbers for the page. Binary units (KiB, MiB) because S3's part sizes and limits are set in them:
// "5 MiB parts" must read the same here as in the worker's configuration.

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

export function formatBytes(bytes) {
  if (!Number.isFinite(bytes) || bytes < 0) return "–";
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 || Number.isInteger(value) ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

export function formatSpeed(bytesPerSecond) {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return "–";
  return `${formatBytes(bytesPerSecond)}/s`;
}

export function formatDuration(ms) {
  if (!Number.isFinite(ms) || ms < 0) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds % 60);
  if (minutes < 60) return `${minutes} min ${rest} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

// "Time left" is a guess: say so by rounding coarsely and never claiming less than a second.
export function formatTimeLeft(ms) {
  if (!Number.isFinite(ms) || ms < 0) return "–";
  if (ms < 1500) return "about 1 s left";
  return `about ${formatDuration(Math.round(ms / 1000) * 1000)} left`;
}

export function formatPercent(loaded, total) {
  if (!(total > 0)) return "0%";
  return `${Math.floor((Math.min(loaded, total) / total) * 100)}%`;
}

export function formatClock(msSinceEpoch) {
  return new Date(msSinceEpoch).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}
