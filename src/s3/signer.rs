//! [`S3Signer`]: credentials plus a checked bucket, and every S3 request this crate signs.

use super::endpoint::Bucket;
use super::object_options::{ObjectOptions, Operation, RequestParts};
use crate::error::{Error, Result};
pub use crate::sigv4::SignedRequest;
use crate::sigv4::{
    self, Credentials, Payload, SignableRequest, SigningKeyCache, SigningParams, SigningSettings,
};
use crate::time::Timestamp;
use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cell::RefCell;

/// The longest object key S3 accepts, in bytes of UTF-8.
/// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html>
pub const MAX_KEY_BYTES: usize = 1024;

/// A presigned URL and what the client must send with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresignedRequest {
    /// The HTTP method the URL is signed for.
    pub method: &'static str,
    /// The complete URL.
    pub url: String,
    /// The headers the client must send with exactly these values (lowercase names; `host` excluded, clients set
    /// it from the URL). Browsers set `content-length` themselves from the body.
    pub headers: Vec<(Cow<'static, str>, String)>,
    /// The last second the URL is valid.
    pub expires_at: Timestamp,
    /// The lifetime in seconds.
    pub expires_in: u64,
}

/// Signs S3 requests for one bucket with one set of credentials.
///
/// The derived signing key is cached (it changes once a UTC day), so a presign costs about two SHA-256 passes. The
/// signer is `Send` but not `Sync`: give each thread its own (cloning is cheap).
#[derive(Debug, Clone)]
pub struct S3Signer {
    credentials: Credentials,
    bucket: Bucket,
    keys: RefCell<SigningKeyCache>,
}

impl S3Signer {
    /// A signer for `bucket`.
    pub fn new(credentials: Credentials, bucket: Bucket) -> Self {
        S3Signer {
            credentials,
            bucket,
            keys: RefCell::new(SigningKeyCache::new()),
        }
    }

    /// The bucket.
    pub fn bucket(&self) -> &Bucket {
        &self.bucket
    }

    /// The credentials (their `Debug` is redacted).
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// Forgets the cached signing key (benchmarks; the cache is otherwise always correct).
    pub fn clear_key_cache(&self) {
        if let Ok(mut keys) = self.keys.try_borrow_mut() {
            keys.clear();
        }
    }

    /// Presigns a GetObject URL.
    pub fn presign_get(
        &self,
        key: &str,
        options: &ObjectOptions<'_>,
        now: Timestamp,
    ) -> Result<PresignedRequest> {
        self.presign(Operation::GetObject, key, options, now)
    }

    /// Presigns a PutObject URL. Sign `content_length` to make S3 refuse a body of another size, and
    /// `content_type` to fix the type.
    pub fn presign_put(
        &self,
        key: &str,
        options: &ObjectOptions<'_>,
        now: Timestamp,
    ) -> Result<PresignedRequest> {
        self.presign(Operation::PutObject, key, options, now)
    }

    /// Presigns a HeadObject URL.
    pub fn presign_head(
        &self,
        key: &str,
        options: &ObjectOptions<'_>,
        now: Timestamp,
    ) -> Result<PresignedRequest> {
        self.presign(Operation::HeadObject, key, options, now)
    }

    /// Presigns a DeleteObject URL.
    pub fn presign_delete(
        &self,
        key: &str,
        options: &ObjectOptions<'_>,
        now: Timestamp,
    ) -> Result<PresignedRequest> {
        self.presign(Operation::DeleteObject, key, options, now)
    }

    /// Presigns an UploadPart URL for part `part_number` (1 to 10000) of a multipart upload.
    /// <https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPart.html>
    pub fn presign_upload_part(
        &self,
        key: &str,
        upload_id: &str,
        part_number: u64,
        options: &ObjectOptions<'_>,
        now: Timestamp,
    ) -> Result<PresignedRequest> {
        check_upload_id(upload_id)?;
        check_part_number(part_number)?;
        let number = sigv4::itoa_buf(part_number);
        let mut parts = options.to_parts(Operation::UploadPart, self.bucket.backend())?;
        parts.query.push(("partNumber", number.as_str()));
        parts.query.push(("uploadId", upload_id));
        self.presign_parts(
            Operation::UploadPart.method(),
            &self.object_path(key)?,
            parts,
            options.expires_in(),
            now,
        )
    }

