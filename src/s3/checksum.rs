//! S3 additional checksums: `x-amz-checksum-<algorithm>` carries the base64 of the object's (or part's) digest,
//! and S3 rejects the upload when the bytes it received do not match. Signing the header into a presigned URL means
//! a corrupted or substituted body is refused by S3 itself.
//! <https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html>

use super::crc_sliced::SlicedCrc;
use super::sha1::Sha1;
use crate::encoding::{base64_decode, base64_encode};
use crate::error::{Error, Result};
use alloc::string::String;
use sha2::{Digest, Sha256};

/// A checksum algorithm S3 accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChecksumAlgorithm {
    /// CRC-32 (ISO HDLC, as zlib).
    Crc32,
    /// CRC-32C (Castagnoli).
    Crc32c,
    /// CRC-64/NVME, S3's default for new uploads since 2025.
    Crc64Nvme,
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
}

impl ChecksumAlgorithm {
    /// Every algorithm.
    pub const ALL: [ChecksumAlgorithm; 5] = [
        ChecksumAlgorithm::Crc32,
        ChecksumAlgorithm::Crc32c,
        ChecksumAlgorithm::Crc64Nvme,
        ChecksumAlgorithm::Sha1,
        ChecksumAlgorithm::Sha256,
    ];

    /// The name S3 uses in `x-amz-checksum-algorithm` (`CRC32C`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ChecksumAlgorithm::Crc32 => "CRC32",
            ChecksumAlgorithm::Crc32c => "CRC32C",
            ChecksumAlgorithm::Crc64Nvme => "CRC64NVME",
            ChecksumAlgorithm::Sha1 => "SHA1",
            ChecksumAlgorithm::Sha256 => "SHA256",
        }
    }

    /// The header that carries a value: `x-amz-checksum-crc32c`, …
    pub fn header_name(self) -> &'static str {
        match self {
            ChecksumAlgorithm::Crc32 => "x-amz-checksum-crc32",
            ChecksumAlgorithm::Crc32c => "x-amz-checksum-crc32c",
            ChecksumAlgorithm::Crc64Nvme => "x-amz-checksum-crc64nvme",
            ChecksumAlgorithm::Sha1 => "x-amz-checksum-sha1",
            ChecksumAlgorithm::Sha256 => "x-amz-checksum-sha256",
        }
    }

    /// The element of a CompleteMultipartUpload `<Part>` (`ChecksumCRC32C`, …).
    pub fn xml_element(self) -> &'static str {
        match self {
            ChecksumAlgorithm::Crc32 => "ChecksumCRC32",
            ChecksumAlgorithm::Crc32c => "ChecksumCRC32C",
            ChecksumAlgorithm::Crc64Nvme => "ChecksumCRC64NVME",
            ChecksumAlgorithm::Sha1 => "ChecksumSHA1",
            ChecksumAlgorithm::Sha256 => "ChecksumSHA256",
        }
    }

    /// The digest length in bytes.
    pub fn digest_len(self) -> usize {
        match self {
            ChecksumAlgorithm::Crc32 | ChecksumAlgorithm::Crc32c => 4,
            ChecksumAlgorithm::Crc64Nvme => 8,
            ChecksumAlgorithm::Sha1 => 20,
            ChecksumAlgorithm::Sha256 => 32,
        }
    }

    /// Parses `CRC32C`, `crc32c`, `sha256`, …
    pub fn parse(name: &str) -> Result<Self> {
        Self::from_name(name).ok_or_else(Self::unknown_name)
    }

    /// [`parse`](Self::parse) without the error.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str().eq_ignore_ascii_case(name))
    }

    /// The error of a name that is no algorithm.
    #[inline(always)]
    pub fn unknown_name() -> Error {
        Error::InvalidChecksum {
            algorithm: "unknown",
            rule: UNKNOWN_NAME_RULE,
        }
    }

    /// The code and message of [`unknown_name`](Self::unknown_name) as constants, for the checksum module: with
    /// them it does not depend on the compiler folding `Error::message`'s match down to one arm, which stops
    /// happening as the error type gains variants (a test checks they agree with the error).
    pub const UNKNOWN_NAME_CODE: &'static str = "InvalidChecksum";
    /// See [`UNKNOWN_NAME_CODE`](Self::UNKNOWN_NAME_CODE).
    pub const UNKNOWN_NAME_MESSAGE: &'static str =
        "invalid unknown checksum: the algorithm must be CRC32, CRC32C, CRC64NVME, SHA1 or SHA256";
}

