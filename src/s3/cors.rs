//! Bucket CORS: S3's answer to GetBucketCors, how S3 decides whether a browser request is allowed by it, and the
//! configuration document a fix writes back with PutBucketCors.
//!
//! S3 takes the **first** `CORSRule` that matches a request, and a rule matches when the request's `Origin` is one of
//! its `AllowedOrigin`s, its method (or a preflight's `Access-Control-Request-Method`) is one of its
//! `AllowedMethod`s, and *every* header named in a preflight's `Access-Control-Request-Headers` is one of its
//! `AllowedHeader`s. An `AllowedOrigin` or `AllowedHeader` may hold one `*` wildcard.
//! <https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html> ("How does Amazon S3 evaluate the CORS
//! configuration on a bucket?"), <https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html>

use super::multipart::push_element;
use super::response::{expect_root, parse_number, walk_with_open};
use super::signer::{S3Signer, SignedRequest};
use crate::error::{Error, Result};
use crate::sigv4::itoa_buf;
use crate::time::Timestamp;
use alloc::string::String;
use alloc::vec::Vec;

/// The methods a `CORSRule` may allow.
/// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html#cors-allowed-methods>
pub const CORS_METHODS: [&str; 5] = ["GET", "PUT", "POST", "DELETE", "HEAD"];

/// A CORS configuration holds at most 100 rules.
pub const MAX_CORS_RULES: usize = 100;

/// The configuration document is limited to 64 KB.
/// <https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketCors.html>
pub const MAX_CORS_DOCUMENT_BYTES: usize = 64 * 1024;

/// One `CORSRule`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CorsRule {
    /// `ID`: a name of up to 255 characters.
    pub id: Option<String>,
    /// `AllowedOrigin`: `https://app.example.com`, `https://*.example.com`, or `*` for every origin.
    pub allowed_origins: Vec<String>,
    /// `AllowedMethod`: `GET`, `PUT`, `POST`, `DELETE`, `HEAD`.
    pub allowed_methods: Vec<String>,
    /// `AllowedHeader`: the request headers a preflight may ask for (`*`, `x-amz-*`, `content-type`).
    pub allowed_headers: Vec<String>,
    /// `ExposeHeader`: the response headers scripts may read (`ETag` for multipart uploads).
    pub expose_headers: Vec<String>,
    /// `MaxAgeSeconds`: how long a browser may cache the preflight answer.
    pub max_age_seconds: Option<u64>,
}

impl CorsRule {
    /// Does `origin` match one of the rule's `AllowedOrigin`s? Origins compare case-sensitively, as S3 compares
    /// them (browsers send the scheme and host lowercase).
    pub fn allows_origin(&self, origin: &str) -> bool {
        self.allowed_origins
            .iter()
            .any(|allowed| wildcard_match(allowed, origin, false))
    }

    /// Is `method` one of the rule's `AllowedMethod`s? `method` is normalised as browsers normalise it (`put` is
    /// sent as `PUT`); S3's method names are uppercase.
    pub fn allows_method(&self, method: &str) -> bool {
        let method = normalize_method(method);
        self.allowed_methods
            .iter()
            .any(|allowed| *allowed == method)
    }

    /// Is a request header that a preflight asks for allowed? Header names compare ignoring ASCII case.
    pub fn allows_header(&self, name: &str) -> bool {
        self.allowed_headers
            .iter()
            .any(|allowed| wildcard_match(allowed, name, true))
    }

    /// May a script read the response header `name`? S3 lists the rule's `ExposeHeader`s in
    /// `Access-Control-Expose-Headers`; names compare ignoring ASCII case. A `*` there is the Fetch standard's
    /// wildcard, which browsers honour for requests without credentials (presigned requests carry none).
    /// <https://fetch.spec.whatwg.org/#http-access-control-expose-headers>
    pub fn exposes(&self, name: &str) -> bool {
        self.expose_headers
            .iter()
            .any(|exposed| exposed == "*" || exposed.eq_ignore_ascii_case(name))
    }
}

