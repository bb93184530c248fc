//! Bucket configuration for diagnostics: CORS rules and lifecycle rules as plain JS objects — parsed from S3's
//! answers, judged, and written back as the XML of a fix. The core parses, evaluates and builds; this only reads and
//! writes the objects. (The signed GetBucketCors / GetBucketLifecycleConfiguration requests are `S3Signer` methods.)

use super::arguments;
use super::errors::{core_error, invalid_option, JsResult};
use super::fields::{array_items, Fields};
use super::results::set;
use crate::s3::cors::{self, CorsRequest, CorsRule};
use crate::s3::lifecycle::{self, LifecycleRule};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_BUCKET_CONFIG: &'static str = r#"
/** A CORSRule, as corsConfigurationXml() and evaluateCors() take it. */
export interface CorsRuleInput {
  id?: string;
  /** "https://app.example.com", "https://*.example.com" (one * at most) or "*". */
  allowedOrigins: string[];
  /** "GET" | "PUT" | "POST" | "DELETE" | "HEAD". */
  allowedMethods: string[];
  /** Request headers a preflight may ask for ("*", "x-amz-*", "content-type"); none by default. */
  allowedHeaders?: string[];
  /** Response headers scripts may read ("ETag"); none by default. */
  exposeHeaders?: string[];
  maxAgeSeconds?: number;
}
/** A CORSRule of GetBucketCors' answer. */
export interface CorsRule extends CorsRuleInput {
  allowedHeaders: string[];
  exposeHeaders: string[];
}
/** A browser request to judge: its Origin, method, the headers its preflight asks for, the response headers it reads. */
export interface CorsRequest {
  origin: string;
  method: string;
  /** Header names, or whole Access-Control-Request-Headers values (split at commas). */
  headers?: string[];
  /** Response headers the page must read, e.g. ["ETag"] for multipart uploads. */
  expose?: string[];
}
/** S3's decision (the first matching rule), or what is missing against the closest rule. */
export interface CorsVerdict {
  allowed: boolean;
  /** The index of the rule S3 uses, when allowed. */
  rule?: number;
  /** When not allowed: the rule that misses least, the one a fix would extend (absent without rules). */
  closestRule?: number;
  missing: { origin: boolean; method: boolean; headers: string[] };
  /** Of request.expose, the headers the matching (or closest) rule does not expose. */
  missingExpose: string[];
}
/** A lifecycle Rule, as lifecycleConfigurationXml() and lifecycleAbortDays() take it. */
export interface LifecycleRuleInput {
  id?: string;
  enabled: boolean;
  /** The key prefix ("" or absent: every key). */
  prefix?: string;
  abortIncompleteMultipartUploadDays?: number;
  expirationDays?: number;
  /** Filtered by tags (such a rule never aborts uploads, and cannot be rebuilt from this summary). */
  tags?: boolean;
  /** Filtered by object size (likewise). */
  objectSize?: boolean;
  /** Holds transitions, noncurrent-version actions, an expiration date or delete-marker removal (not rebuilt). */
  otherActions?: boolean;
}
/** A lifecycle Rule of GetBucketLifecycleConfiguration's answer, summarised. */
export interface LifecycleRule extends LifecycleRuleInput {
  prefix: string;
  tags: boolean;
  objectSize: boolean;
  otherActions: boolean;
}
"#;

const CORS_RULE_FIELDS: &[&str] = &[
    "id",
    "allowedOrigins",
    "allowedMethods",
    "allowedHeaders",
    "exposeHeaders",
    "maxAgeSeconds",
];

const LIFECYCLE_RULE_FIELDS: &[&str] = &[
    "id",
    "enabled",
    "prefix",
    "abortIncompleteMultipartUploadDays",
    "expirationDays",
    "tags",
    "objectSize",
    "otherActions",
];

/// Reading more items than a configuration can hold would only cost time: the core refuses past its limits anyway.
const MAX_RULES_READ: u32 = 10_000;
const MAX_LIST_READ: u32 = 10_000;

