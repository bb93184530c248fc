//! Signed cookies: `CloudFront-Expires` (canned policy) or `CloudFront-Policy` (custom policy),
//! `CloudFront-Signature`, `CloudFront-Key-Pair-Id` and, when the signature uses SHA-256,
//! `CloudFront-Hash-Algorithm=SHA256`, each in its own `Set-Cookie` header. One custom policy with a `*` resource
//! lets a player fetch every segment of a stream with the same cookies.
//!
//! The attributes are the caller's to choose, with safe defaults: `Path=/`, `Secure`, `HttpOnly`, `SameSite=Lax`,
//! and no `Expires`/`Max-Age`, so the browser drops the cookies when it closes, which the Developer Guide
//! recommends. Without `Domain` the cookies go back only to the host that set them: when your application and the
//! distribution are different hosts of one site (`app.example.com`, `media.example.com`), set
//! `Domain=example.com` so the browser sends them to CloudFront.
//! <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-canned-policy.html>
//! <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-custom-policy.html>

use super::policy::{for_resource, Policy};
use super::signature::{check_key_pair_id, SignatureAlgorithm};
use super::url_safe_base64;
use crate::error::{Error, Result};
use crate::sigv4::itoa_buf;
use crate::time::Timestamp;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write as _;

/// The `SameSite` attribute (RFC 6265bis).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SameSite {
    /// Sent only with requests from the same site.
    Strict,
    /// Also sent on top-level navigations from other sites (links), never on their subresource requests: other
    /// sites cannot embed the content with the viewer's cookies.
    #[default]
    Lax,
    /// Sent on every request, cross-site included; requires `Secure`.
    None,
}

impl SameSite {
    /// `Strict`, `Lax` or `None`.
    pub fn parse(name: &str) -> Result<Self> {
        match name {
            "Strict" => Ok(SameSite::Strict),
            "Lax" => Ok(SameSite::Lax),
            "None" => Ok(SameSite::None),
            _ => Err(Error::InvalidCookieAttributes {
                rule: "SameSite is Strict, Lax or None",
            }),
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            SameSite::Strict => "Strict",
            SameSite::Lax => "Lax",
            SameSite::None => "None",
        }
    }
}

/// The attributes of every `Set-Cookie` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CookieAttributes<'a> {
    /// `Domain`: a site the cookies also go to with its subdomains; `None` keeps them to the host that sets them.
    pub domain: Option<&'a str>,
    /// `Path`, `/` by default.
    pub path: &'a str,
    /// `Secure` (HTTPS only), on by default.
    pub secure: bool,
    /// `HttpOnly` (not readable by scripts), on by default.
    pub http_only: bool,
    /// `SameSite`, `Lax` by default.
    pub same_site: SameSite,
    /// `Expires`; `None` (the default) makes session cookies.
    pub expires: Option<Timestamp>,
    /// `Max-Age` in seconds; `None` by default.
    pub max_age: Option<u64>,
}

impl Default for CookieAttributes<'_> {
    fn default() -> Self {
        CookieAttributes {
            domain: None,
            path: "/",
            secure: true,
            http_only: true,
            same_site: SameSite::Lax,
            expires: None,
            max_age: None,
        }
    }
}

/// What the signed cookies grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedCookiesOptions<'a> {
    /// The policy's `Resource`: one URL as viewers send it (canned policy, unless a start time or address range is
    /// given), or a pattern with `*` (custom policy), such as `https://d111111abcdef8.cloudfront.net/videos/*`.
    pub resource: &'a str,
    /// The ID of the public key whose private key signs.
    pub key_pair_id: &'a str,
    /// How the policy is signed.
    pub algorithm: SignatureAlgorithm,
    /// When the cookies stop granting access.
    pub date_less_than: Timestamp,
    /// When they start granting access (custom policy).
    pub date_greater_than: Option<Timestamp>,
    /// The IPv4 address or range viewers must come from (custom policy).
    pub source_ip: Option<&'a str>,
    /// The `Set-Cookie` attributes.
    pub attributes: CookieAttributes<'a>,
}

/// Signed cookies waiting for their signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedSignedCookies {
    policy: Policy,
    key_pair_id: String,
    algorithm: SignatureAlgorithm,
    /// `; Domain=…; Path=…; …`, the same for every cookie.
    attributes: String,
}

/// The signed cookies: their names and values, and a `Set-Cookie` header value for each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedCookies {
    /// `(name, value)` in the order CloudFront documents them.
    pub cookies: Vec<(&'static str, String)>,
    /// One `Set-Cookie` header value per cookie, attributes included.
    pub set_cookie: Vec<String>,
}

impl PreparedSignedCookies {
    /// Checks the options at the signing time `now` and renders the policy: canned when the resource is one URL
    /// and there is neither a start time nor an address range, custom otherwise.
    pub fn new(options: &SignedCookiesOptions<'_>, now: Timestamp) -> Result<Self> {
        check_key_pair_id(options.key_pair_id)?;
        let attributes = render_attributes(&options.attributes)?;
        let policy = for_resource(
            options.resource,
            options.date_less_than,
            options.date_greater_than,
            options.source_ip,
        )?;
        policy.check_current(now)?;
        Ok(PreparedSignedCookies {
            policy,
            key_pair_id: options.key_pair_id.into(),
            algorithm: options.algorithm,
            attributes,
        })
    }

