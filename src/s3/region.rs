//! AWS regions: code, display name, partition, opt-in status and approximate location (for choosing the bucket
//! nearest to an uploader), and the partitions with the shape of their region codes.
//! <https://docs.aws.amazon.com/general/latest/gr/s3.html>, <https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html>,
//! botocore's `data/partitions.json` (the partitions, their DNS suffixes and region patterns).

use crate::error::{Error, Result};

/// An AWS partition: a separate AWS with its own DNS suffix, credentials and region codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Partition {
    /// Commercial regions, `amazonaws.com`.
    Aws,
    /// China (Beijing, Ningxia), `amazonaws.com.cn`.
    AwsCn,
    /// AWS GovCloud (US), `amazonaws.com`.
    AwsUsGov,
    /// The AWS European Sovereign Cloud (Brandenburg, Germany, from January 2026), `amazonaws.eu`, as botocore's
    /// partitions data describes it (`aws-eusc`, region `eusc-de-east-1`).
    AwsEusc,
    /// AWS ISO (US), `c2s.ic.gov`.
    AwsIso,
    /// AWS ISOB (US), `sc2s.sgov.gov`.
    AwsIsoB,
    /// AWS ISOE (Europe), `cloud.adc-e.uk`.
    AwsIsoE,
    /// AWS ISOF (US), `csp.hci.ic.gov`.
    AwsIsoF,
}

impl Partition {
    /// Every partition.
    pub const ALL: [Partition; 8] = [
        Partition::Aws,
        Partition::AwsCn,
        Partition::AwsUsGov,
        Partition::AwsEusc,
        Partition::AwsIso,
        Partition::AwsIsoB,
        Partition::AwsIsoE,
        Partition::AwsIsoF,
    ];

    /// The partition id (`aws`, `aws-cn`, `aws-us-gov`, `aws-eusc`, `aws-iso`, `aws-iso-b`, `aws-iso-e`,
    /// `aws-iso-f`).
    pub fn id(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::AwsCn => "aws-cn",
            Partition::AwsUsGov => "aws-us-gov",
            Partition::AwsEusc => "aws-eusc",
            Partition::AwsIso => "aws-iso",
            Partition::AwsIsoB => "aws-iso-b",
            Partition::AwsIsoE => "aws-iso-e",
            Partition::AwsIsoF => "aws-iso-f",
        }
    }

    /// The DNS suffix of the partition's S3 endpoints.
    pub fn dns_suffix(self) -> &'static str {
        match self {
            Partition::Aws | Partition::AwsUsGov => "amazonaws.com",
            Partition::AwsCn => "amazonaws.com.cn",
            Partition::AwsEusc => "amazonaws.eu",
            Partition::AwsIso => "c2s.ic.gov",
            Partition::AwsIsoB => "sc2s.sgov.gov",
            Partition::AwsIsoE => "cloud.adc-e.uk",
            Partition::AwsIsoF => "csp.hci.ic.gov",
        }
    }

    /// The partition a region code belongs to, by the shape of its code, as botocore's `regionRegex` of each
    /// partition has it (with lowercase letters and digits for `\w`): `aws` is
    /// `^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$`, `aws-cn` `^cn-\w+-\d+$`, `aws-us-gov` `^us-gov-\w+-\d+$`,
    /// `aws-eusc` `^eusc-(de)-\w+-\d+$`, the ISO partitions `^us-iso-`, `^us-isob-`, `^eu-isoe-` and `^us-isof-`
    /// followed by `\w+-\d+`. `None` for a code of no known partition.
    pub fn of_region(code: &str) -> Option<Partition> {
        // The patterns are disjoint: the aws one allows a single name between its two hyphens.
        const PREFIXES: [(&str, Partition); 7] = [
            ("cn-", Partition::AwsCn),
            ("us-gov-", Partition::AwsUsGov),
            ("eusc-de-", Partition::AwsEusc),
            ("us-iso-", Partition::AwsIso),
            ("us-isob-", Partition::AwsIsoB),
            ("eu-isoe-", Partition::AwsIsoE),
            ("us-isof-", Partition::AwsIsoF),
        ];
        const AWS_GEOGRAPHIES: [&str; 9] = ["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"];
        for (prefix, partition) in PREFIXES {
            if let Some(rest) = code.strip_prefix(prefix) {
                if is_name_and_number(rest) {
                    return Some(partition);
                }
            }
        }
        let (geography, rest) = code.split_once('-')?;
        (AWS_GEOGRAPHIES.contains(&geography) && is_name_and_number(rest)).then_some(Partition::Aws)
    }
}

