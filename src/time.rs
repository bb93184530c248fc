//! Time as the signer sees it: a number of seconds since the Unix epoch, passed in by the caller.
//!
//! The core never reads a clock (sans-IO), so a test can sign "as of" any instant and a worker signs with the
//! time it trusts. SigV4 needs three renderings of an instant: the date stamp of the credential scope
//! (`YYYYMMDD`), the `X-Amz-Date` (`YYYYMMDDTHHMMSSZ`, ISO 8601 basic format) and, for POST policies, the ISO 8601
//! extended `expiration` (`YYYY-MM-DDTHH:MM:SSZ`).
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html>

use crate::error::{Error, Result};
use core::fmt;

/// The last second the formats can express: 9999-12-31T23:59:59Z.
const MAX_UNIX_SECONDS: u64 = 253_402_300_799;

/// An instant, in whole seconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(u64);

/// The calendar fields of a [`Timestamp`] (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CivilTime {
    /// Year, 1970 to 9999.
    pub year: u32,
    /// Month, 1 to 12.
    pub month: u32,
    /// Day of the month, 1 to 31.
    pub day: u32,
    /// Hour, 0 to 23.
    pub hour: u32,
    /// Minute, 0 to 59.
    pub minute: u32,
    /// Second, 0 to 59.
    pub second: u32,
}

impl Timestamp {
    /// An instant from Unix seconds; refuses instants after 9999-12-31T23:59:59Z, which SigV4's four-digit years
    /// cannot express.
    pub fn from_unix_seconds(seconds: u64) -> Result<Self> {
        if seconds > MAX_UNIX_SECONDS {
            return Err(Error::InvalidTimestamp {
                rule: "the signing time must be before the year 10000",
            });
        }
        Ok(Timestamp(seconds))
    }

    /// An instant from Unix milliseconds (as JavaScript's `Date.now()` gives), rounded down to the second.
    pub fn from_unix_millis(millis: u64) -> Result<Self> {
        Self::from_unix_seconds(millis / 1000)
    }

