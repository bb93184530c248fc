#!/usr/bin/env bash
# Installs the two S3-compatible servers the interop tests judge us by, only when missing, into a stable cache
# directory outside the checkout (so CI and later runs reuse them):
#   - Garage 2.5.0 (AGPL-3.0): run only as an external test process; never linked, vendored or shipped.
#   - s3s-fs 0.17.0 (Apache-2.0).
# A cold install compiles both (~15 min on 2 cores); a warm one returns at once.
set -euo pipefail
TOOLS_DIR="${S3ES_TOOLS_DIR:-$HOME/.cache/s3-edge-signer/tools}"
mkdir -p "$TOOLS_DIR"

# `garage --version` prints "garage cargo:2.5.0 …".
if ! "$TOOLS_DIR/bin/garage" --version 2>/dev/null | grep -q "cargo:2\.5\.0"; then
  echo "installing garage 2.5.0 into $TOOLS_DIR (one-time, ~9 min)"
  cargo install garage --version 2.5.0 --locked --no-default-features --features bundled-libs,sqlite \
    --root "$TOOLS_DIR" --quiet
fi
if ! [ -x "$TOOLS_DIR/bin/s3s-fs" ] || ! grep -qx "0.17.0" "$TOOLS_DIR/s3s-fs.version" 2>/dev/null; then
  echo "installing s3s-fs 0.17.0 into $TOOLS_DIR (one-time, ~5 min)"
  # 0.15+ declare rust-version 1.96 but build on 1.95 (../shared/ENVIRONMENT.md).
  cargo install s3s-fs --version 0.17.0 --ignore-rust-version --locked --features binary \
    --root "$TOOLS_DIR" --quiet
  echo "0.17.0" > "$TOOLS_DIR/s3s-fs.version"
fi
echo "$TOOLS_DIR/bin"
