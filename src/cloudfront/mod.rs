//! Amazon CloudFront: signed URLs and signed cookies (canned and custom policies), and invalidations.
//!
//! Sans-IO like the rest of the crate: time is an argument, nothing here reads a clock, a file or the network.
//! The **private-key operation is a seam**: a signed URL or cookie is prepared (every input checked, the policy
//! rendered, [`PreparedSignedUrl::to_sign`] giving the exact bytes to sign), signed wherever the key lives, and
//! finished from the signature. That keeps RSA and elliptic-curve code out of the core — a Cloudflare Worker
//! signs with WebCrypto and a non-extractable key, and the WebAssembly package stays small — while the optional
//! `cloudfront-signing` feature adds an in-process signer (`private_key`) for Rust programs that hold the PEM.
//!
//! One AWS concept per file: [`policy`] (canned and custom policy statements), [`source_ip`] (`AWS:SourceIp`),
//! [`url_safe_base64`] (CloudFront's base64), [`url`] (the URL as viewers send it), [`signature`] (algorithms,
//! key pair ids, DER), [`signed_url`], [`signed_cookies`], [`invalidation`] (CreateInvalidation, GetInvalidation)
//! and [`response`] (CloudFront's XML answers).
//! <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/PrivateContent.html>

pub mod invalidation;
pub mod policy;
#[cfg(feature = "cloudfront-signing")]
pub mod private_key;
pub mod response;
pub mod signature;
pub mod signed_cookies;
pub mod signed_url;
pub mod source_ip;
pub mod url;
pub mod url_safe_base64;

pub use invalidation::{
    create_invalidation, get_invalidation, invalidation_batch_xml, invalidation_path,
    InvalidationBatch,
};
pub use policy::{CustomPolicy, Policy};
#[cfg(feature = "cloudfront-signing")]
pub use private_key::PrivateKey;
pub use response::{parse_error, parse_invalidation, CloudFrontError, Invalidation};
pub use signature::{check_key_pair_id, ecdsa_raw_to_der, SignatureAlgorithm};
pub use signed_cookies::{
    CookieAttributes, PreparedSignedCookies, SameSite, SignedCookies, SignedCookiesOptions,
};
pub use signed_url::{PreparedSignedUrl, SignedUrlOptions};
pub use source_ip::SourceIp;
pub use url::{object_path, object_url};
