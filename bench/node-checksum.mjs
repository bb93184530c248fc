// Node benchmark of the checksum module against the full package and plain JavaScript (bench/checksum-cases.mjs).
// Run: node bench/node-checksum.mjs
import { readFileSync } from "node:fs";
import * as checksumModule from "../pkg/checksum/s3_edge_checksum.js";
import * as fullPackage from "../pkg/s3_edge_signer.js";
import { run, table } from "./checksum-cases.mjs";

checksumModule.initSync({ module: readFileSync(new URL("../pkg/checksum/s3_edge_checksum_bg.wasm", import.meta.url)) });
fullPackage.initSync({ module: readFileSync(new URL("../pkg/s3_edge_signer_bg.wasm", import.meta.url)) });
console.log(`Node ${process.version}\n`);
console.log(table(run(checksumModule, fullPackage, () => performance.now())));
