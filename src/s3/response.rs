//! Parsers for S3's XML answers: the upload id of a new multipart upload, the parts already uploaded, the outcome
//! of a completion, listings, and error documents with their region hints.
//! <https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html>

use crate::error::{Error, Result};
use alloc::string::String;
use alloc::vec::Vec;
use xmlparser::{ElementEnd, Token, Tokenizer};

/// Calls `on_leaf(path, text)` for each element that holds text, `path` being the local names from the root.
fn walk(xml: &str, on_leaf: impl FnMut(&[&str], String)) -> Result<()> {
    walk_with_open(xml, |_| {}, on_leaf)
}

/// As [`walk`], also calling `on_open(path)` when an element starts (to begin a record such as `<Part>`).
fn walk_with_open(
    xml: &str,
    mut on_open: impl FnMut(&[&str]),
    mut on_leaf: impl FnMut(&[&str], String),
) -> Result<()> {
    let malformed = |_| Error::MalformedResponse {
        rule: "the body is not well-formed XML",
    };
    let mut stack: Vec<&str> = Vec::new();
    let mut text = String::new();
    for token in Tokenizer::from(xml) {
        match token.map_err(malformed)? {
            Token::ElementStart { local, .. } => {
                stack.push(local.as_str());
                on_open(&stack);
                text.clear();
            }
            Token::Text { text: t } => unescape_into(&mut text, t.as_str())?,
            Token::Cdata { text: t, .. } => text.push_str(t.as_str()),
            Token::ElementEnd {
                end: ElementEnd::Close(_, local),
                ..
            } => {
                if stack.last() != Some(&local.as_str()) {
                    return Err(Error::MalformedResponse {
                        rule: "mismatched closing tag",
                    });
                }
                on_leaf(&stack, core::mem::take(&mut text));
                stack.pop();
            }
            Token::ElementEnd {
                end: ElementEnd::Empty,
                ..
            } => {
                on_leaf(&stack, String::new());
                stack.pop();
            }
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(Error::MalformedResponse {
            rule: "the document ends inside an element",
        });
    }
    Ok(())
}

fn unescape_into(out: &mut String, raw: &str) -> Result<()> {
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(';').ok_or(Error::MalformedResponse {
            rule: "an entity is not terminated by ';'",
        })?;
        let entity = &after[..end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = entity.strip_prefix('#') {
                    dec.parse().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32)
                    .ok_or(Error::MalformedResponse {
                        rule: "unknown XML entity",
                    })?
            }
        };
        out.push(c);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(())
}

fn root_name(xml: &str) -> Result<&str> {
    for token in Tokenizer::from(xml) {
        if let Token::ElementStart { local, .. } = token.map_err(|_| Error::MalformedResponse {
            rule: "the body is not well-formed XML",
        })? {
            return Ok(local.as_str());
        }
    }
    Err(Error::MalformedResponse {
        rule: "the body has no XML element",
    })
}

fn expect_root(xml: &str, expected: &'static str) -> Result<()> {
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

fn parse_number(text: &str, rule: &'static str) -> Result<u64> {
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
    fn detects_a_failed_completion_behind_a_200() {
        let ok = parse_complete_multipart_upload("<CompleteMultipartUploadResult><Location>l</Location><Key>k</Key><ETag>\"x-2\"</ETag></CompleteMultipartUploadResult>").unwrap();
        assert!(matches!(ok, CompleteOutcome::Completed { ref etag, .. } if etag == "\"x-2\""));
        let failed = parse_complete_multipart_upload(
            "<Error><Code>InternalError</Code><Message>retry</Message></Error>",
        )
        .unwrap();
        assert!(matches!(failed, CompleteOutcome::Failed(ref e) if e.code == "InternalError"));
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
