//! Multipart uploads: the server creates, completes, aborts and lists (header-signed requests it sends itself); the
//! browser uploads parts through presigned UploadPart URLs ([`S3Signer::presign_upload_part`]).
//! <https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html>

use super::checksum::Checksum;
use super::object_options::{ObjectOptions, Operation};
use super::signer::{
    check_object_key, check_part_number, check_upload_id, S3Signer, SignedRequest,
};
use crate::error::{Error, Result};
use crate::sigv4::{itoa_buf, Payload};
use crate::time::Timestamp;
use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

/// The most parts an upload may have.
pub const MAX_PARTS: u64 = 10_000;
/// The smallest part S3 accepts, except for the last one: 5 MiB.
pub const MIN_PART_SIZE: u64 = 5 * 1024 * 1024;
/// The largest part: 5 GiB.
pub const MAX_PART_SIZE: u64 = 5 * 1024 * 1024 * 1024;

/// One uploaded part, as CompleteMultipartUpload lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompletedPart<'a> {
    /// 1 to 10000.
    pub part_number: u64,
    /// The ETag S3 returned for the part (with or without its quotes).
    pub etag: &'a str,
    /// The part's checksum, required when the upload was created with a checksum algorithm.
    pub checksum: Option<Checksum<'a>>,
}

impl S3Signer {
    /// CreateMultipartUpload: `POST /key?uploads`, with the object's headers (type, storage class, encryption,
    /// metadata, checksum algorithm) fixed here for the whole upload.
    /// <https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateMultipartUpload.html>
    pub fn create_multipart_upload(
        &self,
        key: &str,
        options: &ObjectOptions<'_>,
        now: Timestamp,
    ) -> Result<SignedRequest> {
        let path = self.object_path(key)?;
        let parts = options.to_parts(Operation::CreateMultipartUpload, self.bucket().backend())?;
        let mut query = parts.query;
        query.push(("uploads", ""));
        self.sign_parts(
            "POST",
            &path,
            &query,
            parts.headers,
            Payload::Empty,
            Vec::new(),
            now,
        )
    }

