// Completes wasm-pack's package.json so one package works in browsers, Cloudflare Workers (workerd), Node and
// Deno, adds the checksum module (the second wasm-pack build, in target/pkg-checksum/) as the subpath
// `s3-edge-signer/checksum`, minifies both JS glues, and prints the size figures against the budgets. wasm-pack
// --target web emits an ES module whose default export `init()` fetches the .wasm next to it (browsers, Deno) and
// whose `initSync({ module })` takes bytes or a compiled module (Workers: `import wasm from "…_bg.wasm"`; Node:
// readFileSync).
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { minify } from "terser";
import { report } from "./package-size.mjs";

const dir = new URL("../pkg/", import.meta.url);
const checksumBuild = new URL("../target/pkg-checksum/", import.meta.url);
const checksumDir = new URL("checksum/", dir);

// wasm-bindgen puts each `inline_js` snippet (src/wasm/*.rs) in snippets/<crate>-<hash>/inlineN.js and imports it.
// Inline them into the glue instead: the package stays three files that any bundler, Worker or <script
// type=module> can take as they are. Fail loudly if the import no longer has the expected shape.
const gluePath = new URL("s3_edge_signer.js", dir);
let glue = readFileSync(gluePath, "utf8");
const snippetImport = /^import \{ ([\w, ]+) \} from '\.\/(snippets\/[\w.-]+\/inline\d+\.js)';\n/gm;
glue = glue.replace(snippetImport, (_, names, path) => {
  const code = readFileSync(new URL(path, dir), "utf8").replace(/^export function /gm, "function ");
  for (const name of names.split(", ")) {
    if (!code.includes(`function ${name}(`)) throw new Error(`snippet ${path} does not define ${name}`);
  }
  return `// ---- inlined from ${path} (src/wasm/ inline_js)\n${code.trim()}\n// ----\n`;
});
if (glue.includes("./snippets/")) throw new Error("pkg/s3_edge_signer.js still imports a snippet file");
writeFileSync(gluePath, glue);
rmSync(new URL("snippets", dir), { recursive: true, force: true });

// The checksum module: its three files under pkg/checksum/.
rmSync(checksumDir, { recursive: true, force: true });
mkdirSync(checksumDir);
for (const file of ["s3_edge_checksum.js", "s3_edge_checksum_bg.wasm", "s3_edge_checksum.d.ts"]) {
  copyFileSync(new URL(file, checksumBuild), new URL(file, checksumDir));
}

// Minified glue: wasm-bindgen's JSDoc comments and whitespace are about 40% of the gzipped glue (the .d.ts files
// keep the documentation). Names of exports are kept, as is `new URL("…_bg.wasm", import.meta.url)`, which bundlers
// look for.
for (const path of [gluePath, new URL("s3_edge_checksum.js", checksumDir)]) {
  const minified = await minify(readFileSync(path, "utf8"), {
    module: true,
    ecma: 2020,
    compress: { passes: 2 },
    format: { comments: false },
  });
  writeFileSync(path, minified.code);
}
const pkg = JSON.parse(readFileSync(new URL("package.json", dir), "utf8"));
pkg.type = "module";
pkg.main = "./s3_edge_signer.js";
pkg.types = "./s3_edge_signer.d.ts";
pkg.exports = {
  ".": {
    types: "./s3_edge_signer.d.ts",
    workerd: "./s3_edge_signer.js",
    browser: "./s3_edge_signer.js",
    deno: "./s3_edge_signer.js",
    node: "./s3_edge_signer.js",
    import: "./s3_edge_signer.js",
    default: "./s3_edge_signer.js",
  },
  "./s3_edge_signer_bg.wasm": "./s3_edge_signer_bg.wasm",
  // The browser checksum module: the same checksums in a fraction of the size (README, "npm package").
  "./checksum": {
    types: "./checksum/s3_edge_checksum.d.ts",
    default: "./checksum/s3_edge_checksum.js",
  },
  "./checksum/s3_edge_checksum_bg.wasm": "./checksum/s3_edge_checksum_bg.wasm",
  "./package.json": "./package.json",
};
pkg.files = [...new Set([...(pkg.files ?? []), "checksum/"])];
pkg.sideEffects = false;
writeFileSync(new URL("package.json", dir), JSON.stringify(pkg, null, 2) + "\n");

for (const line of report(dir)) console.error(`pkg: ${line}`);
