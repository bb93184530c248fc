//! The options object of object requests (`ObjectOptions` in the .d.ts: presigns, UploadPart,
//! CreateMultipartUpload) and `{ algorithm, value }` checksum values, read into owned values and lent to the core's
//! [`ObjectOptions`].

use super::errors::{core_error, invalid_option, JsResult};
use super::fields::{Fields, Value};
use crate::error::Error;
use crate::s3::{
    Checksum, ChecksumAlgorithm, CustomerKey, Encryption, ObjectOptions, ResponseOverrides,
    StorageClass,
};
use crate::time::Timestamp;
use alloc::string::String;
use alloc::vec::Vec;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_OPTIONS: &'static str = r#"
export interface ChecksumValue {
  algorithm: ChecksumAlgorithmName;
  /** Base64 of the digest, as returned by checksumBase64(). */
  value: string;
}

/** Options of an object request; each header option is signed, so the client must send exactly that value. */
export interface ObjectOptions {
  /** Lifetime of a presigned URL in seconds, 1..604800 (default 3600). */
  expiresIn?: number;
  /** Signing time: ms since epoch or a Date (default Date.now()). */
  now?: number | Date;
  contentType?: string;
  /** Signed Content-Length: S3 refuses a body of any other size. */
  contentLength?: number;
  contentMd5?: string;
  cacheControl?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  storageClass?: string;
  sse?: "AES256" | "aws:kms" | "aws:kms:dsse";
  sseKmsKeyId?: string;
  /** Base64 of a JSON object. */
  sseContext?: string;
  sseBucketKeyEnabled?: boolean;
  /** SSE-C: base64 of the 32-byte key and of its MD5. */
  sseCustomerKey?: string;
  sseCustomerKeyMd5?: string;
  checksum?: ChecksumValue;
  /** CreateMultipartUpload: every part must then carry this checksum. */
  checksumAlgorithm?: ChecksumAlgorithmName;
  metadata?: Record<string, string>;
  /** URL-query encoded tags: "k1=v1&k2=v2". */
  tagging?: string;
  acl?: string;
  /** true (or "*") refuses to overwrite an existing key; on GET/HEAD an ETag. */
  ifNoneMatch?: boolean | string;
  ifMatch?: string;
  versionId?: string;
  /** GET/HEAD: one part (1..10000) of an object uploaded in parts. */
  partNumber?: number;
  responseContentType?: string;
  responseContentDisposition?: string;
  responseCacheControl?: string;
  responseContentEncoding?: string;
  responseContentLanguage?: string;
  responseExpires?: string;
  /** Other headers to sign. */
  headers?: Record<string, string>;
  /** Other query parameters to sign. */
  query?: Record<string, string>;
}

export interface TimeOption {
  now?: number | Date;
}

export interface ListPartsOptions extends TimeOption {
  partNumberMarker?: number;
  maxParts?: number;
}

export interface ListMultipartUploadsOptions extends TimeOption {
  prefix?: string;
  /** With uploadIdMarker: the nextKeyMarker and nextUploadIdMarker of the previous page. */
  keyMarker?: string;
  uploadIdMarker?: string;
  /** 1..1000 (S3's default 1000). */
  maxUploads?: number;
}

export interface ListObjectsOptions extends TimeOption {
  prefix?: string;
  continuationToken?: string;
}
"#;

const OBJECT_OPTIONS: &[&str] = &[
    "expiresIn",
    "now",
    "contentType",
    "contentLength",
    "contentMd5",
    "cacheControl",
    "contentDisposition",
    "contentEncoding",
    "contentLanguage",
    "storageClass",
    "sse",
    "sseKmsKeyId",
    "sseContext",
    "sseBucketKeyEnabled",
    "sseCustomerKey",
    "sseCustomerKeyMd5",
    "checksum",
    "checksumAlgorithm",
    "metadata",
    "tagging",
    "acl",
    "ifNoneMatch",
    "ifMatch",
    "versionId",
    "partNumber",
    "responseContentType",
    "responseContentDisposition",
    "responseCacheControl",
    "responseContentEncoding",
    "responseContentLanguage",
    "responseExpires",
    "headers",
    "query",
];

/// A `{ algorithm, value }` checksum object.
pub(crate) struct OwnedChecksum {
    algorithm: ChecksumAlgorithm,
    value: String,
}

