//! How results reach JavaScript: plain objects, numbers as numbers. The hot results (presigned and signed requests)
//! cross as lines turned into objects by an inlined JS snippet; the others as one JSON text, or property by property
//! where they are rare (parsers, listings).

use super::errors::JsResult;
use crate::s3;
use alloc::borrow::Cow;
use alloc::string::String;
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
#[cfg(feature = "js")]
use {super::errors::js_error, crate::Bucket, js_sys::JSON};

#[wasm_bindgen(typescript_custom_section)]
const TS_SIGNED_REQUEST: &'static str = r#"
/** A header-signed request for fetch() on a server or worker. */
export interface SignedRequest {
  url: string;
  method: "GET" | "PUT" | "POST" | "HEAD" | "DELETE";
  headers: Record<string, string>;
  /** The body to send (CompleteMultipartUpload or CreateInvalidation XML), if any. */
  body?: string;
}
"#;

#[cfg(feature = "js")]
#[wasm_bindgen(typescript_custom_section)]
const TS_RESULTS: &'static str = r#"
/** A presigned URL and exactly what the client must send with it. */
export interface PresignedRequest {
  url: string;
  method: "GET" | "PUT" | "POST" | "HEAD" | "DELETE";
  /** Lowercase names. Browsers set content-length themselves; send the others as given. */
  headers: Record<string, string>;
  /** ms since epoch. */
  expiresAt: number;
  /** Seconds. */
  expiresIn: number;
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

export interface BucketInfo {
  bucket: string;
  region: string;
  host: string;
  origin: string;
  pathStyle: boolean;
  backend: "aws" | "r2" | "generic";
}
"#;

/// Sets one property of a result object.
pub(crate) fn set(object: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(object, &JsValue::from_str(key), &value.into());
}

/// A result object written as JSON text and handed to JavaScript in one crossing (`JSON.parse`): setting properties
/// one by one costs a boundary crossing and a string conversion each, several times the signature itself.
#[cfg(feature = "js")]
struct JsonObject(String);

#[cfg(feature = "js")]
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
"#)]
extern "C" {
    #[wasm_bindgen(js_name = presignedFromLines)]
    fn presigned_from_lines(text: &str) -> JsValue;
    #[wasm_bindgen(js_name = signedFromLines)]
    fn signed_from_lines(text: &str) -> JsValue;
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

#[cfg(feature = "js")]
pub(crate) fn presigned_to_js(p: s3::PresignedRequest) -> JsResult<JsValue> {
    let mut text = request_lines(&p.url, p.method, &p.headers, 32);
    for n in [p.expires_at.unix_seconds() * 1000, p.expires_in] {
        text.push('\n');
        text.push_str(crate::sigv4::itoa_buf(n).as_str());
    }
    Ok(presigned_from_lines(&text))
}

pub(crate) fn signed_to_js(r: s3::SignedRequest) -> JsResult<JsValue> {
    let body = String::from_utf8_lossy(&r.body);
    let mut text = request_lines(&r.url, r.method, &r.headers, body.len() + 1);
    if !body.is_empty() {
        text.push('\n');
        text.push_str(&body);
    }
    Ok(signed_from_lines(&text))
}

/// A presigned POST: the form URL, its fields in order, and the policy.
#[cfg(feature = "js")]
pub(crate) fn presigned_post_to_js(post: s3::PresignedPost) -> JsResult<JsValue> {
    JsonObject::new()
        .string("url", &post.url)
        .record("fields", &post.fields)
        .string("policy", &post.policy)
        .string("policyBase64", &post.policy_base64)
        .number("expiresAt", post.expires_at.unix_seconds() * 1000)
        .finish()
}

/// The checked bucket: name, region, host, origin, addressing and backend.
#[cfg(feature = "js")]
pub(crate) fn bucket_info_to_js(b: &Bucket) -> JsResult<JsValue> {
    JsonObject::new()
        .string("bucket", b.name())
        .string("region", b.region())
        .string("host", b.host())
        .string("origin", &b.origin())
        .boolean("pathStyle", b.is_path_style())
        .string("backend", b.backend().name())
        .finish()
}
