// Loads the CloudFront module by its package name, `s3-edge-signer/cloudfront`, as a Worker or Node program does: a
// temporary node_modules/s3-edge-signer links to pkg/, Node resolves both subpaths (the module and its .wasm) through
// pkg/package.json's "exports", and the module is initialised synchronously with the bytes. A subpath missing from
// "exports" fails here, before any test runs.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const installed = mkdtempSync(join(tmpdir(), "s3-edge-signer-"));
process.on("exit", () => rmSync(installed, { recursive: true, force: true }));
mkdirSync(join(installed, "node_modules"));
symlinkSync(fileURLToPath(new URL("../../pkg", import.meta.url)), join(installed, "node_modules", "s3-edge-signer"), "dir");
const require = createRequire(join(installed, "program.js"));

/** Where `s3-edge-signer/<subpath>` resolves to. */
export const resolvePackage = (subpath) => require.resolve(`s3-edge-signer/${subpath}`);

const cloudFront = await import(pathToFileURL(resolvePackage("cloudfront")).href);
export const exports = cloudFront.initSync({ module: readFileSync(resolvePackage("cloudfront/s3_edge_cloudfront_bg.wasm")) });
export default cloudFront;