    /// Presigns an object request of any operation.
    pub fn presign(
        &self,
        operation: Operation,
        key: &str,
        options: &ObjectOptions<'_>,
        now: Timestamp,
    ) -> Result<PresignedRequest> {
        if operation == Operation::CreateMultipartUpload {
            return Err(Error::OptionNotApplicable {
                option: "presigning",
                operation: "CreateMultipartUpload (sign it as a server request with create_multipart_upload)",
            });
        }
        if operation == Operation::UploadPart {
            return Err(Error::OptionNotApplicable {
                option: "presign",
                operation: "UploadPart (use presign_upload_part)",
            });
        }
        let parts = options.to_parts(operation, self.bucket.backend())?;
        self.presign_parts(
            operation.method(),
            &self.object_path(key)?,
            parts,
            options.expires_in(),
            now,
        )
    }

    /// Presigns a request of any kind: a method, an object key or `None` for the bucket itself (ListObjectsV2,
    /// ListMultipartUploads…), query parameters and headers as S3's API reference names them. Only what SigV4 owns
    /// is refused: the `X-Amz-Algorithm`, `-Credential`, `-Date`, `-Expires`, `-SignedHeaders`, `-Signature` and
    /// `-Security-Token` parameters, and the `Host`, `Authorization`, `X-Amz-Date`, `X-Amz-Content-Sha256` and
    /// `X-Amz-Security-Token` headers. Every header given is signed, so the client must send it as given. The typed
    /// presigns ([`presign_put`](Self::presign_put)…) check options against their operation; this one does not
    /// know the operation and checks only the form.
    /// <https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html>
    pub fn presign_request(
        &self,
        spec: &PresignSpec<'_>,
        now: Timestamp,
    ) -> Result<PresignedRequest> {
        let method = parse_method(spec.method)?;
        let path = match spec.key {
            Some(key) => self.object_path(key)?,
            None => self.bucket.bucket_path(),
        };
        let mut headers: Vec<(Cow<'static, str>, Cow<'_, str>)> =
            Vec::with_capacity(spec.headers.len());
        for &(name, value) in spec.headers {
            if super::object_options::is_signer_header(name) {
                return Err(Error::InvalidHeaderName {
                    name: name.into(),
                    rule: "this header is set by the signer; do not pass it",
                });
            }
            if headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
                return Err(Error::InvalidHeaderName {
                    name: name.into(),
                    rule: "each header may be given once",
                });
            }
            headers.push((Cow::Owned(name.to_ascii_lowercase()), Cow::Borrowed(value)));
        }
        let parts = RequestParts {
            headers,
            query: spec.query.to_vec(),
            part_number: None,
        };
        let expires_in = spec
            .expires_in
            .unwrap_or(super::object_options::DEFAULT_EXPIRES_SECONDS);
        self.presign_parts(method, &path, parts, expires_in, now)
    }

    /// Signs an arbitrary request in header mode, for a server to send. `key` `None` addresses the bucket itself.
    pub fn sign_request(&self, request: &RequestSpec<'_>, now: Timestamp) -> Result<SignedRequest> {
        let path = match request.key {
            Some(key) => self.object_path(key)?,
            None => self.bucket.bucket_path(),
        };
        let method = parse_method(request.method)?;
        for &(name, _) in request.headers {
            if super::object_options::is_signer_header(name) {
                return Err(Error::InvalidHeaderName {
                    name: name.into(),
                    rule: "this header is set by the signer; do not pass it",
                });
            }
        }
        let headers = request
            .headers
            .iter()
            .map(|&(n, v)| (Cow::Owned(n.to_ascii_lowercase()), Cow::Borrowed(v)))
            .collect();
        let body = match request.payload {
            Payload::Bytes(bytes) => bytes.to_vec(),
            _ => Vec::new(),
        };
        self.sign_parts(
            method,
            &path,
            request.query,
            headers,
            request.payload,
            body,
            now,
        )
    }

    /// HeadBucket: 200 when the bucket exists and the credentials may use it. S3 answers with the bucket's real
    /// region in `x-amz-bucket-region` even on 301/400/403, which is how a wrong region is discovered.
    /// <https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html>
    pub fn head_bucket(&self, now: Timestamp) -> Result<SignedRequest> {
        self.sign_bucket_request("HEAD", &[], now)
    }

    /// ListObjectsV2 of the bucket, optionally under a prefix and continuing a previous page.
    /// <https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html>
    pub fn list_objects_v2(
        &self,
        prefix: Option<&str>,
        continuation_token: Option<&str>,
        now: Timestamp,
    ) -> Result<SignedRequest> {
        let mut query = alloc::vec![("list-type", "2")];
        if let Some(p) = prefix {
            query.push(("prefix", p));
        }
        if let Some(t) = continuation_token {
            query.push(("continuation-token", t));
        }
        self.sign_bucket_request("GET", &query, now)
    }

    /// A bucket-level request with no body and no headers of its own (HeadBucket, ListObjectsV2, GetBucketCors,
    /// GetBucketLifecycleConfiguration, ListMultipartUploads): only the query tells them apart.
    pub(crate) fn sign_bucket_request(
        &self,
        method: &'static str,
        query: &[(&str, &str)],
        now: Timestamp,
    ) -> Result<SignedRequest> {
        self.sign_parts(
            method,
            &self.bucket.bucket_path(),
            query,
            Vec::new(),
            Payload::Empty,
            Vec::new(),
            now,
        )
    }

    pub(crate) fn object_path(&self, key: &str) -> Result<String> {
        check_object_key(key)?;
        Ok(self.bucket.object_path(key))
    }

    fn params(&self, now: Timestamp) -> SigningParams<'_> {
        SigningParams {
            credentials: &self.credentials,
            region: self.bucket.region(),
            service: "s3",
            time: now,
            settings: SigningSettings::S3,
        }
    }

    pub(crate) fn with_keys<T>(&self, f: impl FnOnce(&mut SigningKeyCache) -> T) -> T {
        // Never re-entered; should it ever be, sign with a fresh cache rather than panic.
        match self.keys.try_borrow_mut() {
            Ok(mut keys) => f(&mut keys),
            Err(_) => f(&mut SigningKeyCache::new()),
        }
    }

    pub(crate) fn presign_parts(
        &self,
        method: &'static str,
        path: &str,
        parts: RequestParts<'_>,
        expires_in: u64,
        now: Timestamp,
    ) -> Result<PresignedRequest> {
        let mut headers: Vec<(&str, &str)> = Vec::with_capacity(parts.headers.len() + 1);
        headers.push(("host", self.bucket.host()));
        headers.extend(parts.headers.iter().map(|(n, v)| (n.as_ref(), v.as_ref())));
        // The query's lifetime shrinks to this frame (a `Vec` of borrows is covariant), so the part number's text,
        // which lives here, can join it.
        let part_number = parts.part_number.map(sigv4::itoa_buf);
        let mut query: Vec<(&str, &str)> = parts.query;
        if let Some(n) = &part_number {
            query.push(("partNumber", n.as_str()));
        }
        // The request's slices are unused by `presign_owned`, which takes the vectors themselves.
        let request = SignableRequest {
            method,
            path,
            query: &[],
            headers: &[],
            payload: Payload::Unsigned,
        };
        let url_prefix = [self.bucket.scheme(), "://", self.bucket.host(), path, "?"];
        // The returned query starts with the URL prefix: it is the complete URL.
        let signed = self.with_keys(|keys| {
            sigv4::presign_owned(
                &request,
                headers,
                query,
                &url_prefix,
                &self.params(now),
                expires_in,
                keys,
            )
        })?;
        Ok(PresignedRequest {
            method,
            url: signed.query,
            headers: parts
                .headers
                .into_iter()
                .map(|(n, v)| (n, v.into_owned()))
                .collect(),
            expires_at: now.checked_add(expires_in)?,
            expires_in,
        })
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn sign_parts(
        &self,
        method: &'static str,
        path: &str,
        query: &[(&str, &str)],
        extra_headers: Vec<(Cow<'static, str>, Cow<'_, str>)>,
        payload: Payload<'_>,
        body: Vec<u8>,
        now: Timestamp,
    ) -> Result<SignedRequest> {
        let mut headers: Vec<(&str, &str)> = Vec::with_capacity(extra_headers.len() + 1);
        headers.push(("host", self.bucket.host()));
        headers.extend(extra_headers.iter().map(|(n, v)| (n.as_ref(), v.as_ref())));
        let request = SignableRequest {
            method,
            path,
            query,
            headers: &headers,
            payload,
        };
        let signed =
            self.with_keys(|keys| sigv4::sign_headers(&request, &self.params(now), keys))?;
        let mut url = self.bucket.origin();
        url.push_str(path);
        if !query.is_empty() {
            let mut sorted: Vec<_> = query
                .iter()
                .copied()
                .map(crate::sigv4::QueryParam::plain)
                .collect();
            url.push('?');
            url.push_str(&crate::sigv4::canonical_query(&mut sorted, 0));
        }
        let mut out: Vec<(Cow<'static, str>, String)> = extra_headers
            .into_iter()
            .map(|(n, v)| (n, v.into_owned()))
            .collect();
        out.extend(
            signed
                .headers()
                .into_iter()
                .map(|(n, v)| (Cow::Borrowed(n), v.to_string())),
        );
        Ok(SignedRequest {
            method,
            url,
            headers: out,
            body,
        })
    }
}

/// A request for [`S3Signer::presign_request`].
#[derive(Debug, Clone, Copy, Default)]
pub struct PresignSpec<'a> {
    /// `GET`, `PUT`, `POST`, `HEAD` or `DELETE` (any case).
    pub method: &'a str,
    /// The object key, or `None` for the bucket.
    pub key: Option<&'a str>,
    /// Query parameters, not encoded (`("list-type", "2")`, `("uploads", "")`).
    pub query: &'a [(&'a str, &'a str)],
    /// Headers to sign; the client must send them as given.
    pub headers: &'a [(&'a str, &'a str)],
    /// Lifetime in seconds (1 to 604800); one hour when `None`.
    pub expires_in: Option<u64>,
}

