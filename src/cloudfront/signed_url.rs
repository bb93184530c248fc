//! Signed URLs: the URL viewers use, followed by `Expires` (canned policy) or `Policy` (custom policy), then
//! `Signature`, `Key-Pair-Id` and, when the signature uses SHA-256, `Hash-Algorithm=SHA256` — the order of the
//! Developer Guide's example URLs. A URL that already has a query string keeps it, and the CloudFront parameters
//! follow it after `&`.
//!
//! Signing happens in two steps around the private-key operation: [`PreparedSignedUrl::new`] checks everything
//! and renders the policy ([`PreparedSignedUrl::to_sign`] are the bytes to sign), and
//! [`PreparedSignedUrl::finish`] assembles the URL from the signature.
//! <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-creating-signed-url-canned-policy.html>
//! <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-creating-signed-url-custom-policy.html>

use super::policy::{matches, CustomPolicy, Policy};
use super::signature::{check_key_pair_id, SignatureAlgorithm};
use super::url::check_url;
use super::url_safe_base64;
use crate::error::{Error, Result};
use crate::sigv4::itoa_buf;
use crate::time::Timestamp;
use alloc::string::String;

/// What a signed URL grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedUrlOptions<'a> {
    /// The URL exactly as viewers will send it (see [`super::url`]; build it from a key with
    /// [`super::object_url`]), with its own query string if any.
    pub url: &'a str,
    /// The ID of the public key (in a key group the distribution trusts) whose private key signs.
    pub key_pair_id: &'a str,
    /// How the policy is signed.
    pub algorithm: SignatureAlgorithm,
    /// When the URL stops working.
    pub date_less_than: Timestamp,
    /// When the URL starts working (custom policy).
    pub date_greater_than: Option<Timestamp>,
    /// The IPv4 address or range viewers must come from (custom policy).
    pub source_ip: Option<&'a str>,
    /// The policy's `Resource` when it is not the URL itself: a `*`/`?` pattern that covers the URL, so one policy
    /// can serve many files (custom policy).
    pub resource: Option<&'a str>,
}

/// A signed URL waiting for its signature: the policy is rendered and every input checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedSignedUrl {
    url: String,
    has_query: bool,
    policy: Policy,
    key_pair_id: String,
    algorithm: SignatureAlgorithm,
}

