//! The options of an object request and the signed headers and query parameters they become.
//!
//! Each option is checked against the operation it is used with: a storage class on a GET or a `versionId` on a PUT
//! is an error rather than something silently signed and ignored.

use super::backend::Backend;
use super::checksum::{check_content_md5, Checksum, ChecksumAlgorithm};
use super::encryption::{CustomerKey, Encryption};
use super::storage_class::StorageClass;
use crate::error::{Error, Result};
use crate::sigv4::itoa_buf;
use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

/// How long a presigned URL lives when the caller does not say: one hour.
pub const DEFAULT_EXPIRES_SECONDS: u64 = 3600;

/// S3's limit on user metadata: the UTF-8 bytes of all names and values together.
/// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html>
pub const MAX_METADATA_BYTES: usize = 2048;

/// The S3 operation a request performs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// GetObject.
    GetObject,
    /// HeadObject.
    HeadObject,
    /// PutObject.
    PutObject,
    /// DeleteObject.
    DeleteObject,
    /// CreateMultipartUpload.
    CreateMultipartUpload,
    /// UploadPart.
    UploadPart,
}

impl Operation {
    /// The API name.
    pub fn name(self) -> &'static str {
        match self {
            Operation::GetObject => "GetObject",
            Operation::HeadObject => "HeadObject",
            Operation::PutObject => "PutObject",
            Operation::DeleteObject => "DeleteObject",
            Operation::CreateMultipartUpload => "CreateMultipartUpload",
            Operation::UploadPart => "UploadPart",
        }
    }

    /// The HTTP method.
    pub fn method(self) -> &'static str {
        match self {
            Operation::GetObject => "GET",
            Operation::HeadObject => "HEAD",
            Operation::PutObject | Operation::UploadPart => "PUT",
            Operation::DeleteObject => "DELETE",
            Operation::CreateMultipartUpload => "POST",
        }
    }
}

/// `response-*` query parameters: headers S3 puts on the GET/HEAD response instead of the stored ones (for example
/// a download file name).
/// <https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html#API_GetObject_RequestSyntax>
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ResponseOverrides<'a> {
    /// `response-content-type`.
    pub content_type: Option<&'a str>,
    /// `response-content-disposition`.
    pub content_disposition: Option<&'a str>,
    /// `response-cache-control`.
    pub cache_control: Option<&'a str>,
    /// `response-content-encoding`.
    pub content_encoding: Option<&'a str>,
    /// `response-content-language`.
    pub content_language: Option<&'a str>,
    /// `response-expires`.
    pub expires: Option<&'a str>,
}

