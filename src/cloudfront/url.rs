//! The URL of a file served by CloudFront, exactly as a viewer sends it.
//!
//! For a canned policy CloudFront rebuilds the policy statement from the URL it *receives* and checks the signature
//! against that, so the `Resource` signed here must be byte for byte the URL the browser sends; a custom policy's
//! `Resource` is matched against the same received URL. A browser rewrites some URLs before sending them: it
//! percent-encodes spaces, quotes, non-ASCII text and a few other characters, drops `#…`, lowercases the host,
//! removes a default port and resolves `.`/`..` segments (WHATWG URL Standard). This module therefore takes a URL
//! only in the form a browser sends unchanged, and refuses anything else with the character to fix; the signed URL
//! is then the URL that is sent. [`object_url`] builds such a URL from an object key with AWS `UriEncode` (every
//! byte but `A–Z a–z 0–9 - . _ ~` and `/` as `%XX`), the encoding the S3 side of this crate uses too.
//! <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-creating-signed-url-canned-policy.html>
//! <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/LinkFormat.html>

use crate::encoding::uri_encode_into;
use crate::error::{Error, Result};
use alloc::string::String;

/// Query parameters CloudFront reserves for itself in a signed URL.
const RESERVED_PARAMETERS: [&str; 5] = [
    "Expires",
    "Policy",
    "Signature",
    "Key-Pair-Id",
    "Hash-Algorithm",
];

/// A checked URL: where its query string starts, if it has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CheckedUrl {
    pub(crate) has_query: bool,
}

fn invalid(rule: &'static str) -> Error {
    Error::InvalidCloudFrontUrl { rule }
}

/// Checks that `url` is an absolute `https://` or `http://` URL that a browser sends exactly as written.
pub(crate) fn check_url(url: &str) -> Result<CheckedUrl> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or(invalid(
            "the URL must start with https:// or http:// (lowercase)",
        ))?;
    let default_port = if url.starts_with("https://") {
        ":443"
    } else {
        ":80"
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    check_authority(authority, default_port)?;
    if !tail.starts_with('/') {
        return Err(invalid(
            "the URL needs a path after the host, at least \"/\" (browsers send \"/\" for an empty path)",
        ));
    }
    let (path, query) = match tail.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (tail, None),
    };
    check_characters(path, false)?;
    check_dot_segments(path)?;
    if let Some(query) = query {
        check_characters(query, true)?;
        check_query(query)?;
    }
    Ok(CheckedUrl {
        has_query: query.is_some(),
    })
}

fn check_authority(authority: &str, default_port: &str) -> Result<()> {
    if authority.is_empty() {
        return Err(invalid("the URL has no host"));
    }
    if authority.contains('@') {
        return Err(invalid("the URL must not carry a user name or password"));
    }
    let (host, port) = match authority.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    let host_ok = !host.is_empty()
        && !host.starts_with(['.', '-'])
        && !host.contains("..")
        && host
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
    if !host_ok {
        return Err(invalid(
            "the host must be a DNS name in lowercase letters, digits, '-' and '.' (browsers lowercase the host they send)",
        ));
    }
    if let Some(port) = port {
        if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid("the port after the host must be a number"));
        }
        if authority.ends_with(default_port) {
            return Err(invalid(
                "remove the scheme's default port (:443 for https, :80 for http): browsers do not send it",
            ));
        }
    }
    Ok(())
}

/// Characters a browser sends unchanged in a path or a query: RFC 3986's unreserved characters, sub-delimiters,
/// `:` `@` `/` `?` and `%XX` escapes, except `'`, which browsers percent-encode in the query of http(s) URLs.
fn check_characters(part: &str, is_query: bool) -> Result<()> {
    let bytes = part.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'%' => {
                let hex = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_hexdigit);
                if !(hex(i + 1) && hex(i + 2)) {
                    return Err(invalid(
                        "a '%' must start a %XX escape; write a literal percent sign as %25",
                    ));
                }
                i += 3;
                continue;
            }
            b'#' => return Err(invalid("remove the fragment (#…): browsers never send it")),
            b'\'' if is_query => {
                return Err(invalid(
                    "write ' in the query as %27: browsers percent-encode it there, and the signed URL must be the one sent",
                ))
            }
            b if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?".contains(&b) => {}
            _ => {
                return Err(invalid(
                    "the URL contains a character a browser would percent-encode (space, non-ASCII, a control character or one of \" < > \\ ^ ` { | } [ ]); percent-encode it as %XX (object_url does this for object keys)",
                ))
            }
        }
        i += 1;
    }
    Ok(())
}

/// `.` and `..` segments (also written `%2e`) are resolved away by browsers before the request is sent.
fn check_dot_segments(path: &str) -> Result<()> {
    for segment in path.split('/') {
        // A segment of one or two dots, each written `.` or `%2e`/`%2E`.
        let mut rest = segment.as_bytes();
        let mut dots = 0;
        while !rest.is_empty() && dots < 3 {
            rest = match rest {
                [b'.', tail @ ..] => tail,
                [b'%', b'2', b'e' | b'E', tail @ ..] => tail,
                _ => break,
            };
            dots += 1;
        }
        if rest.is_empty() && (dots == 1 || dots == 2) {
            return Err(invalid(
                "the path has a '.' or '..' segment, which browsers resolve before sending; give the resolved path",
            ));
        }
    }
    Ok(())
}