    /// CompleteMultipartUpload: `POST /key?uploadId=…` with the XML list of parts built here (sorted by part number;
    /// duplicates refused). Safe to repeat: completing an already completed upload returns the same object.
    /// <https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html>
    pub fn complete_multipart_upload(
        &self,
        key: &str,
        upload_id: &str,
        parts: &[CompletedPart<'_>],
        now: Timestamp,
    ) -> Result<SignedRequest> {
        check_upload_id(upload_id)?;
        let path = self.object_path(key)?;
        let body = complete_multipart_upload_xml(parts)?.into_bytes();
        let headers = alloc::vec![(
            Cow::Borrowed("content-type"),
            Cow::Borrowed("application/xml")
        )];
        let query = [("uploadId", upload_id)];
        // The body is hashed into the signature (not UNSIGNED-PAYLOAD): a tampered part list is refused.
        let payload_bytes = body.clone();
        self.sign_parts(
            "POST",
            &path,
            &query,
            headers,
            Payload::Bytes(&payload_bytes),
            body,
            now,
        )
    }

    /// AbortMultipartUpload: `DELETE /key?uploadId=…`; S3 then frees the stored parts. Safe to repeat.
    /// <https://docs.aws.amazon.com/AmazonS3/latest/API/API_AbortMultipartUpload.html>
    pub fn abort_multipart_upload(
        &self,
        key: &str,
        upload_id: &str,
        now: Timestamp,
    ) -> Result<SignedRequest> {
        check_upload_id(upload_id)?;
        let path = self.object_path(key)?;
        self.sign_parts(
            "DELETE",
            &path,
            &[("uploadId", upload_id)],
            Vec::new(),
            Payload::Empty,
            Vec::new(),
            now,
        )
    }

    /// ListParts: `GET /key?uploadId=…`, one page (up to `max_parts`, at most 1000) after `part_number_marker`.
    /// <https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListParts.html>
    pub fn list_parts(
        &self,
        key: &str,
        upload_id: &str,
        part_number_marker: Option<u64>,
        max_parts: Option<u64>,
        now: Timestamp,
    ) -> Result<SignedRequest> {
        check_upload_id(upload_id)?;
        let path = self.object_path(key)?;
        let marker = part_number_marker.map(itoa_buf);
        let max = match max_parts {
            Some(n) if (1..=1000).contains(&n) => Some(itoa_buf(n)),
            Some(_) => {
                return Err(Error::InvalidMultipart {
                    rule: "max-parts runs from 1 to 1000",
                })
            }
            None => None,
        };
        let mut query = alloc::vec![("uploadId", upload_id)];
        if let Some(m) = &max {
            query.push(("max-parts", m.as_str()));
        }
        if let Some(m) = &marker {
            query.push(("part-number-marker", m.as_str()));
        }
        self.sign_parts(
            "GET",
            &path,
            &query,
            Vec::new(),
            Payload::Empty,
            Vec::new(),
            now,
        )
    }

    /// ListMultipartUploads: `GET /?uploads`, one page (up to `max_uploads`, at most 1000) of the uploads in
    /// progress, under `prefix`, after (`key_marker`, `upload_id_marker`) — the `NextKeyMarker` and
    /// `NextUploadIdMarker` of the previous page. Find abandoned uploads with it, then abort them.
    /// <https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html>
    pub fn list_multipart_uploads(
        &self,
        prefix: Option<&str>,
        key_marker: Option<&str>,
        upload_id_marker: Option<&str>,
        max_uploads: Option<u64>,
        now: Timestamp,
    ) -> Result<SignedRequest> {
        if let Some(key) = key_marker {
            check_object_key(key)?;
        }
        if let Some(id) = upload_id_marker {
            // S3 ignores upload-id-marker without key-marker; refuse it rather than list from the start.
            if key_marker.is_none() {
                return Err(Error::InvalidMultipart {
                    rule: "upload-id-marker continues a listing only together with key-marker",
                });
            }
            check_upload_id(id)?;
        }
        let max = match max_uploads {
            Some(n) if (1..=1000).contains(&n) => Some(itoa_buf(n)),
            Some(_) => {
                return Err(Error::InvalidMultipart {
                    rule: "max-uploads runs from 1 to 1000",
                })
            }
            None => None,
        };
        let mut query = alloc::vec![("uploads", "")];
        for (name, value) in [
            ("prefix", prefix),
            ("key-marker", key_marker),
            ("upload-id-marker", upload_id_marker),
            ("max-uploads", max.as_ref().map(|m| m.as_str())),
        ] {
            if let Some(value) = value {
                query.push((name, value));
            }
        }
        self.sign_bucket_request("GET", &query, now)
    }
}

/// The `<CompleteMultipartUpload>` body: parts in ascending order, each with its ETag and checksum.
pub fn complete_multipart_upload_xml(parts: &[CompletedPart<'_>]) -> Result<String> {
    if parts.is_empty() {
        return Err(Error::InvalidMultipart {
            rule: "a multipart upload is completed with at least one part",
        });
    }
    let mut sorted: Vec<&CompletedPart<'_>> = parts.iter().collect();
    // Part numbers are checked unique below, so an unstable sort orders them fully.
    sorted.sort_unstable_by_key(|p| p.part_number);
    let mut xml = String::with_capacity(96 + parts.len() * 96);
    xml.push_str("<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
    let mut previous = 0;
    for part in sorted {
        check_part_number(part.part_number)?;
        if part.part_number == previous {
            return Err(Error::InvalidMultipart {
                rule: "each part number may appear only once",
            });
        }
        previous = part.part_number;
        let etag = part.etag.trim_matches('"');
        if etag.is_empty() || etag.bytes().any(|b| b < 0x20) {
            return Err(Error::InvalidMultipart {
                rule: "every part needs the ETag S3 returned for it",
            });
        }
        xml.push_str("<Part>");
        if let Some(checksum) = &part.checksum {
            checksum.check()?;
            push_element(&mut xml, checksum.algorithm.xml_element(), checksum.value);
        }
        // S3 returns ETags quoted and accepts them quoted; keep the quotes so the body matches what SDKs send.
        xml.push_str("<ETag>&quot;");
        push_escaped(&mut xml, etag);
        xml.push_str("&quot;</ETag>");
        push_element(&mut xml, "PartNumber", itoa_buf(part.part_number).as_str());
        xml.push_str("</Part>");
    }
    xml.push_str("</CompleteMultipartUpload>");
    Ok(xml)
}

/// The part size to use for an object of `size` bytes: at least `preferred` (clamped to 5 MiB…5 GiB) and large
/// enough that the upload needs at most 10000 parts. `None` when the object is too large for any part size.
pub fn part_size_for(size: u64, preferred: u64) -> Option<u64> {
    let minimum_for_count = size.div_ceil(MAX_PARTS);
    let part = preferred
        .clamp(MIN_PART_SIZE, MAX_PART_SIZE)
        .max(minimum_for_count);
    (part <= MAX_PART_SIZE).then_some(part)
}

/// Checks a multipart layout the server is about to allow: part count and sizes within S3's limits.
pub fn check_part_layout(size: u64, part_size: u64) -> Result<u64> {
    if !(MIN_PART_SIZE..=MAX_PART_SIZE).contains(&part_size) {
        return Err(Error::InvalidMultipart {
            rule: "parts are 5 MiB to 5 GiB (only the last part may be smaller)",
        });
    }
    let count = size.div_ceil(part_size).max(1);
    if count > MAX_PARTS {
        return Err(Error::InvalidMultipart {
            rule: "an upload has at most 10000 parts; use larger parts",
        });
    }
    Ok(count)
}

pub(crate) fn push_element(xml: &mut String, name: &str, text: &str) {
    xml.push('<');
    xml.push_str(name);
    xml.push('>');
    push_escaped(xml, text);
    xml.push_str("</");
    xml.push_str(name);
    xml.push('>');
}

pub(crate) fn push_escaped(xml: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => xml.push_str("&amp;"),
            '<' => xml.push_str("&lt;"),
            '>' => xml.push_str("&gt;"),
            '"' => xml.push_str("&quot;"),
            '\'' => xml.push_str("&apos;"),
            c => xml.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::checksum::ChecksumAlgorithm;

    #[test]
    fn builds_sorted_escaped_part_lists() {
        let parts = [
            CompletedPart {
                part_number: 2,
                etag: "\"b2\"",
                checksum: None,
            },
            CompletedPart {
                part_number: 1,
                etag: "a&1",
                checksum: Some(Checksum {
                    algorithm: ChecksumAlgorithm::Crc32c,
                    value: "AAAAAA==",
                }),
            },
        ];
        assert_eq!(
            complete_multipart_upload_xml(&parts).unwrap(),
            "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\
             <Part><ChecksumCRC32C>AAAAAA==</ChecksumCRC32C><ETag>&quot;a&amp;1&quot;</ETag><PartNumber>1</PartNumber></Part>\
             <Part><ETag>&quot;b2&quot;</ETag><PartNumber>2</PartNumber></Part></CompleteMultipartUpload>"
        );
    }

    #[test]
    fn refuses_bad_part_lists() {
        let p = |n, e| CompletedPart {
            part_number: n,
            etag: e,
            checksum: None,
        };
        assert!(complete_multipart_upload_xml(&[]).is_err());
        assert_eq!(
            complete_multipart_upload_xml(&[p(1, "a"), p(1, "b")])
                .unwrap_err()
                .code(),
            "InvalidMultipart"
        );
        assert_eq!(
            complete_multipart_upload_xml(&[p(0, "a")])
                .unwrap_err()
                .code(),
            "InvalidPartNumber"
        );
        assert_eq!(
            complete_multipart_upload_xml(&[p(10_001, "a")])
                .unwrap_err()
                .code(),
            "InvalidPartNumber"
        );
        assert!(complete_multipart_upload_xml(&[p(1, "\"\"")]).is_err());
    }

    #[test]
    fn lists_multipart_uploads_with_markers_and_refuses_what_s3_would_ignore() {
        use crate::s3::{Bucket, BucketConfig};
        use crate::sigv4::Credentials;
        let signer = S3Signer::new(
            Credentials::new("AKIDEXAMPLE", "secret").unwrap(),
            Bucket::new(&BucketConfig {
                name: "test-bucket",
                region: "us-east-1",
                endpoint: Some("http://127.0.0.1:3900"),
                ..Default::default()
            })
            .unwrap(),
        );
        let now = Timestamp::from_unix_seconds(1_763_856_000).unwrap();
        let all = signer
            .list_multipart_uploads(None, None, None, None, now)
            .unwrap();
        assert_eq!(
            (all.method, all.url.as_str()),
            ("GET", "http://127.0.0.1:3900/test-bucket?uploads=")
        );
        let page = signer
            .list_multipart_uploads(Some("up/"), Some("up/a b"), Some("id/1"), Some(2), now)
            .unwrap();
        assert_eq!(
            page.url,
            "http://127.0.0.1:3900/test-bucket?key-marker=up%2Fa%20b&max-uploads=2&prefix=up%2F\
             &upload-id-marker=id%2F1&uploads="
        );
        let code = |r: Result<SignedRequest>| r.unwrap_err().code();
        assert_eq!(
            code(signer.list_multipart_uploads(None, None, Some("id"), None, now)),
            "InvalidMultipart"
        );
        for max in [0, 1001] {
            assert_eq!(
                code(signer.list_multipart_uploads(None, None, None, Some(max), now)),
                "InvalidMultipart"
            );
        }
        assert_eq!(
            code(signer.list_multipart_uploads(None, Some(""), None, None, now)),
            "InvalidObjectKey"
        );
        assert_eq!(
            code(signer.list_multipart_uploads(None, Some("k"), Some("bad id"), None, now)),
            "InvalidMultipart"
        );
    }

    #[test]
    fn sizes_parts_within_s3_limits() {
        assert_eq!(part_size_for(1, 8 << 20), Some(8 << 20));
        assert_eq!(
            part_size_for(100 << 30, 5 << 20),
            Some((100u64 << 30).div_ceil(10_000))
        );
        assert_eq!(part_size_for(u64::MAX, 5 << 20), None);
        assert_eq!(check_part_layout(12 << 20, 5 << 20).unwrap(), 3);
        assert!(check_part_layout(1 << 40, 5 << 20).is_err());
    }
}