const UNKNOWN_NAME_RULE: &str = "the algorithm must be CRC32, CRC32C, CRC64NVME, SHA1 or SHA256";

/// A checksum value to sign: the algorithm and the base64 of its digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checksum<'a> {
    /// The algorithm.
    pub algorithm: ChecksumAlgorithm,
    /// Base64 of the big-endian digest, as S3 expects.
    pub value: &'a str,
}

impl Checksum<'_> {
    /// Checks that the value is the base64 of a digest of the algorithm's length.
    pub fn check(&self) -> Result<()> {
        match base64_decode(self.value) {
            Some(bytes) if bytes.len() == self.algorithm.digest_len() => Ok(()),
            _ => Err(Error::InvalidChecksum {
                algorithm: self.algorithm.as_str(),
                rule: "the value must be the base64 of the digest (CRC32/CRC32C 4 bytes, CRC64NVME 8, SHA1 20, SHA256 32)",
            }),
        }
    }
}

/// Checks a `Content-MD5` value: the base64 of 16 bytes.
pub fn check_content_md5(value: &str) -> Result<()> {
    match base64_decode(value) {
        Some(bytes) if bytes.len() == 16 => Ok(()),
        _ => Err(Error::InvalidChecksum {
            algorithm: "MD5",
            rule: "Content-MD5 must be the base64 of a 16-byte MD5 digest",
        }),
    }
}

/// An incremental checksum over bytes that arrive in pieces (a file read in chunks), for every algorithm S3 accepts.
#[derive(Clone)]
pub enum ChecksumHasher {
    /// CRC-32.
    Crc32(SlicedCrc<u32>),
    /// CRC-32C.
    Crc32c(SlicedCrc<u32>),
    /// CRC-64/NVME.
    Crc64Nvme(SlicedCrc<u64>),
    /// SHA-1.
    Sha1(Sha1),
    /// SHA-256.
    Sha256(Sha256),
}

impl ChecksumHasher {
    /// A hasher for `algorithm`; every algorithm has one since SHA-1 is computed too ([`of`](Self::of) says so
    /// in its type).
    pub fn new(algorithm: ChecksumAlgorithm) -> Result<Self> {
        Ok(Self::of(algorithm))
    }

    /// A hasher for `algorithm`.
    pub fn of(algorithm: ChecksumAlgorithm) -> Self {
        match algorithm {
            ChecksumAlgorithm::Crc32 => ChecksumHasher::Crc32(SlicedCrc::crc32()),
            ChecksumAlgorithm::Crc32c => ChecksumHasher::Crc32c(SlicedCrc::crc32c()),
            ChecksumAlgorithm::Crc64Nvme => ChecksumHasher::Crc64Nvme(SlicedCrc::crc64nvme()),
            ChecksumAlgorithm::Sha1 => ChecksumHasher::Sha1(Sha1::default()),
            ChecksumAlgorithm::Sha256 => ChecksumHasher::Sha256(Sha256::new()),
        }
    }

