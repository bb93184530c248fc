//! The one error type of the crate.
//!
//! Every variant names the rule that was broken (its [`Error::code`] is stable and is what the JS bindings expose as
//! `error.code`), and `Display` says the rule and how to fix the input. Signing itself never panics: anything that
//! could go wrong is checked when a value is constructed and reported here.

use alloc::string::String;
use core::fmt;

/// Everything that can be wrong with an input to the signer.
// Variant fields are the offending value and the rule text; each variant's doc says what it means.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A bucket name breaks an S3 naming rule.
    /// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html>
    InvalidBucketName { name: String, rule: &'static str },
    /// An object key is empty, longer than 1024 bytes of UTF-8, or otherwise unusable.
    /// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html>
    InvalidObjectKey { rule: &'static str },
    /// A presigned URL must live between 1 second and 7 days (604800 s).
    /// <https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html>
    ExpiresOutOfRange { seconds: u64 },
    /// The URL would outlive the temporary credentials that sign it; S3 would reject it after they expire anyway.
    ExpiresAfterCredentials {
        url_expires_at: u64,
        credentials_expire_at: u64,
    },
    /// The temporary credentials have already expired at the signing time.
    CredentialsExpired { expired_at: u64, now: u64 },
    /// Access key id, secret or session token is empty or contains characters that cannot appear in a signature.
    InvalidCredentials { rule: &'static str },
    /// A region code is not well formed (lowercase letters, digits and hyphens such as `eu-west-1`).
    InvalidRegion { region: String, rule: &'static str },
    /// An endpoint (custom URL, or an endpoint option such as FIPS or Transfer Acceleration) cannot be used.
    InvalidEndpoint { rule: &'static str },
    /// The backend profile (aws, r2, generic) does not support the requested feature.
    UnsupportedByBackend {
        backend: &'static str,
        feature: &'static str,
    },
    /// A storage class is not one S3 accepts in `x-amz-storage-class`.
    /// <https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html#AmazonS3-PutObject-request-header-StorageClass>
    InvalidStorageClass { value: String },
    /// A header name is not an HTTP token, or is one the signer sets itself.
    InvalidHeaderName { name: String, rule: &'static str },
    /// A header value contains characters that cannot be sent (control characters, line breaks) or breaks the
    /// header's own format.
    InvalidHeaderValue { name: String, rule: &'static str },
    /// A query parameter cannot be used (reserved for the signature, or malformed).
    InvalidQueryParameter { name: String, rule: &'static str },
    /// An option does not apply to the operation (for example a storage class on a GET).
    OptionNotApplicable {
        option: &'static str,
        operation: &'static str,
    },
    /// Multipart part numbers run from 1 to 10000.
    /// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html>
    InvalidPartNumber { part_number: u64 },
    /// A multipart request is malformed (no upload id, no parts, duplicate parts, missing ETag).
    InvalidMultipart { rule: &'static str },
    /// A POST policy is malformed or too large.
    /// <https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html>
    InvalidPostPolicy { rule: &'static str },
    /// User metadata exceeds S3's 2 KB limit or is malformed.
    InvalidMetadata { rule: &'static str },
    /// A checksum value is not the base64 of a digest of the algorithm's size.
    InvalidChecksum {
        algorithm: &'static str,
        rule: &'static str,
    },
    /// Server-side encryption settings are inconsistent.
    /// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/serv-side-encryption.html>
    InvalidEncryption { rule: &'static str },
    /// A timestamp is out of the range the signer can format (1970 to 9999) or not in the expected format.
    InvalidTimestamp { rule: &'static str },
    /// A request path is not usable for signing (it must start with `/` and be percent-encoded as sent).
    InvalidPath { rule: &'static str },
    /// An S3 response body could not be understood.
    MalformedResponse { rule: &'static str },
}

impl Error {
    /// A stable machine-readable code, the variant name (`"InvalidObjectKey"`, `"ExpiresOutOfRange"`, …).
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidBucketName { .. } => "InvalidBucketName",
            Error::InvalidObjectKey { .. } => "InvalidObjectKey",
            Error::ExpiresOutOfRange { .. } => "ExpiresOutOfRange",
            Error::ExpiresAfterCredentials { .. } => "ExpiresAfterCredentials",
            Error::CredentialsExpired { .. } => "CredentialsExpired",
            Error::InvalidCredentials { .. } => "InvalidCredentials",
            Error::InvalidRegion { .. } => "InvalidRegion",
            Error::InvalidEndpoint { .. } => "InvalidEndpoint",
            Error::UnsupportedByBackend { .. } => "UnsupportedByBackend",
            Error::InvalidStorageClass { .. } => "InvalidStorageClass",
            Error::InvalidHeaderName { .. } => "InvalidHeaderName",
            Error::InvalidHeaderValue { .. } => "InvalidHeaderValue",
            Error::InvalidQueryParameter { .. } => "InvalidQueryParameter",
            Error::OptionNotApplicable { .. } => "OptionNotApplicable",
            Error::InvalidPartNumber { .. } => "InvalidPartNumber",
            Error::InvalidMultipart { .. } => "InvalidMultipart",
            Error::InvalidPostPolicy { .. } => "InvalidPostPolicy",
            Error::InvalidMetadata { .. } => "InvalidMetadata",
            Error::InvalidChecksum { .. } => "InvalidChecksum",
            Error::InvalidEncryption { .. } => "InvalidEncryption",
            Error::InvalidTimestamp { .. } => "InvalidTimestamp",
            Error::InvalidPath { .. } => "InvalidPath",
            Error::MalformedResponse { .. } => "MalformedResponse",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidBucketName { name, rule } => write!(f, "invalid bucket name {}: {rule}", Quoted(name)),
            Error::InvalidObjectKey { rule } => write!(f, "invalid object key: {rule}"),
            Error::ExpiresOutOfRange { seconds } => write!(
                f,
                "expiry of {seconds} s is out of range: presigned URLs last from 1 to 604800 seconds (7 days)"
            ),
            Error::ExpiresAfterCredentials { url_expires_at, credentials_expire_at } => write!(
                f,
                "the URL would expire at {url_expires_at} (unix s), after its temporary credentials expire at \
                 {credentials_expire_at}; shorten the expiry or refresh the credentials"
            ),
            Error::CredentialsExpired { expired_at, now } => write!(
                f,
                "the temporary credentials expired at {expired_at} (unix s), before the signing time {now}; \
                 refresh them"
            ),
            Error::InvalidCredentials { rule } => write!(f, "invalid credentials: {rule}"),
            Error::InvalidRegion { region, rule } => write!(f, "invalid region {}: {rule}", Quoted(region)),
            Error::InvalidEndpoint { rule } => write!(f, "invalid endpoint: {rule}"),
            Error::UnsupportedByBackend { backend, feature } => {
                write!(f, "the {backend} backend does not support {feature}")
            }
            Error::InvalidStorageClass { value } => write!(
                f,
                "invalid storage class {}: expected one of STANDARD, REDUCED_REDUNDANCY, STANDARD_IA, \
                 ONEZONE_IA, INTELLIGENT_TIERING, GLACIER, DEEP_ARCHIVE, GLACIER_IR, EXPRESS_ONEZONE, OUTPOSTS, \
                 SNOW, FSX_OPENZFS (or GLACIER_INSTANT_RETRIEVAL, GLACIER_FLEXIBLE_RETRIEVAL)",
                Quoted(value)
            ),
            Error::InvalidHeaderName { name, rule } => write!(f, "invalid header name {}: {rule}", Quoted(name)),
            Error::InvalidHeaderValue { name, rule } => write!(f, "invalid value for header {}: {rule}", Quoted(name)),
            Error::InvalidQueryParameter { name, rule } => {
                write!(f, "invalid query parameter {}: {rule}", Quoted(name))
            }
            Error::OptionNotApplicable { option, operation } => {
                write!(f, "the option {option} does not apply to {operation}; remove it")
            }
            Error::InvalidPartNumber { part_number } => {
                write!(f, "part number {part_number} is out of range: S3 part numbers run from 1 to 10000")
            }
            Error::InvalidMultipart { rule } => write!(f, "invalid multipart request: {rule}"),
            Error::InvalidPostPolicy { rule } => write!(f, "invalid POST policy: {rule}"),
            Error::InvalidMetadata { rule } => write!(f, "invalid user metadata: {rule}"),
            Error::InvalidChecksum { algorithm, rule } => write!(f, "invalid {algorithm} checksum: {rule}"),
            Error::InvalidEncryption { rule } => write!(f, "invalid server-side encryption settings: {rule}"),
            Error::InvalidTimestamp { rule } => write!(f, "invalid timestamp: {rule}"),
            Error::InvalidPath { rule } => write!(f, "invalid request path: {rule}"),
            Error::MalformedResponse { rule } => write!(f, "malformed S3 response: {rule}"),
        }
    }
}

impl core::error::Error for Error {}

/// A caller-supplied name in double quotes with control characters and quotes escaped, so that an error message
/// (which may be logged) cannot be used to forge log lines. Lighter than `{:?}`, which pulls Unicode tables into the
/// wasm module.
struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        for c in self.0.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                c if c.is_control() => write!(f, "\\u{{{:x}}}", c as u32)?,
                c => fmt::Write::write_char(f, c)?,
            }
        }
        f.write_str("\"")
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = core::result::Result<T, E>;