    /// Parses an `X-Amz-Date` value such as `20150830T123600Z`.
    pub fn parse_amz_date(text: &str) -> Result<Self> {
        const RULE: &str = "expected an X-Amz-Date such as 20150830T123600Z";
        let b = text.as_bytes();
        if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
            return Err(Error::InvalidTimestamp { rule: RULE });
        }
        let num = |range: core::ops::Range<usize>| -> Result<u32> {
            let mut value = 0u32;
            for &c in &b[range] {
                if !c.is_ascii_digit() {
                    return Err(Error::InvalidTimestamp { rule: RULE });
                }
                value = value * 10 + u32::from(c - b'0');
            }
            Ok(value)
        };
        let civil = CivilTime {
            year: num(0..4)?,
            month: num(4..6)?,
            day: num(6..8)?,
            hour: num(9..11)?,
            minute: num(11..13)?,
            second: num(13..15)?,
        };
        Self::from_civil(civil)
    }

    /// Parses an ISO 8601 / RFC 3339 date-time as S3 writes it in XML answers (`2010-11-10T20:48:33.000Z`) into
    /// Unix milliseconds: seconds are required, a fraction of any length is cut to milliseconds, and the zone is
    /// `Z` or an offset such as `+02:00` (RFC 3339 §5.6).
    pub fn parse_iso8601_millis(text: &str) -> Result<u64> {
        const RULE: &str = "expected an ISO 8601 date-time such as 2010-11-10T20:48:33.000Z";
        let invalid = || Error::InvalidTimestamp { rule: RULE };
        let b = text.as_bytes();
        let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
        if b.len() < 20 || separators.iter().any(|&(at, c)| b[at] != c) {
            return Err(invalid());
        }
        let num = |range: core::ops::Range<usize>| -> Result<u32> {
            let mut value = 0u32;
            for &c in b.get(range).ok_or_else(invalid)? {
                if !c.is_ascii_digit() {
                    return Err(invalid());
                }
                value = value * 10 + u32::from(c - b'0');
            }
            Ok(value)
        };
        let civil = CivilTime {
            year: num(0..4)?,
            month: num(5..7)?,
            day: num(8..10)?,
            hour: num(11..13)?,
            minute: num(14..16)?,
            second: num(17..19)?,
        };
        let mut at = 19;
        let mut millis = 0u64;
        if b[at] == b'.' {
            let digits = b[at + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if digits == 0 {
                return Err(invalid());
            }
            // Milliseconds are the first three digits, padded: ".5" is 500 ms; finer digits are dropped.
            for i in 0..3 {
                let digit = if i < digits { b[at + 1 + i] - b'0' } else { 0 };
                millis = millis * 10 + u64::from(digit);
            }
            at += 1 + digits;
        }
        let offset_seconds: i64 = match &b[at..] {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
                let (hours, minutes) = (num(at + 1..at + 3)?, num(at + 4..at + 6)?);
                if hours > 23 || minutes > 59 {
                    return Err(invalid());
                }
                let seconds = i64::from(hours * 3600 + minutes * 60);
                if *sign == b'+' {
                    seconds
                } else {
                    -seconds
                }
            }
            _ => return Err(invalid()),
        };
        let local = Self::from_civil(civil)?.unix_seconds();
        // The local time minus its offset is UTC; it must stay within 1970..9999.
        let utc = i64::try_from(local)
            .ok()
            .and_then(|l| l.checked_sub(offset_seconds))
            .and_then(|s| u64::try_from(s).ok())
            .ok_or_else(invalid)?;
        Ok(Self::from_unix_seconds(utc)?.unix_seconds() * 1000 + millis)
    }

    /// The instant of a UTC calendar date and time; refuses impossible dates.
    pub fn from_civil(c: CivilTime) -> Result<Self> {
        let days_in_month = match c.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if is_leap_year(c.year) => 29,
            2 => 28,
            _ => 0,
        };
        if c.year < 1970
            || c.day == 0
            || c.day > days_in_month
            || c.hour > 23
            || c.minute > 59
            || c.second > 59
        {
            return Err(Error::InvalidTimestamp {
                rule: "not a valid UTC date and time between 1970 and 9999",
            });
        }
        let days = days_from_civil(c.year, c.month, c.day);
        Self::from_unix_seconds(days * 86_400 + u64::from(c.hour * 3600 + c.minute * 60 + c.second))
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(self) -> u64 {
        self.0
    }

    /// This instant plus `seconds`, if the result is still representable.
    pub fn checked_add(self, seconds: u64) -> Result<Self> {
        self.0
            .checked_add(seconds)
            .ok_or(Error::InvalidTimestamp {
                rule: "the expiry time must be before the year 10000",
            })
            .and_then(Self::from_unix_seconds)
    }

    /// The UTC calendar fields.
    pub fn civil(self) -> CivilTime {
        let days = self.0 / 86_400;
        let secs = (self.0 % 86_400) as u32;
        let (year, month, day) = civil_from_days(days);
        CivilTime {
            year,
            month,
            day,
            hour: secs / 3600,
            minute: secs / 60 % 60,
            second: secs % 60,
        }
    }

    /// `YYYYMMDDTHHMMSSZ`, the `X-Amz-Date` form.
    pub fn amz_date(self) -> AmzDate {
        let c = self.civil();
        let mut out = [0u8; 16];
        put_digits(&mut out[0..4], c.year);
        put_digits(&mut out[4..6], c.month);
        put_digits(&mut out[6..8], c.day);
        out[8] = b'T';
        put_digits(&mut out[9..11], c.hour);
        put_digits(&mut out[11..13], c.minute);
        put_digits(&mut out[13..15], c.second);
        out[15] = b'Z';
        AmzDate(out)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, the ISO 8601 extended form.
    pub fn iso8601(self) -> impl fmt::Display {
        Iso8601 {
            civil: self.civil(),
            millis: false,
        }
    }

    /// `YYYY-MM-DDTHH:MM:SS.000Z`: the form of a POST policy's `expiration` in the AWS examples.
    pub fn iso8601_millis(self) -> impl fmt::Display {
        Iso8601 {
            civil: self.civil(),
            millis: true,
        }
    }
}

struct Iso8601 {
    civil: CivilTime,
    millis: bool,
}

impl fmt::Display for Iso8601 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.civil;
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        )?;
        f.write_str(if self.millis { ".000Z" } else { "Z" })
    }
}

