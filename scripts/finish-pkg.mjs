// Completes wasm-pack's package.json so one package works in browsers, Cloudflare Workers (workerd), Node and
// Deno, adds the checksum module (the second wasm-pack build, in target/pkg-checksum/) as the subpath
// `s3-edge-signer/checksum` and the CloudFront module (the third, in target/pkg-cloudfront/) as
// `s3-edge-signer/cloudfront`, minifies the JS glues, and prints the size figures against the budgets. wasm-pack
// --target web emits an ES module whose default export `init()` fetches the .wasm next to it (browsers, Deno) and
// whose `initSync({ module })` takes bytes or a compiled module (Workers: `import wasm from "…_bg.wasm"`; Node:
// readFileSync).
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { minify } from "terser";
import { report } from "./package-size.mjs";

const dir = new URL("../pkg/", import.meta.url);
// Each subpath module: the wasm-pack build it comes from, and its files' base name.
const SUBMODULES = [
  { build: new URL("../target/pkg-checksum/", import.meta.url), into: new URL("checksum/", dir), name: "s3_edge_checksum" },
  { build: new URL("../target/pkg-cloudfront/", import.meta.url), into: new URL("cloudfront/", dir), name: "s3_edge_cloudfront" },
];

// wasm-bindgen puts each `inline_js` snippet (src/wasm/*.rs) in snippets/<crate>-<hash>/inlineN.js and imports it.
// Inline them into the glue instead: each module stays three files that any bundler, Worker or <script
// type=module> can take as they are. Fail loudly if the import no longer has the expected shape.
function inlineSnippets(buildDir, glueFile) {
  const gluePath = new URL(glueFile, buildDir);
  let glue = readFileSync(gluePath, "utf8");
  const snippetImport = /^import \{ ([\w, ]+) \} from '\.\/(snippets\/[\w.-]+\/inline\d+\.js)';\n/gm;
  glue = glue.replace(snippetImport, (_, names, path) => {
    const code = readFileSync(new URL(path, buildDir), "utf8").replace(/^export function /gm, "function ");
    for (const name of names.split(", ")) {
      if (!code.includes(`function ${name}(`)) throw new Error(`snippet ${path} does not define ${name}`);
    }
    return `// ---- inlined from ${path} (src/wasm/ inline_js)\n${code.trim()}\n// ----\n`;
  });
  if (glue.includes("./snippets/")) throw new Error(`${gluePath.pathname} still imports a snippet file`);
  writeFileSync(gluePath, glue);
  rmSync(new URL("snippets", buildDir), { recursive: true, force: true });
  return gluePath;
}

const glues = [inlineSnippets(dir, "s3_edge_signer.js")];
// The subpath modules: their three files each under pkg/<subpath>/.
for (const { build, into, name } of SUBMODULES) {
  glues.push(new URL(`${name}.js`, into));
  inlineSnippets(build, `${name}.js`);
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into);
  for (const file of [`${name}.js`, `${name}_bg.wasm`, `${name}.d.ts`]) copyFileSync(new URL(file, build), new URL(file, into));
}

// Minified glue: wasm-bindgen's JSDoc comments and whitespace are about 40% of the gzipped glue (the .d.ts files
// keep the documentation). Names of exports are kept, as is `new URL("…_bg.wasm", import.meta.url)`, which bundlers
// look for.
for (const path of glues) {
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
  // The server-side CloudFront module: signed URLs and cookies, invalidations (README, "CloudFront").
  "./cloudfront": {
    types: "./cloudfront/s3_edge_cloudfront.d.ts",
    default: "./cloudfront/s3_edge_cloudfront.js",
  },
  "./cloudfront/s3_edge_cloudfront_bg.wasm": "./cloudfront/s3_edge_cloudfront_bg.wasm",
  "./package.json": "./package.json",
};
pkg.files = [...new Set([...(pkg.files ?? []), "checksum/", "cloudfront/"])];
pkg.sideEffects = false;
writeFileSync(new URL("package.json", dir), JSON.stringify(pkg, null, 2) + "\n");

for (const line of report(dir)) console.error(`pkg: ${line}`);