fn check_query(query: &str) -> Result<()> {
    for parameter in query.split('&') {
        if parameter.is_empty() {
            return Err(invalid(
                "the query has an empty parameter (a trailing '?' or '&', or '&&'); remove it",
            ));
        }
        let name = parameter.split('=').next().unwrap_or(parameter);
        if RESERVED_PARAMETERS
            .iter()
            .any(|r| r.eq_ignore_ascii_case(name))
        {
            return Err(invalid(
                "the URL already has a CloudFront signing parameter (Expires, Policy, Signature, Key-Pair-Id or Hash-Algorithm); pass the URL without them",
            ));
        }
    }
    Ok(())
}

/// The URL of an object: `base` (scheme and host, and optionally a path prefix, without a query) followed by the
/// key encoded with AWS `UriEncode` (`/` kept), so that it is a URL a browser sends unchanged. For example
/// `object_url("https://d111111abcdef8.cloudfront.net", "photos/cat photo+1.jpg")` is
/// `https://d111111abcdef8.cloudfront.net/photos/cat%20photo%2B1.jpg`.
pub fn object_url(base: &str, key: &str) -> Result<String> {
    if key.is_empty() {
        return Err(invalid("the object key must not be empty"));
    }
    let base = base.strip_suffix('/').unwrap_or(base);
    let mut url = String::with_capacity(base.len() + key.len() * 3 / 2 + 1);
    url.push_str(base);
    url.push('/');
    uri_encode_into(&mut url, key.strip_prefix('/').unwrap_or(key), true);
    let checked = check_url(&url)?;
    if checked.has_query {
        return Err(invalid("the base URL must not have a query string"));
    }
    Ok(url)
}

/// The path a viewer requests for an object key, `/` followed by the key in AWS `UriEncode` (`/` kept): the path
/// of [`object_url`], and the form in which an invalidation names the object.
pub fn object_path(key: &str) -> Result<String> {
    if key.is_empty() {
        return Err(invalid("the object key must not be empty"));
    }
    let mut path = String::with_capacity(key.len() * 3 / 2 + 1);
    path.push('/');
    uri_encode_into(&mut path, key.strip_prefix('/').unwrap_or(key), true);
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_urls_browsers_send_unchanged() {
        for good in [
            "https://d111111abcdef8.cloudfront.net/horizon.jpg?size=large&license=yes",
            "http://d111111abcdef8.cloudfront.net/images/image.jpg",
            "https://www.example.com/a%20b/caf%C3%A9.jpg?x=a%27b",
            "https://cdn.example.com:8443/it's/(1)!*+,;=:@.jpg?q=a/b?c",
            "https://d.example/",
            "https://d.example/...a/.b/%2ex",
        ] {
            check_url(good).unwrap_or_else(|e| panic!("{good}: {e}"));
        }
        assert!(check_url("https://d.example/a?b=c").unwrap().has_query);
        assert!(!check_url("https://d.example/a").unwrap().has_query);
    }

    #[test]
    fn refuses_urls_a_browser_would_rewrite() {
        for bad in [
            "",
            "ftp://d.example/a",
            "HTTPS://d.example/a",
            "https://",
            "https://D.example/a",
            "https://d.example",
            "https://d.example?x=1",
            "https://user@d.example/a",
            "https://d.example:443/a",
            "http://d.example:80/a",
            "https://d.example:x/a",
            "https://d.example/a b",
            "https://d.example/café",
            "https://d.example/a\"b",
            "https://d.example/a{b}",
            "https://d.example/a|b",
            "https://d.example/a\\b",
            "https://d.example/a#top",
            "https://d.example/a%2",
            "https://d.example/a%zz",
            "https://d.example/a/../b",
            "https://d.example/a/./b",
            "https://d.example/a/%2E%2e/b",
            "https://d.example/a/..",
            "https://d.example/a?x='1'",
            "https://d.example/a?",
            "https://d.example/a?x=1&",
            "https://d.example/a?x=1&&y=2",
            "https://d.example/a?Expires=1",
            "https://d.example/a?x=1&key-pair-id=K",
            "https://d.example/a?Hash-Algorithm=SHA256",
            "https://-d.example/a",
            "https://d..example/a",
        ] {
            assert_eq!(
                check_url(bad).unwrap_err().code(),
                "InvalidCloudFrontUrl",
                "{bad}"
            );
        }
    }

    #[test]
    fn builds_object_urls_with_uri_encode() {
        assert_eq!(
            object_url(
                "https://d111111abcdef8.cloudfront.net",
                "photos/cat photo+1 (é).jpg"
            )
            .unwrap(),
            "https://d111111abcdef8.cloudfront.net/photos/cat%20photo%2B1%20%28%C3%A9%29.jpg"
        );
        assert_eq!(
            object_url("https://cdn.example.com/media/", "/a~b").unwrap(),
            "https://cdn.example.com/media/a~b"
        );
        assert_eq!(
            object_path("dir/it's #1.txt").unwrap(),
            "/dir/it%27s%20%231.txt"
        );
        assert!(object_url("https://cdn.example.com", "").is_err());
        assert!(object_url("https://cdn.example.com", "a/../b").is_err());
        assert!(object_url("https://cdn.example.com?x=1", "a").is_err());
        assert!(object_url("cdn.example.com", "a").is_err());
    }
}
