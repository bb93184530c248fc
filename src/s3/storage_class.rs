//! S3 storage classes, as `x-amz-storage-class` accepts them, and what users choose each one for: how long and how
//! small an object is billed at least, how soon its bytes can be read, and across how many Availability Zones it is
//! stored. Prices change and differ by region: they are not here (the worker adds dated ones).
//! <https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html#AmazonS3-PutObject-request-header-StorageClass>,
//! <https://aws.amazon.com/s3/storage-classes/>,
//! <https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-class-intro.html#sc-compare>

use crate::error::{Error, Result};
use core::fmt;

/// The console's friendly names, each beside the API value it stands for.
pub const ALIASES: [(&str, StorageClass); 3] = [
    ("GLACIER_INSTANT_RETRIEVAL", StorageClass::GlacierIr),
    ("GLACIER_FLEXIBLE_RETRIEVAL", StorageClass::Glacier),
    ("GLACIER_DEEP_ARCHIVE", StorageClass::DeepArchive),
];

/// 128 KB, the smallest size the infrequent-access classes bill an object for (S3 bills in binary units).
const KB_128: u32 = 128 * 1024;
/// 40 KB, the smallest size the two restore-first Glacier classes bill an object for (the archive's index and
/// metadata).
const KB_40: u32 = 40 * 1024;

/// How soon an object's bytes can be read after it is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Retrieval {
    /// A GET returns the bytes at once.
    Immediate,
    /// The object must be restored first, which takes minutes to hours (S3 Glacier Flexible Retrieval).
    MinutesToHours,
    /// The object must be restored first, which takes hours (S3 Glacier Deep Archive).
    Hours,
}

impl Retrieval {
    /// `immediate`, `minutes-hours` or `hours`.
    pub fn as_str(self) -> &'static str {
        match self {
            Retrieval::Immediate => "immediate",
            Retrieval::MinutesToHours => "minutes-hours",
            Retrieval::Hours => "hours",
        }
    }
}

/// What a storage class means for the objects stored in it (AWS's storage class comparison; no prices).
/// <https://aws.amazon.com/s3/storage-classes/>, <https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-class-intro.html#sc-compare>,
/// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/restoring-objects-retrieval-options.html>
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StorageClassFacts {
    /// An object deleted, overwritten or moved earlier is still billed for this many days; 0 for none.
    pub min_storage_days: u32,
    /// A smaller object is billed as this many bytes; 0 for none.
    pub min_billable_bytes: u32,
    /// How soon its bytes can be read.
    pub retrieval: Retrieval,
    /// The object is stored across at least this many Availability Zones; `None` where it is not stored in a
    /// region's Availability Zones (Outposts, Snow devices, FSx file systems).
    pub availability_zones: Option<u8>,
    /// How long until the first byte, in words.
    pub first_byte_latency: &'static str,
}

