//! S3 storage classes, as `x-amz-storage-class` accepts them.
//! <https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html#AmazonS3-PutObject-request-header-StorageClass>

use crate::error::{Error, Result};
use core::fmt;

/// A storage class. The console's friendly names `GLACIER_INSTANT_RETRIEVAL` and `GLACIER_FLEXIBLE_RETRIEVAL` parse
/// to their API values `GLACIER_IR` and `GLACIER`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StorageClass {
    /// `STANDARD`.
    Standard,
    /// `REDUCED_REDUNDANCY` (legacy).
    ReducedRedundancy,
    /// `STANDARD_IA`.
    StandardIa,
    /// `ONEZONE_IA`.
    OnezoneIa,
    /// `INTELLIGENT_TIERING`.
    IntelligentTiering,
    /// `GLACIER` (S3 Glacier Flexible Retrieval).
    Glacier,
    /// `DEEP_ARCHIVE`.
    DeepArchive,
    /// `GLACIER_IR` (S3 Glacier Instant Retrieval).
    GlacierIr,
    /// `EXPRESS_ONEZONE` (directory buckets).
    ExpressOnezone,
    /// `OUTPOSTS`.
    Outposts,
    /// `SNOW`.
    Snow,
    /// `FSX_OPENZFS`.
    FsxOpenzfs,
}

impl StorageClass {
    /// Every storage class, in the order of the API reference.
    pub const ALL: [StorageClass; 12] = [
        StorageClass::Standard,
        StorageClass::ReducedRedundancy,
        StorageClass::StandardIa,
        StorageClass::OnezoneIa,
        StorageClass::IntelligentTiering,
        StorageClass::Glacier,
        StorageClass::DeepArchive,
        StorageClass::Outposts,
        StorageClass::GlacierIr,
        StorageClass::Snow,
        StorageClass::ExpressOnezone,
        StorageClass::FsxOpenzfs,
    ];

    /// The header value.
    pub fn as_str(self) -> &'static str {
        match self {
            StorageClass::Standard => "STANDARD",
            StorageClass::ReducedRedundancy => "REDUCED_REDUNDANCY",
            StorageClass::StandardIa => "STANDARD_IA",
            StorageClass::OnezoneIa => "ONEZONE_IA",
            StorageClass::IntelligentTiering => "INTELLIGENT_TIERING",
            StorageClass::Glacier => "GLACIER",
            StorageClass::DeepArchive => "DEEP_ARCHIVE",
            StorageClass::GlacierIr => "GLACIER_IR",
            StorageClass::ExpressOnezone => "EXPRESS_ONEZONE",
            StorageClass::Outposts => "OUTPOSTS",
            StorageClass::Snow => "SNOW",
            StorageClass::FsxOpenzfs => "FSX_OPENZFS",
        }
    }

    /// Parses a header value or friendly alias, ignoring ASCII case.
    pub fn parse(value: &str) -> Result<Self> {
        if value.eq_ignore_ascii_case("GLACIER_INSTANT_RETRIEVAL") {
            return Ok(StorageClass::GlacierIr);
        }
        if value.eq_ignore_ascii_case("GLACIER_FLEXIBLE_RETRIEVAL") {
            return Ok(StorageClass::Glacier);
        }
        Self::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(value))
            .ok_or_else(|| Error::InvalidStorageClass {
                value: value.into(),
            })
    }

    /// A short description for listings.
    pub fn description(self) -> &'static str {
        match self {
            StorageClass::Standard => "General purpose, frequently accessed data",
            StorageClass::ReducedRedundancy => {
                "Legacy reduced-redundancy storage (not recommended)"
            }
            StorageClass::StandardIa => "Infrequent access, millisecond retrieval, 30-day minimum",
            StorageClass::OnezoneIa => "Infrequent access in one Availability Zone",
            StorageClass::IntelligentTiering => "Automatic tiering by access pattern",
            StorageClass::Glacier => {
                "Glacier Flexible Retrieval: archive, minutes to hours to restore"
            }
            StorageClass::DeepArchive => "Glacier Deep Archive: lowest cost, hours to restore",
            StorageClass::GlacierIr => "Glacier Instant Retrieval: archive with millisecond access",
            StorageClass::ExpressOnezone => "S3 Express One Zone (directory buckets only)",
            StorageClass::Outposts => "S3 on Outposts",
            StorageClass::Snow => "AWS Snow Family devices",
            StorageClass::FsxOpenzfs => "Amazon FSx for OpenZFS access points",
        }
    }
}

impl fmt::Display for StorageClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_values_and_aliases() {
        for class in StorageClass::ALL {
            assert_eq!(StorageClass::parse(class.as_str()).unwrap(), class);
        }
        assert_eq!(
            StorageClass::parse("GLACIER_INSTANT_RETRIEVAL").unwrap(),
            StorageClass::GlacierIr
        );
        assert_eq!(
            StorageClass::parse("GLACIER_FLEXIBLE_RETRIEVAL").unwrap(),
            StorageClass::Glacier
        );
        assert_eq!(
            StorageClass::parse("standard_ia").unwrap(),
            StorageClass::StandardIa
        );
        assert_eq!(
            StorageClass::parse("COLD").unwrap_err().code(),
            "InvalidStorageClass"
        );
    }
}