impl OwnedChecksum {
    pub(crate) fn read(value: &JsValue, what: &'static str) -> JsResult<Self> {
        Self::from_fields(Fields::new(value, what, &["algorithm", "value"])?)
    }

    /// `options.checksum` of a presign, which usually crossed with the options as a map of strings.
    fn read_value(value: &Value, what: &'static str) -> JsResult<Self> {
        Self::from_fields(Fields::from_value(value, what, &["algorithm", "value"])?)
    }

    fn from_fields(f: Fields) -> JsResult<Self> {
        let algorithm =
            ChecksumAlgorithm::parse(&f.required_string("algorithm")?).map_err(core_error)?;
        Ok(OwnedChecksum {
            algorithm,
            value: f.required_string("value")?,
        })
    }

    pub(crate) fn as_checksum(&self) -> Checksum<'_> {
        Checksum {
            algorithm: self.algorithm,
            value: &self.value,
        }
    }
}

/// Owned copies of the JS option values, borrowed by [`ObjectOptions`].
#[derive(Default)]
pub(crate) struct OwnedObjectOptions {
    expires_in: Option<u64>,
    now: Option<Timestamp>,
    content_type: Option<String>,
    content_length: Option<u64>,
    content_md5: Option<String>,
    cache_control: Option<String>,
    content_disposition: Option<String>,
    content_encoding: Option<String>,
    content_language: Option<String>,
    storage_class: Option<StorageClass>,
    sse: Option<String>,
    sse_kms_key_id: Option<String>,
    sse_context: Option<String>,
    sse_bucket_key: Option<bool>,
    sse_customer_key: Option<String>,
    sse_customer_key_md5: Option<String>,
    checksum: Option<OwnedChecksum>,
    checksum_algorithm: Option<ChecksumAlgorithm>,
    metadata: Vec<(String, String)>,
    tagging: Option<String>,
    acl: Option<String>,
    if_none_match: Option<String>,
    if_match: Option<String>,
    version_id: Option<String>,
    part_number: Option<u64>,
    response: [Option<String>; 6],
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
}

impl OwnedObjectOptions {
    /// The object key and its options, read together (one crossing when the options are flat), then one pass over
    /// the entries present (a lookup per possible option would cost more than the signature).
    pub(crate) fn read_with_key(key: &JsValue, value: &JsValue) -> JsResult<(String, Self)> {
        let (key, f) = Fields::with_key(key, value, "options", OBJECT_OPTIONS)?;
        let mut o = OwnedObjectOptions {
            now: Some(f.now()?),
            ..Default::default()
        };
        for (name, v) in &f.entries {
            if v.is_null() {
                continue;
            }
            let text = || f.string_value(name, v);
            match name.as_str() {
                "expiresIn" => o.expires_in = Some(f.integer_value(name, v)?),
                "now" => {}
                "contentType" => o.content_type = Some(text()?),
                "contentLength" => o.content_length = Some(f.integer_value(name, v)?),
                "contentMd5" => o.content_md5 = Some(text()?),
                "cacheControl" => o.cache_control = Some(text()?),
                "contentDisposition" => o.content_disposition = Some(text()?),
                "contentEncoding" => o.content_encoding = Some(text()?),
                "contentLanguage" => o.content_language = Some(text()?),
                "storageClass" => {
                    o.storage_class = Some(StorageClass::parse(&text()?).map_err(core_error)?)
                }
                "sse" => o.sse = Some(text()?),
                "sseKmsKeyId" => o.sse_kms_key_id = Some(text()?),
                "sseContext" => o.sse_context = Some(text()?),
                "sseBucketKeyEnabled" => o.sse_bucket_key = Some(f.bool_value(name, v)?),
                "sseCustomerKey" => o.sse_customer_key = Some(text()?),
                "sseCustomerKeyMd5" => o.sse_customer_key_md5 = Some(text()?),
                "checksum" => o.checksum = Some(OwnedChecksum::read_value(v, "options.checksum")?),
                "checksumAlgorithm" => {
                    o.checksum_algorithm =
                        Some(ChecksumAlgorithm::parse(&text()?).map_err(core_error)?)
                }
                "metadata" => o.metadata = f.string_map_value(name, v)?,
                "tagging" => o.tagging = Some(text()?),
                "acl" => o.acl = Some(text()?),
                // `true` is shorthand for `*`, the only value conditional writes accept.
                "ifNoneMatch" => match (v.as_bool(), v.as_string()) {
                    (Some(true), _) => o.if_none_match = Some("*".into()),
                    (Some(false), _) => {}
                    (None, Some(etag)) => o.if_none_match = Some(etag),
                    (None, None) => {
                        return Err(invalid_option(
                            "options.ifNoneMatch must be true or an ETag string".into(),
                        ))
                    }
                },
                "ifMatch" => o.if_match = Some(text()?),
                "versionId" => o.version_id = Some(text()?),
                "partNumber" => o.part_number = Some(f.integer_value(name, v)?),
                "responseContentType" => o.response[0] = Some(text()?),
                "responseContentDisposition" => o.response[1] = Some(text()?),
                "responseCacheControl" => o.response[2] = Some(text()?),
                "responseContentEncoding" => o.response[3] = Some(text()?),
                "responseContentLanguage" => o.response[4] = Some(text()?),
                "responseExpires" => o.response[5] = Some(text()?),
                "headers" => o.headers = f.string_map_value(name, v)?,
                "query" => o.query = f.string_map_value(name, v)?,
                // `Fields::new` refused every other name.
                _ => {}
            }
        }
        Ok((key, o))
    }

