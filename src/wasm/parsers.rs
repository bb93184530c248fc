//! S3's XML answers as plain JS objects: the core parses, this only builds the objects.

use super::arguments;
use super::errors::{core_error, JsResult};
use super::results::set;
use crate::s3::response;
use alloc::string::{String, ToString};
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_PARSERS: &'static str = r#"
export interface InitiatedUpload { bucket: string; key: string; uploadId: string; }
export interface UploadedPart {
  partNumber: number; etag: string; size: number; lastModified: string;
  checksumAlgorithm?: string; checksum?: string;
}
export interface ListPartsPage {
  uploadId: string; parts: UploadedPart[]; isTruncated: boolean; nextPartNumberMarker?: number;
}
export interface S3ErrorResponse {
  code: string; message: string; region?: string; endpoint?: string; bucket?: string; requestId?: string;
  /** The region the error says the bucket is in (AuthorizationHeaderMalformed, PermanentRedirect). */
  regionHint?: string;
  wrongRegion: boolean;
}
export type CompleteOutcome =
  | { completed: true; location: string; key: string; etag: string }
  | { completed: false; error: S3ErrorResponse };
export interface MultipartUploadInfo {
  key: string; uploadId: string;
  /** When the upload was created: ms since epoch. */
  initiated: number;
  storageClass: string;
}
export interface ListMultipartUploadsPage {
  uploads: MultipartUploadInfo[]; isTruncated: boolean; nextKeyMarker?: string; nextUploadIdMarker?: string;
  prefix?: string;
}
export interface ListedObject { key: string; size: number; etag: string; }
export interface ListObjectsPage { objects: ListedObject[]; isTruncated: boolean; nextContinuationToken?: string; }
"#;

/// Parses CreateMultipartUpload's answer.
#[wasm_bindgen(js_name = parseInitiateMultipartUpload, unchecked_return_type = "InitiatedUpload")]
pub fn parse_initiate_multipart_upload(
    #[wasm_bindgen(unchecked_param_type = "string")] xml: JsValue,
) -> JsResult<JsValue> {
    let xml = arguments::string(&xml, "xml")?;
    let r = response::parse_initiate_multipart_upload(&xml).map_err(core_error)?;
    let out = Object::new();
    set(&out, "bucket", r.bucket);
    set(&out, "key", r.key);
    set(&out, "uploadId", r.upload_id);
    Ok(out.into())
}

/// Parses ListParts' answer.
#[wasm_bindgen(js_name = parseListParts, unchecked_return_type = "ListPartsPage")]
pub fn parse_list_parts(
    #[wasm_bindgen(unchecked_param_type = "string")] xml: JsValue,
) -> JsResult<JsValue> {
    let xml = arguments::string(&xml, "xml")?;
    let page = response::parse_list_parts(&xml).map_err(core_error)?;
    let out = Object::new();
    set(&out, "uploadId", page.upload_id);
    let parts = Array::new();
    for p in page.parts {
        let o = Object::new();
        set(&o, "partNumber", p.part_number as f64);
        set(&o, "etag", p.etag);
        set(&o, "size", p.size as f64);
        set(&o, "lastModified", p.last_modified);
        if let Some((alg, value)) = p.checksum {
            set(
                &o,
                "checksumAlgorithm",
                alg.trim_start_matches("Checksum").to_string(),
            );
            set(&o, "checksum", value);
        }
        parts.push(&o);
    }
    set(&out, "parts", parts);
    set(&out, "isTruncated", page.is_truncated);
    if let Some(m) = page.next_part_number_marker {
        set(&out, "nextPartNumberMarker", m as f64);
    }
    Ok(out.into())
}

fn error_to_js(e: &response::S3ErrorResponse) -> Object {
    let out = Object::new();
    set(&out, "code", e.code.as_str());
    set(&out, "message", e.message.as_str());
    for (k, v) in [
        ("region", &e.region),
        ("endpoint", &e.endpoint),
        ("bucket", &e.bucket),
        ("requestId", &e.request_id),
    ] {
        if let Some(v) = v {
            set(&out, k, v.as_str());
        }
    }
    if let Some(hint) = e.region_hint() {
        set(&out, "regionHint", hint);
    }
    set(&out, "wrongRegion", e.is_wrong_region());
    out
}

