//! Parsers for CloudFront's XML answers: the `Invalidation` of CreateInvalidation (201) and GetInvalidation (200),
//! and the `ErrorResponse` of a refusal.
//! <https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_GetInvalidation.html>
//! <https://docs.aws.amazon.com/cloudfront/latest/APIReference/CommonErrors.html>

use crate::error::{Error, Result};
use crate::time::Timestamp;
use alloc::string::String;
use alloc::vec::Vec;

/// An invalidation as CloudFront describes it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Invalidation {
    /// The invalidation id (`I2J0I21PCUYOIK`), for GetInvalidation.
    pub id: String,
    /// `InProgress` or `Completed`.
    pub status: String,
    /// When the invalidation was created, in Unix milliseconds.
    pub create_time_unix_millis: u64,
    /// The paths of the batch.
    pub paths: Vec<String>,
    /// The caller reference of the batch.
    pub caller_reference: String,
}

impl Invalidation {
    /// Has CloudFront finished invalidating?
    pub fn is_completed(&self) -> bool {
        self.status == "Completed"
    }
}

/// A CloudFront `ErrorResponse`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CloudFrontError {
    /// `Sender` (the request is at fault) or `Receiver` (CloudFront is).
    pub error_type: String,
    /// `NoSuchDistribution`, `TooManyInvalidationsInProgress`, `InvalidArgument`, …
    pub code: String,
    /// The human-readable message.
    pub message: String,
    /// `<RequestId>`, for AWS support.
    pub request_id: Option<String>,
}

fn malformed(rule: &'static str) -> Error {
    Error::MalformedCloudFrontResponse { rule }
}

/// Parses the `<Invalidation>` document of CreateInvalidation and GetInvalidation.
pub fn parse_invalidation(xml: &str) -> Result<Invalidation> {
    match crate::xml::root_name(xml).map_err(malformed)? {
        "Invalidation" => {}
        "ErrorResponse" => {
            return Err(malformed(
                "CloudFront answered with an ErrorResponse; parse it with parse_error",
            ))
        }
        _ => return Err(malformed("expected an <Invalidation> document")),
    }
    let mut out = Invalidation::default();
    let mut create_time = None;
    let mut quantity = None;
    crate::xml::walk(xml, |path, text| match path {
        [_, "Id"] => out.id = text,
        [_, "Status"] => out.status = text,
        [_, "CreateTime"] => create_time = Some(text),
        [_, "InvalidationBatch", "CallerReference"] => out.caller_reference = text,
        [_, "InvalidationBatch", "Paths", "Quantity"] => quantity = Some(text),
        [_, "InvalidationBatch", "Paths", "Items", "Path"] => out.paths.push(text),
        _ => {}
    })
    .map_err(malformed)?;
    if out.id.is_empty() || out.status.is_empty() {
        return Err(malformed("the Invalidation has no Id or no Status"));
    }
    out.create_time_unix_millis = create_time
        .as_deref()
        .map(|t| Timestamp::parse_iso8601_millis(t.trim()))
        .ok_or(malformed("the Invalidation has no CreateTime"))?
        .map_err(|_| malformed("CreateTime is not an ISO 8601 date-time"))?;
    if let Some(q) = quantity {
        if q.trim().parse::<usize>().ok() != Some(out.paths.len()) {
            return Err(malformed(
                "Paths/Quantity does not match the number of paths",
            ));
        }
    }
    Ok(out)
}

/// Parses CloudFront's `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
pub fn parse_error(xml: &str) -> Result<CloudFrontError> {
    if crate::xml::root_name(xml).map_err(malformed)? != "ErrorResponse" {
        return Err(malformed("expected an <ErrorResponse> document"));
    }
    let mut out = CloudFrontError::default();
    crate::xml::walk(xml, |path, text| match path {
        [_, "Error", "Type"] => out.error_type = text,
        [_, "Error", "Code"] => out.code = text,
        [_, "Error", "Message"] => out.message = text,
        [_, "RequestId"] => out.request_id = Some(text),
        _ => {}
    })
    .map_err(malformed)?;
    if out.code.is_empty() {
        return Err(malformed("the ErrorResponse has no Error/Code"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shaped like the response of the API Reference's CreateInvalidation/GetInvalidation (namespace, element
    /// order, a millisecond CreateTime); the values are this test's own.
    const INVALIDATION: &str = r#"<?xml version="1.0"?>
<Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
   <Id>I2J0I21PCUYOIK</Id>
   <Status>InProgress</Status>
   <CreateTime>2026-12-02T08:00:00.250Z</CreateTime>
   <InvalidationBatch>
      <Paths>
         <Quantity>2</Quantity>
         <Items>
            <Path>/photos/caf%C3%A9%20au%20lait%20&amp;%20cr%C3%A8me.jpg</Path>
            <Path>/images/*</Path>
         </Items>
      </Paths>
      <CallerReference>deploy-2026-12-02</CallerReference>
   </InvalidationBatch>
</Invalidation>"#;

    #[test]
    fn parses_an_invalidation() {
        let i = parse_invalidation(INVALIDATION).unwrap();
        assert_eq!(i.id, "I2J0I21PCUYOIK");
        assert_eq!(i.status, "InProgress");
        assert!(!i.is_completed());
        assert_eq!(i.create_time_unix_millis, 1_796_198_400_250);
        assert_eq!(
            i.paths,
            [
                "/photos/caf%C3%A9%20au%20lait%20&%20cr%C3%A8me.jpg",
                "/images/*"
            ]
        );
        assert_eq!(i.caller_reference, "deploy-2026-12-02");
        let done = INVALIDATION.replace("InProgress", "Completed");
        assert!(parse_invalidation(&done).unwrap().is_completed());
    }

    #[test]
    fn parses_errors_and_refuses_broken_documents() {
        let e = parse_error(r#"<?xml version="1.0"?><ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>TooManyInvalidationsInProgress</Code><Message>Processing your request will cause you to exceed the maximum number of in-progress wildcard invalidations.</Message></Error><RequestId>4d5f-example</RequestId></ErrorResponse>"#).unwrap();
        assert_eq!(
            (e.error_type.as_str(), e.code.as_str()),
            ("Sender", "TooManyInvalidationsInProgress")
        );
        assert!(e.message.starts_with("Processing"));
        assert_eq!(e.request_id.as_deref(), Some("4d5f-example"));
        for bad in [
            "",
            "<Invalidation>",
            "<Error><Code>x</Code></Error>",
            "<ErrorResponse><Error><Code>x</Code></Error></ErrorResponse>",
            "<Invalidation><Id>I</Id><Status>InProgress</Status></Invalidation>",
            "<Invalidation><Id>I</Id><Status>S</Status><CreateTime>yesterday</CreateTime></Invalidation>",
            "<Invalidation><Id>I</Id><Status>S</Status><CreateTime>2026-12-02T08:00:00Z</CreateTime><InvalidationBatch><Paths><Quantity>2</Quantity><Items><Path>/a</Path></Items></Paths></InvalidationBatch></Invalidation>",
        ] {
            assert_eq!(parse_invalidation(bad).unwrap_err().code(), "MalformedCloudFrontResponse", "{bad}");
        }
        for bad in [
            "",
            "<Invalidation/>",
            "<ErrorResponse><Error><Message>m</Message></Error></ErrorResponse>",
        ] {
            assert_eq!(
                parse_error(bad).unwrap_err().code(),
                "MalformedCloudFrontResponse",
                "{bad}"
            );
        }
    }
}
