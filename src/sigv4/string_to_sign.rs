//! The string to sign: `AWS4-HMAC-SHA256 \n X-Amz-Date \n scope \n hex(SHA-256(canonical request))`.
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html#create-string-to-sign>

use super::scope::CredentialScope;
use crate::encoding::Hex32;
use crate::time::AmzDate;
use core::fmt;

/// The algorithm name that starts the string to sign and the Authorization header.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The string to sign of one request.
#[derive(Debug, Clone, Copy)]
pub struct StringToSign<'a> {
    pub(crate) amz_date: AmzDate,
    pub(crate) scope: CredentialScope<'a>,
    pub(crate) canonical_request_hash: Hex32,
}

impl<'a> StringToSign<'a> {
    /// The string to sign for a canonical request whose SHA-256 hex is `canonical_request_hash`.
    pub fn new(
        amz_date: AmzDate,
        scope: CredentialScope<'a>,
        canonical_request_hash: Hex32,
    ) -> Self {
        StringToSign {
            amz_date,
            scope,
            canonical_request_hash,
        }
    }
}

impl StringToSign<'_> {
    /// Passes the text to `sink` piece by piece (straight into an HMAC, without building a string).
    pub fn feed(&self, mut sink: impl FnMut(&[u8])) {
        let date = self.amz_date.as_bytes();
        for piece in [
            ALGORITHM.as_bytes(),
            b"\n",
            date,
            b"\n",
            &date[..8],
            b"/",
            self.scope.region.as_bytes(),
            b"/",
            self.scope.service.as_bytes(),
            b"/aws4_request\n",
            self.canonical_request_hash.as_bytes(),
        ] {
            sink(piece);
        }
    }
}

impl fmt::Display for StringToSign<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut result = Ok(());
        self.feed(|piece| {
            if result.is_ok() {
                // Every piece is ASCII text.
                result = f.write_str(core::str::from_utf8(piece).unwrap_or("\u{fffd}"));
            }
        });
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Timestamp;
    use alloc::string::ToString;

    #[test]
    fn reproduces_the_s3_presigned_url_example() {
        // Amazon S3 API Reference, sigv4-query-string-auth, "An Example".
        let date = Timestamp::parse_amz_date("20130524T000000Z")
            .unwrap()
            .amz_date();
        let scope = CredentialScope::new(date, "us-east-1", "s3").unwrap();
        let mut digest = [0u8; 32];
        hex::decode_to_slice(
            "3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04",
            &mut digest,
        )
        .unwrap();
        let sts = StringToSign::new(date, scope, Hex32::new(&digest));
        assert_eq!(
            sts.to_string(),
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n\
             3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04"
        );
    }
}
