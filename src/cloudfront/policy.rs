//! The policy statement of a signed URL or signed cookie: the JSON document that is signed, canned or custom.
//!
//! A **canned** policy names one URL and an expiry; it never travels (the URL carries `Expires`), and CloudFront
//! rebuilds it from the URL it receives to check the signature, so its text must be exactly the documented form:
//! `{"Statement":[{"Resource":"<URL>","Condition":{"DateLessThan":{"AWS:EpochTime":<seconds>}}}]}`.
//!
//! A **custom** policy travels base64-encoded (`Policy`, `CloudFront-Policy`) and may use `*`/`?` wildcards in its
//! `Resource`, a start time (`DateGreaterThan`) and a viewer address range (`IpAddress`). CloudFront reads it as JSON
//! (the order inside `Condition` does not matter to it); it is rendered here without whitespace, with the
//! conditions in the order of the Developer Guide's examples (`IpAddress`, `DateGreaterThan`, `DateLessThan`), so the
//! documented examples are reproduced byte for byte.
//! <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-creating-signed-url-canned-policy.html>
//! <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-creating-signed-url-custom-policy.html>

use super::source_ip::SourceIp;
use super::url::check_url;
use super::url_safe_base64;
use crate::error::{Error, Result};
use crate::sigv4::itoa_buf;
use crate::time::Timestamp;
use alloc::string::String;

/// The conditions of a custom policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CustomPolicy<'a> {
    /// `Resource`: an `http://` or `https://` URL as viewers send it, or a pattern in which `*` matches any run of
    /// characters and `?` exactly one (`https://d111111abcdef8.cloudfront.net/videos/*`, or `*` for everything the
    /// key may sign).
    pub resource: &'a str,
    /// `DateLessThan`: the first second at which the policy no longer grants access.
    pub date_less_than: Timestamp,
    /// `DateGreaterThan`: access starts after this second.
    pub date_greater_than: Option<Timestamp>,
    /// `IpAddress` / `AWS:SourceIp`: an IPv4 address or CIDR range (`192.0.2.0/24`).
    pub source_ip: Option<&'a str>,
}

/// A rendered policy statement: the exact bytes to sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    text: String,
    canned: bool,
    date_less_than: Timestamp,
}