/// A browser request to judge against a CORS configuration.
#[derive(Debug, Clone, Copy, Default)]
pub struct CorsRequest<'a> {
    /// The `Origin` header (`https://app.example.com`).
    pub origin: &'a str,
    /// The method, or a preflight's `Access-Control-Request-Method`.
    pub method: &'a str,
    /// The headers a preflight asks for: names, or whole `Access-Control-Request-Headers` values (split at commas).
    pub headers: &'a [&'a str],
    /// Response headers the page needs to read (`ETag`).
    pub expose: &'a [&'a str],
}

/// What is missing for a request, measured against one rule.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CorsMissing {
    /// The origin is not one of the rule's `AllowedOrigin`s.
    pub origin: bool,
    /// The method is not one of its `AllowedMethod`s.
    pub method: bool,
    /// The requested headers that none of its `AllowedHeader`s allows, as given.
    pub headers: Vec<String>,
}

impl CorsMissing {
    fn count(&self) -> usize {
        usize::from(self.origin) + usize::from(self.method) + self.headers.len()
    }
}

/// S3's decision on a request, and what a fix would have to add.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CorsVerdict {
    /// The index of the rule S3 uses (the first that matches); `None` when no rule matches.
    pub rule: Option<usize>,
    /// When no rule matches: the rule that misses least (fewest of origin, method and headers; the earlier one on a
    /// tie), the one a fix would extend. `None` when there are no rules at all.
    pub closest_rule: Option<usize>,
    /// What the request lacks against `closest_rule` (everything when there are no rules); empty when allowed.
    pub missing: CorsMissing,
    /// Of the requested `expose` headers, those the matching (or closest) rule does not expose.
    pub missing_expose: Vec<String>,
}

impl CorsVerdict {
    /// Does S3 allow the request?
    pub fn allowed(&self) -> bool {
        self.rule.is_some()
    }
}

/// Judges `request` as S3 does: the first rule whose origin, method and every requested header match. When none
/// does, reports what is missing against the closest rule.
pub fn evaluate_cors(rules: &[CorsRule], request: &CorsRequest<'_>) -> CorsVerdict {
    let requested = requested_headers(request.headers);
    let missing_against = |rule: &CorsRule| CorsMissing {
        origin: !rule.allows_origin(request.origin),
        method: !rule.allows_method(request.method),
        headers: requested
            .iter()
            .filter(|h| !rule.allows_header(h))
            .map(|h| String::from(*h))
            .collect(),
    };
    let missing_expose = |rule: Option<&CorsRule>| {
        let mut out: Vec<String> = Vec::new();
        for name in request.expose {
            let name = name.trim();
            let exposed = rule.is_some_and(|r| r.exposes(name));
            if !name.is_empty() && !exposed && !out.iter().any(|o| o.eq_ignore_ascii_case(name)) {
                out.push(name.into());
            }
        }
        out
    };
    let mut closest: Option<(usize, CorsMissing)> = None;
    for (index, rule) in rules.iter().enumerate() {
        let missing = missing_against(rule);
        if missing.count() == 0 {
            return CorsVerdict {
                rule: Some(index),
                closest_rule: None,
                missing,
                missing_expose: missing_expose(Some(rule)),
            };
        }
        if closest
            .as_ref()
            .is_none_or(|(_, best)| missing.count() < best.count())
        {
            closest = Some((index, missing));
        }
    }
    match closest {
        Some((index, missing)) => CorsVerdict {
            rule: None,
            closest_rule: Some(index),
            missing,
            missing_expose: missing_expose(rules.get(index)),
        },
        None => CorsVerdict {
            rule: None,
            closest_rule: None,
            missing: CorsMissing {
                origin: true,
                method: true,
                headers: requested.iter().map(|h| String::from(*h)).collect(),
            },
            missing_expose: missing_expose(None),
        },
    }
}

/// The header names of `Access-Control-Request-Headers` values: split at commas, trimmed, empty and repeated names
/// (ignoring case) dropped.
fn requested_headers<'a>(values: &[&'a str]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for value in values {
        for name in value.split(',').map(str::trim) {
            if !name.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(name)) {
                out.push(name);
            }
        }
    }
    out
}

