//! CloudFront for JS: signed URLs and cookies in two steps around WebCrypto, invalidation requests and CloudFront's
//! answers. Every rule lives in `cloudfront/`; this file reads the option objects, hands them to the core and builds
//! the result objects. It is the whole API of the server-side module `s3-edge-signer/cloudfront` (feature
//! `js-cloudfront`): a browser never holds the CDN's private key or AWS credentials, so none of it is in the main
//! module that pages load.
//!
//! A prepared URL or cookie set is a plain object: the options as read (normalised: absolute times in ms, the
//! cookie attributes filled in) plus what they produce (`toSign`, `policy`, `webCrypto`). `finish…` reads the same
//! options from it and asks the core again, so nothing is trusted from the object but its inputs, and nothing needs
//! freeing.

use super::arguments;
use super::errors::{core_error, invalid_option, JsResult};
use super::fields::{array_items, time_millis, Fields};
use super::results::{set, signed_to_js};
use crate::cloudfront::{
    self, CookieAttributes, PreparedSignedCookies, PreparedSignedUrl, SameSite, SignatureAlgorithm,
    SignedCookiesOptions, SignedUrlOptions,
};
use crate::time::Timestamp;
use crate::Credentials;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use js_sys::{Array, Object, Uint8Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_CLOUDFRONT: &'static str = r#"
export type CloudFrontHashAlgorithm = "SHA1" | "SHA256";
export type CloudFrontKeyAlgorithm = "RSA" | "ECDSA";

/** What a signed URL or signed cookies grant. Give dateLessThan or expiresIn. */
export interface CloudFrontGrant {
  /** ID of the public key (in a key group the distribution trusts), e.g. "K2JCJMDEHXQW5F". */
  keyPairId: string;
  /** RSA (2048-bit) with SHA1 or SHA256; ECDSA (P-256) with SHA256. Must match the key you sign with. */
  keyAlgorithm: CloudFrontKeyAlgorithm;
  hashAlgorithm: CloudFrontHashAlgorithm;
  /** When access ends: ms since epoch or a Date (CloudFront counts whole seconds). */
  dateLessThan?: number | Date;
  /** Seconds from `now` until access ends (instead of dateLessThan). */
  expiresIn?: number;
  /** When access starts (custom policy). */
  dateGreaterThan?: number | Date;
  /** IPv4 address or CIDR range the viewer must come from, e.g. "192.0.2.0/24" (custom policy). */
  ipAddress?: string;
  /** Signing time: ms since epoch or a Date (default Date.now()). */
  now?: number | Date;
}

export interface CloudFrontSignedUrlOptions extends CloudFrontGrant {
  /** The URL exactly as viewers send it: percent-encoded (see cloudFrontObjectUrl), with its own query if any. */
  url: string;
  /** The policy's resource when it is a pattern covering the URL, e.g. "https://d111111abcdef8.cloudfront.net/videos/*". */
  resource?: string;
}

/** Parameters for crypto.subtle: importKey(format, keyData, webCrypto.importKey, false, ["sign"]) and sign(webCrypto.sign, key, toSign). */
export interface CloudFrontWebCrypto {
  importKey: { name: "RSASSA-PKCS1-v1_5"; hash: "SHA-1" | "SHA-256" } | { name: "ECDSA"; namedCurve: "P-256" };
  sign: { name: "RSASSA-PKCS1-v1_5" } | { name: "ECDSA"; hash: "SHA-256" };
}

/** What the prepare functions return besides the normalised options. */
export interface CloudFrontPrepared {
  /** The bytes to sign: the policy statement (a BufferSource for crypto.subtle.sign). */
  toSign: Uint8Array<ArrayBuffer>;
  /** The policy statement (JSON, no whitespace). */
  policy: string;
  policyType: "canned" | "custom";
  webCrypto: CloudFrontWebCrypto;
  /** When access ends, ms since epoch (whole seconds). */
  dateLessThan: number;
  /** The signing time, ms since epoch. */
  now: number;
}

export type PreparedCloudFrontSignedUrl = Omit<CloudFrontSignedUrlOptions, "expiresIn" | "dateLessThan" | "now"> & CloudFrontPrepared;

/** Set-Cookie attributes. Defaults: Path=/, Secure, HttpOnly, SameSite=Lax, a session cookie (no Expires/Max-Age). */
export interface CloudFrontCookieAttributes {
  /** e.g. "example.com" to send the cookies to media.example.com too; default: the host that sets them. */
  domain?: string;
  path?: string;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: "Strict" | "Lax" | "None";
  /** ms since epoch or a Date. */
  expires?: number | Date;
  /** Seconds. */
  maxAge?: number;
}

export interface CloudFrontSignedCookiesOptions extends CloudFrontGrant {
  /** One URL (canned policy) or a pattern with * (custom policy), e.g. "https://d111111abcdef8.cloudfront.net/videos/*". */
  resource: string;
  cookie?: CloudFrontCookieAttributes;
}

export type PreparedCloudFrontSignedCookies = Omit<CloudFrontSignedCookiesOptions, "expiresIn" | "dateLessThan" | "now" | "cookie"> &
  CloudFrontPrepared & { cookie: Required<Omit<CloudFrontCookieAttributes, "domain" | "expires" | "maxAge">> & Pick<CloudFrontCookieAttributes, "domain" | "maxAge"> & { expires?: number } };

export interface CloudFrontSignedCookies {
  /** Name to value: CloudFront-Expires or CloudFront-Policy, CloudFront-Signature, CloudFront-Key-Pair-Id, and CloudFront-Hash-Algorithm for SHA256. */
  cookies: Record<string, string>;
  /** One Set-Cookie header value per cookie: headers.append("Set-Cookie", value). */
  setCookie: string[];
}

export interface CloudFrontPolicyOptions {
  /** A URL as viewers send it, or a pattern with *. */
  resource: string;
  dateLessThan: number | Date;
  dateGreaterThan?: number | Date;
  ipAddress?: string;
}

export interface CloudFrontPolicy {
  policy: string;
  policyType: "canned" | "custom";
  /** CloudFront's URL-safe base64 of the policy (the Policy parameter / CloudFront-Policy cookie). */
  policyBase64: string;
}

export interface CloudFrontCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Signing time: ms since epoch or a Date (default Date.now()). */
  now?: number | Date;
}

