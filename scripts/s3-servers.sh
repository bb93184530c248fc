#!/usr/bin/env bash
# Local S3-compatible servers that verify SigV4, on 127.0.0.1 only, for the demo and the tests.
#
#   scripts/s3-servers.sh start [garage|s3s|all]   install if missing, start, create the bucket, write the env file
#   scripts/s3-servers.sh stop                      stop the servers started from this checkout (by PID)
#   scripts/s3-servers.sh env                       print the env file (endpoints and the generated test keys)
#
# The keys are generated at each start and are local test values only; they live in $STATE_DIR/env.sh (gitignored).
# Garage 2.5.0 is AGPL-3.0: it only ever runs here as a separate test process; nothing of it is linked or shipped.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="${S3ES_STATE_DIR:-$ROOT/.local/s3}"
TOOLS_DIR="${S3ES_TOOLS_DIR:-$HOME/.cache/s3-edge-signer/tools}"
GARAGE_PORT="${S3ES_GARAGE_PORT:-3900}"
GARAGE_RPC_PORT="${S3ES_GARAGE_RPC_PORT:-3901}"
S3S_PORT="${S3ES_S3S_PORT:-8014}"
BUCKET="${S3ES_BUCKET:-test-bucket}"
DIAG_BUCKET="${S3ES_DIAG_BUCKET:-diag-bucket}"
# An AWS-shaped region other than us-east-1, so that a signer which ignores the configured region fails the tests.
GARAGE_REGION="${S3ES_GARAGE_REGION:-eu-central-1}"
# Origins the demo page is served from (the worker's `wrangler dev` address), space-separated.
CORS_ORIGINS="${S3ES_CORS_ORIGINS:-http://127.0.0.1:8787 http://localhost:8787}"
ENV_FILE="$STATE_DIR/env.sh"

log() { echo "[s3-servers] $*" >&2; }

