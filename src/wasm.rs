//! JavaScript bindings (wasm-bindgen). They translate between plain JS objects and the core types and never decide
//! anything about S3: every rule lives in `s3/` and `sigv4/`. Options are camelCase, numbers are numbers (never
//! BigInt), time is `Date.now()` unless `now` (milliseconds or a `Date`) is given, and every failure is a JS `Error`
//! with a stable `code` (the core's [`Error::code`], or `InvalidOption` for a malformed option object).

use crate::error::Error;
use crate::s3::{
    self, checksum::ChecksumHasher as CoreHasher, response, Addressing, Backend, Checksum,
    ChecksumAlgorithm, CompletedPart, CustomerKey, Encryption, Match, ObjectOptions,
    PostPolicyOptions, RequestSpec, ResponseOverrides, StorageClass,
};
use crate::sigv4::Payload;
use crate::time::Timestamp;
use crate::{Bucket, BucketConfig, Credentials};
use alloc::borrow::Cow;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use js_sys::{Array, Object, Reflect, Uint8Array, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Credentials and bucket of an S3Signer. Checked once, at construction. */
export interface SignerConfig {
  accessKeyId: string;
  secretAccessKey: string;
  /** Session token of temporary (STS) credentials. */
  sessionToken?: string;
  /** When temporary credentials expire (ms since epoch, or a Date): URLs never outlive them. */
  credentialsExpireAt?: number | Date;
  bucket: string;
  /** Region of the bucket ("auto" for R2). */
  region: string;
  /** Custom endpoint, e.g. "http://127.0.0.1:3900" or "https://<account>.r2.cloudflarestorage.com". */
  endpoint?: string;
  addressing?: "auto" | "virtual" | "path";
  dualstack?: boolean;
  accelerate?: boolean;
  fips?: boolean;
  backend?: "aws" | "r2" | "generic";
}

export type ChecksumAlgorithmName = "CRC32" | "CRC32C" | "CRC64NVME" | "SHA1" | "SHA256";

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

/** A presigned URL and exactly what the client must send with it. */
export interface PresignedRequest {
  url: string;
  method: "GET" | "PUT" | "HEAD" | "DELETE";
  /** Lowercase names. Browsers set content-length themselves; send the others as given. */
  headers: Record<string, string>;
  /** ms since epoch. */
  expiresAt: number;
  /** Seconds. */
  expiresIn: number;
}

/** A header-signed request for fetch() on a server or worker. */
export interface SignedRequest {
  url: string;
  method: "GET" | "PUT" | "POST" | "HEAD" | "DELETE";
  headers: Record<string, string>;
  /** The body to send (CompleteMultipartUpload XML), if any. */
  body?: string;
}

export type PostCondition = string | { startsWith: string };

export interface PostPolicyOptions {
  /** The key field; "${filename}" is replaced by S3 with the file's name. */
  key: string;
  /** Let the client choose any key under this prefix. */
  keyStartsWith?: string;
  expiresIn?: number;
  now?: number | Date;
  /** [min, max] bytes. */
  contentLengthRange?: [number, number];
  contentType?: PostCondition;
  storageClass?: string;
  sse?: "AES256" | "aws:kms" | "aws:kms:dsse";
  sseKmsKeyId?: string;
  sseContext?: string;
  sseBucketKeyEnabled?: boolean;
  successActionStatus?: 200 | 201 | 204;
  /** Further form fields: exact values or { startsWith }. */
  fields?: Record<string, PostCondition>;
}

export interface PresignedPost {
  /** The form action. */
  url: string;
  /** Form fields in order; append the file last. */
  fields: Record<string, string>;
  policy: string;
  policyBase64: string;
  expiresAt: number;
}

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

export interface CompletedPart {
  partNumber: number;
  etag: string;
  checksum?: ChecksumValue;
}

export interface TimeOption {
  now?: number | Date;
}

export interface ListPartsOptions extends TimeOption {
  partNumberMarker?: number;
  maxParts?: number;
}

export interface ListObjectsOptions extends TimeOption {
  prefix?: string;
  continuationToken?: string;
}

export interface BucketInfo {
  bucket: string;
  region: string;
  host: string;
  origin: string;
  pathStyle: boolean;
  backend: "aws" | "r2" | "generic";
}

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
export interface ListedObject { key: string; size: number; etag: string; }
export interface ListObjectsPage { objects: ListedObject[]; isTruncated: boolean; nextContinuationToken?: string; }
export interface RegionInfo {
  code: string; name: string; partition: "aws" | "aws-cn" | "aws-us-gov"; optIn: boolean;
  latitude: number; longitude: number;
}
export interface StorageClassInfo { name: string; description: string; }
"#;

// ---------------------------------------------------------------------------------------------------------------
// Errors

fn js_error(code: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    let _ = Reflect::set(&error, &"code".into(), &code.into());
    error.into()
}

fn core_error(error: Error) -> JsValue {
    js_error(error.code(), &error.to_string())
}

fn invalid_option(message: String) -> JsValue {
    js_error("InvalidOption", &message)
}

type JsResult<T> = Result<T, JsValue>;

// ---------------------------------------------------------------------------------------------------------------
// Reading plain JS objects

/// A JS options object. Its own enumerable entries are read in one pass (each `Reflect.get` is a boundary crossing
/// that costs more than a whole signature), then looked up in Rust. Unknown names are refused so that a typo cannot
/// be silently ignored.
struct Fields {
    entries: Vec<(String, Value)>,
    present: bool,
    what: &'static str,
}

/// One option's value: the JS value itself, or decoded from the one-string form of a flat options object.
enum Value {
    Js(JsValue),
    Text(String),
    Number(f64),
    Bool(bool),
    Null,
}

impl Value {
    fn as_string(&self) -> Option<String> {
        match self {
            Value::Js(v) => v.as_string(),
            Value::Text(text) => Some(text.clone()),
            _ => None,
        }
    }

    fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Js(v) => v.as_f64(),
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Js(v) => v.as_bool(),
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        match self {
            Value::Js(v) => v.is_null(),
            Value::Null => true,
            _ => false,
        }
    }

    /// The JS value, made again for a decoded one. Only readers of nested objects and Dates need it; a decoded
    /// value reaching them is of the wrong type, which they report as for any other.
    fn to_js(&self) -> JsValue {
        match self {
            Value::Js(v) => v.clone(),
            Value::Text(text) => JsValue::from_str(text),
            Value::Number(n) => JsValue::from_f64(*n),
            Value::Bool(b) => JsValue::from_bool(*b),
            Value::Null => JsValue::NULL,
        }
    }
}

