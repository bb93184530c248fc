// Where the bytes of a wasm module go: code size per function and per crate, and the data size, read from the
// module's code, data and name sections. Use it on a module that still has its names, e.g. cargo's own output
// optimised with names kept:
//   wasm-opt -Oz -g --enable-bulk-memory --enable-simd … target/wasm32-unknown-unknown/release/s3_edge_signer.wasm -o /tmp/named.wasm
//   node scripts/wasm-sizes.mjs /tmp/named.wasm [--top 40]
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const [path, ...rest] = process.argv.slice(2);
if (!path) throw new Error("usage: node scripts/wasm-sizes.mjs <module.wasm> [--top N]");
const top = Number(rest[rest.indexOf("--top") + 1]) || 30;
const bytes = readFileSync(path);

let at = 8; // magic and version
function leb() {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return result;
  }
}
function name() {
  const len = leb();
  const text = bytes.toString("utf8", at, at + len);
  at += len;
  return text;
}

let importedFunctions = 0;
const bodies = [];
const names = new Map();
let dataBytes = 0;
while (at < bytes.length) {
  const id = bytes[at++];
  const size = leb();
  const end = at + size;
  if (id === 2) {
    for (let n = leb(); n > 0; n--) {
      name();
      name();
      const kind = bytes[at++];
      if (kind === 0) { leb(); importedFunctions++; }
      else if (kind === 1) { at++; const flags = leb(); leb(); if (flags & 1) leb(); }
      else if (kind === 2) { const flags = leb(); leb(); if (flags & 1) leb(); }
      else if (kind === 3) { at += 2; }
      else throw new Error(`import kind ${kind}`);
    }
  } else if (id === 10) {
    for (let n = leb(), i = 0; i < n; i++) {
      const len = leb();
      bodies.push({ index: importedFunctions + i, size: len });
      at += len;
    }
  } else if (id === 11) {
    dataBytes += size;
  } else if (id === 0 && name() === "name") {
    while (at < end) {
      const sub = bytes[at++];
      const subSize = leb();
      const subEnd = at + subSize;
      if (sub === 1) for (let n = leb(); n > 0; n--) names.set(leb(), name());
      at = subEnd;
    }
  }
  at = end;
}

// Rust symbols (legacy or v0 mangling, demangled by wasm-opt -g or not) start with their crate's path.
function crateOf(symbol) {
  const s = symbol.replace(/^_ZN\d+/, "").replace(/^<|^_</, "");
  const m = s.match(/^([A-Za-z_][\w]*)(?:::|\d)/);
  return m ? m[1] : "(other)";
}

const total = bodies.reduce((a, b) => a + b.size, 0);
const byCrate = new Map();
for (const b of bodies) {
  const crate = crateOf(names.get(b.index) ?? "(unnamed)");
  byCrate.set(crate, (byCrate.get(crate) ?? 0) + b.size);
}
console.log(`${path}: ${bytes.length} B (gzip -9 ${gzipSync(bytes, { level: 9 }).length} B); code ${total} B in ${bodies.length} functions, data section ${dataBytes} B`);
console.log("\ncode by crate:");
for (const [crate, size] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${String(size).padStart(8)}  ${((100 * size) / total).toFixed(1).padStart(5)}%  ${crate}`);
}
console.log(`\nlargest functions:`);
for (const b of [...bodies].sort((a, b) => b.size - a.size).slice(0, top)) {
  console.log(`${String(b.size).padStart(8)}  ${(names.get(b.index) ?? `func ${b.index}`).slice(0, 150)}`);
}