/// Fetch's method normalisation: the six standard methods are sent uppercase whatever case the page wrote.
/// <https://fetch.spec.whatwg.org/#concept-method-normalize>
fn normalize_method(method: &str) -> &str {
    ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]
        .into_iter()
        .find(|m| m.eq_ignore_ascii_case(method))
        .unwrap_or(method)
}

/// `pattern`, holding at most one `*`, against `text`. The `*` stands for a non-empty run of characters
/// (`https://*.example.com` matches `https://a.example.com`, not `https://.example.com`); a pattern with more than
/// one `*`, which S3 refuses to store, matches nothing.
fn wildcard_match(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let eq = |a: &str, b: &str| {
        if ignore_case {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    };
    let Some((head, tail)) = pattern.split_once('*') else {
        return eq(pattern, text);
    };
    if tail.contains('*') || text.len() <= head.len() + tail.len() {
        return false;
    }
    // Both cuts fall on character boundaries of `text` when the pieces match, since the pieces are whole strings.
    match (text.get(..head.len()), text.get(text.len() - tail.len()..)) {
        (Some(start), Some(end)) => eq(start, head) && eq(end, tail),
        _ => false,
    }
}

/// Parses a GetBucketCors answer (`<CORSConfiguration>`). S3 answers 404 `NoSuchCORSConfiguration` when the bucket
/// has none; that is an error document for [`parse_error`](super::response::parse_error).
/// <https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketCors.html>
pub fn parse_cors_configuration(xml: &str) -> Result<Vec<CorsRule>> {
    expect_root(xml, "CORSConfiguration")?;
    let rules = core::cell::RefCell::new(Vec::<CorsRule>::new());
    let mut failure = None;
    walk_with_open(
        xml,
        |path| {
            if let [_, "CORSRule"] = path {
                rules.borrow_mut().push(CorsRule::default());
            }
        },
        |path, text| {
            let mut rules = rules.borrow_mut();
            let ([_, "CORSRule", field], Some(rule)) = (path, rules.last_mut()) else {
                return;
            };
            match *field {
                "ID" => rule.id = Some(text),
                "AllowedOrigin" => rule.allowed_origins.push(text),
                "AllowedMethod" => rule.allowed_methods.push(text),
                "AllowedHeader" => rule.allowed_headers.push(text),
                "ExposeHeader" => rule.expose_headers.push(text),
                "MaxAgeSeconds" => {
                    match parse_number(&text, "CORSRule/MaxAgeSeconds is not a number") {
                        Ok(n) => rule.max_age_seconds = Some(n),
                        Err(e) => {
                            failure.get_or_insert(e);
                        }
                    }
                }
                _ => {}
            }
        },
    )?;
    if let Some(e) = failure {
        return Err(e);
    }
    let rules = rules.into_inner();
    if rules
        .iter()
        .any(|r| r.allowed_origins.is_empty() || r.allowed_methods.is_empty())
    {
        return Err(Error::MalformedResponse {
            rule: "every CORSRule has at least one AllowedOrigin and one AllowedMethod",
        });
    }
    Ok(rules)
}

/// The `<CORSConfiguration>` document for PutBucketCors, checked against S3's rules first: 1 to 100 rules, each with
/// at least one origin and one method, methods among GET/PUT/POST/DELETE/HEAD, at most one `*` in an origin or
/// header, IDs of at most 255 characters, a whole document of at most 64 KB. PutBucketCors replaces the bucket's
/// configuration, so pass every rule to keep. S3 requires a `Content-MD5` (or an `x-amz-checksum-*`) header with it.
/// <https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketCors.html>
pub fn cors_configuration_xml(rules: &[CorsRule]) -> Result<String> {
    let fail = |rule| Err(Error::InvalidCorsConfiguration { rule });
    if rules.is_empty() {
        return fail(
            "a configuration needs at least one CORSRule (to remove CORS, send DeleteBucketCors)",
        );
    }
    if rules.len() > MAX_CORS_RULES {
        return fail("a configuration holds at most 100 CORSRules");
    }
    let mut xml = String::with_capacity(96 + rules.len() * 256);
    xml.push_str("<CORSConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
    for rule in rules {
        if rule
            .id
            .as_deref()
            .is_some_and(|id| id.chars().count() > 255)
        {
            return fail("a CORSRule ID is at most 255 characters");
        }
        if rule.allowed_origins.is_empty() || rule.allowed_methods.is_empty() {
            return fail("every CORSRule needs at least one AllowedOrigin and one AllowedMethod");
        }
        if rule
            .allowed_methods
            .iter()
            .any(|m| !CORS_METHODS.contains(&m.as_str()))
        {
            return fail("AllowedMethod is one of GET, PUT, POST, DELETE and HEAD (uppercase)");
        }
        for value in rule.allowed_origins.iter().chain(&rule.allowed_headers) {
            if value.is_empty() || value.matches('*').count() > 1 {
                return fail("an AllowedOrigin or AllowedHeader is non-empty and holds at most one * wildcard");
            }
        }
        for value in rule
            .allowed_origins
            .iter()
            .chain(&rule.allowed_headers)
            .chain(&rule.expose_headers)
            .chain(&rule.id)
        {
            if value.chars().any(char::is_control) {
                return fail("CORS values may not contain control characters");
            }
        }
        if rule.expose_headers.iter().any(String::is_empty) {
            return fail("an ExposeHeader is a non-empty header name");
        }
        if rule.max_age_seconds.is_some_and(|s| s > i32::MAX as u64) {
            return fail("MaxAgeSeconds is at most 2147483647");
        }
        xml.push_str("<CORSRule>");
        if let Some(id) = &rule.id {
            push_element(&mut xml, "ID", id);
        }
        for (name, values) in [
            ("AllowedOrigin", &rule.allowed_origins),
            ("AllowedMethod", &rule.allowed_methods),
            ("AllowedHeader", &rule.allowed_headers),
            ("ExposeHeader", &rule.expose_headers),
        ] {
            for value in values {
                push_element(&mut xml, name, value);
            }
        }
        if let Some(seconds) = rule.max_age_seconds {
            push_element(&mut xml, "MaxAgeSeconds", itoa_buf(seconds).as_str());
        }
        xml.push_str("</CORSRule>");
    }
    xml.push_str("</CORSConfiguration>");
    if xml.len() > MAX_CORS_DOCUMENT_BYTES {
        return fail("the configuration document is limited to 64 KB");
    }
    Ok(xml)
}

impl S3Signer {
    /// GetBucketCors: `GET /?cors`, header-signed. The answer is parsed with [`parse_cors_configuration`]; a bucket
    /// without CORS answers 404 `NoSuchCORSConfiguration`.
    /// <https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketCors.html>
    pub fn get_bucket_cors(&self, now: Timestamp) -> Result<SignedRequest> {
        self.sign_bucket_request("GET", &[("cors", "")], now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    /// After the S3 User Guide's "Example 1" CORS configuration (cors.html): PUT/POST/DELETE with any header from
    /// two origins, and GET from every origin.
    const DOC_EXAMPLE_1: &str = r#"<CORSConfiguration>
 <CORSRule>
   <AllowedOrigin>http://www.example1.com</AllowedOrigin>
   <AllowedMethod>PUT</AllowedMethod>
   <AllowedMethod>POST</AllowedMethod>
   <AllowedMethod>DELETE</AllowedMethod>
   <AllowedHeader>*</AllowedHeader>
 </CORSRule>
 <CORSRule>
   <AllowedOrigin>http://www.example2.com</AllowedOrigin>
   <AllowedMethod>PUT</AllowedMethod>
   <AllowedMethod>POST</AllowedMethod>
   <AllowedMethod>DELETE</AllowedMethod>
   <AllowedHeader>*</AllowedHeader>
 </CORSRule>
 <CORSRule>
   <AllowedOrigin>*</AllowedOrigin>
   <AllowedMethod>GET</AllowedMethod>
 </CORSRule>
</CORSConfiguration>"#;

    /// After the User Guide's "Example 2" (optional elements: MaxAgeSeconds and ExposeHeader), as GetBucketCors
    /// sends it (namespace, ID).
    const DOC_EXAMPLE_2: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
 <CORSRule>
   <ID>uploads &amp; more</ID>
   <AllowedOrigin>http://www.example.com</AllowedOrigin>
   <AllowedMethod>PUT</AllowedMethod>
   <AllowedMethod>POST</AllowedMethod>
   <AllowedMethod>DELETE</AllowedMethod>
   <AllowedHeader>*</AllowedHeader>
   <MaxAgeSeconds>3000</MaxAgeSeconds>
   <ExposeHeader>x-amz-server-side-encryption</ExposeHeader>
   <ExposeHeader>x-amz-request-id</ExposeHeader>
   <ExposeHeader>x-amz-id-2</ExposeHeader>
 </CORSRule>
</CORSConfiguration>"#;

    fn request<'a>(origin: &'a str, method: &'a str, headers: &'a [&'a str]) -> CorsRequest<'a> {
        CorsRequest {
            origin,
            method,
            headers,
            expose: &[],
        }
    }

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| String::from(*v)).collect()
    }

    #[test]
    fn parses_the_documented_examples() {
        let rules = parse_cors_configuration(DOC_EXAMPLE_1).unwrap();
        assert_eq!(rules.len(), 3);
        assert_eq!(rules[0].allowed_origins, ["http://www.example1.com"]);
        assert_eq!(rules[0].allowed_methods, ["PUT", "POST", "DELETE"]);
        assert_eq!(rules[2].allowed_headers, Vec::<String>::new());
        let rules = parse_cors_configuration(DOC_EXAMPLE_2).unwrap();
        assert_eq!(
            rules,
            vec![CorsRule {
                id: Some("uploads & more".into()),
                allowed_origins: strings(&["http://www.example.com"]),
                allowed_methods: strings(&["PUT", "POST", "DELETE"]),
                allowed_headers: strings(&["*"]),
                expose_headers: strings(&[
                    "x-amz-server-side-encryption",
                    "x-amz-request-id",
                    "x-amz-id-2"
                ]),
                max_age_seconds: Some(3000),
            }]
        );
    }

    #[test]
    fn evaluates_the_documented_examples_first_match_first() {
        let rules = parse_cors_configuration(DOC_EXAMPLE_1).unwrap();
        let verdict = evaluate_cors(
            &rules,
            &request(
                "http://www.example2.com",
                "PUT",
                &["content-type, x-amz-meta-a"],
            ),
        );
        assert_eq!((verdict.allowed(), verdict.rule), (true, Some(1)));
        assert_eq!(verdict.missing, CorsMissing::default());
        // GET from anywhere is the third rule; the first two do not allow GET at all.
        let verdict = evaluate_cors(&rules, &request("https://elsewhere.test", "GET", &[]));
        assert_eq!(verdict.rule, Some(2));
        // GET with a requested header: the third rule allows no headers, so nothing matches; the closest rule is
        // the third (one header short) rather than the first (origin and method short).
        let verdict = evaluate_cors(
            &rules,
            &request("https://elsewhere.test", "GET", &["Range"]),
        );
        assert_eq!((verdict.rule, verdict.closest_rule), (None, Some(2)));
        assert_eq!(
            verdict.missing,
            CorsMissing {
                origin: false,
                method: false,
                headers: strings(&["Range"]),
            }
        );
        // PUT from an unlisted origin: the first two rules each miss the origin; the first of them is reported.
        let verdict = evaluate_cors(&rules, &request("http://www.example3.com", "PUT", &[]));
        assert_eq!(verdict.closest_rule, Some(0));
        assert!(verdict.missing.origin && !verdict.missing.method);
    }

    #[test]
    fn first_matching_rule_wins_even_when_a_later_one_exposes_more() {
        let narrow = CorsRule {
            allowed_origins: strings(&["https://app.example.com"]),
            allowed_methods: strings(&["PUT"]),
            allowed_headers: strings(&["*"]),
            ..Default::default()
        };
        let wide = CorsRule {
            expose_headers: strings(&["ETag"]),
            ..narrow.clone()
        };
        let verdict = evaluate_cors(
            &[narrow, wide],
            &CorsRequest {
                origin: "https://app.example.com",
                method: "PUT",
                headers: &["content-type"],
                expose: &["etag", "ETag", "x-amz-version-id"],
            },
        );
        assert_eq!(verdict.rule, Some(0));
        // S3 answers with the first rule's ExposeHeaders (none), whatever the second one says.
        assert_eq!(
            verdict.missing_expose,
            strings(&["etag", "x-amz-version-id"])
        );
    }

    #[test]
    fn wildcards_case_and_methods() {
        let rule = CorsRule {
            allowed_origins: strings(&["https://*.example.com", "http://localhost:8787"]),
            allowed_methods: strings(&["GET", "PUT"]),
            allowed_headers: strings(&["Content-Type", "x-amz-*"]),
            expose_headers: strings(&["ETag"]),
            ..Default::default()
        };
        assert!(rule.allows_origin("https://a.example.com"));
        assert!(rule.allows_origin("https://a.b.example.com"));
        assert!(
            !rule.allows_origin("https://.example.com"),
            "the wildcard stands for at least one character"
        );
        assert!(!rule.allows_origin("https://example.com"));
        assert!(!rule.allows_origin("http://a.example.com"));
        assert!(
            !rule.allows_origin("https://A.EXAMPLE.COM"),
            "origins compare case-sensitively"
        );
        assert!(!rule.allows_origin("https://a.example.com.evil.test"));
        assert!(rule.allows_origin("http://localhost:8787"));
        assert!(!rule.allows_origin("http://localhost:8788"));
        assert!(rule.allows_method("PUT") && rule.allows_method("put"));
        assert!(!rule.allows_method("POST") && !rule.allows_method("PATCH"));
        assert!(rule.allows_header("content-type") && rule.allows_header("CONTENT-TYPE"));
        assert!(
            rule.allows_header("X-Amz-Meta-Owner") && rule.allows_header("x-amz-checksum-crc32c")
        );
        assert!(!rule.allows_header("x-amz-") && !rule.allows_header("range"));
        assert!(rule.exposes("etag") && !rule.exposes("x-amz-version-id"));
        let every = CorsRule {
            allowed_origins: strings(&["*"]),
            allowed_methods: strings(&["GET"]),
            expose_headers: strings(&["*"]),
            ..Default::default()
        };
        assert!(every.allows_origin("null") && every.allows_origin("https://x.test"));
        assert!(every.exposes("ETag"));
        // Patterns S3 would refuse to store (two wildcards) match nothing; no input panics.
        assert!(!wildcard_match("*.*", "a.b", false));
        assert!(!wildcard_match("é*", "e\u{301}x", false));
        assert!(!wildcard_match("ab*", "a", true));
    }

    #[test]
    fn reports_every_missing_part_against_the_closest_rule() {
        let rules = [
            CorsRule {
                allowed_origins: strings(&["https://a.test"]),
                allowed_methods: strings(&["GET"]),
                ..Default::default()
            },
            CorsRule {
                allowed_origins: strings(&["https://b.test"]),
                allowed_methods: strings(&["PUT"]),
                allowed_headers: strings(&["content-type"]),
                ..Default::default()
            },
        ];
        let verdict = evaluate_cors(
            &rules,
            &CorsRequest {
                origin: "https://b.test",
                method: "PUT",
                headers: &["Content-Type", "x-amz-checksum-crc32c", "content-type"],
                expose: &["ETag"],
            },
        );
        assert_eq!(verdict.closest_rule, Some(1));
        assert_eq!(verdict.missing.headers, strings(&["x-amz-checksum-crc32c"]));
        assert_eq!(verdict.missing_expose, strings(&["ETag"]));
        // No rules at all: everything is missing.
        let verdict = evaluate_cors(&[], &request("https://b.test", "PUT", &["a", "b"]));
        assert_eq!((verdict.rule, verdict.closest_rule), (None, None));
        assert_eq!(
            verdict.missing,
            CorsMissing {
                origin: true,
                method: true,
                headers: strings(&["a", "b"]),
            }
        );
    }

    #[test]
    fn builds_what_it_parses_and_refuses_what_s3_refuses() {
        let rules = parse_cors_configuration(DOC_EXAMPLE_2).unwrap();
        let xml = cors_configuration_xml(&rules).unwrap();
        assert_eq!(
            xml,
            "<CORSConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><CORSRule><ID>uploads &amp; more</ID>\
             <AllowedOrigin>http://www.example.com</AllowedOrigin><AllowedMethod>PUT</AllowedMethod>\
             <AllowedMethod>POST</AllowedMethod><AllowedMethod>DELETE</AllowedMethod><AllowedHeader>*</AllowedHeader>\
             <ExposeHeader>x-amz-server-side-encryption</ExposeHeader><ExposeHeader>x-amz-request-id</ExposeHeader>\
             <ExposeHeader>x-amz-id-2</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>"
        );
        assert_eq!(parse_cors_configuration(&xml).unwrap(), rules);
        let good = rules[0].clone();
        let bad = |change: &dyn Fn(&mut CorsRule)| {
            let mut rule = good.clone();
            change(&mut rule);
            cors_configuration_xml(&[rule]).unwrap_err().code()
        };
        for code in [
            bad(&|r| r.allowed_methods = strings(&["PATCH"])),
            bad(&|r| r.allowed_methods = strings(&["get"])),
            bad(&|r| r.allowed_methods.clear()),
            bad(&|r| r.allowed_origins.clear()),
            bad(&|r| r.allowed_origins = strings(&["https://*.*.example.com"])),
            bad(&|r| r.allowed_headers = strings(&["x-*-*"])),
            bad(&|r| r.allowed_headers = strings(&[""])),
            bad(&|r| r.expose_headers = strings(&["a\nb"])),
            bad(&|r| r.id = Some("x".repeat(256))),
            bad(&|r| r.max_age_seconds = Some(1 << 31)),
        ] {
            assert_eq!(code, "InvalidCorsConfiguration");
        }
        assert!(cors_configuration_xml(&[]).is_err());
        assert!(cors_configuration_xml(&vec![good.clone(); 101]).is_err());
        assert!(cors_configuration_xml(&vec![good.clone(); 100]).is_ok());
        let huge = CorsRule {
            allowed_origins: vec!["https://a.example.com".repeat(100); 40],
            ..good
        };
        assert_eq!(
            cors_configuration_xml(&[huge]).unwrap_err(),
            Error::InvalidCorsConfiguration {
                rule: "the configuration document is limited to 64 KB"
            }
        );
    }

    #[test]
    fn refuses_malformed_answers_with_a_typed_error() {
        for bad in [
            "",
            "<CORSConfiguration><CORSRule>",
            "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>",
            "<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>",
            "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>soon</MaxAgeSeconds></CORSRule></CORSConfiguration>",
            "<Error><Code>NoSuchCORSConfiguration</Code><Message>m</Message></Error>",
            "<LifecycleConfiguration/>",
            "<CORSConfiguration><CORSRule><AllowedOrigin>&bogus;</AllowedOrigin></CORSRule></CORSConfiguration>",
        ] {
            assert_eq!(
                parse_cors_configuration(bad).unwrap_err().code(),
                "MalformedResponse",
                "{bad}"
            );
        }
        // An empty configuration is no rules (S3 itself answers NoSuchCORSConfiguration instead).
        assert_eq!(
            parse_cors_configuration("<CORSConfiguration/>").unwrap(),
            vec![]
        );
    }
}