    /// Adds bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        match self {
            ChecksumHasher::Crc32(d) | ChecksumHasher::Crc32c(d) => d.update(bytes),
            ChecksumHasher::Crc64Nvme(d) => d.update(bytes),
            ChecksumHasher::Sha1(d) => d.update(bytes),
            ChecksumHasher::Sha256(d) => d.update(bytes),
        }
    }

    /// The base64 value for the `x-amz-checksum-*` header.
    pub fn finalize_base64(self) -> String {
        match self {
            ChecksumHasher::Crc32(d) | ChecksumHasher::Crc32c(d) => {
                base64_encode(&d.finalize().to_be_bytes())
            }
            ChecksumHasher::Crc64Nvme(d) => base64_encode(&d.finalize().to_be_bytes()),
            ChecksumHasher::Sha1(d) => base64_encode(&d.finalize()),
            ChecksumHasher::Sha256(d) => base64_encode(&d.finalize()),
        }
    }
}

/// The base64 checksum of `bytes` in one call.
pub fn checksum_base64(algorithm: ChecksumAlgorithm, bytes: &[u8]) -> Result<String> {
    let mut hasher = ChecksumHasher::new(algorithm)?;
    hasher.update(bytes);
    Ok(hasher.finalize_base64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unknown_name_constants_are_the_errors_code_and_message() {
        let e = ChecksumAlgorithm::unknown_name();
        assert_eq!(e.code(), ChecksumAlgorithm::UNKNOWN_NAME_CODE);
        assert_eq!(e.message(), ChecksumAlgorithm::UNKNOWN_NAME_MESSAGE);
    }

    #[test]
    fn computes_s3_checksum_values() {
        // The standard check input "123456789" and its catalogued CRCs; SHA-256 of "abc" from FIPS 180-2.
        let b64 = |a| checksum_base64(a, b"123456789").unwrap();
        assert_eq!(
            b64(ChecksumAlgorithm::Crc32),
            base64_encode(&0xcbf4_3926u32.to_be_bytes())
        );
        assert_eq!(
            b64(ChecksumAlgorithm::Crc32c),
            base64_encode(&0xe306_9283u32.to_be_bytes())
        );
        assert_eq!(
            b64(ChecksumAlgorithm::Crc64Nvme),
            base64_encode(&0xae8b_1486_0a79_9888u64.to_be_bytes())
        );
        assert_eq!(
            checksum_base64(ChecksumAlgorithm::Sha256, b"abc").unwrap(),
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
        // SHA-1 of "abc" from FIPS 180-2 (a9993e36…d89d).
        assert_eq!(
            checksum_base64(ChecksumAlgorithm::Sha1, b"abc").unwrap(),
            "qZk+NkcGgWq6PiVxeFDCbJzQ2J0="
        );
        // S3's documented CRC32C of an empty object.
        assert_eq!(
            checksum_base64(ChecksumAlgorithm::Crc32c, b"").unwrap(),
            "AAAAAA=="
        );
    }

    #[test]
    fn incremental_equals_one_shot() {
        let data: alloc::vec::Vec<u8> = (0..10_000u32).map(|i| (i * 31 % 251) as u8).collect();
        for a in ChecksumAlgorithm::ALL {
            let mut h = ChecksumHasher::new(a).unwrap();
            // 777-byte pieces: the 16-byte strides of the CRCs start at every offset.
            for chunk in data.chunks(777) {
                h.update(chunk);
            }
            assert_eq!(h.finalize_base64(), checksum_base64(a, &data).unwrap());
        }
    }

    #[test]
    fn validates_value_lengths() {
        assert!(Checksum {
            algorithm: ChecksumAlgorithm::Crc32c,
            value: "AAAAAA=="
        }
        .check()
        .is_ok());
        assert!(Checksum {
            algorithm: ChecksumAlgorithm::Sha256,
            value: "AAAAAA=="
        }
        .check()
        .is_err());
        assert!(Checksum {
            algorithm: ChecksumAlgorithm::Crc32,
            value: "not base64!"
        }
        .check()
        .is_err());
        assert!(check_content_md5("1B2M2Y8AsgTpgAmY7PhCfg==").is_ok());
        assert!(check_content_md5("AAAA").is_err());
    }
}
