// The signing core, pkg/ (wasm-pack --target web). workerd hands a `.wasm` import over as a compiled
// WebAssembly.Module, and initSync instantiates it synchronously, so the module is ready before the first request.
// (--target bundler fails in workerd: its glue expects a bundler to call __wbindgen_start.)
import wasmModule from "../../pkg/s3_edge_signer_bg.wasm";
import { initSync } from "../../pkg/s3_edge_signer.js";

initSync({ module: wasmModule });

export {
  S3Signer,
  normalizeStorageClass,
  parseBucketRegion,
  parseCompleteMultipartUpload,
  parseError,
  parseInitiateMultipartUpload,
  parseListParts,
  partSizeFor,
  regions,
  storageClasses,
} from "../../pkg/s3_edge_signer.js";