/// A storage class. The console's friendly names ([`ALIASES`]: `GLACIER_INSTANT_RETRIEVAL`,
/// `GLACIER_FLEXIBLE_RETRIEVAL`, `GLACIER_DEEP_ARCHIVE`) parse to their API values `GLACIER_IR`, `GLACIER` and
/// `DEEP_ARCHIVE`.
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
        if let Some((_, class)) = ALIASES
            .iter()
            .find(|(alias, _)| alias.eq_ignore_ascii_case(value))
        {
            return Ok(*class);
        }
        Self::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(value))
            .ok_or_else(|| Error::InvalidStorageClass {
                value: value.into(),
            })
    }

    /// The friendly names that parse to this class.
    pub fn aliases(self) -> impl Iterator<Item = &'static str> {
        ALIASES
            .into_iter()
            .filter(move |(_, class)| *class == self)
            .map(|(alias, _)| alias)
    }

    /// What the class means for its objects: minimum billed duration and size, retrieval, Availability Zones,
    /// first-byte latency.
    pub fn facts(self) -> StorageClassFacts {
        use Retrieval::*;
        let (min_storage_days, min_billable_bytes, retrieval, availability_zones, first_byte_latency) =
            match self {
                StorageClass::Standard => (0, 0, Immediate, Some(3), "milliseconds"),
                StorageClass::ReducedRedundancy => (0, 0, Immediate, Some(3), "milliseconds"),
                StorageClass::StandardIa => (30, KB_128, Immediate, Some(3), "milliseconds"),
                StorageClass::OnezoneIa => (30, KB_128, Immediate, Some(1), "milliseconds"),
                StorageClass::IntelligentTiering => (
                    0,
                    0,
                    Immediate,
                    Some(3),
                    "milliseconds in the automatic tiers (objects under 128 KB always stay in Frequent Access); \
                     objects in the opt-in Archive Access and Deep Archive Access tiers must be restored first, \
                     in minutes to hours",
                ),
                StorageClass::Glacier => (
                    90,
                    KB_40,
                    MinutesToHours,
                    Some(3),
                    "restore first: 1-5 minutes (expedited), 3-5 hours (standard), 5-12 hours (bulk)",
                ),
                StorageClass::DeepArchive => (
                    180,
                    KB_40,
                    Hours,
                    Some(3),
                    "restore first: within 12 hours (standard), within 48 hours (bulk)",
                ),
                StorageClass::GlacierIr => (90, KB_128, Immediate, Some(3), "milliseconds"),
                StorageClass::ExpressOnezone => (
                    0,
                    0,
                    Immediate,
                    Some(1),
                    "single-digit milliseconds (directory buckets only)",
                ),
                StorageClass::Outposts => (
                    0,
                    0,
                    Immediate,
                    None,
                    "milliseconds, on premises (buckets on an AWS Outpost only)",
                ),
                StorageClass::Snow => (
                    0,
                    0,
                    Immediate,
                    None,
                    "local to the device (buckets on AWS Snow Family devices only)",
                ),
                StorageClass::FsxOpenzfs => (
                    0,
                    0,
                    Immediate,
                    None,
                    "served by the FSx for OpenZFS file system behind the access point",
                ),
            };
        StorageClassFacts {
            min_storage_days,
            min_billable_bytes,
            retrieval,
            availability_zones,
            first_byte_latency,
        }
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
            StorageClass::parse("GLACIER_DEEP_ARCHIVE").unwrap(),
            StorageClass::DeepArchive
        );
        assert_eq!(
            StorageClass::parse("glacier_deep_archive").unwrap(),
            StorageClass::DeepArchive
        );
        assert_eq!(
            StorageClass::DeepArchive
                .aliases()
                .collect::<alloc::vec::Vec<_>>(),
            ["GLACIER_DEEP_ARCHIVE"]
        );
        assert_eq!(StorageClass::Standard.aliases().count(), 0);
        assert_eq!(
            StorageClass::parse("standard_ia").unwrap(),
            StorageClass::StandardIa
        );
        assert_eq!(
            StorageClass::parse("COLD").unwrap_err().code(),
            "InvalidStorageClass"
        );
    }

    /// The storage class comparison of the S3 User Guide (storage-class-intro.html#sc-compare) and the restore times
    /// of restoring-objects-retrieval-options.html, row by row.
    #[test]
    fn facts_follow_the_aws_comparison() {
        let row = |c: StorageClass| {
            let f = c.facts();
            (
                f.min_storage_days,
                f.min_billable_bytes,
                f.retrieval.as_str(),
                f.availability_zones,
            )
        };
        assert_eq!(row(StorageClass::Standard), (0, 0, "immediate", Some(3)));
        assert_eq!(
            row(StorageClass::StandardIa),
            (30, 131_072, "immediate", Some(3))
        );
        assert_eq!(
            row(StorageClass::IntelligentTiering),
            (0, 0, "immediate", Some(3))
        );
        assert_eq!(
            row(StorageClass::OnezoneIa),
            (30, 131_072, "immediate", Some(1))
        );
        assert_eq!(
            row(StorageClass::GlacierIr),
            (90, 131_072, "immediate", Some(3))
        );
        assert_eq!(
            row(StorageClass::Glacier),
            (90, 40_960, "minutes-hours", Some(3))
        );
        assert_eq!(
            row(StorageClass::DeepArchive),
            (180, 40_960, "hours", Some(3))
        );
        assert_eq!(
            row(StorageClass::ReducedRedundancy),
            (0, 0, "immediate", Some(3))
        );
        assert_eq!(
            row(StorageClass::ExpressOnezone),
            (0, 0, "immediate", Some(1))
        );
        assert_eq!(row(StorageClass::Outposts).3, None);
        assert!(StorageClass::DeepArchive
            .facts()
            .first_byte_latency
            .contains("48 hours"));
        // Only the restore-first classes are not immediate, and every class has a latency note.
        for class in StorageClass::ALL {
            let facts = class.facts();
            let restore_first = matches!(class, StorageClass::Glacier | StorageClass::DeepArchive);
            assert_eq!(
                facts.retrieval != Retrieval::Immediate,
                restore_first,
                "{class}"
            );
            assert_eq!(
                facts.first_byte_latency.starts_with("restore first"),
                restore_first,
                "{class}"
            );
        }
    }
}