export interface CreateInvalidationOptions extends CloudFrontCredentials {
  distributionId: string;
  /** Paths as viewers request them, each starting with "/"; "*" may end one. 1..3000 paths, at most 15 wildcards. */
  paths: string[];
  /** Unique per batch: a retry with the same value is the same invalidation. */
  callerReference: string;
}

export interface GetInvalidationOptions extends CloudFrontCredentials {
  distributionId: string;
  invalidationId: string;
}

export interface CloudFrontInvalidation {
  id: string;
  status: string;
  completed: boolean;
  /** ms since epoch. */
  createTime: number;
  paths: string[];
  callerReference: string;
}

export interface CloudFrontErrorResponse {
  /** "Sender" or "Receiver". */
  type: string;
  code: string;
  message: string;
  requestId?: string;
}
"#;

const GRANT_FIELDS: [&str; 8] = [
    "keyPairId",
    "keyAlgorithm",
    "hashAlgorithm",
    "dateLessThan",
    "expiresIn",
    "dateGreaterThan",
    "ipAddress",
    "now",
];
/// What a prepared object adds; `finish…` accepts and ignores them.
const PREPARED_FIELDS: [&str; 4] = ["toSign", "policy", "policyType", "webCrypto"];

/// The fields every grant shares, read and converted.
struct Grant {
    key_pair_id: String,
    algorithm: SignatureAlgorithm,
    date_less_than: Timestamp,
    date_greater_than: Option<Timestamp>,
    ip_address: Option<String>,
    now: Timestamp,
}

fn timestamp(f: &Fields, name: &str, what: &str) -> JsResult<Option<Timestamp>> {
    f.raw(name)
        .map(|v| {
            let ms = time_millis(&v).ok_or_else(|| {
                invalid_option(format!("{what}.{name} must be ms since epoch or a Date"))
            })?;
            Timestamp::from_unix_millis(ms as u64).map_err(core_error)
        })
        .transpose()
}

impl Grant {
    fn read(f: &Fields, what: &str) -> JsResult<Self> {
        let algorithm = SignatureAlgorithm::from_names(
            &f.required_string("keyAlgorithm")?,
            &f.required_string("hashAlgorithm")?,
        )
        .map_err(core_error)?;
        let now = f.now()?;
        let date_less_than = match (timestamp(f, "dateLessThan", what)?, f.integer("expiresIn")?) {
            (Some(t), None) => t,
            (None, Some(seconds)) => now.checked_add(seconds).map_err(core_error)?,
            _ => {
                return Err(invalid_option(format!(
                    "{what} needs dateLessThan (ms since epoch or a Date) or expiresIn (seconds), not both"
                )))
            }
        };
        Ok(Grant {
            key_pair_id: f.required_string("keyPairId")?,
            algorithm,
            date_less_than,
            date_greater_than: timestamp(f, "dateGreaterThan", what)?,
            ip_address: f.string("ipAddress")?,
            now,
        })
    }

