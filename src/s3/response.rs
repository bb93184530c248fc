//! Parsers for S3's XML answers: the upload id of a new multipart upload, the parts already uploaded, the outcome
//! of a completion, listings, and error documents with their region hints.
//! <https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html>

use crate::error::{Error, Result};
use crate::time::Timestamp;
use alloc::string::String;
use alloc::vec::Vec;

/// Calls `on_leaf(path, text)` for each element that holds text, `path` being the local names from the root.
pub(crate) fn walk(xml: &str, on_leaf: impl FnMut(&[&str], String)) -> Result<()> {
    crate::xml::walk(xml, on_leaf).map_err(malformed)
}

/// As [`walk`], also calling `on_open(path)` when an element starts (to begin a record such as `<Part>`).
pub(crate) fn walk_with_open(
    xml: &str,
    on_open: impl FnMut(&[&str]),
    on_leaf: impl FnMut(&[&str], String),
) -> Result<()> {
    crate::xml::walk_with_open(xml, on_open, on_leaf).map_err(malformed)
}

fn root_name(xml: &str) -> Result<&str> {
    crate::xml::root_name(xml).map_err(malformed)
}

fn malformed(rule: &'static str) -> Error {
    Error::MalformedResponse { rule }
}

pub(crate) fn expect_root(xml: &str, expected: &'static str) -> Result<()> {
    match root_name(xml)? {
        r if r == expected => Ok(()),
        "Error" => Err(Error::MalformedResponse {
            rule: "S3 answered with an Error document; parse it with parse_error",
        }),
        _ => Err(Error::MalformedResponse {
            rule: "unexpected root element",
        }),
    }
}

pub(crate) fn parse_number(text: &str, rule: &'static str) -> Result<u64> {
    text.trim()
        .parse()
        .map_err(|_| Error::MalformedResponse { rule })
}

/// `<InitiateMultipartUploadResult>`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InitiatedUpload {
    /// The bucket.
    pub bucket: String,
    /// The key.
    pub key: String,
    /// The id every later multipart request names.
    pub upload_id: String,
}

/// Parses a CreateMultipartUpload answer.
pub fn parse_initiate_multipart_upload(xml: &str) -> Result<InitiatedUpload> {
    expect_root(xml, "InitiateMultipartUploadResult")?;
    let mut out = InitiatedUpload::default();
    walk(xml, |path, text| match path {
        [_, "Bucket"] => out.bucket = text,
        [_, "Key"] => out.key = text,
        [_, "UploadId"] => out.upload_id = text,
        _ => {}
    })?;
    if out.upload_id.is_empty() {
        return Err(Error::MalformedResponse {
            rule: "InitiateMultipartUploadResult has no UploadId",
        });
    }
    Ok(out)
}

/// One part of a ListParts answer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UploadedPart {
    /// The part number.
    pub part_number: u64,
    /// The ETag, quotes included as S3 sends it.
    pub etag: String,
    /// The size in bytes.
    pub size: u64,
    /// `LastModified`, ISO 8601.
    pub last_modified: String,
    /// The part's checksum, when the upload has one: (algorithm element name such as `ChecksumCRC32C`, value).
    pub checksum: Option<(String, String)>,
}

/// A page of ListParts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListPartsPage {
    /// The upload id.
    pub upload_id: String,
    /// The parts of this page.
    pub parts: Vec<UploadedPart>,
    /// Are there more pages?
    pub is_truncated: bool,
    /// The marker for the next page.
    pub next_part_number_marker: Option<u64>,
}

