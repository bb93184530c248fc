// What the checksum benchmarks measure, shared by Node (bench/node-checksum.mjs) and Chromium
// (bench/browser-checksum.mjs): CRC32C (the demo page's checksum) and SHA-256 of 1 MiB and 64 MiB, through the
// checksum module, the full package and plain JavaScript, reported in MB/s (10^6 bytes per second, median of runs).

export const SIZES = [1 << 20, 64 << 20];

/** Deterministic input of `size` bytes. */
export function input(size) {
  const bytes = new Uint8Array(size);
  let x = 0x9e3779b9;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x;
  }
  return bytes;
}

// Plain-JavaScript CRC32C (Castagnoli, reflected polynomial 0x82f63b78), the two usual ways: one table of 256
// entries (a lookup per byte, as most small implementations), and 16 tables ("slicing-by-16", as the fastest pure-JS
// CRC-32 packages do).
const TABLES = (() => {
  const t = Array.from({ length: 16 }, () => new Int32Array(256));
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[0][i] = c;
  }
  for (let k = 1; k < 16; k++) for (let i = 0; i < 256; i++) t[k][i] = (t[k - 1][i] >>> 8) ^ t[0][t[k - 1][i] & 0xff];
  return t;
})();

export function crc32cOneTable(bytes) {
  const t = TABLES[0];
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = (c >>> 8) ^ t[(c ^ bytes[i]) & 0xff];
  return (c ^ -1) >>> 0;
}

export function crc32cSixteenTables(bytes) {
  const [t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15] = TABLES;
  let c = -1;
  let i = 0;
  for (const end = bytes.length - 15; i < end; i += 16) {
    c ^= bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    c = t15[c & 0xff] ^ t14[(c >>> 8) & 0xff] ^ t13[(c >>> 16) & 0xff] ^ t12[c >>> 24] ^
      t11[bytes[i + 4]] ^ t10[bytes[i + 5]] ^ t9[bytes[i + 6]] ^ t8[bytes[i + 7]] ^
      t7[bytes[i + 8]] ^ t6[bytes[i + 9]] ^ t5[bytes[i + 10]] ^ t4[bytes[i + 11]] ^
      t3[bytes[i + 12]] ^ t2[bytes[i + 13]] ^ t1[bytes[i + 14]] ^ t0[bytes[i + 15]];
  }
  for (; i < bytes.length; i++) c = (c >>> 8) ^ t0[(c ^ bytes[i]) & 0xff];
  return (c ^ -1) >>> 0;
}

/** The contenders for one algorithm: name → function of the bytes. */
export function contenders(checksumModule, fullPackage) {
  return {
    CRC32C: {
      "checksum module": (b) => checksumModule.checksumBase64("CRC32C", b),
      "full package": (b) => fullPackage.checksumBase64("CRC32C", b),
      "plain JS, 16 tables": crc32cSixteenTables,
      "plain JS, one table": crc32cOneTable,
    },
    SHA256: {
      "checksum module": (b) => checksumModule.checksumBase64("SHA256", b),
      "full package": (b) => fullPackage.checksumBase64("SHA256", b),
    },
  };
}

/** Median MB/s of `fn` over `bytes`: at least 5 runs and 400 ms, after one warm-up run. */
export function throughput(fn, bytes, now) {
  fn(bytes);
  const rates = [];
  const start = now();
  while (rates.length < 5 || now() - start < 400) {
    const t = now();
    fn(bytes);
    rates.push(bytes.length / 1e6 / ((now() - t) / 1000));
  }
  rates.sort((a, b) => a - b);
  return rates[rates.length >> 1];
}

/** Every contender on every size: rows of [algorithm, contender, size, MB/s]; checks that they agree first. */
export function run(checksumModule, fullPackage, now) {
  const rows = [];
  for (const size of SIZES) {
    const bytes = input(size);
    const crcs = new Set([crc32cOneTable(bytes), crc32cSixteenTables(bytes)]);
    const wasm = new Set([checksumModule.checksumBase64("CRC32C", bytes), fullPackage.checksumBase64("CRC32C", bytes)]);
    if (crcs.size !== 1 || wasm.size !== 1) throw new Error("the contenders disagree on the CRC32C");
    for (const [algorithm, fns] of Object.entries(contenders(checksumModule, fullPackage))) {
      for (const [name, fn] of Object.entries(fns)) rows.push([algorithm, name, size, throughput(fn, bytes, now)]);
    }
  }
  return rows;
}

/** Markdown table of `run`'s rows. */
export function table(rows) {
  const lines = ["| algorithm | implementation | 1 MiB MB/s | 64 MiB MB/s |", "|---|---|---:|---:|"];
  const keys = [...new Set(rows.map(([a, n]) => `${a}\t${n}`))];
  for (const key of keys) {
    const [algorithm, name] = key.split("\t");
    const rate = (size) => rows.find(([a, n, s]) => a === algorithm && n === name && s === size)[3].toFixed(0);
    lines.push(`| ${algorithm} | ${name} | ${rate(SIZES[0])} | ${rate(SIZES[1])} |`);
  }
  return lines.join("\n");
}