impl ResponseOverrides<'_> {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Options of an object request. Every header option becomes a *signed* header: the client must send exactly that
/// value, or S3 refuses the request.
#[derive(Debug, Clone, Default)]
pub struct ObjectOptions<'a> {
    /// Presigned URL lifetime in seconds (1 to 604800); [`DEFAULT_EXPIRES_SECONDS`] when `None`.
    pub expires_in: Option<u64>,
    /// `Content-Type` (PUT, CreateMultipartUpload).
    pub content_type: Option<&'a str>,
    /// `Content-Length` (PUT, UploadPart): S3 refuses a body of any other size.
    pub content_length: Option<u64>,
    /// `Content-MD5`, base64 (PUT, UploadPart).
    pub content_md5: Option<&'a str>,
    /// `Cache-Control` (PUT, CreateMultipartUpload).
    pub cache_control: Option<&'a str>,
    /// `Content-Disposition` (PUT, CreateMultipartUpload).
    pub content_disposition: Option<&'a str>,
    /// `Content-Encoding` (PUT, CreateMultipartUpload).
    pub content_encoding: Option<&'a str>,
    /// `Content-Language` (PUT, CreateMultipartUpload).
    pub content_language: Option<&'a str>,
    /// `x-amz-storage-class` (PUT, CreateMultipartUpload).
    pub storage_class: Option<StorageClass>,
    /// SSE-S3 / SSE-KMS / DSSE-KMS (PUT, CreateMultipartUpload).
    pub encryption: Option<Encryption<'a>>,
    /// SSE-C key (every operation but DELETE).
    pub customer_key: Option<CustomerKey<'a>>,
    /// `x-amz-checksum-*` value (PUT, UploadPart).
    pub checksum: Option<Checksum<'a>>,
    /// `x-amz-checksum-algorithm` (CreateMultipartUpload: every part must then carry that checksum).
    pub checksum_algorithm: Option<ChecksumAlgorithm>,
    /// User metadata, sent as `x-amz-meta-<name>` (PUT, CreateMultipartUpload).
    pub metadata: &'a [(&'a str, &'a str)],
    /// `x-amz-tagging`, URL-query encoded (`k1=v1&k2=v2`) (PUT, CreateMultipartUpload).
    pub tagging: Option<&'a str>,
    /// `x-amz-acl`, a canned ACL (PUT, CreateMultipartUpload).
    pub acl: Option<&'a str>,
    /// `If-None-Match`: on PUT only `*` (refuse to overwrite an existing key); on GET/HEAD an ETag.
    pub if_none_match: Option<&'a str>,
    /// `If-Match`: an ETag the current object must have (PUT, GET, HEAD, DELETE).
    pub if_match: Option<&'a str>,
    /// `versionId` (GET, HEAD, DELETE).
    pub version_id: Option<&'a str>,
    /// `partNumber` (GET, HEAD): read one part of an object uploaded in parts (1 to 10000), for parallel
    /// downloads of exactly the uploaded parts, or a HEAD that returns the part's size and the part count.
    /// <https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html#API_GetObject_RequestSyntax>
    pub part_number: Option<u64>,
    /// `response-*` overrides (GET, HEAD).
    pub response: ResponseOverrides<'a>,
    /// Any other header to sign (for example `Range`, `x-amz-object-lock-mode`).
    pub extra_headers: &'a [(&'a str, &'a str)],
    /// Any other query parameter to sign.
    pub extra_query: &'a [(&'a str, &'a str)],
}

/// Canned ACLs S3 accepts on objects.
/// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl>
const CANNED_ACLS: &[&str] = &[
    "private",
    "public-read",
    "public-read-write",
    "authenticated-read",
    "aws-exec-read",
    "bucket-owner-read",
    "bucket-owner-full-control",
];

/// Headers and query parameters derived from options; names are lowercase.
#[derive(Debug, Default)]
pub(crate) struct RequestParts<'a> {
    /// Names are lowercase; static for the typed options, owned for metadata and extra headers.
    pub headers: Vec<(Cow<'static, str>, Cow<'a, str>)>,
    pub query: Vec<(&'a str, &'a str)>,
    /// `partNumber`, written into the query when the request is signed (it has no text of its own to borrow).
    pub part_number: Option<u64>,
}

impl<'a> RequestParts<'a> {
    fn header(&mut self, name: &'static str, value: &'a str) {
        self.headers
            .push((Cow::Borrowed(name), Cow::Borrowed(value)));
    }
}

impl<'a> ObjectOptions<'a> {
    /// The expiry, defaulted.
    pub fn expires_in(&self) -> u64 {
        self.expires_in.unwrap_or(DEFAULT_EXPIRES_SECONDS)
    }