impl Fields {
    fn new(value: &JsValue, what: &'static str, allowed: &[&str]) -> JsResult<Self> {
        if value.is_undefined() || value.is_null() {
            return Ok(Fields {
                entries: Vec::new(),
                present: false,
                what,
            });
        }
        if !value.is_object() || Array::is_array(value) {
            return Err(invalid_option(format!("{what} must be a plain object")));
        }
        let mut entries = Vec::new();
        for entry in Object::entries(value.unchecked_ref::<Object>()).iter() {
            let pair: Array = entry.unchecked_into();
            let (key, value) = (pair.get(0).as_string().unwrap_or_default(), pair.get(1));
            if value.is_undefined() {
                continue;
            }
            check_allowed(&key, what, allowed)?;
            entries.push((key, Value::Js(value)));
        }
        Ok(Fields {
            entries,
            present: true,
            what,
        })
    }

    /// [`new`](Self::new) for the hot options objects: through their one-string form when they are flat.
    fn new_flat(value: &JsValue, what: &'static str, allowed: &[&str]) -> JsResult<Self> {
        let Some(entries) = flat_options(value).as_deref().and_then(decode_flat_options) else {
            return Self::new(value, what, allowed);
        };
        for (key, _) in &entries {
            check_allowed(key, what, allowed)?;
        }
        Ok(Fields {
            entries,
            present: true,
            what,
        })
    }

    fn raw(&self, name: &str) -> Option<JsValue> {
        self.value(name).map(Value::to_js)
    }

    fn value(&self, name: &str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
            .filter(|v| !v.is_null())
    }

    fn string_value(&self, name: &str, v: &Value) -> JsResult<String> {
        v.as_string()
            .ok_or_else(|| invalid_option(format!("{}.{name} must be a string", self.what)))
    }

    fn bool_value(&self, name: &str, v: &Value) -> JsResult<bool> {
        v.as_bool()
            .ok_or_else(|| invalid_option(format!("{}.{name} must be a boolean", self.what)))
    }

    fn integer_value(&self, name: &str, v: &Value) -> JsResult<u64> {
        v.as_f64().and_then(number_to_u64).ok_or_else(|| {
            invalid_option(format!(
                "{}.{name} must be a non-negative integer number (not BigInt, at most 2^53)",
                self.what
            ))
        })
    }

    fn string_map_value(&self, name: &str, v: &Value) -> JsResult<Vec<(String, String)>> {
        let not_a_map =
            || invalid_option(format!("{}.{name} must be an object of strings", self.what));
        let Value::Js(v) = v else {
            return Err(not_a_map());
        };
        if !v.is_object() || Array::is_array(v) {
            return Err(not_a_map());
        }
        let mut out = Vec::new();
        for entry in Object::entries(v.unchecked_ref::<Object>()).iter() {
            let pair: Array = entry.unchecked_into();
            let key = pair.get(0).as_string().unwrap_or_default();
            let value = pair.get(1).as_string().ok_or_else(|| {
                invalid_option(format!("{}.{name}.{key} must be a string", self.what))
            })?;
            out.push((key, value));
        }
        Ok(out)
    }

    fn string(&self, name: &str) -> JsResult<Option<String>> {
        self.value(name)
            .map(|v| self.string_value(name, v))
            .transpose()
    }

    fn required_string(&self, name: &str) -> JsResult<String> {
        self.string(name)?
            .ok_or_else(|| invalid_option(format!("{}.{name} is required", self.what)))
    }

