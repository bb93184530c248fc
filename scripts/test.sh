#!/usr/bin/env bash
# Runs every test of the project — Rust (host, no_std, lint), the wasm package in Node and headless Chromium, the
# interop suite against Garage and s3s-fs, the worker on workerd, and the demo end to end in Chromium — installing
# what is missing first. Ends with one line "N passed, N failed" summing all suites; exits non-zero if any failed.
#
#   scripts/test.sh            everything
#   scripts/test.sh rust js    only the named groups (rust, wasm, js, interop, worker, e2e)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
LOG_DIR="$ROOT/test-results/logs"
mkdir -p "$LOG_DIR"
GROUPS_WANTED="${*:-rust wasm js interop worker e2e}"
wants() { [[ " $GROUPS_WANTED " == *" $1 "* ]]; }

PASSED=0
FAILED=0
FAILED_SUITES=()

# Test servers and the worker for the end-to-end run get their own state and ports, so that a running demo
# (scripts/demo.sh, ports 3900/8787) is not disturbed. S3ES_TEST_STATE_DIR and the S3ES_TEST_*_PORT variables move
# them, so that two runs on one machine do not stop each other's servers (each run stops its state dir's on exit).
export S3ES_STATE_DIR="${S3ES_TEST_STATE_DIR:-$ROOT/.local/s3-test}"
export S3ES_GARAGE_PORT="${S3ES_TEST_GARAGE_PORT:-3940}"
export S3ES_GARAGE_RPC_PORT="${S3ES_TEST_GARAGE_RPC_PORT:-3941}"
export S3ES_S3S_PORT="${S3ES_TEST_S3S_PORT:-8054}"
export S3ES_WORKER_PORT="${S3ES_TEST_WORKER_PORT:-8797}"
export S3ES_CORS_ORIGINS="http://127.0.0.1:$S3ES_WORKER_PORT http://localhost:$S3ES_WORKER_PORT"
export S3ES_DEMO_URL="http://127.0.0.1:$S3ES_WORKER_PORT/"

# run_suite NAME COMMAND...: runs the command, shows and logs its output, and adds its test counts to the totals.
# Counts come from the runners' own summaries (cargo/wasm-bindgen-test "test result:", node --test "# pass/# fail");
# a command without a summary (a lint, a build) counts as one check.
run_suite() {
  local name="$1"; shift
  local log="$LOG_DIR/$name.log"
  echo
  echo "=== $name: $*"
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  local p f
  p=$(grep -E "test result: (ok|FAILED)\. [0-9]+ passed" "$log" | sed -E 's/.* ([0-9]+) passed.*/\1/' | awk '{s+=$1} END {print s+0}')
  f=$(grep -E "test result: (ok|FAILED)\. [0-9]+ passed" "$log" | sed -E 's/.* ([0-9]+) failed.*/\1/' | awk '{s+=$1} END {print s+0}')
  if grep -qE "^# (pass|fail) [0-9]+" "$log"; then
    p=$((p + $(grep -E "^# pass [0-9]+" "$log" | awk '{s+=$3} END {print s+0}')))
    f=$((f + $(grep -E "^# fail [0-9]+" "$log" | awk '{s+=$3} END {print s+0}')))
  else
    # TAP without a summary line (deno test): count the top-level results.
    p=$((p + $(grep -cE "^ok [0-9]+" "$log")))
    f=$((f + $(grep -cE "^not ok [0-9]+" "$log")))
  fi
  if ((p + f == 0)); then
    if ((status == 0)); then p=1; else f=1; fi
  elif ((status != 0 && f == 0)); then
    f=1 # the runner failed outside any test (a crash, a compile error after some suites ran)
  fi
  PASSED=$((PASSED + p))
  FAILED=$((FAILED + f))
  if ((status != 0 || f > 0)); then FAILED_SUITES+=("$name"); fi
  echo "--- $name: $p passed, $f failed (exit $status)"
}

cleanup() {
  if [ -n "${WORKER_PID:-}" ]; then kill -- "-$WORKER_PID" 2>/dev/null || kill "$WORKER_PID" 2>/dev/null || true; fi
  "$ROOT/scripts/s3-servers.sh" stop 2>/dev/null || true
}
trap cleanup EXIT

run_suite bootstrap "$ROOT/scripts/bootstrap.sh"