    /// Checks every option against `operation` and the backend, and turns them into headers and query parameters.
    pub(crate) fn to_parts(
        &self,
        operation: Operation,
        backend: Backend,
    ) -> Result<RequestParts<'a>> {
        use Operation::*;
        let op = operation;
        let only = |present: bool, option: &'static str, allowed: &[Operation]| -> Result<()> {
            if present && !allowed.contains(&op) {
                return Err(Error::OptionNotApplicable {
                    option,
                    operation: op.name(),
                });
            }
            Ok(())
        };
        const WRITE: &[Operation] = &[PutObject, CreateMultipartUpload];
        only(self.content_type.is_some(), "contentType", WRITE)?;
        only(self.cache_control.is_some(), "cacheControl", WRITE)?;
        only(
            self.content_disposition.is_some(),
            "contentDisposition",
            WRITE,
        )?;
        only(self.content_encoding.is_some(), "contentEncoding", WRITE)?;
        only(self.content_language.is_some(), "contentLanguage", WRITE)?;
        only(self.storage_class.is_some(), "storageClass", WRITE)?;
        only(self.encryption.is_some(), "encryption", WRITE)?;
        only(!self.metadata.is_empty(), "metadata", WRITE)?;
        only(self.tagging.is_some(), "tagging", WRITE)?;
        only(self.acl.is_some(), "acl", WRITE)?;
        only(
            self.content_length.is_some(),
            "contentLength",
            &[PutObject, UploadPart],
        )?;
        only(
            self.content_md5.is_some(),
            "contentMd5",
            &[PutObject, UploadPart],
        )?;
        only(
            self.checksum.is_some(),
            "checksum",
            &[PutObject, UploadPart],
        )?;
        only(
            self.checksum_algorithm.is_some(),
            "checksumAlgorithm",
            &[CreateMultipartUpload],
        )?;
        only(
            self.customer_key.is_some(),
            "customerKey",
            &[
                GetObject,
                HeadObject,
                PutObject,
                CreateMultipartUpload,
                UploadPart,
            ],
        )?;
        only(
            self.if_none_match.is_some(),
            "ifNoneMatch",
            &[GetObject, HeadObject, PutObject],
        )?;
        only(
            self.if_match.is_some(),
            "ifMatch",
            &[GetObject, HeadObject, PutObject, DeleteObject],
        )?;
        only(
            self.version_id.is_some(),
            "versionId",
            &[GetObject, HeadObject, DeleteObject],
        )?;
        only(
            !self.response.is_empty(),
            "response overrides",
            &[GetObject, HeadObject],
        )?;
        only(
            self.part_number.is_some(),
            "partNumber",
            &[GetObject, HeadObject],
        )?;
        if let Some(n) = self.part_number {
            super::signer::check_part_number(n)?;
        }

        let mut parts = RequestParts {
            headers: Vec::with_capacity(8),
            query: Vec::new(),
            part_number: self.part_number,
        };
        if let Some(v) = self.content_type {
            if v.is_empty() {
                return Err(Error::InvalidHeaderValue {
                    name: "content-type".into(),
                    rule: "must not be empty",
                });
            }
            parts.header("content-type", v);
        }
        if let Some(n) = self.content_length {
            parts.headers.push((
                Cow::Borrowed("content-length"),
                Cow::Owned(String::from(itoa_buf(n).as_str())),
            ));
        }
        if let Some(v) = self.content_md5 {
            check_content_md5(v)?;
            parts.header("content-md5", v);
        }
        for (name, value) in [
            ("cache-control", self.cache_control),
            ("content-disposition", self.content_disposition),
            ("content-encoding", self.content_encoding),
            ("content-language", self.content_language),
        ] {
            if let Some(v) = value {
                parts.header(name, v);
            }
        }
        if let Some(class) = self.storage_class {
            backend.check_storage_class(class)?;
            parts.header("x-amz-storage-class", class.as_str());
        }
        if let Some(enc) = &self.encryption {
            enc.check()?;
            if enc.uses_kms() {
                backend.check_kms()?;
            }
            if self.customer_key.is_some() {
                return Err(Error::InvalidEncryption {
                    rule: "SSE-C cannot be combined with SSE-S3 or SSE-KMS",
                });
            }
            enc.headers(|n, v| parts.header(n, v));
        }
        if let Some(key) = &self.customer_key {
            key.check()?;
            key.headers(|n, v| parts.header(n, v));
        }
        if let Some(checksum) = &self.checksum {
            checksum.check()?;
            parts.header(checksum.algorithm.header_name(), checksum.value);
        }
        if let Some(algorithm) = self.checksum_algorithm {
            parts.header("x-amz-checksum-algorithm", algorithm.as_str());
        }
        self.metadata_headers(&mut parts)?;
        if let Some(tagging) = self.tagging {
            parts.header("x-amz-tagging", tagging);
        }
        if let Some(acl) = self.acl {
            if !CANNED_ACLS.contains(&acl) {
                return Err(Error::InvalidHeaderValue {
                    name: "x-amz-acl".into(),
                    rule: "must be a canned ACL: private, public-read, public-read-write, authenticated-read, aws-exec-read, bucket-owner-read or bucket-owner-full-control",
                });
            }
            parts.header("x-amz-acl", acl);
        }
        if let Some(v) = self.if_none_match {
            // Conditional writes: PutObject accepts only `If-None-Match: *`.
            // <https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html>
            if op == PutObject && v != "*" {
                return Err(Error::InvalidHeaderValue {
                    name: "if-none-match".into(),
                    rule: "on PUT the only accepted value is *",
                });
            }
            parts.header("if-none-match", v);
        }
        if let Some(v) = self.if_match {
            parts.header("if-match", v);
        }
        for &(name, value) in self.extra_headers {
            if is_signer_header(name)
                || parts
                    .headers
                    .iter()
                    .any(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                return Err(Error::InvalidHeaderName {
                    name: name.into(),
                    rule: "this header is set by the signer or by a typed option; use the option instead",
                });
            }
            parts
                .headers
                .push((Cow::Owned(name.to_ascii_lowercase()), Cow::Borrowed(value)));
        }

        if let Some(v) = self.version_id {
            parts.query.push(("versionId", v));
        }
        let r = &self.response;
        for (name, value) in [
            ("response-cache-control", r.cache_control),
            ("response-content-disposition", r.content_disposition),
            ("response-content-encoding", r.content_encoding),
            ("response-content-language", r.content_language),
            ("response-content-type", r.content_type),
            ("response-expires", r.expires),
        ] {
            if let Some(v) = value {
                parts.query.push((name, v));
            }
        }
        for &(name, value) in self.extra_query {
            if is_signer_query(name) || parts.query.iter().any(|(n, _)| *n == name) {
                return Err(Error::InvalidQueryParameter {
                    name: name.into(),
                    rule: "this parameter is set by the signer or by a typed option; use the option instead",
                });
            }
            parts.query.push((name, value));
        }
        Ok(parts)
    }

    fn metadata_headers(&self, parts: &mut RequestParts<'a>) -> Result<()> {
        let mut total = 0usize;
        for &(name, value) in self.metadata {
            let bare = strip_prefix_ignore_case(name, "x-amz-meta-");
            if bare.is_empty() || !bare.bytes().all(crate::sigv4::is_token_byte) {
                return Err(Error::InvalidMetadata {
                    rule: "metadata names must be non-empty HTTP tokens (letters, digits, -, _ …)",
                });
            }
            // REST headers carry US-ASCII; S3 stores other text only RFC 2047-encoded, so refuse rather than let it
            // be mangled.
            if !value
                .bytes()
                .all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
            {
                return Err(Error::InvalidMetadata { rule: "metadata values must be printable US-ASCII (encode other text, e.g. RFC 2047)" });
            }
            total += bare.len() + value.len();
            let mut header = String::with_capacity(11 + bare.len());
            header.push_str("x-amz-meta-");
            header.extend(bare.chars().map(|c| c.to_ascii_lowercase()));
            if parts.headers.iter().any(|(n, _)| *n == header) {
                return Err(Error::InvalidMetadata {
                    rule: "metadata names must be unique, ignoring case",
                });
            }
            parts
                .headers
                .push((Cow::Owned(header), Cow::Borrowed(value)));
        }
        if total > MAX_METADATA_BYTES {
            return Err(Error::InvalidMetadata {
                rule: "user metadata is limited to 2 KB (names and values together)",
            });
        }
        Ok(())
    }
}

fn strip_prefix_ignore_case<'s>(s: &'s str, prefix: &str) -> &'s str {
    match s.get(..prefix.len()) {
        Some(head) if head.eq_ignore_ascii_case(prefix) => &s[prefix.len()..],
        _ => s,
    }
}

pub(crate) fn is_signer_header(name: &str) -> bool {
    [
        "host",
        "authorization",
        "x-amz-date",
        "x-amz-content-sha256",
        "x-amz-security-token",
    ]
    .iter()
    .any(|h| name.eq_ignore_ascii_case(h))
}

fn is_signer_query(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("x-amz-")
        || ["versionid", "partnumber", "uploadid", "uploads"].contains(&lower.as_str())
        || lower.starts_with("response-")
}
