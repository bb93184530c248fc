#!/usr/bin/env bash
# Starts the worker under `wrangler dev` (workerd, local mode) for the demo, configured entirely from the
# environment, against the local Garage written by scripts/s3-servers.sh:
#
#   source "$S3ES_STATE_DIR/env.sh"      # S3ES_BUCKET, S3ES_GARAGE_{ENDPOINT,REGION,ACCESS_KEY_ID,SECRET_ACCESS_KEY}
#   worker/scripts/dev.sh                # → http://127.0.0.1:8787 (page at /, API at /api/v1/…, Uppy at /s3/…)
#
# Optional: S3ES_WORKER_PORT (8787), S3ES_WORKER_INSPECTOR_PORT (port+1000), S3ES_WORKER_API_KEYS
# (`name:key,…`; default: one generated key, written to .dev.vars only), and S3ES_WORKER_VAR_<NAME>=value to set
# any worker variable NAME (e.g. S3ES_WORKER_VAR_MAX_SIZE=50MiB). Anonymous use is allowed from the worker's own
# origins (http://127.0.0.1:PORT and http://localhost:PORT) — the demo; never set ANONYMOUS_ORIGINS in production
# without a rate limit you accept. Writes worker/.dev.vars (gitignored, mode 600) and then execs wrangler, so
# stopping this process (by its PID) stops the worker.
set -euo pipefail
WORKER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${S3ES_BUCKET:?set S3ES_BUCKET (source \$S3ES_STATE_DIR/env.sh from scripts/s3-servers.sh start garage)}"
: "${S3ES_GARAGE_ENDPOINT:?set S3ES_GARAGE_ENDPOINT}"
: "${S3ES_GARAGE_REGION:?set S3ES_GARAGE_REGION}"
: "${S3ES_GARAGE_ACCESS_KEY_ID:?set S3ES_GARAGE_ACCESS_KEY_ID}"
: "${S3ES_GARAGE_SECRET_ACCESS_KEY:?set S3ES_GARAGE_SECRET_ACCESS_KEY}"
PORT="${S3ES_WORKER_PORT:-8787}"
INSPECTOR_PORT="${S3ES_WORKER_INSPECTOR_PORT:-$((PORT + 1000))}"
API_KEYS="${S3ES_WORKER_API_KEYS:-dev:$(openssl rand -hex 24)}"
# The key that authenticates the worker's tokens and multipart keys; a fresh one per run is fine locally (uploads
# in flight do not survive a restart of the demo anyway).
UPLOAD_KEY_SECRET="${S3ES_WORKER_UPLOAD_KEY_SECRET:-$(openssl rand -hex 32)}"

declare -A VARS=(
  [BUCKETS]="[{\"name\":\"$S3ES_BUCKET\",\"region\":\"$S3ES_GARAGE_REGION\",\"endpoint\":\"$S3ES_GARAGE_ENDPOINT\"}]"
  [ANONYMOUS_ORIGINS]="http://127.0.0.1:$PORT,http://localhost:$PORT"
  [CORS_ORIGINS]="http://127.0.0.1:$PORT,http://localhost:$PORT"
  [ALLOWED_CONTENT_TYPES]="image/*,video/*,audio/*,text/plain,text/csv,application/pdf,application/json,application/zip,application/octet-stream"
  [MAX_SIZE]="1GiB"
  [MULTIPART_THRESHOLD]="16MiB"
  [PART_SIZE]="5MiB"
  # Garage stores every class as STANDARD, but offering several makes the page's selector real.
  [STORAGE_CLASSES]="STANDARD,STANDARD_IA,INTELLIGENT_TIERING,GLACIER_IR"
  # The page computes CRC32C for every file and part; requiring it makes S3 refuse any corrupted body.
  [CHECKSUM_ALGORITHM]="CRC32C"
  [DEFAULT_STORAGE_CLASS]="STANDARD"
  [SSE]="AES256"
)
# S3ES_WORKER_VAR_<NAME> overrides or adds worker variable NAME.
while IFS='=' read -r name value; do
  VARS["${name#S3ES_WORKER_VAR_}"]="$value"
done < <(env | grep -E '^S3ES_WORKER_VAR_[A-Z0-9_]+=' || true)

ENV_FILE="$WORKER_DIR/.wrangler/dev-$PORT.env"
mkdir -p "$WORKER_DIR/.wrangler"
umask 077
{
  echo "# Written by worker/scripts/dev.sh for wrangler dev on port $PORT; gitignored. Local test credentials only."
  echo "S3_ACCESS_KEY_ID='$S3ES_GARAGE_ACCESS_KEY_ID'"
  echo "S3_SECRET_ACCESS_KEY='$S3ES_GARAGE_SECRET_ACCESS_KEY'"
  echo "API_KEYS='$API_KEYS'"
  echo "UPLOAD_KEY_SECRET='$UPLOAD_KEY_SECRET'"
  for name in "${!VARS[@]}"; do
    value="${VARS[$name]}"
    if [[ "$value" == *"'"* ]]; then echo "dev.sh: the value of $name contains a single quote" >&2; exit 2; fi
    echo "$name='$value'"
  done
} > "$ENV_FILE"
echo "[worker] http://127.0.0.1:$PORT (bucket $S3ES_BUCKET at $S3ES_GARAGE_ENDPOINT, region $S3ES_GARAGE_REGION); API keys in $ENV_FILE" >&2

exec "$WORKER_DIR/scripts/wrangler.sh" dev --local --ip 127.0.0.1 --port "$PORT" \
  --inspector-ip 127.0.0.1 --inspector-port "$INSPECTOR_PORT" --show-interactive-dev-session=false \
  --env-file "$ENV_FILE"
