//! The credential scope: `YYYYMMDD/region/service/aws4_request`.
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html#create-string-to-sign>

use crate::error::{Error, Result};
use crate::time::AmzDate;
use alloc::string::String;
use core::fmt;

/// The scope a signature is valid for: one day, one region, one service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CredentialScope<'a> {
    pub(crate) date: AmzDate,
    pub(crate) region: &'a str,
    pub(crate) service: &'a str,
}

impl<'a> CredentialScope<'a> {
    /// The scope of a request signed at `date` for `region` and `service`, both of which must be non-empty
    /// lowercase letters, digits and hyphens (the scope is `/`-separated and appears in URLs).
    pub fn new(date: AmzDate, region: &'a str, service: &'a str) -> Result<Self> {
        check_scope_part(region)?;
        check_scope_part(service)?;
        Ok(CredentialScope {
            date,
            region,
            service,
        })
    }

    /// The date stamp, `YYYYMMDD`.
    pub fn date_stamp(&self) -> &str {
        self.date.date_stamp()
    }

    /// The region.
    pub fn region(&self) -> &'a str {
        self.region
    }

    /// The service name (`s3`).
    pub fn service(&self) -> &'a str {
        self.service
    }

    /// `access_key_id/scope`, the value of `X-Amz-Credential` and of `Credential=` in the Authorization header.
    pub fn credential(&self, access_key_id: &str) -> String {
        let mut out = String::with_capacity(
            access_key_id.len() + self.region.len() + self.service.len() + 40,
        );
        for piece in [
            access_key_id,
            "/",
            self.date.date_stamp(),
            "/",
            self.region,
            "/",
            self.service,
            "/aws4_request",
        ] {
            out.push_str(piece);
        }
        out
    }
}

pub(crate) fn check_scope_part(part: &str) -> Result<()> {
    if part.is_empty()
        || !part
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(Error::InvalidRegion {
            region: part.into(),
            rule:
                "region and service names must be non-empty lowercase letters, digits and hyphens",
        });
    }
    Ok(())
}

impl fmt::Display for CredentialScope<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.date.date_stamp())?;
        f.write_str("/")?;
        f.write_str(self.region)?;
        f.write_str("/")?;
        f.write_str(self.service)?;
        f.write_str("/aws4_request")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Timestamp;
    use alloc::string::ToString;

    #[test]
    fn renders_the_aws_example_scope() {
        let date = Timestamp::parse_amz_date("20130524T000000Z")
            .unwrap()
            .amz_date();
        let scope = CredentialScope::new(date, "us-east-1", "s3").unwrap();
        assert_eq!(scope.to_string(), "20130524/us-east-1/s3/aws4_request");
        assert_eq!(
            scope.credential("AKIAIOSFODNN7EXAMPLE"),
            "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request"
        );
        assert!(CredentialScope::new(date, "us/east", "s3").is_err());
    }
}
