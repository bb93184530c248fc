//! Invalidations: CreateInvalidation (`POST /2020-05-31/distribution/{Id}/invalidation` with an `InvalidationBatch`
//! XML body) and GetInvalidation (`GET …/invalidation/{InvalidationId}`), header-signed with SigV4 for the
//! `cloudfront` service in `us-east-1` (CloudFront is a global service signed in that region), the body's SHA-256
//! in the signature. The requests are signed as botocore signs them (`host` and `x-amz-date`, plus
//! `x-amz-security-token` for temporary credentials), and the vectors in `tests/vectors/cloudfront/` check that
//! byte for byte.
//!
//! Paths follow the Developer Guide: each starts with `/`, `*` may only end it, and non-ASCII or unsafe characters
//! (RFC 1738: space, `" < > # { } | \ ^ [ ]` and `` ` ``) are percent-encoded — here, as UTF-8 `%XX` — while every
//! other character is left as it is, or CloudFront would not match the cached object. Give paths as viewers request
//! them ([`super::object_path`] writes an object key's path the way this crate's URLs do).
//!
//! CloudFront's quotas bound what one batch can do, so they are checked here too: at most 3000 paths per
//! distribution may be in progress at once (so at most 3000 in a batch), and at most 15 wildcard paths. Several
//! batches in flight together can still exceed them; CloudFront then answers `TooManyInvalidationsInProgress`.
//! <https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CreateInvalidation.html>
//! <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/invalidation-specifying-objects.html>
//! <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-invalidations>

use crate::error::{Error, Result};
use crate::sigv4::{
    self, Credentials, Payload, SignableRequest, SignedRequest, SigningKeyCache, SigningParams,
    SigningSettings,
};
use crate::time::Timestamp;
use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// CloudFront's API endpoint (a global service).
pub const CLOUDFRONT_HOST: &str = "cloudfront.amazonaws.com";
/// The region CloudFront's API is signed for.
pub const CLOUDFRONT_REGION: &str = "us-east-1";
/// The API version in every path.
pub const API_VERSION: &str = "2020-05-31";
/// Invalidation paths that may be in progress at once per distribution (a service quota).
pub const MAX_PATHS_IN_PROGRESS: usize = 3000;
/// Wildcard invalidation paths that may be in progress at once per distribution (a service quota).
pub const MAX_WILDCARD_PATHS_IN_PROGRESS: usize = 15;
/// The longest invalidation path.
pub const MAX_PATH_CHARACTERS: usize = 4000;

/// The paths to invalidate and the caller's unique reference for the batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidationBatch<'a> {
    /// Paths as viewers request them, each starting with `/`; `*` may end one.
    pub paths: &'a [&'a str],
    /// A value unique to this batch (a timestamp, a UUID): CloudFront treats a batch repeated with the same
    /// reference as the same request, so a retry never invalidates twice.
    pub caller_reference: &'a str,
}

/// An invalidation path as CloudFront wants it: leading `/`, `*` only at the end, unsafe and non-ASCII characters
/// percent-encoded (existing `%XX` escapes are kept), at most 4000 characters.
pub fn invalidation_path(path: &str) -> Result<String> {
    let invalid = |rule| Error::InvalidInvalidationPath {
        path: path.into(),
        rule,
    };
    if !path.starts_with('/') {
        return Err(invalid("an invalidation path starts with /"));
    }
    if path.find('*').is_some_and(|at| at != path.len() - 1) {
        return Err(invalid(
            "the * wildcard may only be the last character of a path",
        ));
    }
    let mut out = String::with_capacity(path.len());
    let bytes = path.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let unsafe_byte = b <= 0x20 || b >= 0x7F || b"\"<>#{}|\\^[]`".contains(&b);
        if b == b'%' {
            let hex = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return Err(invalid(
                    "a '%' must start a %XX escape; write a literal percent sign as %25",
                ));
            }
            out.push('%');
        } else if unsafe_byte {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        } else {
            out.push(char::from(b));
        }
    }
    // Every character is ASCII once encoded: bytes are characters.
    if out.len() > MAX_PATH_CHARACTERS {
        return Err(invalid("an invalidation path has at most 4000 characters"));
    }
    Ok(out)
}