wait_for() { # wait_for SECONDS CMD...
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then return 1; fi
    sleep 0.1
  done
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

stop_pid_file() {
  local file="$1"
  [ -f "$file" ] || return 0
  local pid; pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait_for 5 bash -c "! kill -0 $pid" || kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

start_garage() {
  local dir="$STATE_DIR/garage" bin="$TOOLS_DIR/bin/garage"
  stop_pid_file "$dir/pid"
  port_free "$GARAGE_PORT" || { log "port $GARAGE_PORT is in use (set S3ES_GARAGE_PORT)"; exit 1; }
  rm -rf "$dir" && mkdir -p "$dir/meta" "$dir/data"
  cat > "$dir/garage.toml" <<TOML
metadata_dir = "$dir/meta"
data_dir = "$dir/data"
db_engine = "sqlite"
replication_factor = 1
rpc_bind_addr = "127.0.0.1:$GARAGE_RPC_PORT"
rpc_public_addr = "127.0.0.1:$GARAGE_RPC_PORT"
rpc_secret = "$(openssl rand -hex 32)"
[s3_api]
s3_region = "$GARAGE_REGION"
api_bind_addr = "127.0.0.1:$GARAGE_PORT"
root_domain = ".s3.garage.localhost"
TOML
  local g=("$bin" -c "$dir/garage.toml")
  RUST_LOG=warn nohup "${g[@]}" server > "$dir/server.log" 2>&1 &
  echo $! > "$dir/pid"
  wait_for 30 "${g[@]}" status || { log "garage did not start; see $dir/server.log"; exit 1; }
  local node; node="$("${g[@]}" node id -q | cut -d@ -f1)"
  "${g[@]}" layout assign -z dc1 -c 1G "$node" >/dev/null
  "${g[@]}" layout apply --version 1 >/dev/null
  # Garage key ids are "GK" + 24 hex digits and secrets 64 hex digits.
  GARAGE_KEY_ID="GK$(openssl rand -hex 12)"
  GARAGE_SECRET="$(openssl rand -hex 32)"
  "${g[@]}" key import --yes -n test "$GARAGE_KEY_ID" "$GARAGE_SECRET" >/dev/null
  "${g[@]}" bucket create "$BUCKET" >/dev/null
  # --owner is needed for PutBucketCors.
  "${g[@]}" bucket allow --read --write --owner "$BUCKET" --key "$GARAGE_KEY_ID" >/dev/null
  # A second bucket whose CORS and lifecycle configuration the worker's diagnostics tests rewrite at will.
  "${g[@]}" bucket create "$DIAG_BUCKET" >/dev/null
  "${g[@]}" bucket allow --read --write --owner "$DIAG_BUCKET" --key "$GARAGE_KEY_ID" >/dev/null
  # The key and bucket become usable once the layout has propagated.
  wait_for 30 curl -sf -o /dev/null "http://127.0.0.1:$GARAGE_PORT/$BUCKET" \
    --aws-sigv4 "aws:amz:$GARAGE_REGION:s3" --user "$GARAGE_KEY_ID:$GARAGE_SECRET" \
    -H "x-amz-content-sha256: $(printf '' | sha256sum | cut -d' ' -f1)" \
    || { log "garage bucket not reachable; see $dir/server.log"; exit 1; }
  put_garage_cors
  log "garage: http://127.0.0.1:$GARAGE_PORT bucket $BUCKET region $GARAGE_REGION"
}

# CORS for the demo page, set with curl's own SigV4 (an implementation independent of ours).
put_garage_cors() {
  local rules="" origin
  for origin in $CORS_ORIGINS; do rules+="<AllowedOrigin>$origin</AllowedOrigin>"; done
  local body="<CORSConfiguration><CORSRule>$rules<AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedMethod>POST</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3600</MaxAgeSeconds></CORSRule></CORSConfiguration>"
  local sha; sha="$(printf '%s' "$body" | sha256sum | cut -d' ' -f1)"
  # curl 7.88 neither adds x-amz-content-sha256 nor canonicalises a bare `?cors` as `cors=`: both are given here.
  curl -sSf -X PUT "http://127.0.0.1:$GARAGE_PORT/$BUCKET?cors=" \
    --aws-sigv4 "aws:amz:$GARAGE_REGION:s3" --user "$GARAGE_KEY_ID:$GARAGE_SECRET" \
    -H "Content-Type: application/xml" -H "x-amz-content-sha256: $sha" --data-binary "$body" >/dev/null \
    || { log "PutBucketCors failed"; exit 1; }
}

start_s3s() {
  local dir="$STATE_DIR/s3s" bin="$TOOLS_DIR/bin/s3s-fs"
  stop_pid_file "$dir/pid"
  port_free "$S3S_PORT" || { log "port $S3S_PORT is in use (set S3ES_S3S_PORT)"; exit 1; }
  rm -rf "$dir" && mkdir -p "$dir/data/$BUCKET"
  S3S_KEY_ID="S3S$(openssl rand -hex 8 | tr a-f A-F)"
  S3S_SECRET="$(openssl rand -hex 20)"
  nohup "$bin" --host 127.0.0.1 --port "$S3S_PORT" --access-key "$S3S_KEY_ID" --secret-key "$S3S_SECRET" \
    "$dir/data" > "$dir/server.log" 2>&1 &
  echo $! > "$dir/pid"
  wait_for 15 bash -c "(exec 3<>/dev/tcp/127.0.0.1/$S3S_PORT)" || { log "s3s-fs did not start; see $dir/server.log"; exit 1; }
  log "s3s-fs: http://127.0.0.1:$S3S_PORT bucket $BUCKET (region not checked)"
}

write_env() {
  mkdir -p "$STATE_DIR"
  {
    echo "# Generated by scripts/s3-servers.sh: local test servers and their generated test keys (not secrets of any account)."
    echo "export S3ES_BUCKET='$BUCKET'"
    if [ -n "${GARAGE_KEY_ID:-}" ]; then
      echo "export S3ES_GARAGE_ENDPOINT='http://127.0.0.1:$GARAGE_PORT'"
      echo "export S3ES_GARAGE_REGION='$GARAGE_REGION'"
      echo "export S3ES_GARAGE_ACCESS_KEY_ID='$GARAGE_KEY_ID'"
      echo "export S3ES_GARAGE_SECRET_ACCESS_KEY='$GARAGE_SECRET'"
      echo "export S3ES_GARAGE_DATA_DIR='$STATE_DIR/garage/data'"
      echo "export S3ES_DIAG_BUCKET='$DIAG_BUCKET'"
    fi
    if [ -n "${S3S_KEY_ID:-}" ]; then
      echo "export S3ES_S3S_ENDPOINT='http://127.0.0.1:$S3S_PORT'"
      echo "export S3ES_S3S_REGION='us-east-1'"
      echo "export S3ES_S3S_ACCESS_KEY_ID='$S3S_KEY_ID'"
      echo "export S3ES_S3S_SECRET_ACCESS_KEY='$S3S_SECRET'"
      echo "export S3ES_S3S_DATA_DIR='$STATE_DIR/s3s/data'"
    fi
  } > "$ENV_FILE"
  chmod 600 "$ENV_FILE"
}

case "${1:-}" in
  start)
    which="${2:-all}"
    "$ROOT/scripts/install-s3-servers.sh" >/dev/null
    case "$which" in
      garage) start_garage ;;
      s3s) start_s3s ;;
      all) start_garage; start_s3s ;;
      *) echo "usage: $0 start [garage|s3s|all]" >&2; exit 2 ;;
    esac
    write_env
    echo "$ENV_FILE"
    ;;
  stop)
    stop_pid_file "$STATE_DIR/garage/pid"
    stop_pid_file "$STATE_DIR/s3s/pid"
    ;;
  env)
    cat "$ENV_FILE"
    ;;
  *)
    echo "usage: $0 start [garage|s3s|all] | stop | env" >&2
    exit 2
    ;;
esac