    fn bool(&self, name: &str) -> JsResult<Option<bool>> {
        self.value(name)
            .map(|v| self.bool_value(name, v))
            .transpose()
    }

    fn integer(&self, name: &str) -> JsResult<Option<u64>> {
        self.value(name)
            .map(|v| self.integer_value(name, v))
            .transpose()
    }

    fn string_map(&self, name: &str) -> JsResult<Vec<(String, String)>> {
        self.value(name)
            .map(|v| self.string_map_value(name, v))
            .transpose()
            .map(Option::unwrap_or_default)
    }

    /// `now`: ms since epoch or a Date; `Date.now()` by default.
    fn now(&self) -> JsResult<Timestamp> {
        let millis = match self.value("now") {
            None => js_sys::Date::now(),
            Some(v) => match v {
                Value::Js(v) => time_millis(v),
                _ => v.as_f64().and_then(valid_millis),
            }
            .ok_or_else(|| {
                invalid_option(format!(
                    "{}.now must be ms since epoch or a Date",
                    self.what
                ))
            })?,
        };
        Timestamp::from_unix_millis(millis as u64).map_err(core_error)
    }
}

fn check_allowed(key: &str, what: &str, allowed: &[&str]) -> JsResult<()> {
    if allowed.contains(&key) {
        return Ok(());
    }
    Err(invalid_option(format!(
        "unknown option \"{key}\" in {what}; allowed: {}",
        allowed.join(", ")
    )))
}

/// Decodes `flatOptions`' text: `name`, `<type><text>` pairs, each part NUL-terminated; the type is `s` (string),
/// `n` (a whole number in 0..2^53, in digits), `t`/`f` (boolean) or `z` (null). `None` when the text is not of that
/// form.
fn decode_flat_options(text: &str) -> Option<Vec<(String, Value)>> {
    let mut entries = Vec::new();
    if text.is_empty() {
        return Some(entries);
    }
    let mut parts = text.strip_suffix('\0')?.split('\0');
    while let Some(name) = parts.next() {
        let field = parts.next()?;
        let (kind, rest) = field.split_at_checked(1)?;
        let value = match kind {
            "s" => Value::Text(rest.into()),
            // Only whole numbers in 0..2^53 take this form (printed as plain digits), so they read back exactly
            // without a float parser (which would add 14 KB of gzip to the module).
            "n" => Value::Number(rest.parse::<u64>().ok()? as f64),
            "t" => Value::Bool(true),
            "f" => Value::Bool(false),
            "z" => Value::Null,
            _ => return None,
        };
        entries.push((name.into(), value));
    }
    Some(entries)
}

fn number_to_u64(n: f64) -> Option<u64> {
    (n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_991.0).then_some(n as u64)
}

fn valid_millis(t: f64) -> Option<f64> {
    (t.is_finite() && t >= 0.0).then_some(t)
}

fn time_millis(value: &JsValue) -> Option<f64> {
    if let Some(date) = value.dyn_ref::<js_sys::Date>() {
        return valid_millis(date.get_time());
    }
    value.as_f64().and_then(valid_millis)
}

fn set(object: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(object, &JsValue::from_str(key), &value.into());
}

// ---------------------------------------------------------------------------------------------------------------
// Options

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
struct OwnedChecksum {
    algorithm: ChecksumAlgorithm,
    value: String,
}

impl OwnedChecksum {
    fn read(value: &JsValue, what: &'static str) -> JsResult<Self> {
        let f = Fields::new(value, what, &["algorithm", "value"])?;
        let algorithm =
            ChecksumAlgorithm::parse(&f.required_string("algorithm")?).map_err(core_error)?;
        Ok(OwnedChecksum {
            algorithm,
            value: f.required_string("value")?,
        })
    }

    fn as_checksum(&self) -> Checksum<'_> {
        Checksum {
            algorithm: self.algorithm,
            value: &self.value,
        }
    }
}

/// Owned copies of the JS option values, borrowed by [`ObjectOptions`].
#[derive(Default)]
struct OwnedObjectOptions {
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
    response: [Option<String>; 6],
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
}