    /// The bytes to sign with the private key: the policy statement.
    pub fn to_sign(&self) -> &[u8] {
        self.policy.as_bytes()
    }

    /// The policy statement.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The signature algorithm the cookies announce.
    pub fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }

    /// The cookies, given the signature of [`to_sign`](Self::to_sign) in CloudFront's form (RSA: the 256 signature
    /// bytes; ECDSA: DER).
    pub fn finish(&self, signature: &[u8]) -> Result<SignedCookies> {
        self.algorithm.check_signature(signature)?;
        let mut cookies: Vec<(&'static str, String)> = Vec::with_capacity(4);
        if self.policy.is_canned() {
            cookies.push((
                "CloudFront-Expires",
                itoa_buf(self.policy.date_less_than().unix_seconds())
                    .as_str()
                    .into(),
            ));
        } else {
            cookies.push(("CloudFront-Policy", self.policy.to_url_safe_base64()));
        }
        cookies.push(("CloudFront-Signature", url_safe_base64::encode(signature)));
        cookies.push(("CloudFront-Key-Pair-Id", self.key_pair_id.clone()));
        if let Some(hash) = self.algorithm.hash_algorithm_parameter() {
            cookies.push(("CloudFront-Hash-Algorithm", hash.into()));
        }
        // Every value is URL-safe base64, digits or uppercase letters: all RFC 6265 cookie-octets, no quoting.
        let set_cookie = cookies
            .iter()
            .map(|(name, value)| {
                let mut header =
                    String::with_capacity(name.len() + value.len() + self.attributes.len() + 1);
                header.push_str(name);
                header.push('=');
                header.push_str(value);
                header.push_str(&self.attributes);
                header
            })
            .collect();
        Ok(SignedCookies {
            cookies,
            set_cookie,
        })
    }

    /// [`finish`](Self::finish) with the signature as WebCrypto's `crypto.subtle.sign` returns it (an ECDSA
    /// signature as raw `r‖s`, converted to DER here).
    pub fn finish_webcrypto(&self, signature: &[u8]) -> Result<SignedCookies> {
        self.finish(&self.algorithm.from_webcrypto(signature)?)
    }
}

fn invalid(rule: &'static str) -> Error {
    Error::InvalidCookieAttributes { rule }
}

/// `; Domain=…; Path=…; Expires=…; Max-Age=…; Secure; HttpOnly; SameSite=…` (RFC 6265 §4.1.1).
fn render_attributes(a: &CookieAttributes<'_>) -> Result<String> {
    let mut out = String::with_capacity(96);
    if let Some(domain) = a.domain {
        let labels_ok = domain.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        });
        if !labels_ok || domain.len() > 253 {
            return Err(invalid(
                "Domain is a lowercase DNS name such as example.com (no leading dot, no port, no scheme)",
            ));
        }
        out.push_str("; Domain=");
        out.push_str(domain);
    }
    if !a.path.starts_with('/')
        || !a
            .path
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b';' && b != b',')
    {
        return Err(invalid(
            "Path starts with / and holds printable ASCII without spaces, ';' or ','",
        ));
    }
    out.push_str("; Path=");
    out.push_str(a.path);
    if let Some(expires) = a.expires {
        out.push_str("; Expires=");
        push_imf_fixdate(&mut out, expires);
    }
    if let Some(max_age) = a.max_age {
        out.push_str("; Max-Age=");
        out.push_str(itoa_buf(max_age).as_str());
    }
    if a.secure {
        out.push_str("; Secure");
    } else if a.same_site == SameSite::None {
        return Err(invalid(
            "SameSite=None requires Secure: browsers refuse the cookie otherwise",
        ));
    }
    if a.http_only {
        out.push_str("; HttpOnly");
    }
    out.push_str("; SameSite=");
    out.push_str(a.same_site.as_str());
    Ok(out)
}

