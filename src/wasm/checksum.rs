//! Checksums for `x-amz-checksum-*` headers and payload hashes: one-shot and incremental.

use super::errors::{core_error, js_error, JsResult};
use crate::s3::{self, checksum::ChecksumHasher as CoreHasher, ChecksumAlgorithm};
use alloc::string::{String, ToString};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_CHECKSUM: &'static str = r#"
export type ChecksumAlgorithmName = "CRC32" | "CRC32C" | "CRC64NVME" | "SHA1" | "SHA256";
"#;

/// The base64 checksum of `bytes` for an `x-amz-checksum-*` header (CRC32, CRC32C, CRC64NVME, SHA256).
#[wasm_bindgen(js_name = checksumBase64)]
pub fn checksum_base64(
    #[wasm_bindgen(unchecked_param_type = "ChecksumAlgorithmName")] algorithm: &str,
    bytes: &[u8],
) -> JsResult<String> {
    let algorithm = ChecksumAlgorithm::parse(algorithm).map_err(core_error)?;
    s3::checksum_base64(algorithm, bytes).map_err(core_error)
}

/// The lowercase hex SHA-256 of `bytes` (an `x-amz-content-sha256` value).
#[wasm_bindgen(js_name = sha256Hex)]
pub fn sha256_hex(bytes: &[u8]) -> String {
    crate::sigv4::sha256_hex(bytes).as_str().to_string()
}

/// An incremental checksum for data read in chunks (a large file).
#[wasm_bindgen]
pub struct ChecksumHasher {
    inner: Option<CoreHasher>,
}

#[wasm_bindgen]
impl ChecksumHasher {
    /// A hasher for CRC32, CRC32C, CRC64NVME or SHA256.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ChecksumAlgorithmName")] algorithm: &str,
    ) -> JsResult<ChecksumHasher> {
        let algorithm = ChecksumAlgorithm::parse(algorithm).map_err(core_error)?;
        Ok(ChecksumHasher {
            inner: Some(CoreHasher::new(algorithm).map_err(core_error)?),
        })
    }

    /// Adds bytes.
    pub fn update(&mut self, bytes: &[u8]) -> JsResult<()> {
        match &mut self.inner {
            Some(h) => {
                h.update(bytes);
                Ok(())
            }
            None => Err(js_error(
                "InvalidOption",
                "this ChecksumHasher was already finished",
            )),
        }
    }

    /// The base64 value; the hasher cannot be used afterwards.
    #[wasm_bindgen(js_name = digestBase64)]
    pub fn digest_base64(&mut self) -> JsResult<String> {
        self.inner
            .take()
            .map(CoreHasher::finalize_base64)
            .ok_or_else(|| js_error("InvalidOption", "this ChecksumHasher was already finished"))
    }
}
