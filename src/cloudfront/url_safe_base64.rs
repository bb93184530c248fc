//! CloudFront's URL-safe base64: standard base64 with padding (RFC 2045 / RFC 4648 §4) in which the three characters
//! that mean something in a query string or a cookie are replaced: `+` → `-`, `=` → `_`, `/` → `~`.
//!
//! This is *not* RFC 4648's base64url (`-`, `_`, no padding): CloudFront keeps the padding, written `_`, and uses
//! `~` for `/`. The `Policy` and `Signature` of a signed URL and the `CloudFront-Policy` and `CloudFront-Signature`
//! cookies are written this way.
//! <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-linux-openssl.html>

use alloc::string::String;
use alloc::vec::Vec;

/// The URL-safe base64 of `bytes`.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    encode_into(&mut out, bytes);
    out
}

/// Appends the URL-safe base64 of `bytes` to `out`.
pub fn encode_into(out: &mut String, bytes: &[u8]) {
    let standard = crate::encoding::base64_encode(bytes);
    out.extend(standard.chars().map(|c| match c {
        '+' => '-',
        '=' => '_',
        '/' => '~',
        c => c,
    }));
}

/// Decodes CloudFront's URL-safe base64 (to read back a policy or a signature); `None` when it is not that.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    if text.contains(['+', '=', '/']) {
        return None;
    }
    let standard: String = text
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '=',
            '~' => '/',
            c => c,
        })
        .collect();
    crate::encoding::base64_decode(&standard)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `CloudFront-Policy` cookie of "Set signed cookies using a custom policy", Example 1, and the policy it
    /// encodes (the CloudFront Developer Guide): its padding `==` is written `__`.
    #[test]
    fn reproduces_the_signed_cookie_policy_of_the_documentation() {
        let policy = r#"{"Statement":[{"Resource":"http://d111111abcdef8.cloudfront.net/game_download.zip","Condition":{"IpAddress":{"AWS:SourceIp":"192.0.2.0/24"},"DateLessThan":{"AWS:EpochTime":1426500000}}}]}"#;
        let documented = "eyJTdGF0ZW1lbnQiOlt7IlJlc291cmNlIjoiaHR0cDovL2QxMTExMTFhYmNkZWY4LmNsb3VkZnJvbnQubmV0L2dhbWVfZG93bmxvYWQuemlwIiwiQ29uZGl0aW9uIjp7IklwQWRkcmVzcyI6eyJBV1M6U291cmNlSXAiOiIxOTIuMC4yLjAvMjQifSwiRGF0ZUxlc3NUaGFuIjp7IkFXUzpFcG9jaFRpbWUiOjE0MjY1MDAwMDB9fX1dfQ__";
        assert_eq!(encode(policy.as_bytes()), documented);
        assert_eq!(decode(documented).unwrap(), policy.as_bytes());
    }

    #[test]
    fn replaces_the_three_characters_of_the_documentation_table() {
        // 0xFB 0xFF encodes to "+/8=" in standard base64: every replaced character at once.
        assert_eq!(crate::encoding::base64_encode(&[0xFB, 0xFF]), "+/8=");
        assert_eq!(encode(&[0xFB, 0xFF]), "-~8_");
        assert_eq!(encode(b""), "");
        assert_eq!(decode("-~8_").unwrap(), [0xFB, 0xFF]);
        assert_eq!(decode("+/8="), None);
        assert_eq!(decode("-~8"), None);
    }
}
