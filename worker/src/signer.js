// The signing core, pkg/ (wasm-pack --target web), and the boundary where its errors are classified.
// workerd hands a `.wasm` import over as a compiled WebAssembly.Module, and initSync instantiates it synchronously,
// so the module is ready before the first request. (--target bundler fails in workerd: its glue expects a bundler
// to call __wbindgen_start.)
import wasmModule from "../../pkg/s3_edge_signer_bg.wasm";
import { initSync } from "../../pkg/s3_edge_signer.js";
// CloudFront is the package's server-side subpath module (s3-edge-signer/cloudfront), a wasm module of its own.
import cloudfrontModule from "../../pkg/cloudfront/s3_edge_cloudfront_bg.wasm";
import { initSync as initCloudfront } from "../../pkg/cloudfront/s3_edge_cloudfront.js";
import { ApiError } from "./http.js";

initSync({ module: wasmModule });
initCloudfront({ module: cloudfrontModule });

export {
  cloudFrontObjectUrl,
  createInvalidation,
  finishCloudFrontSignedCookies,
  finishCloudFrontSignedUrl,
  getInvalidation,
  parseCloudFrontError,
  parseInvalidation,
  prepareCloudFrontSignedCookies,
  prepareCloudFrontSignedUrl,
} from "../../pkg/cloudfront/s3_edge_cloudfront.js";

export {
  S3Signer,
  corsConfigurationXml,
  evaluateCors,
  lifecycleAbortDays,
  normalizeStorageClass,
  parseCorsConfiguration,
  parseLifecycleConfiguration,
  parseBucketRegion,
  parseCompleteMultipartUpload,
  parseError,
  parseInitiateMultipartUpload,
  parseListMultipartUploads,
  parseListParts,
  partSizeFor,
  regions,
  storageClasses,
} from "../../pkg/s3_edge_signer.js";

// The signer's codes that a request's own values cause (a key S3 refuses, a part number out of range, a storage
// class the bucket's backend lacks …): 400 with the signer's message, which names the rule.
const CALLER_FAULTS = new Set([
  "InvalidObjectKey",
  "InvalidPartNumber",
  "InvalidMultipart",
  "InvalidChecksum",
  "InvalidHeaderName",
  "InvalidHeaderValue",
  "InvalidMetadata",
  "InvalidStorageClass",
  "UnsupportedByBackend",
  "InvalidPostPolicy",
  "InvalidArgument",
]);

// Temporary credentials that have run out (or would, before the URL does): the operator must refresh them, and a
// later attempt may then succeed.
const CREDENTIAL_FAULTS = new Set(["CredentialsExpired", "ExpiresAfterCredentials"]);

/**
 * Runs a signer call. Its coded errors are classified here, where they enter the worker: a caller fault is a 400
 * with the signer's code; expired credentials are a 503; anything else (the worker asked for something the
 * signer refuses, or the signer's own InternalError) is a 500 whose detail goes only to the log.
 */
export function signing(what, fn) {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    const code = err && typeof err.code === "string" ? err.code : "";
    if (CALLER_FAULTS.has(code)) throw new ApiError(400, code, String(err.message));
    if (CREDENTIAL_FAULTS.has(code)) {
      throw Object.assign(new ApiError(503, "CredentialsExpired", "the worker's temporary S3 credentials have expired or are about to: the operator must refresh them", { retryable: true }), { detail: `${what}: ${err.message}` });
    }
    throw Object.assign(new ApiError(500, "InternalError", "internal error"), { detail: `${what}: ${code || "?"} ${err && err.message}` });
  }
}

/**
 * Parses an S3 answer with one of the signer's parsers. A body S3 (or a proxy in between) got wrong is an upstream
 * fault: 502 UpstreamError, retryable — never a 400, which would tell the client to stop.
 */
export function parsing(op, fn) {
  try {
    return fn();
  } catch (err) {
    throw Object.assign(new ApiError(502, "UpstreamError", `S3 answered ${op} with a body the worker cannot read`, { retryable: true }), { detail: `${op}: ${err && err.message}` });
  }
}