/// Parses a ListParts answer.
pub fn parse_list_parts(xml: &str) -> Result<ListPartsPage> {
    expect_root(xml, "ListPartsResult")?;
    let page = core::cell::RefCell::new(ListPartsPage::default());
    let mut failure = None;
    walk_with_open(
        xml,
        |path| {
            if let [_, "Part"] = path {
                page.borrow_mut().parts.push(UploadedPart::default());
            }
        },
        |path, text| {
            let mut number = |t: &str, rule| match parse_number(t, rule) {
                Ok(n) => n,
                Err(e) => {
                    failure.get_or_insert(e);
                    0
                }
            };
            let mut page = page.borrow_mut();
            match path {
                [_, "UploadId"] => page.upload_id = text,
                [_, "IsTruncated"] => page.is_truncated = text.trim() == "true",
                [_, "NextPartNumberMarker"] if !text.trim().is_empty() => {
                    page.next_part_number_marker =
                        Some(number(&text, "NextPartNumberMarker is not a number"))
                }
                [_, "Part", field] => {
                    if let Some(p) = page.parts.last_mut() {
                        match *field {
                            "PartNumber" => {
                                p.part_number = number(&text, "PartNumber is not a number")
                            }
                            "ETag" => p.etag = text,
                            "Size" => p.size = number(&text, "Size is not a number"),
                            "LastModified" => p.last_modified = text,
                            f if f.starts_with("Checksum") && f != "ChecksumType" => {
                                p.checksum = Some((f.into(), text))
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        },
    )?;
    let page = page.into_inner();
    match failure {
        Some(e) => Err(e),
        None => Ok(page),
    }
}

/// An S3 error document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct S3ErrorResponse {
    /// `SignatureDoesNotMatch`, `NoSuchUpload`, …
    pub code: String,
    /// The human-readable message.
    pub message: String,
    /// `<Region>` (AuthorizationHeaderMalformed: the region the bucket is really in).
    pub region: Option<String>,
    /// `<Endpoint>` (PermanentRedirect: the host to use).
    pub endpoint: Option<String>,
    /// `<Bucket>`.
    pub bucket: Option<String>,
    /// `<RequestId>`.
    pub request_id: Option<String>,
}

impl S3ErrorResponse {
    /// The region this error says the bucket is in: `<Region>`, or the region inside a redirect `<Endpoint>`
    /// (`bucket.s3.eu-west-1.amazonaws.com`, `s3-eu-west-1.amazonaws.com`, `s3.dualstack.eu-west-1…`).
    pub fn region_hint(&self) -> Option<&str> {
        if let Some(r) = self.region.as_deref().filter(|r| !r.is_empty()) {
            return Some(r);
        }
        let endpoint = self.endpoint.as_deref()?;
        let labels: Vec<&str> = endpoint.split('.').collect();
        let s3_at = labels
            .iter()
            .position(|l| *l == "s3" || l.starts_with("s3-"))?;
        let candidate = if let Some(rest) = labels[s3_at].strip_prefix("s3-") {
            rest
        } else {
            let next = labels.get(s3_at + 1)?;
            if *next == "dualstack" {
                labels.get(s3_at + 2)?
            } else {
                next
            }
        };
        super::region::check_aws_region_code(candidate)
            .ok()
            .map(|_| candidate)
    }

    /// Is this an error that means "signed for the wrong region"?
    pub fn is_wrong_region(&self) -> bool {
        matches!(
            self.code.as_str(),
            "AuthorizationHeaderMalformed"
                | "PermanentRedirect"
                | "IllegalLocationConstraintException"
        ) && self.region_hint().is_some()
    }
}

/// Parses an `<Error>` document.
pub fn parse_error(xml: &str) -> Result<S3ErrorResponse> {
    expect_root(xml, "Error").map_err(|_| Error::MalformedResponse {
        rule: "expected an <Error> document",
    })?;
    let mut out = S3ErrorResponse::default();
    walk(xml, |path, text| match path {
        ["Error", "Code"] => out.code = text,
        ["Error", "Message"] => out.message = text,
        ["Error", "Region"] => out.region = Some(text),
        ["Error", "Endpoint"] => out.endpoint = Some(text),
        ["Error", "Bucket" | "BucketName"] => out.bucket = Some(text),
        ["Error", "RequestId"] => out.request_id = Some(text),
        _ => {}
    })?;
    if out.code.is_empty() {
        return Err(Error::MalformedResponse {
            rule: "the Error document has no Code",
        });
    }
    Ok(out)
}

/// The outcome of CompleteMultipartUpload. S3 may answer **200 OK with an `<Error>` body** when completion fails
/// after it started streaming the response, so a 200 alone does not mean success.
/// <https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html>
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompleteOutcome {
    /// The object exists.
    Completed {
        /// `<Location>`.
        location: String,
        /// `<Key>`.
        key: String,
        /// The object's ETag.
        etag: String,
    },
    /// S3 refused, despite a 200.
    Failed(S3ErrorResponse),
}

/// Parses a CompleteMultipartUpload answer.
pub fn parse_complete_multipart_upload(xml: &str) -> Result<CompleteOutcome> {
    if root_name(xml)? == "Error" {
        return parse_error(xml).map(CompleteOutcome::Failed);
    }
    expect_root(xml, "CompleteMultipartUploadResult")?;
    let (mut location, mut key, mut etag) = (String::new(), String::new(), String::new());
    walk(xml, |path, text| match path {
        [_, "Location"] => location = text,
        [_, "Key"] => key = text,
        [_, "ETag"] => etag = text,
        _ => {}
    })?;
    Ok(CompleteOutcome::Completed {
        location,
        key,
        etag,
    })
}

/// One object of a ListObjectsV2 page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListedObject {
    /// The key, exactly as stored.
    pub key: String,
    /// The size in bytes.
    pub size: u64,
    /// The ETag.
    pub etag: String,
}

/// A page of ListObjectsV2.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListObjectsPage {
    /// The objects.
    pub objects: Vec<ListedObject>,
    /// Are there more pages?
    pub is_truncated: bool,
    /// The token for the next page.
    pub next_continuation_token: Option<String>,
}

/// Parses a ListObjectsV2 answer (keys not URL-encoded: do not pass `encoding-type=url`).
pub fn parse_list_objects_v2(xml: &str) -> Result<ListObjectsPage> {
    expect_root(xml, "ListBucketResult")?;
    let page = core::cell::RefCell::new(ListObjectsPage::default());
    walk_with_open(
        xml,
        |path| {
            if let [_, "Contents"] = path {
                page.borrow_mut().objects.push(ListedObject::default());
            }
        },
        |path, text| {
            let mut page = page.borrow_mut();
            match path {
                [_, "IsTruncated"] => page.is_truncated = text.trim() == "true",
                [_, "NextContinuationToken"] => page.next_continuation_token = Some(text),
                [_, "Contents", field] => {
                    if let Some(o) = page.objects.last_mut() {
                        match *field {
                            "Key" => o.key = text,
                            "Size" => o.size = text.trim().parse().unwrap_or(0),
                            "ETag" => o.etag = text,
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        },
    )?;
    let page = page.into_inner();
    Ok(page)
}

/// One in-progress multipart upload of a ListMultipartUploads page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MultipartUploadListing {
    /// The key the upload will create.
    pub key: String,
    /// The upload id (to abort it, list its parts or complete it).
    pub upload_id: String,
    /// When the upload was created, in Unix milliseconds (`<Initiated>`, ISO 8601 in the XML).
    pub initiated_unix_millis: u64,
    /// The storage class the object will have.
    pub storage_class: String,
}

/// A page of ListMultipartUploads.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListMultipartUploadsPage {
    /// The uploads of this page, sorted by key, then by initiation time.
    pub uploads: Vec<MultipartUploadListing>,
    /// Are there more pages?
    pub is_truncated: bool,
    /// The `key-marker` of the next page.
    pub next_key_marker: Option<String>,
    /// The `upload-id-marker` of the next page.
    pub next_upload_id_marker: Option<String>,
    /// The prefix the listing was limited to.
    pub prefix: Option<String>,
}

/// Parses a ListMultipartUploads answer (keys not URL-encoded: do not pass `encoding-type=url`).
/// <https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html>
pub fn parse_list_multipart_uploads(xml: &str) -> Result<ListMultipartUploadsPage> {
    expect_root(xml, "ListMultipartUploadsResult")?;
    // The page, and for each upload whether it had its <Initiated>.
    let state = core::cell::RefCell::new((ListMultipartUploadsPage::default(), Vec::new()));
    let mut failure = None;
    // S3 sends the markers and the prefix as empty elements when there are none.
    let non_empty = |text: String| (!text.is_empty()).then_some(text);
    walk_with_open(
        xml,
        |path| {
            if let [_, "Upload"] = path {
                let (page, initiated) = &mut *state.borrow_mut();
                page.uploads.push(MultipartUploadListing {
                    // A missing <StorageClass> means STANDARD, as a missing x-amz-storage-class header does.
                    storage_class: String::from("STANDARD"),
                    ..Default::default()
                });
                initiated.push(false);
            }
        },
        |path, text| {
            let (page, initiated) = &mut *state.borrow_mut();
            match path {
                [_, "IsTruncated"] => page.is_truncated = text.trim() == "true",
                [_, "NextKeyMarker"] => page.next_key_marker = non_empty(text),
                [_, "NextUploadIdMarker"] => page.next_upload_id_marker = non_empty(text),
                [_, "Prefix"] => page.prefix = non_empty(text),
                [_, "Upload", field] => {
                    let (Some(upload), Some(has_initiated)) =
                        (page.uploads.last_mut(), initiated.last_mut())
                    else {
                        return;
                    };
                    match *field {
                        "Key" => upload.key = text,
                        "UploadId" => upload.upload_id = text,
                        "StorageClass" if !text.is_empty() => upload.storage_class = text,
                        "Initiated" => match Timestamp::parse_iso8601_millis(text.trim()) {
                            Ok(ms) => {
                                upload.initiated_unix_millis = ms;
                                *has_initiated = true;
                            }
                            Err(_) => {
                                failure.get_or_insert(Error::MalformedResponse {
                                    rule: "Upload/Initiated is not an ISO 8601 date-time",
                                });
                            }
                        },
                        _ => {}
                    }
                }
                _ => {}
            }
        },
    )?;
    if let Some(e) = failure {
        return Err(e);
    }
    let (page, initiated) = state.into_inner();
    let complete = |(u, has_initiated): (&MultipartUploadListing, &bool)| {
        *has_initiated && !u.key.is_empty() && !u.upload_id.is_empty()
    };
    if !page.uploads.iter().zip(&initiated).all(complete) {
        return Err(Error::MalformedResponse {
            rule: "every Upload of ListMultipartUploadsResult needs a Key, an UploadId and an Initiated",
        });
    }
    Ok(page)
}

/// Checks an `x-amz-bucket-region` header value (HeadBucket answers carry it even on 301/403).
pub fn parse_bucket_region_header(value: &str) -> Result<&str> {
    let value = value.trim();
    super::region::check_aws_region_code(value)
        .map(|_| value)
        .map_err(|_| Error::MalformedResponse {
            rule: "x-amz-bucket-region is not a region code",
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_initiate_and_list_parts() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<InitiateMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>example-bucket</Bucket><Key>a&amp;b.jpg</Key><UploadId>VXBsb2FkIElE</UploadId></InitiateMultipartUploadResult>"#;
        let init = parse_initiate_multipart_upload(xml).unwrap();
        assert_eq!(
            (init.key.as_str(), init.upload_id.as_str()),
            ("a&b.jpg", "VXBsb2FkIElE")
        );

        let xml = r#"<ListPartsResult><UploadId>u1</UploadId><IsTruncated>true</IsTruncated><NextPartNumberMarker>2</NextPartNumberMarker>
<Part><PartNumber>1</PartNumber><ETag>&quot;e1&quot;</ETag><Size>5242880</Size><ChecksumCRC32C>AAAAAA==</ChecksumCRC32C></Part>
<Part><ETag>"e2"</ETag><PartNumber>2</PartNumber><Size>10</Size></Part></ListPartsResult>"#;
        let page = parse_list_parts(xml).unwrap();
        assert!(page.is_truncated);
        assert_eq!(page.next_part_number_marker, Some(2));
        assert_eq!(page.parts.len(), 2);
        assert_eq!(
            (
                page.parts[0].part_number,
                page.parts[0].etag.as_str(),
                page.parts[0].size
            ),
            (1, "\"e1\"", 5_242_880)
        );
        assert_eq!(
            page.parts[0].checksum,
            Some(("ChecksumCRC32C".into(), "AAAAAA==".into()))
        );
    }

    #[test]
    fn finds_region_hints_in_errors() {
        let e = parse_error("<Error><Code>AuthorizationHeaderMalformed</Code><Message>the region 'us-east-1' is wrong; expecting 'eu-west-1'</Message><Region>eu-west-1</Region></Error>").unwrap();
        assert_eq!(e.region_hint(), Some("eu-west-1"));
        assert!(e.is_wrong_region());
        let e = parse_error("<Error><Code>PermanentRedirect</Code><Message>m</Message><Endpoint>b.s3.ap-southeast-2.amazonaws.com</Endpoint></Error>").unwrap();
        assert_eq!(e.region_hint(), Some("ap-southeast-2"));
        let e = parse_error("<Error><Code>PermanentRedirect</Code><Message>m</Message><Endpoint>s3-eu-west-1.amazonaws.com</Endpoint></Error>").unwrap();
        assert_eq!(e.region_hint(), Some("eu-west-1"));
        let e = parse_error("<Error><Code>NoSuchKey</Code><Message>m</Message></Error>").unwrap();
        assert!(!e.is_wrong_region());
        assert_eq!(
            parse_bucket_region_header(" eu-central-1 ").unwrap(),
            "eu-central-1"
        );
    }

    #[test]
    fn region_hints_take_any_well_formed_region_of_a_known_partition() {
        // Newer than this release, or in partitions the signer has no endpoint table for: still a region.
        for region in [
            "eusc-de-east-1",
            "eusc-de-west-2",
            "ap-southeast-9",
            "us-isof-south-1",
            "cn-southwest-1",
        ] {
            assert_eq!(parse_bucket_region_header(region).unwrap(), region);
        }
        for endpoint in [
            "b.s3.eusc-de-east-1.amazonaws.eu",
            "s3.dualstack.eusc-de-east-1.amazonaws.eu",
        ] {
            let xml = alloc::format!(
                "<Error><Code>PermanentRedirect</Code><Message>m</Message><Endpoint>{endpoint}</Endpoint></Error>"
            );
            let e = parse_error(&xml).unwrap();
            assert_eq!(e.region_hint(), Some("eusc-de-east-1"), "{endpoint}");
            assert!(e.is_wrong_region());
        }
        let e = parse_error("<Error><Code>PermanentRedirect</Code><Message>m</Message><Endpoint>b.s3.us-isob-east-1.sc2s.sgov.gov</Endpoint></Error>").unwrap();
        assert_eq!(e.region_hint(), Some("us-isob-east-1"));
        // Not a region of any partition: no hint, and a malformed header.
        let e = parse_error("<Error><Code>PermanentRedirect</Code><Message>m</Message><Endpoint>b.s3.xx-future-1.example.com</Endpoint></Error>").unwrap();
        assert_eq!(e.region_hint(), None);
        for bad in ["xx-future-9", "eusc-fr-east-1", "EU-WEST-1", ""] {
            assert_eq!(
                parse_bucket_region_header(bad).unwrap_err().code(),
                "MalformedResponse",
                "{bad}"
            );
        }
    }

    #[test]
    fn detects_a_failed_completion_behind_a_200() {
        let ok = parse_complete_multipart_upload("<CompleteMultipartUploadResult><Location>l</Location><Key>k</Key><ETag>\"x-2\"</ETag></CompleteMultipartUploadResult>").unwrap();
        assert!(matches!(ok, CompleteOutcome::Completed { ref etag, .. } if etag == "\"x-2\""));
        let failed = parse_complete_multipart_upload(
            "<Error><Code>InternalError</Code><Message>retry</Message></Error>",
        )
        .unwrap();
        assert!(matches!(failed, CompleteOutcome::Failed(ref e) if e.code == "InternalError"));
    }

    /// After the sample response of the S3 API Reference, ListMultipartUploads, "Example 1: List multipart uploads"
    /// (three uploads, `max-uploads=3`, truncated): its keys, upload ids, markers, storage classes and times; the
    /// Initiator and Owner ids, which the parser skips, are placeholders.
    const LIST_MULTIPART_UPLOADS_DOC_EXAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Bucket>bucket</Bucket>
  <KeyMarker></KeyMarker>
  <UploadIdMarker></UploadIdMarker>
  <NextKeyMarker>my-movie.m2ts</NextKeyMarker>
  <NextUploadIdMarker>YW55IGlkZWEgd2h5IGVsdmluZydzIHVwbG9hZCBmYWlsZWQ</NextUploadIdMarker>
  <MaxUploads>3</MaxUploads>
  <IsTruncated>true</IsTruncated>
  <Upload>
    <Key>my-divisor</Key>
    <UploadId>XMgbGlrZSBlbHZpbmcncyBub3QgaGF2aW5nIG11Y2ggbHVjaw</UploadId>
    <Initiator>
      <ID>arn:aws:iam::111122223333:user/user1-11111a31-17b5-4fb7-9df5-b111111f13de</ID>
      <DisplayName>user1-11111a31-17b5-4fb7-9df5-b111111f13de</DisplayName>
    </Initiator>
    <Owner>
      <ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID>
      <DisplayName>OwnerDisplayName</DisplayName>
    </Owner>
    <StorageClass>REDUCED_REDUNDANCY</StorageClass>
    <Initiated>2010-11-10T20:48:33.000Z</Initiated>
  </Upload>
  <Upload>
    <Key>my-movie.m2ts</Key>
    <UploadId>VXBsb2FkIElEIGZvciBlbHZpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA</UploadId>
    <Initiator>
      <ID>b1d16700c70b0b05597d7acd6a3f92be</ID>
      <DisplayName>InitiatorDisplayName</DisplayName>
    </Initiator>
    <Owner>
      <ID>b1d16700c70b0b05597d7acd6a3f92be</ID>
      <DisplayName>OwnerDisplayName</DisplayName>
    </Owner>
    <StorageClass>STANDARD</StorageClass>
    <Initiated>2010-11-10T20:48:33.000Z</Initiated>
  </Upload>
  <Upload>
    <Key>my-movie.m2ts</Key>
    <UploadId>YW55IGlkZWEgd2h5IGVsdmluZydzIHVwbG9hZCBmYWlsZWQ</UploadId>
    <Initiator>
      <ID>arn:aws:iam::444455556666:user/user1-22222a31-17b5-4fb7-9df5-b222222f13de</ID>
      <DisplayName>user1-22222a31-17b5-4fb7-9df5-b222222f13de</DisplayName>
    </Initiator>
    <Owner>
      <ID>b1d16700c70b0b05597d7acd6a3f92be</ID>
      <DisplayName>OwnerDisplayName</DisplayName>
    </Owner>
    <StorageClass>STANDARD</StorageClass>
    <Initiated>2010-11-10T20:49:33.000Z</Initiated>
  </Upload>
</ListMultipartUploadsResult>"#;

    #[test]
    fn parses_the_list_multipart_uploads_doc_example() {
        let page = parse_list_multipart_uploads(LIST_MULTIPART_UPLOADS_DOC_EXAMPLE).unwrap();
        assert!(page.is_truncated);
        assert_eq!(page.next_key_marker.as_deref(), Some("my-movie.m2ts"));
        assert_eq!(
            page.next_upload_id_marker.as_deref(),
            Some("YW55IGlkZWEgd2h5IGVsdmluZydzIHVwbG9hZCBmYWlsZWQ")
        );
        assert_eq!(page.prefix, None);
        let summary: Vec<(&str, &str, u64, &str)> = page
            .uploads
            .iter()
            .map(|u| {
                (
                    u.key.as_str(),
                    &u.upload_id[..8],
                    u.initiated_unix_millis,
                    u.storage_class.as_str(),
                )
            })
            .collect();
        // 2010-11-10T20:48:33Z is 1289422113 Unix seconds.
        assert_eq!(
            summary,
            [
                (
                    "my-divisor",
                    "XMgbGlrZ",
                    1_289_422_113_000,
                    "REDUCED_REDUNDANCY"
                ),
                ("my-movie.m2ts", "VXBsb2Fk", 1_289_422_113_000, "STANDARD"),
                ("my-movie.m2ts", "YW55IGlk", 1_289_422_173_000, "STANDARD"),
            ]
        );
    }

    #[test]
    fn parses_empty_and_refuses_broken_multipart_listings() {
        // What Garage answers when nothing is in progress under the prefix: no Upload, empty markers.
        let empty = parse_list_multipart_uploads(
            "<ListMultipartUploadsResult><Bucket>b</Bucket><KeyMarker></KeyMarker><NextKeyMarker/>\
             <Prefix>uploads/2026/</Prefix><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>\
             </ListMultipartUploadsResult>",
        )
        .unwrap();
        assert_eq!(
            empty,
            ListMultipartUploadsPage {
                prefix: Some("uploads/2026/".into()),
                ..Default::default()
            }
        );
        // No <StorageClass>: STANDARD.
        let page = parse_list_multipart_uploads(
            "<ListMultipartUploadsResult><Upload><Key>a</Key><UploadId>u</UploadId>\
             <Initiated>2026-12-02T08:00:00.250Z</Initiated></Upload></ListMultipartUploadsResult>",
        )
        .unwrap();
        assert_eq!(page.uploads[0].storage_class, "STANDARD");
        assert_eq!(page.uploads[0].initiated_unix_millis, 1_796_198_400_250);
        for bad in [
            "<Error><Code>AccessDenied</Code><Message>m</Message></Error>",
            "<ListMultipartUploadsResult><Upload><Key>a</Key><UploadId>u</UploadId><Initiated>yesterday</Initiated></Upload></ListMultipartUploadsResult>",
            "<ListMultipartUploadsResult><Upload><Key>a</Key><Initiated>2010-11-10T20:48:33Z</Initiated></Upload></ListMultipartUploadsResult>",
            "<ListMultipartUploadsResult><Upload><Key>a</Key><UploadId>u</UploadId></Upload></ListMultipartUploadsResult>",
            "<ListPartsResult/>",
            "<ListMultipartUploadsResult><Upload>",
        ] {
            assert_eq!(
                parse_list_multipart_uploads(bad).unwrap_err().code(),
                "MalformedResponse",
                "{bad}"
            );
        }
    }

    #[test]
    fn refuses_malformed_documents() {
        for bad in [
            "",
            "not xml",
            "<a><b></a>",
            "<Error><Code>&bogus;</Code></Error>",
            "<InitiateMultipartUploadResult/>",
        ] {
            assert!(parse_initiate_multipart_upload(bad).is_err(), "{bad}");
        }
        assert!(parse_error("<Other/>").is_err());
    }
}
