//! AWS regions: code, display name, partition, opt-in status and approximate location (for choosing the bucket
//! nearest to an uploader).
//! <https://docs.aws.amazon.com/general/latest/gr/s3.html>, <https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html>

use crate::error::{Error, Result};

/// An AWS partition: a separate AWS with its own DNS suffix and credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Partition {
    /// Commercial regions, `amazonaws.com`.
    Aws,
    /// China (Beijing, Ningxia), `amazonaws.com.cn`.
    AwsCn,
    /// AWS GovCloud (US), `amazonaws.com`.
    AwsUsGov,
}

impl Partition {
    /// The partition id (`aws`, `aws-cn`, `aws-us-gov`).
    pub fn id(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::AwsCn => "aws-cn",
            Partition::AwsUsGov => "aws-us-gov",
        }
    }

    /// The DNS suffix of the partition's S3 endpoints.
    pub fn dns_suffix(self) -> &'static str {
        match self {
            Partition::AwsCn => "amazonaws.com.cn",
            Partition::Aws | Partition::AwsUsGov => "amazonaws.com",
        }
    }

    /// The partition a region code belongs to, by its prefix.
    pub fn of_region(code: &str) -> Partition {
        if code.starts_with("cn-") {
            Partition::AwsCn
        } else if code.starts_with("us-gov-") {
            Partition::AwsUsGov
        } else {
            Partition::Aws
        }
    }
}

/// A known region.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RegionInfo {
    /// `eu-west-1`.
    pub code: &'static str,
    /// `Europe (Ireland)`.
    pub name: &'static str,
    /// Its partition.
    pub partition: Partition,
    /// Regions launched after March 2019 must be enabled in an account before use.
    pub opt_in: bool,
    /// Approximate latitude of the region's metro area, degrees.
    pub latitude: f64,
    /// Approximate longitude, degrees.
    pub longitude: f64,
}

macro_rules! regions {
    ($( $code:literal, $name:literal, $partition:ident, $opt_in:literal, $lat:literal, $lon:literal; )*) => {
        /// Every region this crate knows: the 34 commercial regions, aws-cn and aws-us-gov.
        pub const REGIONS: &[RegionInfo] = &[
            $( RegionInfo { code: $code, name: $name, partition: Partition::$partition, opt_in: $opt_in,
                            latitude: $lat, longitude: $lon }, )*
        ];
    };
}

regions! {
    "us-east-1", "US East (N. Virginia)", Aws, false, 38.9, -77.4;
    "us-east-2", "US East (Ohio)", Aws, false, 40.0, -83.0;
    "us-west-1", "US West (N. California)", Aws, false, 37.4, -121.9;
    "us-west-2", "US West (Oregon)", Aws, false, 45.8, -119.7;
    "af-south-1", "Africa (Cape Town)", Aws, true, -33.9, 18.4;
    "ap-east-1", "Asia Pacific (Hong Kong)", Aws, true, 22.3, 114.2;
    "ap-east-2", "Asia Pacific (Taipei)", Aws, true, 25.0, 121.5;
    "ap-south-1", "Asia Pacific (Mumbai)", Aws, false, 19.1, 72.9;
    "ap-south-2", "Asia Pacific (Hyderabad)", Aws, true, 17.4, 78.5;
    "ap-southeast-1", "Asia Pacific (Singapore)", Aws, false, 1.35, 103.8;
    "ap-southeast-2", "Asia Pacific (Sydney)", Aws, false, -33.9, 151.2;
    "ap-southeast-3", "Asia Pacific (Jakarta)", Aws, true, -6.2, 106.8;
    "ap-southeast-4", "Asia Pacific (Melbourne)", Aws, true, -37.8, 145.0;
    "ap-southeast-5", "Asia Pacific (Malaysia)", Aws, true, 3.1, 101.7;
    "ap-southeast-6", "Asia Pacific (New Zealand)", Aws, true, -36.8, 174.8;
    "ap-southeast-7", "Asia Pacific (Thailand)", Aws, true, 13.8, 100.5;
    "ap-northeast-1", "Asia Pacific (Tokyo)", Aws, false, 35.7, 139.7;
    "ap-northeast-2", "Asia Pacific (Seoul)", Aws, false, 37.6, 127.0;
    "ap-northeast-3", "Asia Pacific (Osaka)", Aws, false, 34.7, 135.5;
    "ca-central-1", "Canada (Central)", Aws, false, 45.5, -73.6;
    "ca-west-1", "Canada West (Calgary)", Aws, true, 51.0, -114.1;
    "eu-central-1", "Europe (Frankfurt)", Aws, false, 50.1, 8.7;
    "eu-central-2", "Europe (Zurich)", Aws, true, 47.4, 8.5;
    "eu-west-1", "Europe (Ireland)", Aws, false, 53.3, -6.3;
    "eu-west-2", "Europe (London)", Aws, false, 51.5, -0.1;
    "eu-west-3", "Europe (Paris)", Aws, false, 48.9, 2.35;
    "eu-south-1", "Europe (Milan)", Aws, true, 45.5, 9.2;
    "eu-south-2", "Europe (Spain)", Aws, true, 41.6, -0.9;
    "eu-north-1", "Europe (Stockholm)", Aws, false, 59.3, 18.1;
    "il-central-1", "Israel (Tel Aviv)", Aws, true, 32.1, 34.8;
    "me-south-1", "Middle East (Bahrain)", Aws, true, 26.1, 50.6;
    "me-central-1", "Middle East (UAE)", Aws, true, 25.2, 55.3;
    "mx-central-1", "Mexico (Central)", Aws, true, 20.6, -100.4;
    "sa-east-1", "South America (São Paulo)", Aws, false, -23.5, -46.6;
    "cn-north-1", "China (Beijing)", AwsCn, false, 39.9, 116.4;
    "cn-northwest-1", "China (Ningxia)", AwsCn, false, 37.5, 105.2;
    "us-gov-east-1", "AWS GovCloud (US-East)", AwsUsGov, false, 40.0, -83.0;
    "us-gov-west-1", "AWS GovCloud (US-West)", AwsUsGov, false, 45.6, -121.2;
}

