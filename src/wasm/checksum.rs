//! Checksums for `x-amz-checksum-*` headers and payload hashes: one-shot and incremental.

use super::arguments;
use super::errors::{js_error, JsResult};
use crate::s3::{checksum::ChecksumHasher as CoreHasher, ChecksumAlgorithm};
use alloc::string::String;
#[cfg(feature = "js")]
use alloc::string::ToString;
use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_CHECKSUM: &'static str = r#"
export type ChecksumAlgorithmName = "CRC32" | "CRC32C" | "CRC64NVME" | "SHA1" | "SHA256";
"#;

/// The base64 checksum of `bytes` for an `x-amz-checksum-*` header (CRC32, CRC32C, CRC64NVME, SHA1, SHA256).
#[wasm_bindgen(js_name = checksumBase64)]
pub fn checksum_base64(
    #[wasm_bindgen(unchecked_param_type = "ChecksumAlgorithmName")] algorithm: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
) -> JsResult<String> {
    let mut hasher = hasher_for(&algorithm)?;
    feed(&mut hasher, arguments::bytes(&bytes, "bytes")?)?;
    Ok(hasher.finalize_base64())
}

/// The lowercase hex SHA-256 of `bytes` (an `x-amz-content-sha256` value). Not in the checksum module: a payload
/// hash is for signing, which happens elsewhere.
#[cfg(feature = "js")]
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
    /// A hasher for CRC32, CRC32C, CRC64NVME, SHA1 or SHA256.
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
    let name = arguments::string(algorithm, "algorithm")?;
    // Rendered from constants rather than by `core_error` or `Error::message` (which would bring every variant's
    // message into a module whose budget is 10 KB).
    let Some(algorithm) = ChecksumAlgorithm::from_name(&name) else {
        return Err(js_error(
            ChecksumAlgorithm::UNKNOWN_NAME_CODE,
            ChecksumAlgorithm::UNKNOWN_NAME_MESSAGE,
        ));
    };
    Ok(CoreHasher::of(algorithm))
}

fn finished() -> JsValue {
    js_error("InvalidOption", "this ChecksumHasher was already finished")
}

/// Bytes cross into the module this much at a time: a large array (a 64 MiB file) never sits in wasm memory whole,
/// so the memory, which a module can grow but never shrink, stays small.
const CHUNK: u32 = 256 * 1024;

fn feed(hasher: &mut CoreHasher, bytes: &Uint8Array) -> JsResult<()> {
    let len = bytes.length();
    let mut at = 0;
    while at < len {
        let end = len.min(at + CHUNK);
        // `to_vec` copies without `copy_to`'s length assertion, whose message formatting costs the checksum module
        // a KB. A subclass of Uint8Array may make subarray() return anything (Symbol.species): only a view of the
        // expected length is taken.
        let chunk = bytes.subarray(at, end).to_vec();
        if chunk.len() != (end - at) as usize {
            return Err(js_error(
                "InvalidArgument",
                "bytes must be a Uint8Array whose subarray() returns its bytes",
            ));
        }
        hasher.update(&chunk);
        at = end;
    }
    Ok(())
}