    /// The normalised grant and the policy's outputs, on the prepared object.
    fn write(&self, out: &Object, policy: &cloudfront::Policy) {
        set(out, "keyPairId", self.key_pair_id.as_str());
        set(out, "keyAlgorithm", self.algorithm.key_algorithm());
        set(out, "hashAlgorithm", self.algorithm.hash_algorithm());
        set(out, "dateLessThan", millis(self.date_less_than));
        if let Some(t) = self.date_greater_than {
            set(out, "dateGreaterThan", millis(t));
        }
        if let Some(ip) = &self.ip_address {
            set(out, "ipAddress", ip.as_str());
        }
        set(out, "now", millis(self.now));
        set(out, "toSign", Uint8Array::from(policy.as_bytes()));
        set(out, "policy", policy.as_str());
        set(out, "policyType", policy_type(policy));
        set(out, "webCrypto", web_crypto(self.algorithm));
    }
}

fn millis(t: Timestamp) -> f64 {
    (t.unix_seconds() * 1000) as f64
}

fn policy_type(policy: &cloudfront::Policy) -> &'static str {
    if policy.is_canned() {
        "canned"
    } else {
        "custom"
    }
}

/// WebCrypto's names for the algorithm: the parameters of `importKey` and of `sign`.
fn web_crypto(algorithm: SignatureAlgorithm) -> Object {
    let (import, sign) = (Object::new(), Object::new());
    match algorithm {
        SignatureAlgorithm::EcdsaP256Sha256 => {
            set(&import, "name", "ECDSA");
            set(&import, "namedCurve", "P-256");
            set(&sign, "name", "ECDSA");
            set(&sign, "hash", "SHA-256");
        }
        rsa => {
            set(&import, "name", "RSASSA-PKCS1-v1_5");
            let hash = if rsa == SignatureAlgorithm::RsaSha1 {
                "SHA-1"
            } else {
                "SHA-256"
            };
            set(&import, "hash", hash);
            set(&sign, "name", "RSASSA-PKCS1-v1_5");
        }
    }
    let out = Object::new();
    set(&out, "importKey", import);
    set(&out, "sign", sign);
    out
}

fn fields(value: &JsValue, what: &'static str, allowed: &[&str]) -> JsResult<Fields> {
    let f = Fields::new(value, what, allowed)?;
    if !f.present {
        return Err(invalid_option(format!("{what} must be an object")));
    }
    Ok(f)
}

// ---- signed URLs