if wants rust; then
  run_suite cargo-fmt cargo fmt --check
  run_suite clippy-host cargo clippy --all-targets --locked -- -D warnings
  run_suite clippy-wasm32 cargo clippy --lib --tests --target wasm32-unknown-unknown --locked -- -D warnings
  # The browser checksum module's build: only the checksum bindings, without std (scripts/build-pkg.sh).
  run_suite clippy-wasm32-checksum cargo clippy --lib --target wasm32-unknown-unknown --no-default-features \
    --features js-checksum --locked -- -D warnings
  # The server-side CloudFront module: its build (without std) and its wasm tests (which need std).
  run_suite clippy-wasm32-cloudfront cargo clippy --lib --target wasm32-unknown-unknown --no-default-features \
    --features js-cloudfront --locked -- -D warnings
  run_suite clippy-wasm32-cloudfront-tests cargo clippy --lib --tests --target wasm32-unknown-unknown \
    --no-default-features --features std,js-cloudfront --locked -- -D warnings
  # The core with no std at all, on a bare-metal target: proves the no_std + alloc claim for it and its dependencies.
  run_suite no-std cargo rustc --lib --no-default-features --target thumbv7em-none-eabihf --crate-type rlib --locked
  run_suite cargo-test cargo test --locked
  # The optional in-process CloudFront signer (RustCrypto rsa/p256): linted, and its tests and doctests run. The
  # default build above and the no_std build never include it.
  run_suite clippy-cloudfront-signing cargo clippy --all-targets --locked --features cloudfront-signing -- -D warnings
  run_suite cargo-test-cloudfront-signing cargo test --locked --features cloudfront-signing --test cloudfront_signing
  run_suite doctest-cloudfront-signing cargo test --locked --features cloudfront-signing --doc
fi

if wants wasm || wants js || wants interop || wants worker || wants e2e; then
  run_suite build-pkg "$ROOT/scripts/build-pkg.sh"
fi

if wants wasm; then
  # The CloudFront module's tests run on a build with only its bindings, as it ships (std for the test harness).
  CLOUDFRONT_TESTS=(--test wasm_cloudfront --no-default-features --features std,js-cloudfront)
  run_suite wasm-node wasm-pack test --mode no-install --node -- --test wasm
  run_suite wasm-node-cloudfront wasm-pack test --mode no-install --node -- "${CLOUDFRONT_TESTS[@]}"
  # Without WASM_BINDGEN_USE_BROWSER the Chrome run skips every test and still exits 0 (../shared/ENVIRONMENT.md).
  WASM_BINDGEN_USE_BROWSER=1 run_suite wasm-chromium \
    wasm-pack test --mode no-install --headless --chrome --chromedriver /usr/bin/chromedriver -- --test wasm
  WASM_BINDGEN_USE_BROWSER=1 run_suite wasm-chromium-cloudfront \
    wasm-pack test --mode no-install --headless --chrome --chromedriver /usr/bin/chromedriver -- "${CLOUDFRONT_TESTS[@]}"
fi

if wants js; then
  run_suite js-node node --test --test-reporter=tap tests/js/*.test.mjs
  run_suite typescript-strict tsc -p tests/js/tsconfig.json
  # Deno from npm (the binary ships inside the registry package); `init()` loads the .wasm as in a browser.
  DENO_NO_UPDATE_CHECK=1 DENO_DIR="$ROOT/.local/deno" NO_COLOR=1 \
    run_suite deno deno test --allow-read --no-check --reporter=tap tests/deno/
fi

if wants interop || wants worker || wants e2e; then
  run_suite s3-servers "$ROOT/scripts/s3-servers.sh" start all
  # shellcheck disable=SC1091
  source "$S3ES_STATE_DIR/env.sh"
fi

if wants interop && [ -d tests/interop ]; then
  run_suite interop node --test --test-reporter=tap tests/interop/*.test.mjs
fi

if wants worker && [ -f worker/package.json ]; then
  run_suite worker bash -c "cd worker && node --test --test-reporter=tap test/*.test.mjs"
fi

if wants e2e && [ -d tests/e2e ]; then
  # The demo stack: the worker under wrangler dev (workerd) serving www/, pointed at the test Garage. One e2e run
  # makes ~70 anonymous requests; lift the demo's anonymous rate limit so back-to-back runs are not refused.
  S3ES_WORKER_VAR_ANONYMOUS_RATE_LIMIT_PER_MINUTE=100000 \
    setsid "$ROOT/worker/scripts/dev.sh" > "$LOG_DIR/worker-dev.log" 2>&1 &
  WORKER_PID=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$S3ES_WORKER_PORT/api/v1/health" >/dev/null && break
    sleep 0.2
  done
  run_suite e2e node --test --test-reporter=tap tests/e2e/*.test.mjs
fi

echo
if ((${#FAILED_SUITES[@]})); then echo "failed suites: ${FAILED_SUITES[*]} (logs in test-results/logs/)"; fi
echo "$PASSED passed, $FAILED failed"
((FAILED == 0))