impl Policy {
    /// The canned policy for `url` (the URL exactly as viewers send it, see [`super::url`]) expiring at
    /// `date_less_than`. A canned policy names one URL: a `*` in it is refused (use a custom policy for patterns).
    pub fn canned(url: &str, date_less_than: Timestamp) -> Result<Self> {
        check_url(url)?;
        if url.contains('*') {
            return Err(Error::InvalidPolicyResource {
                rule: "a canned policy names one URL; use a custom policy for a '*' pattern, or write a literal * as %2A",
            });
        }
        let mut text = String::with_capacity(url.len() + 96);
        text.push_str(r#"{"Statement":[{"Resource":""#);
        text.push_str(url);
        text.push_str(r#"","Condition":{"DateLessThan":{"AWS:EpochTime":"#);
        text.push_str(itoa_buf(date_less_than.unix_seconds()).as_str());
        text.push_str("}}}]}");
        Ok(Policy {
            text,
            canned: true,
            date_less_than,
        })
    }

    /// A custom policy.
    pub fn custom(policy: &CustomPolicy<'_>) -> Result<Self> {
        check_resource(policy.resource)?;
        if let Some(start) = policy.date_greater_than {
            if start >= policy.date_less_than {
                return Err(Error::InvalidPolicyDates {
                    rule: "DateGreaterThan (when access starts) must be before DateLessThan (when it ends)",
                });
            }
        }
        let source_ip = policy.source_ip.map(SourceIp::parse).transpose()?;
        let mut text = String::with_capacity(policy.resource.len() + 192);
        text.push_str(r#"{"Statement":[{"Resource":""#);
        text.push_str(policy.resource);
        text.push_str(r#"","Condition":{"#);
        if let Some(ip) = source_ip {
            text.push_str(r#""IpAddress":{"AWS:SourceIp":""#);
            text.push_str(&ip.to_cidr());
            text.push_str(r#""},"#);
        }
        if let Some(start) = policy.date_greater_than {
            text.push_str(r#""DateGreaterThan":{"AWS:EpochTime":"#);
            text.push_str(itoa_buf(start.unix_seconds()).as_str());
            text.push_str("},");
        }
        text.push_str(r#""DateLessThan":{"AWS:EpochTime":"#);
        text.push_str(itoa_buf(policy.date_less_than.unix_seconds()).as_str());
        text.push_str("}}}]}");
        Ok(Policy {
            text,
            canned: false,
            date_less_than: policy.date_less_than,
        })
    }

    /// The policy statement as JSON text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The bytes to sign: the policy statement, UTF-8, without whitespace.
    pub fn as_bytes(&self) -> &[u8] {
        self.text.as_bytes()
    }

    /// Canned (travels as `Expires`) or custom (travels as `Policy`)?
    pub fn is_canned(&self) -> bool {
        self.canned
    }

    /// `DateLessThan`: when the policy stops granting access.
    pub fn date_less_than(&self) -> Timestamp {
        self.date_less_than
    }

    /// The policy in CloudFront's URL-safe base64, the value of `Policy` and `CloudFront-Policy`.
    pub fn to_url_safe_base64(&self) -> String {
        url_safe_base64::encode(self.text.as_bytes())
    }

    /// Refuses a policy that has already expired at the signing time `now`: it could never be used.
    pub fn check_current(&self, now: Timestamp) -> Result<()> {
        if self.date_less_than <= now {
            return Err(Error::InvalidPolicyDates {
                rule: "DateLessThan (the expiry) must be after the signing time",
            });
        }
        Ok(())
    }
}

/// The policy for `resource`: canned when it is one URL as viewers send it and there is neither a start time nor an
/// address range, custom otherwise. (Signed cookies choose this way; a signed URL also compares its resource with the
/// URL itself.)
pub fn for_resource(
    resource: &str,
    date_less_than: Timestamp,
    date_greater_than: Option<Timestamp>,
    source_ip: Option<&str>,
) -> Result<Policy> {
    if !is_pattern(resource) && date_greater_than.is_none() && source_ip.is_none() {
        Policy::canned(resource, date_less_than)
    } else {
        Policy::custom(&CustomPolicy {
            resource,
            date_less_than,
            date_greater_than,
            source_ip,
        })
    }
}

/// Must this resource be signed with a custom policy? A canned policy names one URL exactly as viewers send it; a
/// `*`, or anything that is not such a URL, is a pattern. (`?` is also a wildcard in a custom policy, but in a URL
/// it starts the query, so a URL with a query stays a URL.)
pub(crate) fn is_pattern(resource: &str) -> bool {
    resource.contains('*') || check_url(resource).is_err()
}

/// A custom policy's `Resource`: it must begin with `http://`, `https://` or `*` (the Developer Guide's rule), and
/// hold only printable ASCII other than `"` and `\`, so that it is a JSON string as written and every byte of it can
/// appear in a URL as sent.
fn check_resource(resource: &str) -> Result<()> {
    if !(resource.starts_with("https://")
        || resource.starts_with("http://")
        || resource.starts_with('*'))
    {
        return Err(Error::InvalidPolicyResource {
            rule: "the resource must begin with https://, http:// or the * wildcard",
        });
    }
    if !resource
        .bytes()
        .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\')
    {
        return Err(Error::InvalidPolicyResource {
            rule: "the resource must be printable ASCII without spaces, quotes or backslashes: percent-encode the URL as viewers send it",
        });
    }
    Ok(())
}

/// Does `pattern` (with `*` matching any run of characters and `?` exactly one) match all of `text`? How CloudFront
/// matches a custom policy's `Resource` against the requested URL; used to refuse a signed URL its own policy
/// would not cover.
pub(crate) fn matches(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    // The last `*` seen and the text position it was tried at: on a mismatch, let it swallow one more byte.
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some(b'*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(&c) if c == b'?' || c == t[ti] => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: u64) -> Timestamp {
        Timestamp::from_unix_seconds(seconds).unwrap()
    }

    /// "Example policy statement for a signed URL that uses a canned policy" (CloudFront Developer Guide), with its
    /// whitespace removed as the guide instructs.
    #[test]
    fn renders_the_documented_canned_policy() {
        let policy = Policy::canned(
            "http://d111111abcdef8.cloudfront.net/horizon.jpg?size=large&license=yes",
            at(1_357_034_400),
        )
        .unwrap();
        assert_eq!(
            policy.as_str(),
            r#"{"Statement":[{"Resource":"http://d111111abcdef8.cloudfront.net/horizon.jpg?size=large&license=yes","Condition":{"DateLessThan":{"AWS:EpochTime":1357034400}}}]}"#
        );
        assert!(policy.is_canned());
    }

    /// The custom policy examples of the Developer Guide, whitespace removed: "Accessing one object from a range of
    /// IP addresses", "Accessing all objects in a directory…", "Accessing all objects associated with a key pair ID
    /// from one IP address", and the policy of the signed-cookie example (whose base64 is checked in
    /// `url_safe_base64`).
    #[test]
    fn renders_the_documented_custom_policies() {
        let custom = |resource, ip, start: Option<u64>, end| {
            Policy::custom(&CustomPolicy {
                resource,
                date_less_than: at(end),
                date_greater_than: start.map(at),
                source_ip: ip,
            })
            .unwrap()
        };
        assert_eq!(
            custom(
                "http://d111111abcdef8.cloudfront.net/game_download.zip",
                Some("192.0.2.0/24"),
                None,
                1_357_034_400
            )
            .as_str(),
            r#"{"Statement":[{"Resource":"http://d111111abcdef8.cloudfront.net/game_download.zip","Condition":{"IpAddress":{"AWS:SourceIp":"192.0.2.0/24"},"DateLessThan":{"AWS:EpochTime":1357034400}}}]}"#
        );
        assert_eq!(
            custom(
                "http://d111111abcdef8.cloudfront.net/training/*",
                Some("192.0.2.0/24"),
                None,
                1_357_034_400
            )
            .as_str(),
            r#"{"Statement":[{"Resource":"http://d111111abcdef8.cloudfront.net/training/*","Condition":{"IpAddress":{"AWS:SourceIp":"192.0.2.0/24"},"DateLessThan":{"AWS:EpochTime":1357034400}}}]}"#
        );
        assert_eq!(
            custom(
                "http://*",
                Some("192.0.2.10/32"),
                Some(1_357_034_400),
                1_357_120_800
            )
            .as_str(),
            r#"{"Statement":[{"Resource":"http://*","Condition":{"IpAddress":{"AWS:SourceIp":"192.0.2.10/32"},"DateGreaterThan":{"AWS:EpochTime":1357034400},"DateLessThan":{"AWS:EpochTime":1357120800}}}]}"#
        );
        let cookie = custom(
            "http://d111111abcdef8.cloudfront.net/game_download.zip",
            Some("192.0.2.0/24"),
            None,
            1_426_500_000,
        );
        assert!(cookie.to_url_safe_base64().ends_with("fQ__"));
        assert!(!cookie.is_canned());
        assert_eq!(
            custom("*", None, None, 5).as_str(),
            r#"{"Statement":[{"Resource":"*","Condition":{"DateLessThan":{"AWS:EpochTime":5}}}]}"#
        );
    }

    #[test]
    fn refuses_bad_resources_dates_and_addresses() {
        let code = |r: Result<Policy>| r.unwrap_err().code();
        let base = CustomPolicy {
            resource: "https://d.example/*",
            date_less_than: at(200),
            date_greater_than: None,
            source_ip: None,
        };
        for resource in [
            "ftp://d.example/a",
            "d.example/*",
            "",
            "https://d.example/a b",
            "https://d.example/\"",
            "https://d.example/é",
        ] {
            assert_eq!(
                code(Policy::custom(&CustomPolicy { resource, ..base })),
                "InvalidPolicyResource",
                "{resource}"
            );
        }
        for start in [200, 300] {
            assert_eq!(
                code(Policy::custom(&CustomPolicy {
                    date_greater_than: Some(at(start)),
                    ..base
                })),
                "InvalidPolicyDates"
            );
        }
        assert!(Policy::custom(&CustomPolicy {
            date_greater_than: Some(at(199)),
            ..base
        })
        .is_ok());
        assert_eq!(
            code(Policy::custom(&CustomPolicy {
                source_ip: Some("192.0.2.1/24"),
                ..base
            })),
            "InvalidSourceIp"
        );
        assert_eq!(
            code(Policy::canned("https://d.example/*", at(1))),
            "InvalidPolicyResource"
        );
        assert_eq!(
            code(Policy::canned("https://d.example/a b", at(1))),
            "InvalidCloudFrontUrl"
        );
        let p = Policy::canned("https://d.example/a", at(100)).unwrap();
        assert!(p.check_current(at(99)).is_ok());
        assert_eq!(
            p.check_current(at(100)).unwrap_err().code(),
            "InvalidPolicyDates"
        );
    }

    #[test]
    fn matches_wildcards_as_cloudfront_describes_them() {
        // The Developer Guide's example: `http://d111111abcdef8.cloudfront.net/*game_download.zip*`.
        let p = "http://d111111abcdef8.cloudfront.net/*game_download.zip*";
        for url in [
            "http://d111111abcdef8.cloudfront.net/game_download.zip",
            "http://d111111abcdef8.cloudfront.net/example_game_download.zip?license=yes",
            "http://d111111abcdef8.cloudfront.net/test_game_download.zip?license=temp",
        ] {
            assert!(matches(p, url), "{url}");
        }
        assert!(!matches(p, "http://d111111abcdef8.cloudfront.net/game.zip"));
        assert!(matches("*", ""));
        assert!(matches("a?c", "abc"));
        assert!(!matches("a?c", "ac"));
        assert!(matches("a*b*c", "aXbYbZc"));
        assert!(!matches("a*b*c", "aXbYbZ"));
        assert!(matches("https://d.example/a", "https://d.example/a"));
        assert!(!matches("https://d.example/a", "https://d.example/ab"));
        assert!(is_pattern("https://d.example/*"));
        assert!(is_pattern("https://d.example/a?b/*"));
        assert!(is_pattern("*"));
        assert!(!is_pattern("https://d.example/a.jpg?x=1"));
        assert!(!is_pattern("https://d.example/a.jpg"));
    }
}