/// The `InvalidationBatch` body, byte-identical to botocore's for the same paths and reference.
pub fn invalidation_batch_xml(batch: &InvalidationBatch<'_>) -> Result<String> {
    if batch.paths.is_empty() {
        return Err(Error::InvalidInvalidationBatch {
            rule: "an invalidation batch has at least one path",
        });
    }
    if batch.paths.len() > MAX_PATHS_IN_PROGRESS {
        return Err(Error::InvalidInvalidationBatch {
            rule: "CloudFront allows at most 3000 invalidation paths in progress per distribution; split the batch and send the next one when this one completes",
        });
    }
    if batch.paths.iter().filter(|p| p.ends_with('*')).count() > MAX_WILDCARD_PATHS_IN_PROGRESS {
        return Err(Error::InvalidInvalidationBatch {
            rule: "CloudFront allows at most 15 wildcard invalidation paths in progress per distribution; use fewer, broader wildcards",
        });
    }
    let reference = batch.caller_reference;
    if reference.is_empty() || reference.chars().any(char::is_control) {
        return Err(Error::InvalidInvalidationBatch {
            rule: "the caller reference is a non-empty value unique to this batch, without control characters",
        });
    }
    let mut xml =
        String::with_capacity(160 + batch.paths.iter().map(|p| p.len() + 13).sum::<usize>());
    xml.push_str(
        "<InvalidationBatch xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"><Paths>",
    );
    crate::xml::push_element(
        &mut xml,
        "Quantity",
        crate::sigv4::itoa_buf(batch.paths.len() as u64).as_str(),
    );
    xml.push_str("<Items>");
    for path in batch.paths {
        crate::xml::push_element(&mut xml, "Path", &invalidation_path(path)?);
    }
    xml.push_str("</Items></Paths>");
    crate::xml::push_element(&mut xml, "CallerReference", reference);
    xml.push_str("</InvalidationBatch>");
    Ok(xml)
}

/// CreateInvalidation for `distribution_id`, signed at `now`.
pub fn create_invalidation(
    credentials: &Credentials,
    distribution_id: &str,
    batch: &InvalidationBatch<'_>,
    now: Timestamp,
) -> Result<SignedRequest> {
    check_id(distribution_id, "the distribution id")?;
    let body = invalidation_batch_xml(batch)?.into_bytes();
    let path = [
        "/",
        API_VERSION,
        "/distribution/",
        distribution_id,
        "/invalidation",
    ]
    .concat();
    sign(credentials, "POST", &path, body, now)
}

/// GetInvalidation: the status of invalidation `invalidation_id` of `distribution_id`, signed at `now`.
pub fn get_invalidation(
    credentials: &Credentials,
    distribution_id: &str,
    invalidation_id: &str,
    now: Timestamp,
) -> Result<SignedRequest> {
    check_id(distribution_id, "the distribution id")?;
    check_id(invalidation_id, "the invalidation id")?;
    let path = [
        "/",
        API_VERSION,
        "/distribution/",
        distribution_id,
        "/invalidation/",
        invalidation_id,
    ]
    .concat();
    sign(credentials, "GET", &path, Vec::new(), now)
}

/// The signing parameters of CloudFront's API: service `cloudfront`, region `us-east-1`, and the settings of a
/// service other than S3 (no `x-amz-content-sha256` header; the body's hash is in the canonical request).
pub fn signing_params(credentials: &Credentials, now: Timestamp) -> SigningParams<'_> {
    SigningParams {
        credentials,
        region: CLOUDFRONT_REGION,
        service: "cloudfront",
        time: now,
        settings: SigningSettings::GENERIC,
    }
}

