#!/usr/bin/env bash
# Builds the npm package pkg/ (wasm-pack --target web) with its checksum module pkg/checksum/ and its CloudFront module
# pkg/cloudfront/, prints their sizes, and copies the first two into www/pkg/ for the demo page. Needs the toolchain from scripts/bootstrap.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# wasm-opt from npm's binaryen 132: Debian's binaryen (wasm-opt 108) produces modules that fail to load
# (../shared/ENVIRONMENT.md). --mode no-install keeps wasm-pack from downloading tools.
PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH" \
  wasm-pack build --mode no-install --release --target web --out-dir pkg --out-name s3_edge_signer >&2
# The browser checksum module (s3-edge-signer/checksum): the same crate with only its checksum bindings, without std
# (src/wasm/runtime.rs), at opt-level "s" for its 10 KB budget; finish-pkg.mjs moves it into pkg/checksum/.
PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH" \
  wasm-pack build --mode no-install --release --target web --out-dir target/pkg-checksum --out-name s3_edge_checksum \
  -- --no-default-features --features js-checksum --config 'profile.release.opt-level="s"' >&2
# The server-side CloudFront module (s3-edge-signer/cloudfront): the same crate with only its CloudFront bindings,
# without std, at opt-level "s": 66.0 KB of wasm gzip where opt-level 3 is 74.8 KB, for 5-7 µs more per signed URL
# (53 against 46-48 µs, beside the 160-590 µs of the WebCrypto signature it wraps; README Benchmarks). finish-pkg.mjs
# moves it into pkg/cloudfront/.
PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH" \
  wasm-pack build --mode no-install --release --target web --out-dir target/pkg-cloudfront --out-name s3_edge_cloudfront \
  -- --no-default-features --features js-cloudfront --config 'profile.release.opt-level="s"' >&2
node scripts/finish-pkg.mjs
rm -rf www/pkg && mkdir -p www/pkg/checksum
cp pkg/s3_edge_signer.js pkg/s3_edge_signer_bg.wasm pkg/s3_edge_signer.d.ts www/pkg/
cp pkg/checksum/s3_edge_checksum.js pkg/checksum/s3_edge_checksum_bg.wasm pkg/checksum/s3_edge_checksum.d.ts www/pkg/checksum/