/// A formatted `X-Amz-Date` (`YYYYMMDDTHHMMSSZ`); its first eight characters are the scope's date stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AmzDate([u8; 16]);

impl AmzDate {
    /// The text as bytes (no UTF-8 check: for hashing).
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// The full `YYYYMMDDTHHMMSSZ` text.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits, 'T' and 'Z' are ever written.
        core::str::from_utf8(&self.0).unwrap_or("19700101T000000Z")
    }

    /// `YYYYMMDD`, the date stamp of the credential scope.
    pub fn date_stamp(&self) -> &str {
        &self.as_str()[..8]
    }
}

impl fmt::Display for AmzDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn put_digits(out: &mut [u8], mut value: u32) {
    for slot in out.iter_mut().rev() {
        *slot = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

fn is_leap_year(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms), restricted to years ≥ 1970 so
// that everything stays unsigned.
fn days_from_civil(year: u32, month: u32, day: u32) -> u64 {
    let y = u64::from(if month <= 2 { year - 1 } else { year });
    let era = y / 400;
    let yoe = y - era * 400;
    let m = u64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + u64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: u64) -> (u32, u32, u32) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400) as u32 + u32::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn formats_the_aws_example_instant() {
        // 2015-08-30T12:36:00Z, the instant of the AWS SigV4 test suite.
        let t = Timestamp::from_unix_seconds(1_440_938_160).unwrap();
        assert_eq!(t.amz_date().as_str(), "20150830T123600Z");
        assert_eq!(t.amz_date().date_stamp(), "20150830");
        assert_eq!(t.iso8601().to_string(), "2015-08-30T12:36:00Z");
        assert_eq!(t.iso8601_millis().to_string(), "2015-08-30T12:36:00.000Z");
        assert_eq!(Timestamp::parse_amz_date("20150830T123600Z").unwrap(), t);
    }

    #[test]
    fn parses_iso8601_date_times_of_s3_answers() {
        // The `Initiated` of the ListMultipartUploads documentation example: 2010-11-10T20:48:33Z is 1289422113 s.
        let parse = Timestamp::parse_iso8601_millis;
        assert_eq!(
            parse("2010-11-10T20:48:33.000Z").unwrap(),
            1_289_422_113_000
        );
        assert_eq!(parse("2010-11-10T20:48:33Z").unwrap(), 1_289_422_113_000);
        assert_eq!(parse("2010-11-10T20:48:33.5Z").unwrap(), 1_289_422_113_500);
        assert_eq!(
            parse("2010-11-10T20:48:33.123456789Z").unwrap(),
            1_289_422_113_123
        );
        assert_eq!(
            parse("2010-11-10T22:48:33.000+02:00").unwrap(),
            1_289_422_113_000
        );
        assert_eq!(
            parse("2010-11-10T18:18:33-02:30").unwrap(),
            1_289_422_113_000
        );
        for bad in [
            "",
            "2010-11-10",
            "2010-11-10T20:48:33",
            "2010-11-10T20:48:33.Z",
            "2010-11-10 20:48:33Z",
            "2010-13-10T20:48:33Z",
            "2010-11-10T20:48:33+2:00",
            "2010-11-10T20:48:33+24:00",
            "1970-01-01T00:00:00+00:01",
            "2010-11-10T20:48:33Zjunk",
            "2010-11-10T20:48:3éZ",
        ] {
            assert_eq!(parse(bad).unwrap_err().code(), "InvalidTimestamp", "{bad}");
        }
    }

    #[test]
    fn round_trips_leap_days_and_bounds() {
        for text in [
            "19700101T000000Z",
            "20000229T235959Z",
            "20240229T000000Z",
            "99991231T235959Z",
        ] {
            assert_eq!(
                Timestamp::parse_amz_date(text).unwrap().amz_date().as_str(),
                text
            );
        }
        assert!(Timestamp::parse_amz_date("20230229T000000Z").is_err());
        assert!(Timestamp::parse_amz_date("2015-08-30T12:36:00Z").is_err());
        assert!(Timestamp::from_unix_seconds(MAX_UNIX_SECONDS + 1).is_err());
        assert!(Timestamp::from_unix_seconds(MAX_UNIX_SECONDS)
            .unwrap()
            .checked_add(1)
            .is_err());
    }
}
