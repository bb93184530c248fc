#!/usr/bin/env node
// Runs the worker's bucket diagnostics before a deploy: the worker itself, on workerd (Miniflare), configured from
// wrangler.toml (an --env of it) and the secrets in a .dev.vars-style file or the environment, answering
// GET /api/v1/diagnostics — so the checks are exactly the deployed worker's. Prints each finding with its fix;
// exits 1 when any is an error, 2 when the configuration itself is invalid.
//
//   node worker/scripts/diagnose.mjs [--env staging|production] [--secrets worker/.dev.vars] [--var NAME=value]… [--json]
//
// Secrets are read from --secrets (NAME='value' lines), else from the environment (S3_ACCESS_KEY_ID,
// S3_SECRET_ACCESS_KEY, S3_SESSION_TOKEN, other credential prefixes, UPLOAD_KEY_SECRET).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";
import { Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";

const WORKER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const REPO_DIR = path.resolve(WORKER_DIR, "..");

function args(argv) {
  const out = { env: undefined, secrets: undefined, json: false, vars: {} };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--env") out.env = argv[++i];
    else if (argv[i].startsWith("--env=")) out.env = argv[i].slice(6);
    else if (argv[i] === "--secrets") out.secrets = argv[++i];
    else if (argv[i] === "--json") out.json = true;
    else if (argv[i] === "--var" && /^[A-Z][A-Z0-9_]*=/.test(argv[i + 1] || "")) {
      const [name, ...rest] = argv[++i].split("=");
      out.vars[name] = rest.join("=");
    }
    else {
      console.error(`unknown argument ${argv[i]}; usage: diagnose.mjs [--env NAME] [--secrets FILE] [--var NAME=value]… [--json]`);
      process.exit(2);
    }
  }
  return out;
}

/** NAME='value' / NAME="value" / NAME=value lines, as wrangler's .dev.vars. */
function readSecrets(file) {
  const out = {};
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    const m = /^\s*([A-Z][A-Z0-9_]*)\s*=\s*(?:'([^']*)'|"([^"]*)"|(.*?))\s*$/.exec(line);
    if (m) out[m[1]] = m[2] ?? m[3] ?? m[4];
  }
  return out;
}

const SECRET_NAME = /(_ACCESS_KEY_ID|_SECRET_ACCESS_KEY|_SESSION_TOKEN|_SESSION_EXPIRES_AT)$|^UPLOAD_KEY_SECRET$/;

export async function diagnose({ env, secrets, json, vars = {} }) {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(path.join(WORKER_DIR, "wrangler.toml"), env || undefined);
  const given = secrets ? readSecrets(secrets) : Object.fromEntries(Object.entries(process.env).filter(([k]) => SECRET_NAME.test(k)));
  // A key of its own for this run, so the diagnostics endpoint (API key only) answers without a real key.
  const key = randomBytes(24).toString("hex");
  const mf = new Miniflare({
    modules: true,
    scriptPath: path.join(WORKER_DIR, "src/index.js"),
    modulesRoot: REPO_DIR,
    modulesRules: [{ type: "ESModule", include: ["**/*.js"] }, { type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2026-04-26",
    bindings: { ...workerOptions.bindings, ...vars, ...given, API_KEYS: `diagnose:${key}` },
    // The worker's own log lines go to stderr: stdout is the report (JSON with --json).
    handleRuntimeStdio(stdout, stderr) {
      stdout.pipe(process.stderr);
      stderr.pipe(process.stderr);
    },
  });
  try {
    const res = await mf.dispatchFetch("http://worker/api/v1/diagnostics", { headers: { authorization: `Bearer ${key}` } });
    const body = await res.json();
    if (res.status !== 200) {
      console.error(`the worker's configuration is invalid: ${body.error?.message}`);
      return 2;
    }
    if (json) console.log(JSON.stringify(body, null, 2));
    else {
      for (const b of body.buckets) {
        console.log(`${b.ok ? "✔" : "✘"} ${b.bucket} (${b.region ?? "region unknown"})`);
        for (const f of b.findings) {
          console.log(`  ${f.severity.toUpperCase()} ${f.id}: ${f.title}`);
          console.log(`    impact: ${f.impact}`);
          if (f.fix) {
            console.log(`    fix: ${f.fix.description}`);
            if (f.fix.json) console.log(`    ${JSON.stringify(f.fix.json)}`);
          }
        }
      }
      console.log(`${body.summary.errors} error(s), ${body.summary.warnings} warning(s) in ${body.summary.buckets} bucket(s)`);
    }
    return body.ok ? 0 : 1;
  } finally {
    await mf.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(await diagnose(args(process.argv.slice(2))));
}
