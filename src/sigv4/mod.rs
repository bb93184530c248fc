//! AWS Signature Version 4, service-agnostic: one file per stage of the algorithm.
//!
//! This module never says "S3": the service name, the payload hash and the path rules are parameters
//! ([`SigningSettings::S3`] versus [`SigningSettings::GENERIC`]), so AWS's generic test suites run through exactly
//! the code that signs S3 requests.
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html>

mod canonical_request;
mod credentials;
mod request;
mod scope;
mod signature;
mod signed_request;
mod signing_key;
mod string_to_sign;

pub use canonical_request::{CanonicalRequest, UriEncoding};
pub use credentials::Credentials;
pub use request::{
    header_stages, presign, presign_stages, sign_headers, HeaderSignature, Payload, QuerySignature,
    SessionTokenMode, SignableRequest, SigningParams, SigningSettings, SigningStages,
    EMPTY_PAYLOAD_SHA256, MAX_EXPIRES_SECONDS, UNSIGNED_PAYLOAD,
};
pub use scope::CredentialScope;
pub use signature::{sha256_hex, sign_text, signature};
pub use signed_request::SignedRequest;
pub use signing_key::{SigningKey, SigningKeyCache};
pub use string_to_sign::{StringToSign, ALGORITHM};

pub(crate) use canonical_request::{
    canonical_query_string as canonical_query, check_header, is_token_byte, QueryParam,
};
pub(crate) use request::{itoa_buf, presign_owned};
pub(crate) use scope::check_scope_part;