fn allowed(extra: &[&'static str], prepared: bool) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = GRANT_FIELDS.to_vec();
    names.extend_from_slice(extra);
    if prepared {
        names.extend_from_slice(&PREPARED_FIELDS);
    }
    names
}

/// Reads signed-URL options (or a prepared URL) and prepares it in the core.
fn prepare_url(
    value: &JsValue,
    what: &'static str,
    prepared: bool,
) -> JsResult<(Grant, Option<String>, String, PreparedSignedUrl)> {
    let f = fields(value, what, &allowed(&["url", "resource"], prepared))?;
    let grant = Grant::read(&f, what)?;
    let url = f.required_string("url")?;
    let resource = f.string("resource")?;
    let core = PreparedSignedUrl::new(
        &SignedUrlOptions {
            url: &url,
            key_pair_id: &grant.key_pair_id,
            algorithm: grant.algorithm,
            date_less_than: grant.date_less_than,
            date_greater_than: grant.date_greater_than,
            source_ip: grant.ip_address.as_deref(),
            resource: resource.as_deref(),
        },
        grant.now,
    )
    .map_err(core_error)?;
    Ok((grant, resource, url, core))
}

/// Checks a signed URL's options and renders its policy: sign `toSign` (with `webCrypto.sign`), then call
/// `finishCloudFrontSignedUrl`.
#[wasm_bindgen(js_name = prepareCloudFrontSignedUrl, unchecked_return_type = "PreparedCloudFrontSignedUrl")]
pub fn prepare_cloudfront_signed_url(
    #[wasm_bindgen(unchecked_param_type = "CloudFrontSignedUrlOptions")] options: JsValue,
) -> JsResult<JsValue> {
    let (grant, resource, url, core) = prepare_url(&options, "options", false)?;
    let out = Object::new();
    set(&out, "url", url);
    if let Some(resource) = resource {
        set(&out, "resource", resource);
    }
    grant.write(&out, core.policy());
    Ok(out.into())
}

/// The signed URL, from a prepared URL and the signature of its `toSign` as `crypto.subtle.sign` returns it
/// (ECDSA's 64-byte r‖s is converted to DER here).
#[wasm_bindgen(js_name = finishCloudFrontSignedUrl)]
pub fn finish_cloudfront_signed_url(
    #[wasm_bindgen(unchecked_param_type = "PreparedCloudFrontSignedUrl")] prepared: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] signature: JsValue,
) -> JsResult<String> {
    let signature = arguments::buffer_source(&signature, "signature")?;
    let (_, _, _, core) = prepare_url(&prepared, "prepared", true)?;
    core.finish_webcrypto(&signature).map_err(core_error)
}

// ---- signed cookies

const COOKIE_FIELDS: [&str; 7] = [
    "domain", "path", "secure", "httpOnly", "sameSite", "expires", "maxAge",
];

struct OwnedCookie {
    domain: Option<String>,
    path: String,
    secure: bool,
    http_only: bool,
    same_site: SameSite,
    same_site_name: String,
    expires: Option<Timestamp>,
    max_age: Option<u64>,
}

impl OwnedCookie {
    fn read(value: Option<JsValue>) -> JsResult<Self> {
        let defaults = CookieAttributes::default();
        let value = value.unwrap_or(JsValue::UNDEFINED);
        let f = Fields::new(&value, "cookie", &COOKIE_FIELDS)?;
        let same_site_name = f.string("sameSite")?.unwrap_or_else(|| "Lax".into());
        Ok(OwnedCookie {
            domain: f.string("domain")?,
            path: f.string("path")?.unwrap_or_else(|| defaults.path.into()),
            secure: f.bool("secure")?.unwrap_or(defaults.secure),
            http_only: f.bool("httpOnly")?.unwrap_or(defaults.http_only),
            same_site: SameSite::parse(&same_site_name).map_err(core_error)?,
            same_site_name,
            expires: timestamp(&f, "expires", "cookie")?,
            max_age: f.integer("maxAge")?,
        })
    }

    fn attributes(&self) -> CookieAttributes<'_> {
        CookieAttributes {
            domain: self.domain.as_deref(),
            path: &self.path,
            secure: self.secure,
            http_only: self.http_only,
            same_site: self.same_site,
            expires: self.expires,
            max_age: self.max_age,
        }
    }

    fn to_js(&self) -> Object {
        let out = Object::new();
        if let Some(domain) = &self.domain {
            set(&out, "domain", domain.as_str());
        }
        set(&out, "path", self.path.as_str());
        set(&out, "secure", self.secure);
        set(&out, "httpOnly", self.http_only);
        set(&out, "sameSite", self.same_site_name.as_str());
        if let Some(t) = self.expires {
            set(&out, "expires", millis(t));
        }
        if let Some(seconds) = self.max_age {
            set(&out, "maxAge", seconds as f64);
        }
        out
    }
}

fn prepare_cookies(
    value: &JsValue,
    what: &'static str,
    prepared: bool,
) -> JsResult<(Grant, String, OwnedCookie, PreparedSignedCookies)> {
    let f = fields(value, what, &allowed(&["resource", "cookie"], prepared))?;
    let grant = Grant::read(&f, what)?;
    let resource = f.required_string("resource")?;
    let cookie = OwnedCookie::read(f.raw("cookie"))?;
    let core = PreparedSignedCookies::new(
        &SignedCookiesOptions {
            resource: &resource,
            key_pair_id: &grant.key_pair_id,
            algorithm: grant.algorithm,
            date_less_than: grant.date_less_than,
            date_greater_than: grant.date_greater_than,
            source_ip: grant.ip_address.as_deref(),
            attributes: cookie.attributes(),
        },
        grant.now,
    )
    .map_err(core_error)?;
    Ok((grant, resource, cookie, core))
}

