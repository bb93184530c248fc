#!/usr/bin/env bash
# The main job: install what is missing, build the wasm package, start a local S3-compatible server (Garage, with a
# bucket and CORS for the page), start the worker under `wrangler dev` with credentials for it, serve the demo page,
# and print the URL to open. Ctrl-C stops everything it started.
#
# Against real AWS instead of the local Garage, set all four of:
#   S3ES_AWS_BUCKET, S3ES_AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
# (the bucket needs a CORS rule allowing PUT/POST/GET/HEAD from http://127.0.0.1:8787 and exposing ETag; see
# README "Demo").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export S3ES_WORKER_PORT="${S3ES_WORKER_PORT:-8787}"
export S3ES_STATE_DIR="${S3ES_STATE_DIR:-$ROOT/.local/s3}"
export S3ES_CORS_ORIGINS="http://127.0.0.1:$S3ES_WORKER_PORT http://localhost:$S3ES_WORKER_PORT"

scripts/bootstrap.sh
scripts/build-pkg.sh

if [ -n "${S3ES_AWS_BUCKET:-}" ]; then
  : "${S3ES_AWS_REGION:?set S3ES_AWS_REGION with S3ES_AWS_BUCKET}"
  : "${AWS_ACCESS_KEY_ID:?set AWS_ACCESS_KEY_ID with S3ES_AWS_BUCKET}"
  : "${AWS_SECRET_ACCESS_KEY:?set AWS_SECRET_ACCESS_KEY with S3ES_AWS_BUCKET}"
  # The worker's dev script reads one S3 target from these variables; with no endpoint the bucket is on AWS.
  export S3ES_BUCKET="$S3ES_AWS_BUCKET" S3ES_GARAGE_REGION="$S3ES_AWS_REGION"
  export S3ES_GARAGE_ENDPOINT="https://s3.$S3ES_AWS_REGION.amazonaws.com"
  export S3ES_GARAGE_ACCESS_KEY_ID="$AWS_ACCESS_KEY_ID" S3ES_GARAGE_SECRET_ACCESS_KEY="$AWS_SECRET_ACCESS_KEY"
  export S3ES_WORKER_VAR_BUCKETS="[{\"name\":\"$S3ES_AWS_BUCKET\",\"region\":\"$S3ES_AWS_REGION\"}]"
  target="AWS bucket $S3ES_AWS_BUCKET ($S3ES_AWS_REGION)"
else
  scripts/s3-servers.sh start garage >/dev/null
  trap 'scripts/s3-servers.sh stop' EXIT
  # shellcheck disable=SC1091
  source "$S3ES_STATE_DIR/env.sh"
  target="local Garage at $S3ES_GARAGE_ENDPOINT (bucket $S3ES_BUCKET, data in ${S3ES_GARAGE_DATA_DIR#"$ROOT"/})"
fi

url="http://127.0.0.1:$S3ES_WORKER_PORT/"
(
  for _ in $(seq 1 300); do
    if curl -sf "${url}api/v1/health" >/dev/null; then
      printf '\n  s3-edge-signer demo is ready: %s\n  uploads go to the %s\n  Ctrl-C to stop.\n\n' "$url" "$target" >&2
      exit 0
    fi
    sleep 0.2
  done
  echo "the worker did not answer at $url within 60 s" >&2
) &
# The worker runs as a job waited on, so that Ctrl-C or kill reaches this script's trap, which stops the worker and
# then (EXIT trap) Garage.
worker/scripts/dev.sh &
worker_pid=$!
trap 'kill "$worker_pid" 2>/dev/null; wait "$worker_pid" 2>/dev/null; exit 130' INT TERM
wait "$worker_pid"