fn sign(
    credentials: &Credentials,
    method: &'static str,
    path: &str,
    body: Vec<u8>,
    now: Timestamp,
) -> Result<SignedRequest> {
    let headers = [("host", CLOUDFRONT_HOST)];
    let request = SignableRequest {
        method,
        path,
        query: &[],
        headers: &headers,
        payload: if body.is_empty() {
            Payload::Empty
        } else {
            Payload::Bytes(&body)
        },
    };
    let signed = sigv4::sign_headers(
        &request,
        &signing_params(credentials, now),
        &mut SigningKeyCache::new(),
    )?;
    let mut headers: Vec<(Cow<'static, str>, String)> = signed
        .headers()
        .into_iter()
        .map(|(n, v)| (Cow::Borrowed(n), v.to_string()))
        .collect();
    if !body.is_empty() {
        // Sent but not signed, as botocore signs it: without it, fetch() labels a string body text/plain.
        headers.push((Cow::Borrowed("content-type"), "application/xml".into()));
    }
    let mut url = String::with_capacity(8 + CLOUDFRONT_HOST.len() + path.len());
    url.push_str("https://");
    url.push_str(CLOUDFRONT_HOST);
    url.push_str(path);
    Ok(SignedRequest {
        method,
        url,
        headers,
        body,
    })
}

/// Distribution and invalidation ids are uppercase letters and digits (`EDFDVBD6EXAMPLE`, `I2J0I21PCUYOIK`); checking
/// that keeps anything else out of the request path.
fn check_id(id: &str, what: &'static str) -> Result<()> {
    if id.is_empty()
        || id.len() > 64
        || !id
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        return Err(Error::InvalidCloudFrontId {
            rule: match what {
                "the distribution id" => "a distribution id is the uppercase letters and digits CloudFront issued, such as EDFDVBD6EXAMPLE",
                _ => "an invalidation id is the uppercase letters and digits CloudFront returned, such as I2J0I21PCUYOIK",
            },
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_only_unsafe_and_non_ascii_characters() {
        // The Developer Guide's examples pass unchanged.
        for path in [
            "/images/image1.jpg",
            "/images/image*",
            "/images/*",
            "/*",
            "/images/image.jpg?parameter1=a",
        ] {
            assert_eq!(invalidation_path(path).unwrap(), path);
        }
        assert_eq!(
            invalidation_path("/photos/café au lait & crème.jpg").unwrap(),
            "/photos/caf%C3%A9%20au%20lait%20&%20cr%C3%A8me.jpg"
        );
        assert_eq!(
            invalidation_path("/a%20b/<x>\"{|}\\^[]`#").unwrap(),
            "/a%20b/%3Cx%3E%22%7B%7C%7D%5C%5E%5B%5D%60%23"
        );
        assert_eq!(
            invalidation_path("/it's(1)~!$+,;=:@").unwrap(),
            "/it's(1)~!$+,;=:@"
        );
        for bad in ["images/a.jpg", "", "/a*b", "/*/a", "/a%2", "/a%zz"] {
            assert_eq!(
                invalidation_path(bad).unwrap_err().code(),
                "InvalidInvalidationPath",
                "{bad}"
            );
        }
        let long = alloc::format!("/{}", "a".repeat(3999));
        assert!(invalidation_path(&long).is_ok());
        let too_long = alloc::format!("/{}", "é".repeat(1000));
        assert!(invalidation_path(&too_long).is_err());
    }

    #[test]
    fn builds_the_batch_and_checks_the_quotas() {
        let xml = invalidation_batch_xml(&InvalidationBatch {
            paths: &["/a&b.jpg", "/x'y"],
            caller_reference: "ref <1>",
        })
        .unwrap();
        assert_eq!(
            xml,
            "<InvalidationBatch xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"><Paths><Quantity>2</Quantity>\
             <Items><Path>/a&amp;b.jpg</Path><Path>/x'y</Path></Items></Paths><CallerReference>ref &lt;1&gt;</CallerReference>\
             </InvalidationBatch>"
        );
        let code = |paths: &[&str], reference| {
            invalidation_batch_xml(&InvalidationBatch {
                paths,
                caller_reference: reference,
            })
            .unwrap_err()
            .code()
        };
        assert_eq!(code(&[], "r"), "InvalidInvalidationBatch");
        assert_eq!(code(&["/a"], ""), "InvalidInvalidationBatch");
        assert_eq!(code(&["/a"], "a\nb"), "InvalidInvalidationBatch");
        let wildcards: Vec<String> = (0..16).map(|i| alloc::format!("/{i}/*")).collect();
        let wildcards: Vec<&str> = wildcards.iter().map(String::as_str).collect();
        assert_eq!(code(&wildcards, "r"), "InvalidInvalidationBatch");
        assert!(invalidation_batch_xml(&InvalidationBatch {
            paths: &wildcards[..15],
            caller_reference: "r"
        })
        .is_ok());
        let many: Vec<String> = (0..3001).map(|i| alloc::format!("/{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(code(&many, "r"), "InvalidInvalidationBatch");
        assert!(invalidation_batch_xml(&InvalidationBatch {
            paths: &many[..3000],
            caller_reference: "r"
        })
        .is_ok());
        assert_eq!(code(&["no-slash"], "r"), "InvalidInvalidationPath");
    }

    #[test]
    fn signs_requests_to_the_global_endpoint() {
        let credentials =
            Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY").unwrap();
        let now = Timestamp::from_unix_seconds(1_796_198_400).unwrap();
        let create = create_invalidation(
            &credentials,
            "EDFDVBD6EXAMPLE",
            &InvalidationBatch {
                paths: &["/*"],
                caller_reference: "r",
            },
            now,
        )
        .unwrap();
        assert_eq!((create.method, create.url.as_str()), ("POST", "https://cloudfront.amazonaws.com/2020-05-31/distribution/EDFDVBD6EXAMPLE/invalidation"));
        let names: Vec<&str> = create.headers.iter().map(|(n, _)| n.as_ref()).collect();
        assert_eq!(names, ["x-amz-date", "authorization", "content-type"]);
        assert!(create.headers[1].1.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261202/us-east-1/cloudfront/aws4_request, SignedHeaders=host;x-amz-date, Signature="));
        let get = get_invalidation(&credentials, "EDFDVBD6EXAMPLE", "I2J0I21PCUYOIK", now).unwrap();
        assert_eq!((get.method, get.url.as_str()), ("GET", "https://cloudfront.amazonaws.com/2020-05-31/distribution/EDFDVBD6EXAMPLE/invalidation/I2J0I21PCUYOIK"));
        assert!(get.body.is_empty());
        for bad in ["", "edfdvbd6", "E/../X", "E D"] {
            assert_eq!(
                get_invalidation(&credentials, bad, "I1", now)
                    .unwrap_err()
                    .code(),
                "InvalidCloudFrontId"
            );
            assert_eq!(
                get_invalidation(&credentials, "E1", bad, now)
                    .unwrap_err()
                    .code(),
                "InvalidCloudFrontId"
            );
        }
    }
}
