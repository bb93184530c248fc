// Completes wasm-pack's package.json so one package works in browsers, Cloudflare Workers (workerd), Node and
// Deno, and prints the size figures against the budget. wasm-pack --target web emits an ES module whose default
// export `init()` fetches the .wasm next to it (browsers, Deno) and whose `initSync({ module })` takes bytes or a
// compiled module (Workers: `import wasm from "…_bg.wasm"`; Node: readFileSync).
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const dir = new URL("../pkg/", import.meta.url);

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
  "./package.json": "./package.json",
};
pkg.sideEffects = false;
writeFileSync(new URL("package.json", dir), JSON.stringify(pkg, null, 2) + "\n");

const wasm = readFileSync(new URL("s3_edge_signer_bg.wasm", dir));
const js = readFileSync(new URL("s3_edge_signer.js", dir));
const gz = gzipSync(wasm, { level: 9 }).length + gzipSync(js, { level: 9 }).length;
const budget = 40 * 1024;
console.error(
  `pkg: wasm ${wasm.length} B, js ${js.length} B; gzip total ${gz} B (${(gz / 1024).toFixed(1)} KB) — budget 40 KB: ${
    gz <= budget ? "within" : "OVER"
  }`,
);
