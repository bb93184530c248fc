//! The options object of `presignPost` (`PostPolicyOptions` in the .d.ts), read into owned values and lent to the
//! core's [`PostPolicyOptions`].

use super::errors::{core_error, invalid_option, JsResult};
use super::fields::{array_items, number_to_u64, own_entries, Fields};
use crate::s3::{Encryption, Match, PostPolicyOptions, StorageClass};
use crate::time::Timestamp;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TS_POST_POLICY: &'static str = r#"
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
"#;

const POST_POLICY_OPTIONS: &[&str] = &[
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
];

/// Reads a `PostPolicyOptions` object and runs `f` with the borrowed core options and the signing time.
pub(crate) fn with_options<T>(
    options: &JsValue,
    f: impl FnOnce(&PostPolicyOptions<'_>, Timestamp) -> JsResult<T>,
) -> JsResult<T> {
    let fields = Fields::new(options, "options", POST_POLICY_OPTIONS)?;
    let key = fields.required_string("key")?;
    let key_starts_with = fields.string("keyStartsWith")?;
    let range = match fields.raw("contentLengthRange") {
        None => None,
        Some(v) => {
            let items = match Array::is_array(&v) {
                true => array_items(&v, "options.contentLengthRange", 16)?,
                false => Vec::new(),
            };
            let pair = match items.as_slice() {
                [min, max] => min
                    .as_f64()
                    .and_then(number_to_u64)
                    .zip(max.as_f64().and_then(number_to_u64)),
                _ => None,
            };
            Some(pair.ok_or_else(|| {
                invalid_option(
                    "options.contentLengthRange must be [min, max] with integer numbers".into(),
                )
            })?)
        }
    };
    let content_type = condition(fields.raw("contentType"), "contentType")?;
    let storage_class = fields
        .string("storageClass")?
        .map(|c| StorageClass::parse(&c))
        .transpose()
        .map_err(core_error)?;
    let sse = fields.string("sse")?;
    let kms_key = fields.string("sseKmsKeyId")?;
    let context = fields.string("sseContext")?;
    let bucket_key = fields.bool("sseBucketKeyEnabled")?;
    let encryption = sse
        .as_deref()
        .map(|s| Encryption::parse(s, kms_key.as_deref(), context.as_deref(), bucket_key))
        .transpose()
        .map_err(core_error)?;
    let status = fields
        .integer("successActionStatus")?
        .map(|s| u16::try_from(s).unwrap_or(0));
    let mut extra: Vec<(String, Condition)> = Vec::new();
    if let Some(v) = fields.raw("fields") {
        if !v.is_object() || Array::is_array(&v) {
            return Err(invalid_option("options.fields must be an object".into()));
        }
        for entry in own_entries(&v, "options.fields")?.iter() {
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
        expires_in: fields.integer("expiresIn")?,
        content_length_range: range,
        content_type: content_type.as_ref().map(Condition::as_match),
        storage_class,
        encryption,
        success_action_status: status,
        fields: &extra_fields,
    };
    f(&options, fields.now()?)
}

/// A form field condition: an exact value or `{ startsWith }`.
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
