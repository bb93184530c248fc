//! Checksums for `x-amz-checksum-*` headers and payload hashes: one-shot and incremental.

use super::arguments;
use super::errors::{core_error, js_error, JsResult};
use crate::s3::{checksum::ChecksumHasher as CoreHasher, ChecksumAlgorithm};
use alloc::string::{String, ToString};
use alloc::vec;
use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_CHECKSUM: &'static str = r#"
export type ChecksumAlgorithmName = "CRC32" | "CRC32C" | "CRC64NVME" | "SHA1" | "SHA256";
"#;

/// The base64 checksum of `bytes` for an `x-amz-checksum-*` header (CRC32, CRC32C, CRC64NVME, SHA256).
#[wasm_bindgen(js_name = checksumBase64)]
pub fn checksum_base64(
    #[wasm_bindgen(unchecked_param_type = "ChecksumAlgorithmName")] algorithm: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
) -> JsResult<String> {
    let mut hasher = hasher_for(&algorithm)?;
    feed(&mut hasher, arguments::bytes(&bytes, "bytes")?)?;
    Ok(hasher.finalize_base64())
}

/// The lowercase hex SHA-256 of `bytes` (an `x-amz-content-sha256` value).
#[wasm_bindgen(js_name = sha256Hex)]
pub fn sha256_hex(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
) -> JsResult<String> {
    let bytes = arguments::bytes(&bytes, "bytes")?.to_vec();
    Ok(crate::sigv4::sha256_hex(&bytes).as_str().to_string())
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
        #[wasm_bindgen(unchecked_param_type = "ChecksumAlgorithmName")] algorithm: JsValue,
    ) -> JsResult<ChecksumHasher> {
        Ok(ChecksumHasher {
            inner: Some(hasher_for(&algorithm)?),
        })
    }

    /// Adds bytes.
    pub fn update(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
    ) -> JsResult<()> {
        let bytes = arguments::bytes(&bytes, "bytes")?;
        match &mut self.inner {
            Some(h) => feed(h, bytes),
            None => Err(finished()),
        }
    }

    /// The base64 value; the hasher cannot be used afterwards.
    #[wasm_bindgen(js_name = digestBase64)]
    pub fn digest_base64(&mut self) -> JsResult<String> {
        self.inner
            .take()
            .map(CoreHasher::finalize_base64)
            .ok_or_else(finished)
    }
}

fn hasher_for(algorithm: &JsValue) -> JsResult<CoreHasher> {
    let algorithm = arguments::string(algorithm, "algorithm")?;
    let algorithm = ChecksumAlgorithm::parse(&algorithm).map_err(core_error)?;
    CoreHasher::new(algorithm).map_err(core_error)
}

fn finished() -> JsValue {
    js_error("InvalidOption", "this ChecksumHasher was already finished")
}

/// Bytes cross into the module this much at a time, into one reused buffer: a large array (a 64 MiB file) never
/// sits in wasm memory whole, so the memory, which a module can grow but never shrink, stays small.
const CHUNK: u32 = 256 * 1024;

fn feed(hasher: &mut CoreHasher, bytes: &Uint8Array) -> JsResult<()> {
    let len = bytes.length();
    let mut buffer = vec![0u8; len.min(CHUNK) as usize];
    let mut at = 0;
    while at < len {
        let end = len.min(at + CHUNK);
        let chunk = &mut buffer[..(end - at) as usize];
        let view = bytes.subarray(at, end);
        // A subclass of Uint8Array may make subarray() return anything (Symbol.species); copy only a view of the
        // expected length, which copy_to requires.
        if view.length() as usize != chunk.len() {
            return Err(js_error(
                "InvalidArgument",
                "bytes must be a Uint8Array whose subarray() returns its bytes",
            ));
        }
        view.copy_to(chunk);
        hasher.update(chunk);
        at = end;
    }
    Ok(())
}