/// Checks signed-cookie options and renders their policy: sign `toSign`, then call `finishCloudFrontSignedCookies`.
#[wasm_bindgen(js_name = prepareCloudFrontSignedCookies, unchecked_return_type = "PreparedCloudFrontSignedCookies")]
pub fn prepare_cloudfront_signed_cookies(
    #[wasm_bindgen(unchecked_param_type = "CloudFrontSignedCookiesOptions")] options: JsValue,
) -> JsResult<JsValue> {
    let (grant, resource, cookie, core) = prepare_cookies(&options, "options", false)?;
    let out = Object::new();
    set(&out, "resource", resource);
    set(&out, "cookie", cookie.to_js());
    grant.write(&out, core.policy());
    Ok(out.into())
}

/// The signed cookies, from prepared cookies and the signature of their `toSign` as `crypto.subtle.sign` returns
/// it.
#[wasm_bindgen(js_name = finishCloudFrontSignedCookies, unchecked_return_type = "CloudFrontSignedCookies")]
pub fn finish_cloudfront_signed_cookies(
    #[wasm_bindgen(unchecked_param_type = "PreparedCloudFrontSignedCookies")] prepared: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] signature: JsValue,
) -> JsResult<JsValue> {
    let signature = arguments::buffer_source(&signature, "signature")?;
    let (_, _, _, core) = prepare_cookies(&prepared, "prepared", true)?;
    let signed = core.finish_webcrypto(&signature).map_err(core_error)?;
    let cookies = Object::new();
    for (name, value) in &signed.cookies {
        set(&cookies, name, value.as_str());
    }
    let headers = Array::new();
    for header in &signed.set_cookie {
        headers.push(&JsValue::from_str(header));
    }
    let out = Object::new();
    set(&out, "cookies", cookies);
    set(&out, "setCookie", headers);
    Ok(out.into())
}

// ---- policies, URLs, DER

/// A policy statement on its own (to inspect it, or to sign with another tool): canned when the resource is one
/// URL and there is neither a start time nor an address range.
#[wasm_bindgen(js_name = cloudFrontPolicy, unchecked_return_type = "CloudFrontPolicy")]
pub fn cloudfront_policy(
    #[wasm_bindgen(unchecked_param_type = "CloudFrontPolicyOptions")] options: JsValue,
) -> JsResult<JsValue> {
    let f = fields(
        &options,
        "options",
        &["resource", "dateLessThan", "dateGreaterThan", "ipAddress"],
    )?;
    let resource = f.required_string("resource")?;
    let date_less_than = timestamp(&f, "dateLessThan", "options")?
        .ok_or_else(|| invalid_option("options.dateLessThan is required".into()))?;
    let date_greater_than = timestamp(&f, "dateGreaterThan", "options")?;
    let ip = f.string("ipAddress")?;
    let policy = cloudfront::policy::for_resource(
        &resource,
        date_less_than,
        date_greater_than,
        ip.as_deref(),
    )
    .map_err(core_error)?;
    let out = Object::new();
    set(&out, "policy", policy.as_str());
    set(&out, "policyType", policy_type(&policy));
    set(&out, "policyBase64", policy.to_url_safe_base64());
    Ok(out.into())
}

/// Converts WebCrypto's raw ECDSA P-256 signature (r‖s, 64 bytes) to the DER form CloudFront expects.
#[wasm_bindgen(js_name = ecdsaRawToDer)]
pub fn ecdsa_raw_to_der(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] raw: JsValue,
) -> JsResult<Uint8Array> {
    let raw = arguments::buffer_source(&raw, "raw")?;
    let der = cloudfront::ecdsa_raw_to_der(&raw).map_err(core_error)?;
    Ok(Uint8Array::from(der.as_slice()))
}

/// The URL of an object key under a CloudFront base URL, the key encoded as viewers send it (AWS UriEncode).
#[wasm_bindgen(js_name = cloudFrontObjectUrl)]
pub fn cloudfront_object_url(
    #[wasm_bindgen(unchecked_param_type = "string")] base: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] key: JsValue,
) -> JsResult<String> {
    cloudfront::object_url(
        &arguments::string(&base, "base")?,
        &arguments::string(&key, "key")?,
    )
    .map_err(core_error)
}

/// The path viewers request for an object key ("/" + the key in AWS UriEncode): an invalidation path.
#[wasm_bindgen(js_name = cloudFrontObjectPath)]
pub fn cloudfront_object_path(
    #[wasm_bindgen(unchecked_param_type = "string")] key: JsValue,
) -> JsResult<String> {
    cloudfront::object_path(&arguments::string(&key, "key")?).map_err(core_error)
}

// ---- invalidations