/// `\w+-\d+` with lowercase letters and digits for `\w`: `east-1`.
fn is_name_and_number(text: &str) -> bool {
    let Some((name, number)) = text.split_once('-') else {
        return false;
    };
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
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
        /// Every region this crate knows: the 34 commercial regions, aws-cn, aws-us-gov and the AWS European
        /// Sovereign Cloud. (The ISO partitions publish no locations: their regions are reached through an explicit
        /// endpoint.)
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
    // Brandenburg, near Berlin; generally available since 15 January 2026.
    "eusc-de-east-1", "AWS European Sovereign Cloud (Germany)", AwsEusc, false, 52.4, 13.1;
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

/// Checks that `code` is a well-formed region code of a known partition ([`Partition::of_region`]): a region launched
/// after this release is accepted as long as its partition is known.
pub fn check_aws_region_code(code: &str) -> Result<()> {
    match Partition::of_region(code) {
        Some(_) => Ok(()),
        None => Err(Error::InvalidRegion {
            region: code.into(),
            rule: "not a region code of a known AWS partition, such as eu-west-1, cn-north-1, us-gov-west-1, \
                   eusc-de-east-1 or us-iso-east-1",
        }),
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
            assert_eq!(
                Partition::of_region(r.code),
                Some(r.partition),
                "{}",
                r.code
            );
            assert!(check_aws_region_code(r.code).is_ok(), "{}", r.code);
            assert!(
                (-90.0..=90.0).contains(&r.latitude) && (-180.0..=180.0).contains(&r.longitude)
            );
        }
    }

    #[test]
    fn accepts_well_formed_codes_of_known_partitions_only() {
        for (code, partition) in [
            ("ap-future-9", Partition::Aws),
            ("mx-central-1", Partition::Aws),
            ("il-central-2", Partition::Aws),
            ("cn-southwest-2", Partition::AwsCn),
            ("us-gov-central-1", Partition::AwsUsGov),
            ("eusc-de-east-1", Partition::AwsEusc),
            ("eusc-de-west-2", Partition::AwsEusc),
            ("us-iso-east-1", Partition::AwsIso),
            ("us-isob-west-1", Partition::AwsIsoB),
            ("eu-isoe-west-1", Partition::AwsIsoE),
            ("us-isof-south-1", Partition::AwsIsoF),
        ] {
            assert_eq!(Partition::of_region(code), Some(partition), "{code}");
            assert!(check_aws_region_code(code).is_ok(), "{code}");
        }
        for bad in [
            "us-east1",
            "US-EAST-1",
            "useast-1",
            "us--1",
            "",
            "us-east-",
            "auto",
            "garage",
            "xx-future-9",
            "eusc-fr-east-1",
            "eusc-east-1",
            "us-east-1-",
            "us-east-one",
            "eu-west-1 ",
        ] {
            assert_eq!(Partition::of_region(bad), None, "{bad}");
            assert_eq!(
                check_aws_region_code(bad).unwrap_err().code(),
                "InvalidRegion",
                "{bad}"
            );
        }
    }

    #[test]
    fn the_european_sovereign_cloud_is_its_own_partition() {
        let eusc = lookup("eusc-de-east-1").unwrap();
        assert_eq!(eusc.partition, Partition::AwsEusc);
        assert_eq!(eusc.partition.dns_suffix(), "amazonaws.eu");
        assert_eq!(eusc.name, "AWS European Sovereign Cloud (Germany)");
        assert!(!has_fips_endpoint("eusc-de-east-1"));
        for partition in Partition::ALL {
            assert_eq!(
                Partition::ALL
                    .iter()
                    .filter(|p| p.id() == partition.id())
                    .count(),
                1
            );
        }
    }
}