    fn build<'a>(
        &'a self,
        headers: &'a [(&'a str, &'a str)],
        query: &'a [(&'a str, &'a str)],
        metadata: &'a [(&'a str, &'a str)],
    ) -> JsResult<ObjectOptions<'a>> {
        let encryption = match self.sse.as_deref() {
            None if self.sse_kms_key_id.as_deref().is_some() || self.sse_context.as_deref().is_some() || self.sse_bucket_key.is_some() => {
                return Err(core_error(Error::InvalidEncryption { rule: "sseKmsKeyId, sseContext and sseBucketKeyEnabled need sse: \"aws:kms\" or \"aws:kms:dsse\"" }))
            }
            None => None,
            Some(sse) => Some(Encryption::parse(sse, self.sse_kms_key_id.as_deref(), self.sse_context.as_deref(), self.sse_bucket_key).map_err(core_error)?),
        };
        let customer_key = match (
            self.sse_customer_key.as_deref(),
            self.sse_customer_key_md5.as_deref(),
        ) {
            (None, None) => None,
            (Some(key), Some(key_md5)) => Some(CustomerKey { key, key_md5 }),
            _ => {
                return Err(core_error(Error::InvalidEncryption {
                    rule: "SSE-C needs both sseCustomerKey and sseCustomerKeyMd5",
                }))
            }
        };
        Ok(ObjectOptions {
            expires_in: self.expires_in,
            content_type: self.content_type.as_deref(),
            content_length: self.content_length,
            content_md5: self.content_md5.as_deref(),
            cache_control: self.cache_control.as_deref(),
            content_disposition: self.content_disposition.as_deref(),
            content_encoding: self.content_encoding.as_deref(),
            content_language: self.content_language.as_deref(),
            storage_class: self.storage_class,
            encryption,
            customer_key,
            checksum: self.checksum.as_ref().map(OwnedChecksum::as_checksum),
            checksum_algorithm: self.checksum_algorithm,
            metadata,
            tagging: self.tagging.as_deref(),
            acl: self.acl.as_deref(),
            if_none_match: self.if_none_match.as_deref(),
            if_match: self.if_match.as_deref(),
            version_id: self.version_id.as_deref(),
            part_number: self.part_number,
            response: ResponseOverrides {
                content_type: self.response[0].as_deref(),
                content_disposition: self.response[1].as_deref(),
                cache_control: self.response[2].as_deref(),
                content_encoding: self.response[3].as_deref(),
                content_language: self.response[4].as_deref(),
                expires: self.response[5].as_deref(),
            },
            extra_headers: headers,
            extra_query: query,
        })
    }

    /// Runs `f` with borrowed [`ObjectOptions`] and the signing time.
    pub(crate) fn with<T>(
        &self,
        f: impl FnOnce(&ObjectOptions<'_>, Timestamp) -> JsResult<T>,
    ) -> JsResult<T> {
        let (headers, query) = (borrowed_pairs(&self.headers), borrowed_pairs(&self.query));
        let metadata = borrowed_pairs(&self.metadata);
        let options = self.build(&headers, &query, &metadata)?;
        f(
            &options,
            self.now
                .unwrap_or(Timestamp::from_unix_seconds(0).map_err(core_error)?),
        )
    }
}

/// Name/value pairs read from JS, borrowed in the form the core's option structs take.
pub(crate) fn borrowed_pairs(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}
