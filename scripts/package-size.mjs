// The npm package's size budgets and how sizes are measured: each module's .wasm plus its JS glue, each compressed
// with gzip -9, as a browser downloads them. Used by scripts/finish-pkg.mjs (which prints the figures) and by
// tests/js/package-size.test.mjs (which fails over budget).
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

// `budget` is the goal. While a module is over it, `ceiling` (its size when last measured, rounded up) is asserted
// instead, so that it cannot grow unnoticed, and the budget test is reported as to do, with `over` saying why.
export const MODULES = [
  {
    name: "full package",
    dir: "",
    files: ["s3_edge_signer_bg.wasm", "s3_edge_signer.js"],
    budget: 80 * 1024,
    // 119 KB before the bucket configuration, storage-class facts, partitions and generic presign of issues 13 and
    // 14 (branch core), which measured +15.1 KB of wasm gzip; 157.3 KB with the CloudFront API of issue 12, which
    // then moved to its own module (issue 15): 134.9 KB (README Benchmarks, package size).
    ceiling: 135 * 1024,
    over: "README Benchmarks, package size: what was measured",
  },
  {
    name: "checksum module",
    dir: "checksum/",
    files: ["s3_edge_checksum_bg.wasm", "s3_edge_checksum.js"],
    budget: 10 * 1024,
    ceiling: 11.6 * 1024,
    over: "1.5 KB left on stable Rust: panic locations and messages of core, alloc and the digest crates (README Benchmarks)",
  },
  {
    name: "cloudfront module",
    dir: "cloudfront/",
    files: ["s3_edge_cloudfront_bg.wasm", "s3_edge_cloudfront.js"],
    // A server-side module has no size goal of its own: its budget is its size when first built (69.4 KB), so that
    // it cannot grow unnoticed.
    budget: 70 * 1024,
  },
];

/** `{ raw, gzip }` bytes per file and the gzip total of one module under `pkgDir` (a file URL ending in /). */
export function measure(pkgDir, module) {
  const files = module.files.map((file) => {
    const bytes = readFileSync(new URL(module.dir + file, pkgDir));
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  return { files, gzip: files.reduce((sum, f) => sum + f.gzip, 0) };
}

/** One line per module: sizes, and the budget. */
export function report(pkgDir) {
  return MODULES.map((module) => {
    const { files, gzip } = measure(pkgDir, module);
    const parts = files.map((f) => `${f.file} ${f.raw} B (gzip ${f.gzip} B)`).join(", ");
    const verdict = gzip <= module.budget ? "within" : "OVER";
    return `${module.name}: ${parts}; gzip total ${gzip} B (${(gzip / 1024).toFixed(1)} KB), budget ${module.budget / 1024} KB: ${verdict}`;
  });
}
