//! The objects that describe requests of any kind: the `RequestSpec` of `signRequest`, the `PresignSpec` of
//! `presign`, and the `CompletedPart[]` of `completeMultipartUpload`, read into owned values and lent to the core.

use super::errors::{invalid_option, JsResult};
use super::fields::{array_items, Fields};
use super::options::{borrowed_pairs, OwnedChecksum};
use crate::s3::multipart::MAX_PARTS;
use crate::s3::{CompletedPart, PresignSpec, RequestSpec};
use crate::sigv4::Payload;
use crate::time::Timestamp;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TS_REQUEST: &'static str = r#"
export interface RequestSpec {
  method: "GET" | "PUT" | "POST" | "HEAD" | "DELETE";
  /** Object key; omit for the bucket itself. */
  key?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** A body to hash and send (string or bytes), or a precomputed hex SHA-256, or "UNSIGNED-PAYLOAD". */
  body?: string | Uint8Array;
  payloadHash?: string;
  now?: number | Date;
}

/** Any S3 request to presign: S3's own method, query parameters and headers (API Reference names). */
export interface PresignSpec {
  method: "GET" | "PUT" | "POST" | "HEAD" | "DELETE";
  /** Object key; omit for a bucket-level request (ListObjectsV2: query { "list-type": "2", prefix }). */
  key?: string;
  /** Unencoded values; "" for a bare flag such as uploads. The X-Amz-* signature parameters are the signer's. */
  query?: Record<string, string>;
  /** Signed: the client must send them exactly. */
  headers?: Record<string, string>;
  /** Seconds, 1..604800 (default 3600). */
  expiresIn?: number;
  now?: number | Date;
}

export interface CompletedPart {
  partNumber: number;
  etag: string;
  checksum?: ChecksumValue;
}
"#;

/// Reads a `RequestSpec` and runs `f` with the borrowed core spec and the signing time.
pub(crate) fn with_request_spec<T>(
    spec: &JsValue,
    f: impl FnOnce(&RequestSpec<'_>, Timestamp) -> JsResult<T>,
) -> JsResult<T> {
    let fields = Fields::new(
        spec,
        "request",
        &[
            "method",
            "key",
            "query",
            "headers",
            "body",
            "payloadHash",
            "now",
        ],
    )?;
    let method = fields.required_string("method")?;
    let key = fields.string("key")?;
    let query = fields.string_map("query")?;
    let headers = fields.string_map("headers")?;
    let body: Option<Vec<u8>> = match fields.raw("body") {
        None => None,
        Some(v) => match v.as_string() {
            Some(s) => Some(s.into_bytes()),
            None => Some(
                v.dyn_ref::<Uint8Array>()
                    .ok_or_else(|| {
                        invalid_option("request.body must be a string or a Uint8Array".into())
                    })?
                    .to_vec(),
            ),
        },
    };
    let hash = fields.string("payloadHash")?;
    let payload = match (&body, &hash) {
        (Some(_), Some(_)) => {
            return Err(invalid_option(
                "give request.body or request.payloadHash, not both".into(),
            ))
        }
        (Some(b), None) => Payload::Bytes(b),
        (None, Some(h)) if h == crate::sigv4::UNSIGNED_PAYLOAD => Payload::Unsigned,
        (None, Some(h)) => Payload::Sha256Hex(h),
        (None, None) => Payload::Empty,
    };
    let (query, headers) = (borrowed_pairs(&query), borrowed_pairs(&headers));
    let spec = RequestSpec {
        method: &method,
        key: key.as_deref(),
        query: &query,
        headers: &headers,
        payload,
    };
    f(&spec, fields.now()?)
}

/// Reads a `PresignSpec` and runs `f` with the borrowed core spec and the signing time.
pub(crate) fn with_presign_spec<T>(
    spec: &JsValue,
    f: impl FnOnce(&PresignSpec<'_>, Timestamp) -> JsResult<T>,
) -> JsResult<T> {
    let fields = Fields::new(
        spec,
        "request",
        &["method", "key", "query", "headers", "expiresIn", "now"],
    )?;
    let method = fields.required_string("method")?;
    let key = fields.string("key")?;
    let query = fields.string_map("query")?;
    let headers = fields.string_map("headers")?;
    let (query, headers) = (borrowed_pairs(&query), borrowed_pairs(&headers));
    let spec = PresignSpec {
        method: &method,
        key: key.as_deref(),
        query: &query,
        headers: &headers,
        expires_in: fields.integer("expiresIn")?,
    };
    f(&spec, fields.now()?)
}

/// Reads a `CompletedPart[]` and runs `f` with the borrowed core parts.
pub(crate) fn with_completed_parts<T>(
    parts: &JsValue,
    f: impl FnOnce(&[CompletedPart<'_>]) -> JsResult<T>,
) -> JsResult<T> {
    if !Array::is_array(parts) {
        return Err(invalid_option(
            "parts must be an array of { partNumber, etag, checksum? }".into(),
        ));
    }
    let mut owned: Vec<(u64, String, Option<OwnedChecksum>)> = Vec::new();
    for (i, part) in array_items(parts, "parts", MAX_PARTS as u32)?
        .into_iter()
        .enumerate()
    {
        let what = "parts[]";
        let pf = Fields::new(&part, what, &["partNumber", "etag", "checksum"])?;
        if !pf.present {
            return Err(invalid_option(format!("parts[{i}] must be an object")));
        }
        let number = pf
            .integer("partNumber")?
            .ok_or_else(|| invalid_option(format!("parts[{i}].partNumber is required")))?;
        let etag = pf.required_string("etag")?;
        let checksum = pf
            .raw("checksum")
            .map(|c| OwnedChecksum::read(&c, "parts[].checksum"))
            .transpose()?;
        owned.push((number, etag, checksum));
    }
    let parts: Vec<CompletedPart<'_>> = owned
        .iter()
        .map(|(n, e, c)| CompletedPart {
            part_number: *n,
            etag: e,
            checksum: c.as_ref().map(OwnedChecksum::as_checksum),
        })
        .collect();
    f(&parts)
}
