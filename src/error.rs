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
    /// A bucket CORS configuration to be written breaks one of S3's rules for it.
    /// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html>
    InvalidCorsConfiguration { rule: &'static str },
    /// A bucket lifecycle configuration to be written breaks one of S3's rules for it, or cannot be rebuilt from
    /// the summary it was given.
    /// <https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html>
    InvalidLifecycleConfiguration { rule: &'static str },
    /// A URL to sign for CloudFront is not usable as given: it must be the absolute `http`/`https` URL exactly as
    /// viewers will send it (percent-encoded, no fragment, no CloudFront signing parameters).
    /// <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-creating-signed-url-canned-policy.html>
    InvalidCloudFrontUrl { rule: &'static str },
    /// The `Resource` of a policy statement is not an `http://`/`https://` URL or a `*` wildcard pattern, or does
    /// not cover the URL being signed.
    /// <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-creating-signed-url-custom-policy.html>
    InvalidPolicyResource { rule: &'static str },
    /// `DateLessThan` / `DateGreaterThan` are out of order, or the policy has already expired at the signing time.
    InvalidPolicyDates { rule: &'static str },
    /// `AWS:SourceIp` is not an IPv4 address or CIDR range such as `192.0.2.0/24`.
    InvalidSourceIp { value: String, rule: &'static str },
    /// A CloudFront key pair id (the public key's ID in a trusted key group) is empty or malformed.
    InvalidKeyPairId { rule: &'static str },
    /// The key algorithm and hash algorithm do not form a signature CloudFront accepts.
    InvalidSignatureAlgorithm { rule: &'static str },
    /// A signature handed back for assembly does not have the shape its algorithm produces.
    InvalidSignature { rule: &'static str },
    /// The attributes asked for the signed cookies cannot be sent (a malformed domain or path, `SameSite=None`
    /// without `Secure`).
    InvalidCookieAttributes { rule: &'static str },
    /// A CloudFront distribution id or invalidation id is not the uppercase letters and digits CloudFront issues.
    InvalidCloudFrontId { rule: &'static str },
    /// An invalidation path breaks CloudFront's rules (leading `/`, `*` only at the end, at most 4000 characters).
    /// <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/invalidation-specifying-objects.html>
    InvalidInvalidationPath { path: String, rule: &'static str },
    /// An invalidation batch is empty, too large, has too many wildcard paths, or lacks a caller reference.
    InvalidInvalidationBatch { rule: &'static str },
    /// A private key could not be read (PEM, PKCS#1 or PKCS#8) or is not of the kind CloudFront accepts.
    InvalidPrivateKey { rule: &'static str },
    /// A CloudFront response body could not be understood.
    MalformedCloudFrontResponse { rule: &'static str },
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
            Error::InvalidCorsConfiguration { .. } => "InvalidCorsConfiguration",
            Error::InvalidLifecycleConfiguration { .. } => "InvalidLifecycleConfiguration",
            Error::InvalidCloudFrontUrl { .. } => "InvalidCloudFrontUrl",
            Error::InvalidPolicyResource { .. } => "InvalidPolicyResource",
            Error::InvalidPolicyDates { .. } => "InvalidPolicyDates",
            Error::InvalidSourceIp { .. } => "InvalidSourceIp",
            Error::InvalidKeyPairId { .. } => "InvalidKeyPairId",
            Error::InvalidSignatureAlgorithm { .. } => "InvalidSignatureAlgorithm",
            Error::InvalidSignature { .. } => "InvalidSignature",
            Error::InvalidCookieAttributes { .. } => "InvalidCookieAttributes",
            Error::InvalidCloudFrontId { .. } => "InvalidCloudFrontId",
            Error::InvalidInvalidationPath { .. } => "InvalidInvalidationPath",
            Error::InvalidInvalidationBatch { .. } => "InvalidInvalidationBatch",
            Error::InvalidPrivateKey { .. } => "InvalidPrivateKey",
            Error::MalformedCloudFrontResponse { .. } => "MalformedCloudFrontResponse",
        }
    }
}

impl Error {
    /// What `Display` writes: the rule broken and how to fix the input. Built by appending pieces rather than with
    /// `core::fmt`, whose formatting machinery would otherwise be part of every wasm module that reports an error
    /// (the checksum module's whole size budget is 10 KB). Always inlined: its one caller (the JS bindings' `core_error`)
    /// holds the whole match. (The checksum module does not call it: its one error is rendered from constants.)
    #[inline(always)]
    pub fn message(&self) -> String {
        let mut m = Message(String::with_capacity(96));
        match self {
            Error::InvalidBucketName { name, rule } => {
                m.text("invalid bucket name ").quoted(name).text(": ").text(rule)
            }
            Error::InvalidObjectKey { rule } => m.text("invalid object key: ").text(rule),
            Error::ExpiresOutOfRange { seconds } => m
                .text("expiry of ")
                .number(*seconds)
                .text(" s is out of range: presigned URLs last from 1 to 604800 seconds (7 days)"),
            Error::ExpiresAfterCredentials { url_expires_at, credentials_expire_at } => m
                .text("the URL would expire at ")
                .number(*url_expires_at)
                .text(" (unix s), after its temporary credentials expire at ")
                .number(*credentials_expire_at)
                .text("; shorten the expiry or refresh the credentials"),
            Error::CredentialsExpired { expired_at, now } => m
                .text("the temporary credentials expired at ")
                .number(*expired_at)
                .text(" (unix s), before the signing time ")
                .number(*now)
                .text("; refresh them"),
            Error::InvalidCredentials { rule } => m.text("invalid credentials: ").text(rule),
            Error::InvalidRegion { region, rule } => {
                m.text("invalid region ").quoted(region).text(": ").text(rule)
            }
            Error::InvalidEndpoint { rule } => m.text("invalid endpoint: ").text(rule),
            Error::UnsupportedByBackend { backend, feature } => {
                m.text("the ").text(backend).text(" backend does not support ").text(feature)
            }
            Error::InvalidStorageClass { value } => m.text("invalid storage class ").quoted(value).text(
                ": expected one of STANDARD, REDUCED_REDUNDANCY, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, \
                 GLACIER, DEEP_ARCHIVE, GLACIER_IR, EXPRESS_ONEZONE, OUTPOSTS, SNOW, FSX_OPENZFS (or \
                 GLACIER_INSTANT_RETRIEVAL, GLACIER_FLEXIBLE_RETRIEVAL, GLACIER_DEEP_ARCHIVE)",
            ),
            Error::InvalidHeaderName { name, rule } => {
                m.text("invalid header name ").quoted(name).text(": ").text(rule)
            }
            Error::InvalidHeaderValue { name, rule } => {
                m.text("invalid value for header ").quoted(name).text(": ").text(rule)
            }
            Error::InvalidQueryParameter { name, rule } => {
                m.text("invalid query parameter ").quoted(name).text(": ").text(rule)
            }
            Error::OptionNotApplicable { option, operation } => m
                .text("the option ")
                .text(option)
                .text(" does not apply to ")
                .text(operation)
                .text("; remove it"),
            Error::InvalidPartNumber { part_number } => m
                .text("part number ")
                .number(*part_number)
                .text(" is out of range: S3 part numbers run from 1 to 10000"),
            Error::InvalidMultipart { rule } => m.text("invalid multipart request: ").text(rule),
            Error::InvalidPostPolicy { rule } => m.text("invalid POST policy: ").text(rule),
            Error::InvalidMetadata { rule } => m.text("invalid user metadata: ").text(rule),
            Error::InvalidChecksum { algorithm, rule } => {
                m.text("invalid ").text(algorithm).text(" checksum: ").text(rule)
            }
            Error::InvalidEncryption { rule } => {
                m.text("invalid server-side encryption settings: ").text(rule)
            }
            Error::InvalidTimestamp { rule } => m.text("invalid timestamp: ").text(rule),
            Error::InvalidPath { rule } => m.text("invalid request path: ").text(rule),
            Error::MalformedResponse { rule } => m.text("malformed S3 response: ").text(rule),
            Error::InvalidCorsConfiguration { rule } => m.text("invalid CORS configuration: ").text(rule),
            Error::InvalidLifecycleConfiguration { rule } => {
                m.text("invalid lifecycle configuration: ").text(rule)
            }
            Error::InvalidCloudFrontUrl { rule } => m.text("invalid URL to sign for CloudFront: ").text(rule),
            Error::InvalidPolicyResource { rule } => m.text("invalid CloudFront policy resource: ").text(rule),
            Error::InvalidPolicyDates { rule } => m.text("invalid CloudFront policy dates: ").text(rule),
            Error::InvalidSourceIp { value, rule } => m
                .text("invalid CloudFront policy source IP ")
                .quoted(value)
                .text(": ")
                .text(rule),
            Error::InvalidKeyPairId { rule } => m.text("invalid CloudFront key pair id: ").text(rule),
            Error::InvalidSignatureAlgorithm { rule } => {
                m.text("unsupported CloudFront signature algorithm: ").text(rule)
            }
            Error::InvalidSignature { rule } => m.text("invalid CloudFront signature: ").text(rule),
            Error::InvalidCookieAttributes { rule } => m.text("invalid signed cookie attributes: ").text(rule),
            Error::InvalidCloudFrontId { rule } => m.text("invalid CloudFront id: ").text(rule),
            Error::InvalidInvalidationPath { path, rule } => m
                .text("invalid invalidation path ")
                .quoted(path)
                .text(": ")
                .text(rule),
            Error::InvalidInvalidationBatch { rule } => m.text("invalid invalidation batch: ").text(rule),
            Error::InvalidPrivateKey { rule } => m.text("invalid private key: ").text(rule),
            Error::MalformedCloudFrontResponse { rule } => {
                m.text("malformed CloudFront response: ").text(rule)
            }
        };
        m.0
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl core::error::Error for Error {}

/// A message under construction.
struct Message(String);

impl Message {
    // Out of line, each piece is a call with a constant string: the match over every variant stays small.
    #[inline(never)]
    fn text(&mut self, text: &str) -> &mut Self {
        self.0.push_str(text);
        self
    }

    #[inline(never)]
    fn number(&mut self, n: u64) -> &mut Self {
        self.0.push_str(crate::sigv4::itoa_buf(n).as_str());
        self
    }

    /// A caller-supplied name in double quotes with control characters and quotes escaped, so that an error message
    /// (which may be logged) cannot be used to forge log lines. Lighter than `{:?}`, which pulls Unicode tables into
    /// the wasm module.
    fn quoted(&mut self, name: &str) -> &mut Self {
        self.0.push('"');
        for c in name.chars() {
            match c {
                '"' => self.0.push_str("\\\""),
                '\\' => self.0.push_str("\\\\"),
                c if c.is_control() => {
                    // `\u{hex}`, lowercase digits without leading zeros, as Rust's escapes.
                    self.0.push_str("\\u{");
                    let code = c as u32;
                    let digits = (32 - code.leading_zeros()).div_ceil(4).max(1);
                    for shift in (0..digits).rev() {
                        let digit = (code >> (shift * 4)) & 0xf;
                        self.0.push(char::from_digit(digit, 16).unwrap_or('0'));
                    }
                    self.0.push('}');
                }
                c => self.0.push(c),
            }
        }
        self.0.push('"');
        self
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = core::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn messages_quote_names_escape_controls_and_print_numbers() {
        let e = Error::InvalidHeaderName {
            name: "x\"a\\b\r\n\u{7f}\u{85}é".into(),
            rule: "names are tokens",
        };
        assert_eq!(
            e.message(),
            r#"invalid header name "x\"a\\b\u{d}\u{a}\u{7f}\u{85}é": names are tokens"#
        );
        assert_eq!(e.to_string(), e.message());
        assert_eq!(
            Error::ExpiresAfterCredentials {
                url_expires_at: 1_763_856_900,
                credentials_expire_at: 0
            }
            .message(),
            "the URL would expire at 1763856900 (unix s), after its temporary credentials expire at 0; shorten \
             the expiry or refresh the credentials"
        );
        assert_eq!(
            Error::InvalidStorageClass { value: "COLD".into() }.message(),
            "invalid storage class \"COLD\": expected one of STANDARD, REDUCED_REDUNDANCY, STANDARD_IA, \
             ONEZONE_IA, INTELLIGENT_TIERING, GLACIER, DEEP_ARCHIVE, GLACIER_IR, EXPRESS_ONEZONE, OUTPOSTS, SNOW, \
             FSX_OPENZFS (or GLACIER_INSTANT_RETRIEVAL, GLACIER_FLEXIBLE_RETRIEVAL, GLACIER_DEEP_ARCHIVE)"
        );
    }
}
