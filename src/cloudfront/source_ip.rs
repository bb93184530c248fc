//! `AWS:SourceIp`, the `IpAddress` condition of a custom policy: one IPv4 address or one IPv4 CIDR range the viewer
//! must come from. CloudFront takes IPv4 only (a distribution that restricts by address must not enable IPv6), one
//! range per policy, and a single address is written with `/32`.
//! <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-creating-signed-url-custom-policy.html>

use crate::error::{Error, Result};
use alloc::string::String;
use core::fmt::Write as _;

/// A checked IPv4 CIDR range, rendered `a.b.c.d/n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceIp {
    address: [u8; 4],
    prefix: u8,
}

impl SourceIp {
    /// Parses `a.b.c.d` (meaning `/32`) or `a.b.c.d/n` with `n` from 0 to 32. Octets are decimal without leading
    /// zeros (`010` is octal to some parsers), and a range must name its network (`192.0.2.0/24`, not
    /// `192.0.2.7/24`), as RFC 4632 writes CIDR blocks.
    pub fn parse(text: &str) -> Result<Self> {
        let invalid = |rule| Error::InvalidSourceIp {
            value: text.into(),
            rule,
        };
        let (address_text, prefix_text) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let mut address = [0u8; 4];
        let mut octets = address_text.split('.');
        for slot in &mut address {
            *slot = octets
                .next()
                .and_then(decimal)
                .filter(|&n| n <= 255)
                .ok_or_else(|| {
                    invalid("expected an IPv4 address of four decimal octets 0-255, such as 192.0.2.10 (CloudFront's IpAddress condition takes IPv4 only)")
                })? as u8;
        }
        if octets.next().is_some() {
            return Err(invalid("an IPv4 address has exactly four octets"));
        }
        let prefix = match prefix_text {
            None => 32,
            Some(p) => decimal(p)
                .filter(|&n| n <= 32)
                .ok_or_else(|| invalid("the prefix length after '/' runs from 0 to 32"))?
                as u8,
        };
        let bits = u32::from_be_bytes(address);
        let host_mask = u32::MAX.checked_shr(u32::from(prefix)).unwrap_or(0);
        if bits & host_mask != 0 {
            return Err(invalid(
                "the address has bits set below the prefix; give the network address of the range (192.0.2.0/24, not 192.0.2.7/24)",
            ));
        }
        Ok(SourceIp { address, prefix })
    }

    /// `a.b.c.d/n`, as the policy carries it.
    pub fn to_cidr(self) -> String {
        let mut out = String::with_capacity(18);
        let [a, b, c, d] = self.address;
        let _ = write!(out, "{a}.{b}.{c}.{d}/{}", self.prefix);
        out
    }
}

/// A decimal number of one to three digits without a leading zero (a lone `0` is fine).
fn decimal(text: &str) -> Option<u32> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || bytes.len() > 3 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if bytes.len() > 1 && bytes[0] == b'0' {
        return None;
    }
    Some(bytes.iter().fold(0, |n, &b| n * 10 + u32::from(b - b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_documented_forms() {
        // The custom policy examples of the Developer Guide: a range, and one address written with /32.
        assert_eq!(
            SourceIp::parse("192.0.2.0/24").unwrap().to_cidr(),
            "192.0.2.0/24"
        );
        assert_eq!(
            SourceIp::parse("192.0.2.10").unwrap().to_cidr(),
            "192.0.2.10/32"
        );
        assert_eq!(
            SourceIp::parse("192.0.2.10/32").unwrap().to_cidr(),
            "192.0.2.10/32"
        );
        assert_eq!(SourceIp::parse("0.0.0.0/0").unwrap().to_cidr(), "0.0.0.0/0");
        assert_eq!(
            SourceIp::parse("10.0.0.0/8").unwrap().to_cidr(),
            "10.0.0.0/8"
        );
    }

    #[test]
    fn refuses_what_is_not_a_well_formed_ipv4_range() {
        for bad in [
            "",
            "192.0.2",
            "192.0.2.0.1",
            "192.0.2.256",
            "192.0.2.010",
            "192.0.2.-1",
            "192.0.2.0/33",
            "192.0.2.0/",
            "192.0.2.0/024",
            "/24",
            "192.0.2.7/24",
            "2001:db8::/32",
            "192.0.2.0 /24",
            "a.b.c.d",
            "192.0.2.0/24/1",
        ] {
            assert_eq!(
                SourceIp::parse(bad).unwrap_err().code(),
                "InvalidSourceIp",
                "{bad}"
            );
        }
    }
}