/// The HTTP date of `Expires`: `Sun, 06 Nov 1994 08:49:37 GMT` (RFC 9110 §5.6.7, IMF-fixdate).
fn push_imf_fixdate(out: &mut String, t: Timestamp) {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let c = t.civil();
    // 1970-01-01 was a Thursday.
    let weekday = DAYS[(t.unix_seconds() / 86_400 % 7) as usize];
    let month = MONTHS
        .get(c.month.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("Jan");
    let _ = write!(
        out,
        "{weekday}, {:02} {month} {:04} {:02}:{:02}:{:02} GMT",
        c.day, c.year, c.hour, c.minute, c.second
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: u64) -> Timestamp {
        Timestamp::from_unix_seconds(seconds).unwrap()
    }

    fn options(resource: &str) -> SignedCookiesOptions<'_> {
        SignedCookiesOptions {
            resource,
            key_pair_id: "K2JCJMDEHXQW5F",
            algorithm: SignatureAlgorithm::RsaSha1,
            date_less_than: at(1_426_500_000),
            date_greater_than: None,
            source_ip: None,
            attributes: CookieAttributes::default(),
        }
    }

    /// "Set signed cookies using a custom policy", Example 1 (Developer Guide): the policy cookie's value, and the
    /// attributes `Domain=d111111abcdef8.cloudfront.net; Path=/; Secure; HttpOnly`.
    #[test]
    fn reproduces_the_documented_custom_policy_cookie() {
        let mut o = options("http://d111111abcdef8.cloudfront.net/game_download.zip");
        o.source_ip = Some("192.0.2.0/24");
        o.attributes = CookieAttributes {
            domain: Some("d111111abcdef8.cloudfront.net"),
            ..Default::default()
        };
        let cookies = PreparedSignedCookies::new(&o, at(1_426_000_000))
            .unwrap()
            .finish(&[0x76; 256])
            .unwrap();
        assert_eq!(cookies.cookies[0].0, "CloudFront-Policy");
        assert_eq!(cookies.set_cookie[0], "CloudFront-Policy=eyJTdGF0ZW1lbnQiOlt7IlJlc291cmNlIjoiaHR0cDovL2QxMTExMTFhYmNkZWY4LmNsb3VkZnJvbnQubmV0L2dhbWVfZG93bmxvYWQuemlwIiwiQ29uZGl0aW9uIjp7IklwQWRkcmVzcyI6eyJBV1M6U291cmNlSXAiOiIxOTIuMC4yLjAvMjQifSwiRGF0ZUxlc3NUaGFuIjp7IkFXUzpFcG9jaFRpbWUiOjE0MjY1MDAwMDB9fX1dfQ__; Domain=d111111abcdef8.cloudfront.net; Path=/; Secure; HttpOnly; SameSite=Lax");
        let names: Vec<&str> = cookies.cookies.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            [
                "CloudFront-Policy",
                "CloudFront-Signature",
                "CloudFront-Key-Pair-Id"
            ]
        );
        assert_eq!(cookies.set_cookie[2], "CloudFront-Key-Pair-Id=K2JCJMDEHXQW5F; Domain=d111111abcdef8.cloudfront.net; Path=/; Secure; HttpOnly; SameSite=Lax");
    }

    #[test]
    fn sets_canned_cookies_and_the_hash_algorithm_cookie() {
        let mut o = options("https://d111111abcdef8.cloudfront.net/video.mp4");
        o.algorithm = SignatureAlgorithm::RsaSha256;
        o.attributes = CookieAttributes {
            path: "/video.mp4",
            same_site: SameSite::Strict,
            http_only: false,
            expires: Some(at(784_111_777)),
            max_age: Some(3600),
            ..Default::default()
        };
        let p = PreparedSignedCookies::new(&o, at(0)).unwrap();
        assert!(p.policy().is_canned());
        let c = p.finish(&[0xFB; 256]).unwrap();
        let names: Vec<&str> = c.cookies.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            [
                "CloudFront-Expires",
                "CloudFront-Signature",
                "CloudFront-Key-Pair-Id",
                "CloudFront-Hash-Algorithm"
            ]
        );
        // RFC 9110's own example date: 784111777 is Sun, 06 Nov 1994 08:49:37 GMT.
        assert_eq!(c.set_cookie[0], "CloudFront-Expires=1426500000; Path=/video.mp4; Expires=Sun, 06 Nov 1994 08:49:37 GMT; Max-Age=3600; Secure; SameSite=Strict");
        assert_eq!(c.cookies[3].1, "SHA256");
        assert!(c.cookies[1].1.starts_with("-~v7"));
        // A pattern makes a custom policy.
        assert!(
            !PreparedSignedCookies::new(&options("https://d.example/videos/*"), at(0))
                .unwrap()
                .policy()
                .is_canned()
        );
    }

    #[test]
    fn refuses_unsendable_attributes() {
        let code = |attributes| {
            let mut o = options("https://d.example/*");
            o.attributes = attributes;
            PreparedSignedCookies::new(&o, at(0)).unwrap_err().code()
        };
        let d = CookieAttributes::default();
        for domain in [
            ".example.com",
            "Example.com",
            "example.com:443",
            "https://example.com",
            "a..b",
            "-a.com",
            "",
        ] {
            assert_eq!(
                code(CookieAttributes {
                    domain: Some(domain),
                    ..d
                }),
                "InvalidCookieAttributes",
                "{domain}"
            );
        }
        for path in ["", "videos", "/a;b", "/a b"] {
            assert_eq!(
                code(CookieAttributes { path, ..d }),
                "InvalidCookieAttributes",
                "{path}"
            );
        }
        assert_eq!(
            code(CookieAttributes {
                secure: false,
                same_site: SameSite::None,
                ..d
            }),
            "InvalidCookieAttributes"
        );
        let mut o = options("https://d.example/*");
        o.attributes.secure = false;
        assert!(PreparedSignedCookies::new(&o, at(0)).is_ok());
        assert_eq!(
            SameSite::parse("lax").unwrap_err().code(),
            "InvalidCookieAttributes"
        );
    }
}
