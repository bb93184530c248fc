// The per-environment configurations in wrangler.toml: each one bundles with the pinned wrangler
// (`deploy --dry-run --env …`) without warnings and with the METRICS Durable Object bound, and its variables —
// read by wrangler itself — pass the worker's own configuration checks on workerd (with test secrets).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { WORKER_DIR, API_KEY, UPLOAD_KEY_SECRET, DEFAULTS_ONLY, startWorker, asKey } from "./harness.mjs";

const ENVIRONMENTS = ["", "staging", "production"];

for (const env of ENVIRONMENTS) {
  const name = env || "top level";
  test(`wrangler.toml ${name}: deploy --dry-run bundles without warnings, with the Durable Object bound`, () => {
    const out = mkdtempSync(path.join(tmpdir(), "worker-env-"));
    try {
      const text = execFileSync(path.join(WORKER_DIR, "scripts/wrangler.sh"), ["deploy", "--dry-run", `--env=${env}`, "--outdir", out], { cwd: WORKER_DIR, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      assert.doesNotMatch(text, /WARNING|exists at the top level/, text);
      assert.match(text, /env\.METRICS \(MetricsStore\)\s+Durable Object/);
      if (env) assert.match(text, new RegExp(`env\\.ENVIRONMENT \\("${env}"\\)`));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test(`wrangler.toml ${name}: its variables pass the worker's configuration checks`, async () => {
    const { workerOptions } = unstable_getMiniflareWorkerOptions(path.join(WORKER_DIR, "wrangler.toml"), env || undefined);
    const vars = workerOptions.bindings;
    assert.equal(vars.ENVIRONMENT, env || "production");
    // Only the environment's own variables and the secrets a deploy puts: every harness default removed.
    const w = await startWorker({ ...DEFAULTS_ONLY, ...vars, API_KEYS: `ci:${API_KEY}`, UPLOAD_KEY_SECRET }, { ratelimits: workerOptions.ratelimits });
    try {
      const health = await w.request("/api/v1/health", { headers: asKey() });
      assert.equal(health.status, 200, health.text);
      const config = await w.request("/api/v1/config", { headers: asKey() });
      assert.equal(config.status, 200, config.text);
      assert.deepEqual(config.body.buckets.map((b) => b.name), JSON.parse(vars.BUCKETS).map((b) => b.name));
    } finally {
      await w.dispose();
    }
  });
}