/// Regions with FIPS 140 S3 endpoints (`s3-fips.<region>.amazonaws.com`).
/// <https://aws.amazon.com/compliance/fips/>
const FIPS_REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "ca-west-1",
    "us-gov-east-1",
    "us-gov-west-1",
];

/// The known region with this code.
pub fn lookup(code: &str) -> Option<&'static RegionInfo> {
    REGIONS.iter().find(|r| r.code == code)
}

/// Does this region have a FIPS S3 endpoint?
pub fn has_fips_endpoint(code: &str) -> bool {
    FIPS_REGIONS.contains(&code)
}

/// Checks that `code` is shaped like an AWS region (`xx-name-N`, `xx-gov-name-N`): unknown but well-formed codes are
/// accepted so that a region launched after this release still works.
pub fn check_aws_region_code(code: &str) -> Result<()> {
    let err = || {
        Error::InvalidRegion {
        region: code.into(),
        rule: "an AWS region looks like eu-west-1: two letters, a name, and a number, separated by hyphens",
    }
    };
    let mut parts = code.split('-');
    let geo = parts.next().ok_or_else(err)?;
    let rest: alloc::vec::Vec<&str> = parts.collect();
    let Some((number, names)) = rest.split_last() else {
        return Err(err());
    };
    let ok = geo.len() == 2
        && geo.bytes().all(|b| b.is_ascii_lowercase())
        && !names.is_empty()
        && names
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_lowercase()))
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(err())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_every_commercial_region_and_the_other_partitions() {
        let commercial = REGIONS
            .iter()
            .filter(|r| r.partition == Partition::Aws)
            .count();
        assert_eq!(commercial, 34);
        for code in [
            "ap-east-2",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "mx-central-1",
            "ca-west-1",
            "il-central-1",
        ] {
            assert!(lookup(code).is_some_and(|r| r.opt_in), "{code}");
        }
        assert_eq!(
            lookup("cn-north-1").unwrap().partition.dns_suffix(),
            "amazonaws.com.cn"
        );
        assert_eq!(
            lookup("us-gov-west-1").unwrap().partition,
            Partition::AwsUsGov
        );
        for r in REGIONS {
            assert_eq!(Partition::of_region(r.code), r.partition, "{}", r.code);
            assert!(check_aws_region_code(r.code).is_ok(), "{}", r.code);
            assert!(
                (-90.0..=90.0).contains(&r.latitude) && (-180.0..=180.0).contains(&r.longitude)
            );
        }
    }

    #[test]
    fn accepts_well_formed_unknown_codes_only() {
        assert!(check_aws_region_code("xx-future-9").is_ok());
        for bad in [
            "us-east1",
            "US-EAST-1",
            "useast-1",
            "us--1",
            "",
            "us-east-",
            "auto",
        ] {
            assert!(check_aws_region_code(bad).is_err(), "{bad}");
        }
    }
}