impl PreparedSignedUrl {
    /// Checks the options at the signing time `now` and renders the policy: canned when the URL is the resource and
    /// there is neither a start time nor an address range, custom otherwise.
    pub fn new(options: &SignedUrlOptions<'_>, now: Timestamp) -> Result<Self> {
        let checked = check_url(options.url)?;
        check_key_pair_id(options.key_pair_id)?;
        let resource = options.resource.filter(|r| *r != options.url);
        let policy = if resource.is_none()
            && options.date_greater_than.is_none()
            && options.source_ip.is_none()
        {
            Policy::canned(options.url, options.date_less_than)?
        } else {
            let resource = resource.unwrap_or(options.url);
            let policy = Policy::custom(&CustomPolicy {
                resource,
                date_less_than: options.date_less_than,
                date_greater_than: options.date_greater_than,
                source_ip: options.source_ip,
            })?;
            if !matches(resource, options.url) {
                return Err(Error::InvalidPolicyResource {
                    rule: "the policy's resource does not cover the URL being signed, so CloudFront would refuse it",
                });
            }
            policy
        };
        policy.check_current(now)?;
        Ok(PreparedSignedUrl {
            url: options.url.into(),
            has_query: checked.has_query,
            policy,
            key_pair_id: options.key_pair_id.into(),
            algorithm: options.algorithm,
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

    /// The signature algorithm the URL announces.
    pub fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }

    /// The URL, given the signature of [`to_sign`](Self::to_sign) in CloudFront's form (RSA: the 256 signature
    /// bytes; ECDSA: DER).
    pub fn finish(&self, signature: &[u8]) -> Result<String> {
        self.algorithm.check_signature(signature)?;
        let mut url = String::with_capacity(
            self.url.len() + self.policy.as_bytes().len() * 4 / 3 + signature.len() * 4 / 3 + 96,
        );
        url.push_str(&self.url);
        url.push(if self.has_query { '&' } else { '?' });
        if self.policy.is_canned() {
            url.push_str("Expires=");
            url.push_str(itoa_buf(self.policy.date_less_than().unix_seconds()).as_str());
        } else {
            url.push_str("Policy=");
            url_safe_base64::encode_into(&mut url, self.policy.as_bytes());
        }
        url.push_str("&Signature=");
        url_safe_base64::encode_into(&mut url, signature);
        url.push_str("&Key-Pair-Id=");
        url.push_str(&self.key_pair_id);
        if let Some(hash) = self.algorithm.hash_algorithm_parameter() {
            url.push_str("&Hash-Algorithm=");
            url.push_str(hash);
        }
        Ok(url)
    }

    /// [`finish`](Self::finish) with the signature as WebCrypto's `crypto.subtle.sign` returns it (an ECDSA
    /// signature as raw `r‖s`, converted to DER here).
    pub fn finish_webcrypto(&self, signature: &[u8]) -> Result<String> {
        self.finish(&self.algorithm.from_webcrypto(signature)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: u64) -> Timestamp {
        Timestamp::from_unix_seconds(seconds).unwrap()
    }

    fn options(url: &str) -> SignedUrlOptions<'_> {
        SignedUrlOptions {
            url,
            key_pair_id: "K2JCJMDEHXQW5F",
            algorithm: SignatureAlgorithm::RsaSha1,
            date_less_than: at(1_767_290_400),
            date_greater_than: None,
            source_ip: None,
            resource: None,
        }
    }

    #[test]
    fn assembles_canned_urls_in_the_documented_order() {
        // The shape of the Developer Guide's canned example: the URL's own query, Expires, Signature, Key-Pair-Id,
        // Hash-Algorithm.
        let url = "https://d111111abcdef8.cloudfront.net/image.jpg?color=red&size=medium";
        let mut o = options(url);
        o.algorithm = SignatureAlgorithm::RsaSha256;
        let p = PreparedSignedUrl::new(&o, at(1_767_200_000)).unwrap();
        assert!(p.policy().is_canned());
        assert_eq!(
            p.to_sign(),
            br#"{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/image.jpg?color=red&size=medium","Condition":{"DateLessThan":{"AWS:EpochTime":1767290400}}}]}"#
        );
        let signature = [0xFBu8; 256];
        let signed = p.finish(&signature).unwrap();
        let expected_signature = url_safe_base64::encode(&signature);
        assert_eq!(
            signed,
            alloc::format!("{url}&Expires=1767290400&Signature={expected_signature}&Key-Pair-Id=K2JCJMDEHXQW5F&Hash-Algorithm=SHA256")
        );
        // 0xFB bytes are "+/v7" in standard base64: the URL carries CloudFront's replacements.
        assert!(expected_signature.starts_with("-~v7-~v7"));
        // SHA-1 announces nothing, and a URL without a query gets '?'.
        let p = PreparedSignedUrl::new(&options("https://d.example/a.jpg"), at(0)).unwrap();
        let signed = p.finish(&signature).unwrap();
        assert!(signed.starts_with("https://d.example/a.jpg?Expires=1767290400&Signature="));
        assert!(signed.ends_with("&Key-Pair-Id=K2JCJMDEHXQW5F"));
    }

    #[test]
    fn chooses_a_custom_policy_for_patterns_start_times_and_addresses() {
        let mut o = options("https://d.example/videos/intro.mp4");
        o.resource = Some("https://d.example/videos/*");
        let p = PreparedSignedUrl::new(&o, at(0)).unwrap();
        assert!(!p.policy().is_canned());
        let signed = p.finish(&[1; 256]).unwrap();
        let policy = p.policy().to_url_safe_base64();
        assert!(signed.starts_with(&alloc::format!(
            "https://d.example/videos/intro.mp4?Policy={policy}&Signature="
        )));

        let mut o = options("https://d.example/a");
        o.source_ip = Some("192.0.2.0/24");
        assert!(!PreparedSignedUrl::new(&o, at(0))
            .unwrap()
            .policy()
            .is_canned());
        let mut o = options("https://d.example/a");
        o.date_greater_than = Some(at(5));
        assert!(!PreparedSignedUrl::new(&o, at(0))
            .unwrap()
            .policy()
            .is_canned());
        // A resource equal to the URL is the canned case.
        let mut o = options("https://d.example/a");
        o.resource = Some("https://d.example/a");
        assert!(PreparedSignedUrl::new(&o, at(0))
            .unwrap()
            .policy()
            .is_canned());
    }

    #[test]
    fn refuses_what_cloudfront_would_refuse() {
        let code =
            |o: &SignedUrlOptions<'_>, now| PreparedSignedUrl::new(o, at(now)).unwrap_err().code();
        let mut o = options("https://d.example/images/a.jpg");
        o.resource = Some("https://d.example/videos/*");
        assert_eq!(code(&o, 0), "InvalidPolicyResource");
        assert_eq!(
            code(&options("https://d.example/a b"), 0),
            "InvalidCloudFrontUrl"
        );
        assert_eq!(
            code(&options("https://d.example/a"), 1_767_290_400),
            "InvalidPolicyDates"
        );
        let mut o = options("https://d.example/a");
        o.key_pair_id = "";
        assert_eq!(code(&o, 0), "InvalidKeyPairId");
        let p = PreparedSignedUrl::new(&options("https://d.example/a"), at(0)).unwrap();
        assert_eq!(p.finish(&[1; 255]).unwrap_err().code(), "InvalidSignature");
        let mut o = options("https://d.example/a");
        o.algorithm = SignatureAlgorithm::EcdsaP256Sha256;
        let p = PreparedSignedUrl::new(&o, at(0)).unwrap();
        assert_eq!(p.finish(&[1; 64]).unwrap_err().code(), "InvalidSignature");
        let signed = p.finish_webcrypto(&[1; 64]).unwrap();
        assert!(signed.ends_with("&Key-Pair-Id=K2JCJMDEHXQW5F&Hash-Algorithm=SHA256"));
        let der = super::super::ecdsa_raw_to_der(&[1; 64]).unwrap();
        assert_eq!(signed, p.finish(&der).unwrap());
    }
}