/// The methods S3 requests use, in any case, as the static name the results carry.
fn parse_method(method: &str) -> Result<&'static str> {
    ["GET", "PUT", "POST", "HEAD", "DELETE"]
        .into_iter()
        .find(|m| m.eq_ignore_ascii_case(method))
        .ok_or_else(|| Error::InvalidHeaderValue {
            name: "method".into(),
            rule: "the method must be GET, PUT, POST, HEAD or DELETE",
        })
}

/// A request for [`S3Signer::sign_request`].
#[derive(Debug, Clone, Copy)]
pub struct RequestSpec<'a> {
    /// `GET`, `PUT`, `POST`, `HEAD` or `DELETE`.
    pub method: &'a str,
    /// The object key, or `None` for the bucket.
    pub key: Option<&'a str>,
    /// Query parameters, not encoded (`("uploads", "")` for `?uploads`).
    pub query: &'a [(&'a str, &'a str)],
    /// Headers to sign besides the ones the signer adds.
    pub headers: &'a [(&'a str, &'a str)],
    /// The body or its hash.
    pub payload: Payload<'a>,
}

/// Checks an object key: non-empty and at most 1024 bytes of UTF-8.
pub fn check_object_key(key: &str) -> Result<()> {
    if key.is_empty() {
        return Err(Error::InvalidObjectKey {
            rule: "the key must not be empty",
        });
    }
    if key.len() > MAX_KEY_BYTES {
        return Err(Error::InvalidObjectKey {
            rule: "the key must be at most 1024 bytes of UTF-8",
        });
    }
    Ok(())
}

