#!/usr/bin/env bash
# Runs the pinned wrangler (worker/node_modules) offline: no telemetry, no error reports, no banner, no fetch of
# Cloudflare's `request.cf` data, and its config/cache inside worker/ (../../shared/ENVIRONMENT.md, "Worker").
set -euo pipefail
WORKER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$WORKER_DIR"
if [ ! -x node_modules/.bin/wrangler ]; then
  npm ci --no-audit --no-fund >&2
fi
export WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false WRANGLER_HIDE_BANNER=true \
  CLOUDFLARE_CF_FETCH_ENABLED=false XDG_CONFIG_HOME="$WORKER_DIR/.xdg"
exec node_modules/.bin/wrangler "$@"