/// Parses GetBucketCors' answer into rules. `NoSuchCORSConfiguration` is an error document: use `parseError`.
#[wasm_bindgen(js_name = parseCorsConfiguration, unchecked_return_type = "CorsRule[]")]
pub fn parse_cors_configuration(
    #[wasm_bindgen(unchecked_param_type = "string")] xml: JsValue,
) -> JsResult<JsValue> {
    let xml = arguments::string(&xml, "xml")?;
    let rules = cors::parse_cors_configuration(&xml).map_err(core_error)?;
    let out = Array::new();
    for rule in rules {
        let o = Object::new();
        if let Some(id) = rule.id {
            set(&o, "id", id);
        }
        set(&o, "allowedOrigins", strings_to_js(rule.allowed_origins));
        set(&o, "allowedMethods", strings_to_js(rule.allowed_methods));
        set(&o, "allowedHeaders", strings_to_js(rule.allowed_headers));
        set(&o, "exposeHeaders", strings_to_js(rule.expose_headers));
        if let Some(seconds) = rule.max_age_seconds {
            set(&o, "maxAgeSeconds", seconds as f64);
        }
        out.push(&o);
    }
    Ok(out.into())
}

/// Judges a browser request as S3 does (the first rule whose origin, method and every requested header match).
#[wasm_bindgen(js_name = evaluateCors, unchecked_return_type = "CorsVerdict")]
pub fn evaluate_cors(
    #[wasm_bindgen(unchecked_param_type = "CorsRuleInput[]")] rules: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CorsRequest")] request: JsValue,
) -> JsResult<JsValue> {
    let rules = read_cors_rules(&rules)?;
    let f = Fields::new(
        &request,
        "request",
        &["origin", "method", "headers", "expose"],
    )?;
    let origin = f.required_string("origin")?;
    let method = f.required_string("method")?;
    let headers = string_list(&f, "headers", "request.headers")?;
    let expose = string_list(&f, "expose", "request.expose")?;
    let (headers, expose) = (borrowed(&headers), borrowed(&expose));
    let verdict = cors::evaluate_cors(
        &rules,
        &CorsRequest {
            origin: &origin,
            method: &method,
            headers: &headers,
            expose: &expose,
        },
    );
    let out = Object::new();
    set(&out, "allowed", verdict.allowed());
    if let Some(index) = verdict.rule {
        set(&out, "rule", index as f64);
    }
    if let Some(index) = verdict.closest_rule {
        set(&out, "closestRule", index as f64);
    }
    let missing = Object::new();
    set(&missing, "origin", verdict.missing.origin);
    set(&missing, "method", verdict.missing.method);
    set(&missing, "headers", strings_to_js(verdict.missing.headers));
    set(&out, "missing", missing);
    set(&out, "missingExpose", strings_to_js(verdict.missing_expose));
    Ok(out.into())
}

/// The CORSConfiguration XML for PutBucketCors (it replaces the bucket's configuration: pass every rule to keep).
#[wasm_bindgen(js_name = corsConfigurationXml)]
pub fn cors_configuration_xml(
    #[wasm_bindgen(unchecked_param_type = "CorsRuleInput[]")] rules: JsValue,
) -> JsResult<String> {
    cors::cors_configuration_xml(&read_cors_rules(&rules)?).map_err(core_error)
}

/// Parses GetBucketLifecycleConfiguration's answer into summarised rules. `NoSuchLifecycleConfiguration` is an
/// error document: use `parseError`.
#[wasm_bindgen(js_name = parseLifecycleConfiguration, unchecked_return_type = "LifecycleRule[]")]
pub fn parse_lifecycle_configuration(
    #[wasm_bindgen(unchecked_param_type = "string")] xml: JsValue,
) -> JsResult<JsValue> {
    let xml = arguments::string(&xml, "xml")?;
    let rules = lifecycle::parse_lifecycle_configuration(&xml).map_err(core_error)?;
    let out = Array::new();
    for rule in rules {
        let o = Object::new();
        if let Some(id) = rule.id {
            set(&o, "id", id);
        }
        set(&o, "enabled", rule.enabled);
        set(&o, "prefix", rule.prefix);
        if let Some(days) = rule.abort_incomplete_multipart_upload_days {
            set(&o, "abortIncompleteMultipartUploadDays", days as f64);
        }
        if let Some(days) = rule.expiration_days {
            set(&o, "expirationDays", days as f64);
        }
        set(&o, "tags", rule.tag_filter);
        set(&o, "objectSize", rule.object_size_filter);
        set(&o, "otherActions", rule.other_actions);
        out.push(&o);
    }
    Ok(out.into())
}