impl OwnedObjectOptions {
    /// One pass over the entries present (a lookup per possible option would cost more than the signature).
    fn read(value: &JsValue) -> JsResult<Self> {
        let f = Fields::new_flat(value, "options", OBJECT_OPTIONS)?;
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
                "checksum" => {
                    o.checksum = Some(OwnedChecksum::read(&v.to_js(), "options.checksum")?)
                }
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
        Ok(o)
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
    fn with<T>(&self, f: impl FnOnce(&ObjectOptions<'_>, Timestamp) -> JsResult<T>) -> JsResult<T> {
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
fn borrowed_pairs(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}

/// A result object written as JSON text and handed to JavaScript in one crossing (`JSON.parse`): setting properties
/// one by one costs a boundary crossing and a string conversion each, several times the signature itself.
struct JsonObject(String);

impl JsonObject {
    fn new() -> Self {
        // Room for a typical presigned result (a URL of a few hundred bytes and its headers) without regrowing.
        let mut text = String::with_capacity(640);
        text.push('{');
        JsonObject(text)
    }

    fn key(&mut self, key: &str) -> &mut String {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        self.0.push('"');
        crate::encoding::push_json_string_contents(&mut self.0, key);
        self.0.push_str("\":");
        &mut self.0
    }

    fn string(mut self, key: &str, value: &str) -> Self {
        let out = self.key(key);
        out.push('"');
        crate::encoding::push_json_string_contents(out, value);
        out.push('"');
        self
    }

    fn number(mut self, key: &str, value: u64) -> Self {
        self.key(key)
            .push_str(crate::sigv4::itoa_buf(value).as_str());
        self
    }

    fn boolean(mut self, key: &str, value: bool) -> Self {
        self.key(key).push_str(if value { "true" } else { "false" });
        self
    }

    fn record<N: AsRef<str>>(mut self, key: &str, pairs: &[(N, String)]) -> Self {
        let mut inner = JsonObject::new();
        for (k, v) in pairs {
            inner = inner.string(k.as_ref(), v);
        }
        inner.0.push('}');
        self.key(key).push_str(&inner.0);
        self
    }

    fn finish(mut self) -> JsResult<JsValue> {
        self.0.push('}');
        JSON::parse(&self.0)
            .map_err(|_| js_error("InternalError", "could not build the result object"))
    }
}

// Presigned and signed requests are the hot results. Rather than as JSON (escaped here, parsed there), they cross
// as lines that a few lines of JS turn into the object: URL, method, header count, the header names and values, then
// the expiry numbers or the body. No line can hold a line break: URLs are percent-encoded, and a header value with a
// control character was refused when it was signed. The body comes last and is taken whole.
//
// The other way, an options object whose values are all strings, numbers, booleans or null (the usual case) crosses
// as one string of NUL-separated `name`, `<type><text>` pairs (`flatOptions`): reading it property by property costs
// about half a microsecond per option. Anything else (a nested object, a Date, a fraction or negative number, a NUL
// in a string) makes it return undefined, and the object is read property by property, with the same checks and the
// same errors.
//
// scripts/finish-pkg.mjs inlines this snippet into the package's glue, so the package stays three files.
#[wasm_bindgen(inline_js = r#"
// Lines are cut with indexOf and slice: split() costs twice as much on a fresh string.
function requestHead(text, result) {
  let at = text.indexOf("\n");
  result.url = text.slice(0, at);
  let end = text.indexOf("\n", ++at);
  result.method = text.slice(at, end);
  at = end + 1;
  end = text.indexOf("\n", at);
  const headers = {};
  for (let count = +text.slice(at, end); count > 0; count--) {
    at = end + 1;
    end = text.indexOf("\n", at);
    const name = text.slice(at, end);
    at = end + 1;
    end = text.indexOf("\n", at);
    headers[name] = text.slice(at, end < 0 ? text.length : end);
  }
  result.headers = headers;
  return end;
}
export function presignedFromLines(text) {
  const result = { url: "", method: "", headers: null, expiresAt: 0, expiresIn: 0 };
  const at = requestHead(text, result) + 1;
  const end = text.indexOf("\n", at);
  result.expiresAt = +text.slice(at, end);
  result.expiresIn = +text.slice(end + 1);
  return result;
}
export function signedFromLines(text) {
  const result = { url: "", method: "", headers: null };
  const end = requestHead(text, result);
  if (end >= 0) result.body = text.slice(end + 1);
  return result;
}
export function flatOptions(object) {
  if (typeof object !== "object" || object === null || Array.isArray(object)) return undefined;
  let text = "";
  for (const name of Object.keys(object)) {
    const value = object[name];
    let field;
    switch (typeof value) {
      case "undefined": continue;
      case "string": field = "s" + value; break;
      case "number":
        if (!Number.isSafeInteger(value) || value < 0) return undefined;
        field = "n" + value;
        break;
      case "boolean": field = value ? "t" : "f"; break;
      default:
        if (value !== null) return undefined;
        field = "z";
    }
    if (name.includes("\0") || field.includes("\0")) return undefined;
    text += name + "\0" + field + "\0";
  }
  return text;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = presignedFromLines)]
    fn presigned_from_lines(text: &str) -> JsValue;
    #[wasm_bindgen(js_name = signedFromLines)]
    fn signed_from_lines(text: &str) -> JsValue;
    #[wasm_bindgen(js_name = flatOptions)]
    fn flat_options(object: &JsValue) -> Option<String>;
}

/// URL, method, header count and headers, one per line (see the snippet above).
fn request_lines(
    url: &str,
    method: &str,
    headers: &[(Cow<'static, str>, String)],
    extra: usize,
) -> String {
    let size: usize = headers.iter().map(|(n, v)| n.len() + v.len() + 2).sum();
    let mut text = String::with_capacity(url.len() + size + extra + 16);
    for piece in [
        url,
        "\n",
        method,
        "\n",
        crate::sigv4::itoa_buf(headers.len() as u64).as_str(),
    ] {
        text.push_str(piece);
    }
    for (name, value) in headers {
        for piece in ["\n", name, "\n", value] {
            text.push_str(piece);
        }
    }
    text
}

fn presigned_to_js(p: s3::PresignedRequest) -> JsResult<JsValue> {
    let mut text = request_lines(&p.url, p.method, &p.headers, 32);
    for n in [p.expires_at.unix_seconds() * 1000, p.expires_in] {
        text.push('\n');
        text.push_str(crate::sigv4::itoa_buf(n).as_str());
    }
    Ok(presigned_from_lines(&text))
}

fn signed_to_js(r: s3::SignedRequest) -> JsResult<JsValue> {
    let body = String::from_utf8_lossy(&r.body);
    let mut text = request_lines(&r.url, r.method, &r.headers, body.len() + 1);
    if !body.is_empty() {
        text.push('\n');
        text.push_str(&body);
    }
    Ok(signed_from_lines(&text))
}

// ---------------------------------------------------------------------------------------------------------------
// The signer

/// Signs S3 requests for one bucket. Construct once (the configuration is checked here) and reuse: the derived
/// signing key is cached, so each presign costs a few microseconds.
#[wasm_bindgen]
pub struct S3Signer {
    inner: s3::S3Signer,
}

#[wasm_bindgen]
impl S3Signer {
    /// Checks the configuration; throws `InvalidCredentials`, `InvalidBucketName`, `InvalidRegion`,
    /// `InvalidEndpoint` or `InvalidOption`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "SignerConfig")] config: JsValue,
    ) -> JsResult<S3Signer> {
        let f = Fields::new(
            &config,
            "config",
            &[
                "accessKeyId",
                "secretAccessKey",
                "sessionToken",
                "credentialsExpireAt",
                "bucket",
                "region",
                "endpoint",
                "addressing",
                "dualstack",
                "accelerate",
                "fips",
                "backend",
            ],
        )?;
        if !f.present {
            return Err(invalid_option(
                "config must be an object with accessKeyId, secretAccessKey, bucket and region"
                    .into(),
            ));
        }
        let mut credentials = Credentials::new(
            f.required_string("accessKeyId")?,
            f.required_string("secretAccessKey")?,
        )
        .map_err(core_error)?;
        if let Some(token) = f.string("sessionToken")? {
            credentials = credentials.with_session_token(token).map_err(core_error)?;
        }
        if let Some(v) = f.raw("credentialsExpireAt") {
            let ms = time_millis(&v).ok_or_else(|| {
                invalid_option("config.credentialsExpireAt must be ms since epoch or a Date".into())
            })?;
            credentials = credentials
                .with_expiry(Timestamp::from_unix_millis(ms as u64).map_err(core_error)?);
        }
        let bucket = f.required_string("bucket")?;
        let region = f.string("region")?.unwrap_or_default();
        let endpoint = f.string("endpoint")?;
        let addressing = match f.string("addressing")? {
            Some(a) => Addressing::parse(&a).map_err(core_error)?,
            None => Addressing::Auto,
        };
        let backend = match f.string("backend")? {
            Some(b) => Some(Backend::parse(&b).map_err(core_error)?),
            None => None,
        };
        let bucket = Bucket::new(&BucketConfig {
            name: &bucket,
            region: &region,
            endpoint: endpoint.as_deref(),
            addressing,
            dualstack: f.bool("dualstack")?.unwrap_or(false),
            accelerate: f.bool("accelerate")?.unwrap_or(false),
            fips: f.bool("fips")?.unwrap_or(false),
            backend,
        })
        .map_err(core_error)?;
        Ok(S3Signer {
            inner: s3::S3Signer::new(credentials, bucket),
        })
    }

    /// The checked bucket: name, region, host, origin, addressing and backend.
    #[wasm_bindgen(js_name = bucketInfo, unchecked_return_type = "BucketInfo")]
    pub fn bucket_info(&self) -> JsResult<JsValue> {
        let b = self.inner.bucket();
        JsonObject::new()
            .string("bucket", b.name())
            .string("region", b.region())
            .string("host", b.host())
            .string("origin", &b.origin())
            .boolean("pathStyle", b.is_path_style())
            .string("backend", b.backend().name())
            .finish()
    }

    /// The unsigned URL of an object (public buckets, or the origin behind a CDN).
    #[wasm_bindgen(js_name = objectUrl)]
    pub fn object_url(&self, key: &str) -> JsResult<String> {
        s3::signer::check_object_key(key).map_err(core_error)?;
        Ok(self.inner.bucket().object_url(key))
    }

    /// Presigns a GET.
    #[wasm_bindgen(js_name = presignGet, unchecked_return_type = "PresignedRequest")]
    pub fn presign_get(
        &self,
        key: &str,
        #[wasm_bindgen(unchecked_param_type = "ObjectOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        self.presign(s3::Operation::GetObject, key, &options)
    }

    /// Presigns a PUT.
    #[wasm_bindgen(js_name = presignPut, unchecked_return_type = "PresignedRequest")]
    pub fn presign_put(
        &self,
        key: &str,
        #[wasm_bindgen(unchecked_param_type = "ObjectOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        self.presign(s3::Operation::PutObject, key, &options)
    }

    /// Presigns a HEAD.
    #[wasm_bindgen(js_name = presignHead, unchecked_return_type = "PresignedRequest")]
    pub fn presign_head(
        &self,
        key: &str,
        #[wasm_bindgen(unchecked_param_type = "ObjectOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        self.presign(s3::Operation::HeadObject, key, &options)
    }

    /// Presigns a DELETE.
    #[wasm_bindgen(js_name = presignDelete, unchecked_return_type = "PresignedRequest")]
    pub fn presign_delete(
        &self,
        key: &str,
        #[wasm_bindgen(unchecked_param_type = "ObjectOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        self.presign(s3::Operation::DeleteObject, key, &options)
    }

    /// Presigns an UploadPart (part numbers 1..10000).
    #[wasm_bindgen(js_name = presignUploadPart, unchecked_return_type = "PresignedRequest")]
    pub fn presign_upload_part(
        &self,
        key: &str,
        upload_id: &str,
        part_number: f64,
        #[wasm_bindgen(unchecked_param_type = "ObjectOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        let number = number_to_u64(part_number)
            .ok_or_else(|| core_error(Error::InvalidPartNumber { part_number: 0 }))?;
        let owned = OwnedObjectOptions::read(&options)?;
        owned.with(|o, now| {
            self.inner
                .presign_upload_part(key, upload_id, number, o, now)
                .map_err(core_error)
                .and_then(presigned_to_js)
        })
    }

    /// Builds and signs a POST policy; returns the form URL and fields.
    #[wasm_bindgen(js_name = presignPost, unchecked_return_type = "PresignedPost")]
    pub fn presign_post(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PostPolicyOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        let f = Fields::new(
            &options,
            "options",
            &[
                "key",
                "keyStartsWith",
                "expiresIn",
                "now",
                "contentLengthRange",
                "contentType",
                "storageClass",
                "sse",
                "sseKmsKeyId",
                "sseContext",
                "sseBucketKeyEnabled",
                "successActionStatus",
                "fields",
            ],
        )?;
        let key = f.required_string("key")?;
        let key_starts_with = f.string("keyStartsWith")?;
        let range = match f.raw("contentLengthRange") {
            None => None,
            Some(v) => {
                let pair = Array::is_array(&v)
                    .then(|| Array::from(&v))
                    .filter(|a| a.length() == 2);
                let pair = pair.and_then(|a| {
                    Some((
                        number_to_u64(a.get(0).as_f64()?)?,
                        number_to_u64(a.get(1).as_f64()?)?,
                    ))
                });
                Some(pair.ok_or_else(|| {
                    invalid_option(
                        "options.contentLengthRange must be [min, max] with integer numbers".into(),
                    )
                })?)
            }
        };
        let content_type = condition(f.raw("contentType"), "contentType")?;
        let storage_class = f
            .string("storageClass")?
            .map(|c| StorageClass::parse(&c))
            .transpose()
            .map_err(core_error)?;
        let sse = f.string("sse")?;
        let kms_key = f.string("sseKmsKeyId")?;
        let context = f.string("sseContext")?;
        let bucket_key = f.bool("sseBucketKeyEnabled")?;
        let encryption = sse
            .as_deref()
            .map(|s| Encryption::parse(s, kms_key.as_deref(), context.as_deref(), bucket_key))
            .transpose()
            .map_err(core_error)?;
        let status = f
            .integer("successActionStatus")?
            .map(|s| u16::try_from(s).unwrap_or(0));
        let mut extra: Vec<(String, Condition)> = Vec::new();
        if let Some(v) = f.raw("fields") {
            if !v.is_object() || Array::is_array(&v) {
                return Err(invalid_option("options.fields must be an object".into()));
            }
            for entry in Object::entries(v.unchecked_ref::<Object>()).iter() {
                let pair: Array = entry.unchecked_into();
                let name = pair.get(0).as_string().unwrap_or_default();
                let c = condition(Some(pair.get(1)), &name)?
                    .ok_or_else(|| invalid_option(format!("options.fields.{name} is empty")))?;
                extra.push((name, c));
            }
        }
        let extra_fields: Vec<(&str, Match<'_>)> = extra
            .iter()
            .map(|(n, c)| (n.as_str(), c.as_match()))
            .collect();
        let options = PostPolicyOptions {
            key: &key,
            key_starts_with: key_starts_with.as_deref(),
            expires_in: f.integer("expiresIn")?,
            content_length_range: range,
            content_type: content_type.as_ref().map(Condition::as_match),
            storage_class,
            encryption,
            success_action_status: status,
            fields: &extra_fields,
        };
        let post = self
            .inner
            .presign_post(&options, f.now()?)
            .map_err(core_error)?;
        JsonObject::new()
            .string("url", &post.url)
            .record("fields", &post.fields)
            .string("policy", &post.policy)
            .string("policyBase64", &post.policy_base64)
            .number("expiresAt", post.expires_at.unix_seconds() * 1000)
            .finish()
    }

    /// Signs any request in header mode for `fetch` (the worker's own S3 calls).
    #[wasm_bindgen(js_name = signRequest, unchecked_return_type = "SignedRequest")]
    pub fn sign_request(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RequestSpec")] spec: JsValue,
    ) -> JsResult<JsValue> {
        let f = Fields::new(
            &spec,
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
        let method = f.required_string("method")?;
        let key = f.string("key")?;
        let query = f.string_map("query")?;
        let headers = f.string_map("headers")?;
        let body: Option<Vec<u8>> = match f.raw("body") {
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
        let hash = f.string("payloadHash")?;
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
        self.inner
            .sign_request(&spec, f.now()?)
            .map_err(core_error)
            .and_then(signed_to_js)
    }

    /// CreateMultipartUpload as a header-signed request.
    #[wasm_bindgen(js_name = createMultipartUpload, unchecked_return_type = "SignedRequest")]
    pub fn create_multipart_upload(
        &self,
        key: &str,
        #[wasm_bindgen(unchecked_param_type = "ObjectOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        let owned = OwnedObjectOptions::read(&options)?;
        owned.with(|o, now| {
            self.inner
                .create_multipart_upload(key, o, now)
                .map_err(core_error)
                .and_then(signed_to_js)
        })
    }

    /// CompleteMultipartUpload with the XML body built from `parts`.
    #[wasm_bindgen(js_name = completeMultipartUpload, unchecked_return_type = "SignedRequest")]
    pub fn complete_multipart_upload(
        &self,
        key: &str,
        upload_id: &str,
        #[wasm_bindgen(unchecked_param_type = "CompletedPart[]")] parts: JsValue,
        #[wasm_bindgen(unchecked_param_type = "TimeOption")] options: JsValue,
    ) -> JsResult<JsValue> {
        let now = Fields::new(&options, "options", &["now"])?.now()?;
        if !Array::is_array(&parts) {
            return Err(invalid_option(
                "parts must be an array of { partNumber, etag, checksum? }".into(),
            ));
        }
        let mut owned: Vec<(u64, String, Option<OwnedChecksum>)> = Vec::new();
        for (i, part) in Array::from(&parts).iter().enumerate() {
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
        self.inner
            .complete_multipart_upload(key, upload_id, &parts, now)
            .map_err(core_error)
            .and_then(signed_to_js)
    }

    /// AbortMultipartUpload.
    #[wasm_bindgen(js_name = abortMultipartUpload, unchecked_return_type = "SignedRequest")]
    pub fn abort_multipart_upload(
        &self,
        key: &str,
        upload_id: &str,
        #[wasm_bindgen(unchecked_param_type = "TimeOption")] options: JsValue,
    ) -> JsResult<JsValue> {
        let now = Fields::new(&options, "options", &["now"])?.now()?;
        self.inner
            .abort_multipart_upload(key, upload_id, now)
            .map_err(core_error)
            .and_then(signed_to_js)
    }

    /// ListParts (one page).
    #[wasm_bindgen(js_name = listParts, unchecked_return_type = "SignedRequest")]
    pub fn list_parts(
        &self,
        key: &str,
        upload_id: &str,
        #[wasm_bindgen(unchecked_param_type = "ListPartsOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        let f = Fields::new(
            &options,
            "options",
            &["now", "partNumberMarker", "maxParts"],
        )?;
        self.inner
            .list_parts(
                key,
                upload_id,
                f.integer("partNumberMarker")?,
                f.integer("maxParts")?,
                f.now()?,
            )
            .map_err(core_error)
            .and_then(signed_to_js)
    }

    /// HeadBucket (region discovery: read `x-amz-bucket-region` from the answer).
    #[wasm_bindgen(js_name = headBucket, unchecked_return_type = "SignedRequest")]
    pub fn head_bucket(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TimeOption")] options: JsValue,
    ) -> JsResult<JsValue> {
        let now = Fields::new(&options, "options", &["now"])?.now()?;
        self.inner
            .head_bucket(now)
            .map_err(core_error)
            .and_then(signed_to_js)
    }

    /// ListObjectsV2 (one page).
    #[wasm_bindgen(js_name = listObjects, unchecked_return_type = "SignedRequest")]
    pub fn list_objects(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ListObjectsOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        let f = Fields::new(&options, "options", &["now", "prefix", "continuationToken"])?;
        let prefix = f.string("prefix")?;
        let token = f.string("continuationToken")?;
        self.inner
            .list_objects_v2(prefix.as_deref(), token.as_deref(), f.now()?)
            .map_err(core_error)
            .and_then(signed_to_js)
    }
}

impl S3Signer {
    fn presign(&self, operation: s3::Operation, key: &str, options: &JsValue) -> JsResult<JsValue> {
        let owned = OwnedObjectOptions::read(options)?;
        owned.with(|o, now| {
            self.inner
                .presign(operation, key, o, now)
                .map_err(core_error)
                .and_then(presigned_to_js)
        })
    }
}

enum Condition {
    Exact(String),
    StartsWith(String),
}

impl Condition {
    fn as_match(&self) -> Match<'_> {
        match self {
            Condition::Exact(v) => Match::Exact(v),
            Condition::StartsWith(v) => Match::StartsWith(v),
        }
    }
}

fn condition(value: Option<JsValue>, name: &str) -> JsResult<Option<Condition>> {
    let Some(v) = value else { return Ok(None) };
    if let Some(s) = v.as_string() {
        return Ok(Some(Condition::Exact(s)));
    }
    let f = Fields::new(&v, "condition", &["startsWith"])?;
    match f.string("startsWith")? {
        Some(prefix) => Ok(Some(Condition::StartsWith(prefix))),
        None => Err(invalid_option(format!(
            "{name} must be a string or {{ startsWith: string }}"
        ))),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Response parsers

/// Parses CreateMultipartUpload's answer.
#[wasm_bindgen(js_name = parseInitiateMultipartUpload, unchecked_return_type = "InitiatedUpload")]
pub fn parse_initiate_multipart_upload(xml: &str) -> JsResult<JsValue> {
    let r = response::parse_initiate_multipart_upload(xml).map_err(core_error)?;
    let out = Object::new();
    set(&out, "bucket", r.bucket);
    set(&out, "key", r.key);
    set(&out, "uploadId", r.upload_id);
    Ok(out.into())
}

/// Parses ListParts' answer.
#[wasm_bindgen(js_name = parseListParts, unchecked_return_type = "ListPartsPage")]
pub fn parse_list_parts(xml: &str) -> JsResult<JsValue> {
    let page = response::parse_list_parts(xml).map_err(core_error)?;
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
pub fn parse_error(xml: &str) -> JsResult<JsValue> {
    Ok(error_to_js(&response::parse_error(xml).map_err(core_error)?).into())
}

/// Parses CompleteMultipartUpload's answer, which can be an error despite HTTP 200.
#[wasm_bindgen(js_name = parseCompleteMultipartUpload, unchecked_return_type = "CompleteOutcome")]
pub fn parse_complete_multipart_upload(xml: &str) -> JsResult<JsValue> {
    let out = Object::new();
    match response::parse_complete_multipart_upload(xml).map_err(core_error)? {
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
pub fn parse_list_objects(xml: &str) -> JsResult<JsValue> {
    let page = response::parse_list_objects_v2(xml).map_err(core_error)?;
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

/// Checks an `x-amz-bucket-region` header value and returns the region.
#[wasm_bindgen(js_name = parseBucketRegion)]
pub fn parse_bucket_region(value: &str) -> JsResult<String> {
    response::parse_bucket_region_header(value)
        .map(str::to_string)
        .map_err(core_error)
}

// ---------------------------------------------------------------------------------------------------------------
// Listings and checksums

/// Every known region with its partition, opt-in flag and approximate coordinates.
#[wasm_bindgen(unchecked_return_type = "RegionInfo[]")]
pub fn regions() -> JsValue {
    let out = Array::new();
    for r in s3::REGIONS {
        let o = Object::new();
        set(&o, "code", r.code);
        set(&o, "name", r.name);
        set(&o, "partition", r.partition.id());
        set(&o, "optIn", r.opt_in);
        set(&o, "latitude", r.latitude);
        set(&o, "longitude", r.longitude);
        out.push(&o);
    }
    out.into()
}

/// Every storage class S3 accepts.
#[wasm_bindgen(js_name = storageClasses, unchecked_return_type = "StorageClassInfo[]")]
pub fn storage_classes() -> JsValue {
    let out = Array::new();
    for c in StorageClass::ALL {
        let o = Object::new();
        set(&o, "name", c.as_str());
        set(&o, "description", c.description());
        out.push(&o);
    }
    out.into()
}

/// The canonical storage class for a name or alias (`GLACIER_INSTANT_RETRIEVAL` → `GLACIER_IR`).
#[wasm_bindgen(js_name = normalizeStorageClass)]
pub fn normalize_storage_class(name: &str) -> JsResult<String> {
    StorageClass::parse(name)
        .map(|c| c.as_str().to_string())
        .map_err(core_error)
}

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

/// A part size for an object of `size` bytes: at least `preferred` (within 5 MiB..5 GiB) and large enough for at
/// most 10000 parts. Throws `InvalidMultipart` when no part size fits.
#[wasm_bindgen(js_name = partSizeFor)]
pub fn part_size_for(size: f64, preferred: f64) -> JsResult<f64> {
    let size = number_to_u64(size)
        .ok_or_else(|| invalid_option("size must be a non-negative integer".into()))?;
    let preferred = number_to_u64(preferred)
        .ok_or_else(|| invalid_option("preferred must be a non-negative integer".into()))?;
    s3::multipart::part_size_for(size, preferred)
        .map(|p| p as f64)
        .ok_or_else(|| {
            core_error(Error::InvalidMultipart {
                rule: "the object is too large for 10000 parts of at most 5 GiB",
            })
        })
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
