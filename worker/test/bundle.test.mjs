// What `wrangler deploy` would upload: bundle with the pinned wrangler (--dry-run), then run that bundle on workerd
// and upload through it — the deployable artefact works, not only the source tree.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Miniflare } from "miniflare";
import { WORKER_DIR, baseBindings, API_KEY, S3, readBack, sameBytes, bytes, sendable } from "./harness.mjs";

const out = mkdtempSync(path.join(tmpdir(), "worker-dist-"));
after(() => rmSync(out, { recursive: true, force: true }));

test("wrangler deploy --dry-run bundles the worker and the wasm, and the bundle serves uploads on workerd", async () => {
  execFileSync(path.join(WORKER_DIR, "scripts/wrangler.sh"), ["deploy", "--dry-run", "--env=", "--outdir", out], { cwd: WORKER_DIR, stdio: "pipe" });
  const files = readdirSync(out);
  assert.ok(files.includes("index.js"), files.join(","));
  const wasm = files.find((f) => f.endsWith(".wasm"));
  assert.ok(wasm, "the wasm module is a separate upload module");
  const total = files.reduce((n, f) => n + (f.endsWith(".map") ? 0 : statSync(path.join(out, f)).size), 0);
  assert.ok(total < 3 * 1024 * 1024, `bundle is ${total} bytes; Workers Free allows 3 MiB`);
  const code = readFileSync(path.join(out, "index.js"), "utf8");
  assert.ok(!code.includes(S3.secretAccessKey), "no secret is bundled");
  const mf = new Miniflare({
    modules: true,
    scriptPath: path.join(out, "index.js"),
    modulesRoot: out,
    modulesRules: [{ type: "ESModule", include: ["**/*.js"] }, { type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2026-04-26",
    bindings: baseBindings(),
  });
  try {
    const health = await mf.dispatchFetch("http://w/api/v1/health");
    assert.equal(health.status, 200);
    const data = bytes(2048, 2);
    const r = await mf.dispatchFetch("http://w/api/v1/upload/s3/signed-url", {
      method: "POST",
      headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ filename: "bundle.txt", contentType: "text/plain", size: data.length }),
    });
    const b = await r.json();
    assert.equal(r.status, 200, JSON.stringify(b));
    const put = await fetch(b.uploadUrl, { method: "PUT", headers: sendable(b.headers), body: data });
    assert.equal(put.status, 200);
    assert.ok(sameBytes((await readBack(b.key)).bytes, data));
  } finally {
    await mf.dispose();
  }
});
