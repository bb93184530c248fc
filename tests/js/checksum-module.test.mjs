// The browser checksum module, s3-edge-signer/checksum (pkg/checksum/): the same checksums as the full package, from
// the same Rust code built without the rest. Values against node:crypto and the CRC catalogue, equality with the full
// package on random data, and the same coded errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import * as checksum from "../../pkg/checksum/s3_edge_checksum.js";
import full from "./load-pkg.mjs";

const exports = checksum.initSync({ module: readFileSync(new URL("../../pkg/checksum/s3_edge_checksum_bg.wasm", import.meta.url)) });
const { checksumBase64, ChecksumHasher } = checksum;
const ALGORITHMS = ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"];

test("exports exactly the checksum API", () => {
  assert.deepEqual(Object.keys(checksum).sort(), ["ChecksumHasher", "checksumBase64", "default", "initSync"]);
});

test("values: node:crypto for SHA-1 and SHA-256, the CRC catalogue's check values", () => {
  const data = randomBytes(100_003);
  for (const [algorithm, hash] of [["SHA1", "sha1"], ["SHA256", "sha256"]]) {
    assert.equal(checksumBase64(algorithm, data), createHash(hash).update(data).digest("base64"), algorithm);
  }
  const check = new TextEncoder().encode("123456789");
  for (const [algorithm, hex] of [["CRC32", "cbf43926"], ["CRC32C", "e3069283"], ["CRC64NVME", "ae8b14860a799888"]]) {
    assert.equal(checksumBase64(algorithm, check), Buffer.from(hex, "hex").toString("base64"), algorithm);
  }
  assert.equal(checksumBase64("crc32c", new Uint8Array(0)), "AAAAAA==");
});

test("one-shot and incremental equal the full package's, for every algorithm, at odd sizes", () => {
  for (const size of [0, 1, 15, 16, 17, 1000, 262_143, 262_144, 262_145, 1_000_003]) {
    const data = randomBytes(size);
    for (const algorithm of ALGORITHMS) {
      const expected = full.checksumBase64(algorithm, data);
      assert.equal(checksumBase64(algorithm, data), expected, `${algorithm} of ${size} bytes`);
      const h = new ChecksumHasher(algorithm);
      for (let at = 0; at < size; at += 7777) h.update(data.subarray(at, at + 7777));
      assert.equal(h.digestBase64(), expected, `${algorithm} of ${size} bytes in pieces`);
      h.free();
    }
  }
});

test("the same coded errors, and memory that does not grow with the input", () => {
  const cases = [
    [(m) => m.checksumBase64("MD5", new Uint8Array(1)), "InvalidChecksum", /CRC32, CRC32C, CRC64NVME, SHA1 or SHA256/],
    [(m) => m.checksumBase64(5, new Uint8Array(1)), "InvalidArgument", /^algorithm must be a string, got number$/],
    [(m) => m.checksumBase64("CRC32C", "text"), "InvalidArgument", /^bytes must be a Uint8Array, got string$/],
    [(m) => new m.ChecksumHasher(Symbol()), "InvalidArgument", /^algorithm must be a string, got symbol$/],
    [(m) => new m.ChecksumHasher("CRC32").update([1, 2]), "InvalidArgument", /^bytes must be a Uint8Array, got object$/],
  ];
  for (const [call, code, message] of cases) {
    const messageOf = (m) => {
      try {
        call(m);
      } catch (e) {
        assert.ok(e instanceof Error && e.code === code && message.test(e.message), `${call}: ${e.code} ${e.message}`);
        return e.message;
      }
      assert.fail(`${call} did not throw`);
    };
    // The full package says exactly the same.
    assert.equal(messageOf(checksum), messageOf(full));
  }
  const h = new ChecksumHasher("SHA256");
  h.digestBase64();
  assert.throws(() => h.digestBase64(), (e) => e.code === "InvalidOption" && /already finished/.test(e.message));
  assert.throws(() => h.update(new Uint8Array(1)), (e) => e.code === "InvalidOption");
  const before = exports.memory.buffer.byteLength;
  checksumBase64("CRC32C", new Uint8Array(32 << 20));
  assert.ok(exports.memory.buffer.byteLength - before < 1 << 20, "the module's memory grew with a 32 MiB input");
});