const CREDENTIAL_FIELDS: [&str; 4] = ["accessKeyId", "secretAccessKey", "sessionToken", "now"];

fn credentials(f: &Fields) -> JsResult<Credentials> {
    let credentials = Credentials::new(
        f.required_string("accessKeyId")?,
        f.required_string("secretAccessKey")?,
    )
    .map_err(core_error)?;
    match f.string("sessionToken")? {
        Some(token) => credentials.with_session_token(token).map_err(core_error),
        None => Ok(credentials),
    }
}

/// CreateInvalidation, header-signed: `{ url, method, headers, body }` for fetch().
#[wasm_bindgen(js_name = createInvalidation, unchecked_return_type = "SignedRequest")]
pub fn create_invalidation(
    #[wasm_bindgen(unchecked_param_type = "CreateInvalidationOptions")] options: JsValue,
) -> JsResult<JsValue> {
    let mut names = CREDENTIAL_FIELDS.to_vec();
    names.extend_from_slice(&["distributionId", "paths", "callerReference"]);
    let f = fields(&options, "options", &names)?;
    let not_paths = || invalid_option("options.paths must be an array of strings".into());
    let list = f.raw("paths").ok_or_else(not_paths)?;
    if !Array::is_array(&list) {
        return Err(not_paths());
    }
    // Read up to well past CloudFront's 3000-path quota, so that the core names that rule.
    let paths: Vec<String> = array_items(&list, "options.paths", 100_000)?
        .iter()
        .map(|p| p.as_string().ok_or_else(not_paths))
        .collect::<JsResult<_>>()?;
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    let reference = f.required_string("callerReference")?;
    let signed = cloudfront::create_invalidation(
        &credentials(&f)?,
        &f.required_string("distributionId")?,
        &cloudfront::InvalidationBatch {
            paths: &paths,
            caller_reference: &reference,
        },
        f.now()?,
    )
    .map_err(core_error)?;
    signed_to_js(signed)
}

/// GetInvalidation, header-signed: `{ url, method, headers }` for fetch().
#[wasm_bindgen(js_name = getInvalidation, unchecked_return_type = "SignedRequest")]
pub fn get_invalidation(
    #[wasm_bindgen(unchecked_param_type = "GetInvalidationOptions")] options: JsValue,
) -> JsResult<JsValue> {
    let mut names = CREDENTIAL_FIELDS.to_vec();
    names.extend_from_slice(&["distributionId", "invalidationId"]);
    let f = fields(&options, "options", &names)?;
    let signed = cloudfront::get_invalidation(
        &credentials(&f)?,
        &f.required_string("distributionId")?,
        &f.required_string("invalidationId")?,
        f.now()?,
    )
    .map_err(core_error)?;
    signed_to_js(signed)
}

/// Parses the `<Invalidation>` answer of CreateInvalidation (201) or GetInvalidation (200).
#[wasm_bindgen(js_name = parseInvalidation, unchecked_return_type = "CloudFrontInvalidation")]
pub fn parse_invalidation(
    #[wasm_bindgen(unchecked_param_type = "string")] xml: JsValue,
) -> JsResult<JsValue> {
    let i = cloudfront::parse_invalidation(&arguments::string(&xml, "xml")?).map_err(core_error)?;
    let out = Object::new();
    set(&out, "id", i.id.as_str());
    set(&out, "status", i.status.as_str());
    set(&out, "completed", i.is_completed());
    set(&out, "createTime", i.create_time_unix_millis as f64);
    let paths = Array::new();
    for p in &i.paths {
        paths.push(&JsValue::from_str(p));
    }
    set(&out, "paths", paths);
    set(&out, "callerReference", i.caller_reference.as_str());
    Ok(out.into())
}

/// Parses CloudFront's `<ErrorResponse>`.
#[wasm_bindgen(js_name = parseCloudFrontError, unchecked_return_type = "CloudFrontErrorResponse")]
pub fn parse_cloudfront_error(
    #[wasm_bindgen(unchecked_param_type = "string")] xml: JsValue,
) -> JsResult<JsValue> {
    let e = cloudfront::parse_error(&arguments::string(&xml, "xml")?).map_err(core_error)?;
    let out = Object::new();
    set(&out, "type", e.error_type.as_str());
    set(&out, "code", e.code.as_str());
    set(&out, "message", e.message.as_str());
    if let Some(id) = &e.request_id {
        set(&out, "requestId", id.as_str());
    }
    Ok(out.into())
}
