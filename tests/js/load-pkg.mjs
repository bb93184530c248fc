// Loads the wasm package as Node users do: the --target web build, initialised synchronously with the bytes.
import { readFileSync } from "node:fs";
import * as pkg from "../../pkg/s3_edge_signer.js";

const wasm = readFileSync(new URL("../../pkg/s3_edge_signer_bg.wasm", import.meta.url));
export const exports = pkg.initSync({ module: wasm });
export default pkg;