/// After how many days an enabled rule aborts incomplete multipart uploads of every key under `prefix` (the fewest
/// when several do); null when none does.
#[wasm_bindgen(js_name = lifecycleAbortDays, unchecked_return_type = "number | null")]
pub fn lifecycle_abort_days(
    #[wasm_bindgen(unchecked_param_type = "LifecycleRuleInput[]")] rules: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] prefix: JsValue,
) -> JsResult<JsValue> {
    let rules = read_lifecycle_rules(&rules)?;
    let prefix = arguments::string(&prefix, "prefix")?;
    Ok(match lifecycle::lifecycle_abort_days(&rules, &prefix) {
        Some(days) => JsValue::from_f64(days as f64),
        None => JsValue::NULL,
    })
}

/// The LifecycleConfiguration XML for PutBucketLifecycleConfiguration (it replaces the bucket's whole configuration:
/// pass every rule to keep).
#[wasm_bindgen(js_name = lifecycleConfigurationXml)]
pub fn lifecycle_configuration_xml(
    #[wasm_bindgen(unchecked_param_type = "LifecycleRuleInput[]")] rules: JsValue,
) -> JsResult<String> {
    lifecycle::lifecycle_configuration_xml(&read_lifecycle_rules(&rules)?).map_err(core_error)
}

fn read_cors_rules(rules: &JsValue) -> JsResult<Vec<CorsRule>> {
    let items = array_items(arguments::array(rules, "rules")?, "rules", MAX_RULES_READ)?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let f = Fields::new(item, "rules[]", CORS_RULE_FIELDS)?;
        if !f.present {
            return Err(invalid_option(format!("rules[{i}] must be an object")));
        }
        out.push(CorsRule {
            id: f.string("id")?,
            allowed_origins: string_list(&f, "allowedOrigins", "rules[].allowedOrigins")?,
            allowed_methods: string_list(&f, "allowedMethods", "rules[].allowedMethods")?,
            allowed_headers: string_list(&f, "allowedHeaders", "rules[].allowedHeaders")?,
            expose_headers: string_list(&f, "exposeHeaders", "rules[].exposeHeaders")?,
            max_age_seconds: f.integer("maxAgeSeconds")?,
        });
    }
    Ok(out)
}

fn read_lifecycle_rules(rules: &JsValue) -> JsResult<Vec<LifecycleRule>> {
    let items = array_items(arguments::array(rules, "rules")?, "rules", MAX_RULES_READ)?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let f = Fields::new(item, "rules[]", LIFECYCLE_RULE_FIELDS)?;
        if !f.present {
            return Err(invalid_option(format!("rules[{i}] must be an object")));
        }
        let enabled = f
            .bool("enabled")?
            .ok_or_else(|| invalid_option(format!("rules[{i}].enabled is required")))?;
        out.push(LifecycleRule {
            id: f.string("id")?,
            enabled,
            prefix: f.string("prefix")?.unwrap_or_default(),
            abort_incomplete_multipart_upload_days: f
                .integer("abortIncompleteMultipartUploadDays")?,
            expiration_days: f.integer("expirationDays")?,
            tag_filter: f.bool("tags")?.unwrap_or(false),
            object_size_filter: f.bool("objectSize")?.unwrap_or(false),
            other_actions: f.bool("otherActions")?.unwrap_or(false),
        });
    }
    Ok(out)
}

/// An optional array of strings; absent (or null) is empty.
fn string_list(f: &Fields, name: &str, what: &str) -> JsResult<Vec<String>> {
    let Some(value) = f.raw(name) else {
        return Ok(Vec::new());
    };
    if !Array::is_array(&value) {
        return Err(invalid_option(format!(
            "{what} must be an array of strings"
        )));
    }
    array_items(&value, what, MAX_LIST_READ)?
        .into_iter()
        .map(|item| {
            item.as_string()
                .ok_or_else(|| invalid_option(format!("{what} must be an array of strings")))
        })
        .collect()
}

fn borrowed(values: &[String]) -> Vec<&str> {
    values.iter().map(String::as_str).collect()
}

fn strings_to_js(values: Vec<String>) -> Array {
    values.iter().map(|v| JsValue::from_str(v)).collect()
}