pub(crate) fn check_part_number(part_number: u64) -> Result<()> {
    if (1..=10_000).contains(&part_number) {
        Ok(())
    } else {
        Err(Error::InvalidPartNumber { part_number })
    }
}

pub(crate) fn check_upload_id(upload_id: &str) -> Result<()> {
    if upload_id.is_empty() || !upload_id.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::InvalidMultipart {
            rule: "the upload id must be the non-empty printable value S3 returned",
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::endpoint::BucketConfig;

    fn signer() -> S3Signer {
        S3Signer::new(
            Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY").unwrap(),
            Bucket::new(&BucketConfig {
                name: "b-1",
                region: "eu-west-1",
                ..Default::default()
            })
            .unwrap(),
        )
    }

    #[test]
    fn presign_request_signs_any_request_and_refuses_only_what_sigv4_owns() {
        let s = signer();
        let now = Timestamp::from_unix_seconds(0).unwrap();
        let spec = |method, key, query, headers| PresignSpec {
            method,
            key,
            query,
            headers,
            expires_in: Some(60),
        };
        let list = s
            .presign_request(&spec("get", None, &[("list-type", "2")], &[]), now)
            .unwrap();
        assert_eq!(list.method, "GET");
        assert!(list
            .url
            .starts_with("https://b-1.s3.eu-west-1.amazonaws.com/?X-Amz-Algorithm="));
        assert!(list
            .url
            .contains("&X-Amz-SignedHeaders=host&list-type=2&X-Amz-Signature="));
        let create = s
            .presign_request(
                &spec(
                    "POST",
                    Some("a b"),
                    &[("uploads", "")],
                    &[("Content-Type", "video/mp4")],
                ),
                now,
            )
            .unwrap();
        assert_eq!(
            create.headers,
            [(Cow::Borrowed("content-type"), String::from("video/mp4"))]
        );
        assert!(create.url.contains("/a%20b?") && create.url.contains("&uploads=&"));
        for (query, headers, code) in [
            (
                &[("X-Amz-Signature", "x")][..],
                &[][..],
                "InvalidQueryParameter",
            ),
            (&[("x-amz-expires", "1")], &[], "InvalidQueryParameter"),
            (
                &[("X-Amz-Security-Token", "t")],
                &[],
                "InvalidQueryParameter",
            ),
            (&[], &[("Host", "h")], "InvalidHeaderName"),
            (&[], &[("authorization", "a")], "InvalidHeaderName"),
            (&[], &[("X-Amz-Date", "d")], "InvalidHeaderName"),
            (&[], &[("x-a", "1"), ("X-A", "2")], "InvalidHeaderName"),
            (&[], &[("x-a", "1\r\n")], "InvalidHeaderValue"),
        ] {
            let err = s
                .presign_request(&spec("GET", Some("k"), query, headers), now)
                .unwrap_err();
            assert_eq!(err.code(), code, "{query:?} {headers:?}");
        }
        assert_eq!(
            s.presign_request(&spec("PATCH", None, &[], &[]), now)
                .unwrap_err()
                .code(),
            "InvalidHeaderValue"
        );
        // S3's own x-amz-* query parameters are not SigV4's: signed like any other.
        let checksum_mode = s
            .presign_request(
                &spec("GET", Some("k"), &[("x-amz-checksum-mode", "ENABLED")], &[]),
                now,
            )
            .unwrap();
        assert!(checksum_mode
            .url
            .contains("&x-amz-checksum-mode=ENABLED&X-Amz-Signature="));
    }

    #[test]
    fn part_number_is_a_get_and_head_option() {
        let s = signer();
        let now = Timestamp::from_unix_seconds(0).unwrap();
        let options = ObjectOptions {
            part_number: Some(7),
            ..Default::default()
        };
        for operation in [Operation::GetObject, Operation::HeadObject] {
            let url = s.presign(operation, "k", &options, now).unwrap().url;
            assert!(url.contains("&partNumber=7&X-Amz-Signature="), "{url}");
        }
        for operation in [Operation::PutObject, Operation::DeleteObject] {
            assert_eq!(
                s.presign(operation, "k", &options, now).unwrap_err().code(),
                "OptionNotApplicable"
            );
        }
        for bad in [0, 10_001] {
            let options = ObjectOptions {
                part_number: Some(bad),
                ..Default::default()
            };
            assert_eq!(
                s.presign_get("k", &options, now).unwrap_err().code(),
                "InvalidPartNumber"
            );
        }
    }
}
