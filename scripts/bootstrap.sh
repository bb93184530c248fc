#!/usr/bin/env bash
# Installs whatever this project needs and is missing, idempotently; a second run does nothing. Called by both README
# commands (scripts/demo.sh and scripts/test.sh). On a fresh machine the Rust tools and the two S3 servers are
# compiled from crates.io (~25 minutes on 2 cores); everything lands in stable caches (~/.cargo/bin,
# ~/.cache/s3-edge-signer/tools) and is reused afterwards.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
log() { echo "[bootstrap] $*" >&2; }

# Exact versions: the wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock.
WASM_PACK_VERSION="0.15.1"
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"

installed_targets="$(rustup target list --installed)"
for target in wasm32-unknown-unknown thumbv7em-none-eabihf; do
  if ! grep -qx "$target" <<<"$installed_targets"; then
    log "adding Rust target $target"
    rustup target add "$target" >&2
  fi
done

if ! wasm-pack --version 2>/dev/null | grep -q "$WASM_PACK_VERSION"; then
  log "installing wasm-pack $WASM_PACK_VERSION (one-time, ~5 min)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --quiet
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (one-time, ~7 min)"
  # Not --locked: its lockfile pins a crate the index lacks (../shared/ENVIRONMENT.md).
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --quiet
fi

if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
  log "installing Debian chromium and chromium-driver"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >&2
fi

# npm: reinstall only when the lockfile changed since the last install.
npm_install() {
  local dir="$1"
  [ -f "$dir/package.json" ] || return 0
  local stamp="$dir/node_modules/.installed-lock"
  if ! [ -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    log "npm install in ${dir#"$ROOT"/}"
    # `npm install`, not `npm ci`: npm 11 records only this platform's optional binary of a package such as deno
    # and `npm ci` then refuses the lockfile as incomplete; `npm install` installs exactly what the lockfile pins.
    (cd "$dir" && npm install --no-audit --no-fund --loglevel=error >&2)
    cp "$dir/package-lock.json" "$stamp"
  fi
}
npm_install "$ROOT"
npm_install "$ROOT/worker"

# botocore: the independent SigV4 signer the worker's CloudFront tests verify signatures with (and the vector
# generators under tests/vectors/ use).
if ! python3 -c "import botocore" 2>/dev/null; then
  log "installing botocore (pip)"
  python3 -m pip install --quiet "botocore==1.43.11" >&2
fi

"$ROOT/scripts/install-s3-servers.sh" >/dev/null