/// Parses an S3 `<Error>` document (with region hints).
#[wasm_bindgen(js_name = parseError, unchecked_return_type = "S3ErrorResponse")]
pub fn parse_error(
    #[wasm_bindgen(unchecked_param_type = "string")] xml: JsValue,
) -> JsResult<JsValue> {
    let xml = arguments::string(&xml, "xml")?;
    Ok(error_to_js(&response::parse_error(&xml).map_err(core_error)?).into())
}

/// Parses CompleteMultipartUpload's answer, which can be an error despite HTTP 200.
#[wasm_bindgen(js_name = parseCompleteMultipartUpload, unchecked_return_type = "CompleteOutcome")]
pub fn parse_complete_multipart_upload(
    #[wasm_bindgen(unchecked_param_type = "string")] xml: JsValue,
) -> JsResult<JsValue> {
    let xml = arguments::string(&xml, "xml")?;
    let out = Object::new();
    match response::parse_complete_multipart_upload(&xml).map_err(core_error)? {
        response::CompleteOutcome::Completed {
            location,
            key,
            etag,
        } => {
            set(&out, "completed", true);
            set(&out, "location", location);
            set(&out, "key", key);
            set(&out, "etag", etag);
        }
        response::CompleteOutcome::Failed(e) => {
            set(&out, "completed", false);
            set(&out, "error", error_to_js(&e));
        }
    }
    Ok(out.into())
}

/// Parses ListObjectsV2's answer.
#[wasm_bindgen(js_name = parseListObjects, unchecked_return_type = "ListObjectsPage")]
pub fn parse_list_objects(
    #[wasm_bindgen(unchecked_param_type = "string")] xml: JsValue,
) -> JsResult<JsValue> {
    let xml = arguments::string(&xml, "xml")?;
    let page = response::parse_list_objects_v2(&xml).map_err(core_error)?;
    let out = Object::new();
    let objects = Array::new();
    for o in page.objects {
        let js = Object::new();
        set(&js, "key", o.key);
        set(&js, "size", o.size as f64);
        set(&js, "etag", o.etag);
        objects.push(&js);
    }
    set(&out, "objects", objects);
    set(&out, "isTruncated", page.is_truncated);
    if let Some(t) = page.next_continuation_token {
        set(&out, "nextContinuationToken", t);
    }
    Ok(out.into())
}

/// Parses ListMultipartUploads' answer.
#[wasm_bindgen(js_name = parseListMultipartUploads, unchecked_return_type = "ListMultipartUploadsPage")]
pub fn parse_list_multipart_uploads(
    #[wasm_bindgen(unchecked_param_type = "string")] xml: JsValue,
) -> JsResult<JsValue> {
    let xml = arguments::string(&xml, "xml")?;
    let page = response::parse_list_multipart_uploads(&xml).map_err(core_error)?;
    let out = Object::new();
    let uploads = Array::new();
    for u in page.uploads {
        let js = Object::new();
        set(&js, "key", u.key);
        set(&js, "uploadId", u.upload_id);
        set(&js, "initiated", u.initiated_unix_millis as f64);
        set(&js, "storageClass", u.storage_class);
        uploads.push(&js);
    }
    set(&out, "uploads", uploads);
    set(&out, "isTruncated", page.is_truncated);
    for (name, value) in [
        ("nextKeyMarker", page.next_key_marker),
        ("nextUploadIdMarker", page.next_upload_id_marker),
        ("prefix", page.prefix),
    ] {
        if let Some(value) = value {
            set(&out, name, value);
        }
    }
    Ok(out.into())
}

/// Checks an `x-amz-bucket-region` header value and returns the region.
#[wasm_bindgen(js_name = parseBucketRegion)]
pub fn parse_bucket_region(
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
) -> JsResult<String> {
    let value = arguments::string(&value, "value")?;
    response::parse_bucket_region_header(&value)
        .map(str::to_string)
        .map_err(core_error)
}
