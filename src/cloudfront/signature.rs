//! The signature over a policy statement, and the key pair id that names the public key to check it with.
//!
//! CloudFront verifies RSASSA-PKCS1-v1_5 signatures from 2048-bit RSA keys with SHA-1 (the original scheme, still
//! the default) or SHA-256, and ECDSA signatures from P-256 keys with SHA-256, DER-encoded. When SHA-256 is used the
//! URL says so with `Hash-Algorithm=SHA256` (cookies: `CloudFront-Hash-Algorithm=SHA256`).
//!
//! The private-key operation is not done here: the caller signs [`super::Policy::as_bytes`] wherever the key lives
//! (WebCrypto with a non-extractable key, a KMS or HSM, or the optional in-process signer) and hands the signature
//! back. WebCrypto returns ECDSA signatures as raw `r‖s` (IEEE P1363, 64 bytes for P-256); [`ecdsa_raw_to_der`]
//! turns them into the DER `ECDSA-Sig-Value` CloudFront expects.
//! <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/PrivateCFSignatureCodeAndExamples.html>
//! <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-trusted-signers.html>

use crate::error::{Error, Result};
use alloc::vec::Vec;

/// The key and hash algorithms of a CloudFront signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignatureAlgorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-1 and a 2048-bit RSA key: what every CloudFront signer has always accepted.
    RsaSha1,
    /// RSASSA-PKCS1-v1_5 with SHA-256 and a 2048-bit RSA key (`Hash-Algorithm=SHA256`).
    RsaSha256,
    /// ECDSA over P-256 with SHA-256, DER-encoded (`Hash-Algorithm=SHA256`).
    EcdsaP256Sha256,
}

/// The length of an RSASSA-PKCS1-v1_5 signature by a 2048-bit key, the only RSA size CloudFront accepts.
const RSA_2048_SIGNATURE_BYTES: usize = 256;

impl SignatureAlgorithm {
    /// From the key algorithm (`"RSA"` or `"ECDSA"`) and the hash algorithm (`"SHA1"` or `"SHA256"`, CloudFront's
    /// own spelling in `Hash-Algorithm`).
    pub fn from_names(key_algorithm: &str, hash_algorithm: &str) -> Result<Self> {
        match (key_algorithm, hash_algorithm) {
            ("RSA", "SHA1") => Ok(SignatureAlgorithm::RsaSha1),
            ("RSA", "SHA256") => Ok(SignatureAlgorithm::RsaSha256),
            ("ECDSA", "SHA256") => Ok(SignatureAlgorithm::EcdsaP256Sha256),
            ("ECDSA", "SHA1") => Err(Error::InvalidSignatureAlgorithm {
                rule: "CloudFront's ECDSA keys (P-256) sign with SHA256; SHA1 is for RSA keys only",
            }),
            ("RSA" | "ECDSA", _) => Err(Error::InvalidSignatureAlgorithm {
                rule: "the hash algorithm is SHA1 or SHA256",
            }),
            _ => Err(Error::InvalidSignatureAlgorithm {
                rule: "the key algorithm is RSA (2048-bit) or ECDSA (P-256)",
            }),
        }
    }

    /// `"RSA"` or `"ECDSA"`.
    pub fn key_algorithm(self) -> &'static str {
        match self {
            SignatureAlgorithm::RsaSha1 | SignatureAlgorithm::RsaSha256 => "RSA",
            SignatureAlgorithm::EcdsaP256Sha256 => "ECDSA",
        }
    }

    /// `"SHA1"` or `"SHA256"`.
    pub fn hash_algorithm(self) -> &'static str {
        match self {
            SignatureAlgorithm::RsaSha1 => "SHA1",
            SignatureAlgorithm::RsaSha256 | SignatureAlgorithm::EcdsaP256Sha256 => "SHA256",
        }
    }

    /// The value of `Hash-Algorithm` / `CloudFront-Hash-Algorithm`: present only for SHA-256, since SHA-1 is what
    /// CloudFront assumes without it.
    pub fn hash_algorithm_parameter(self) -> Option<&'static str> {
        match self {
            SignatureAlgorithm::RsaSha1 => None,
            _ => Some("SHA256"),
        }
    }

    /// Checks that `signature` has the shape this algorithm produces in CloudFront's form: 256 bytes for RSA-2048,
    /// a well-formed DER `ECDSA-Sig-Value` for ECDSA. (The signature itself can only be checked by CloudFront, or
    /// with the public key.)
    pub fn check_signature(self, signature: &[u8]) -> Result<()> {
        match self {
            SignatureAlgorithm::RsaSha1 | SignatureAlgorithm::RsaSha256 => {
                if signature.len() != RSA_2048_SIGNATURE_BYTES {
                    return Err(Error::InvalidSignature {
                        rule: "an RSASSA-PKCS1-v1_5 signature by a 2048-bit key (the RSA size CloudFront accepts) is 256 bytes",
                    });
                }
                Ok(())
            }
            SignatureAlgorithm::EcdsaP256Sha256 => check_ecdsa_der(signature),
        }
    }

    /// A signature as WebCrypto's `crypto.subtle.sign` returns it, in CloudFront's form: RSA signatures are the
    /// same bytes; an ECDSA signature (raw `r‖s`, 64 bytes) becomes DER.
    pub fn from_webcrypto(self, signature: &[u8]) -> Result<Vec<u8>> {
        let der = match self {
            SignatureAlgorithm::EcdsaP256Sha256 => ecdsa_raw_to_der(signature)?,
            _ => signature.to_vec(),
        };
        self.check_signature(&der)?;
        Ok(der)
    }
}

/// Converts a raw P-256 ECDSA signature, `r‖s` as two 32-byte big-endian integers (IEEE P1363, what WebCrypto
/// returns), into the DER `SEQUENCE { r INTEGER, s INTEGER }` of RFC 3279 §2.2.3 that CloudFront expects. DER
/// integers are minimal and signed: leading zero bytes are dropped, and a `0x00` is put back in front of a value
/// whose top bit is set.
pub fn ecdsa_raw_to_der(raw: &[u8]) -> Result<Vec<u8>> {
    if raw.len() != 64 {
        return Err(Error::InvalidSignature {
            rule: "a raw P-256 ECDSA signature (r‖s, as WebCrypto returns it) is 64 bytes",
        });
    }
    let (r, s) = raw.split_at(32);
    let mut der = Vec::with_capacity(72);
    der.extend_from_slice(&[0x30, 0]);
    for half in [r, s] {
        let start = half
            .iter()
            .position(|&b| b != 0)
            .ok_or(Error::InvalidSignature {
                rule: "r and s of an ECDSA signature are never zero",
            })?;
        let value = &half[start..];
        let pad = value[0] & 0x80 != 0;
        der.push(0x02);
        der.push((value.len() + usize::from(pad)) as u8);
        if pad {
            der.push(0);
        }
        der.extend_from_slice(value);
    }
    // At most 2 × (2 + 33) = 70 bytes follow: the short length form always fits.
    der[1] = (der.len() - 2) as u8;
    Ok(der)
}

/// A DER `ECDSA-Sig-Value` for P-256: a SEQUENCE (short length form) of exactly two positive, minimally encoded
/// INTEGERs of at most 33 bytes.
fn check_ecdsa_der(der: &[u8]) -> Result<()> {
    let malformed = Error::InvalidSignature {
        rule: "an ECDSA signature for CloudFront is DER: SEQUENCE { r INTEGER, s INTEGER } (convert WebCrypto's 64-byte r‖s with ecdsa_raw_to_der)",
    };
    let [0x30, length, body @ ..] = der else {
        return Err(malformed);
    };
    if usize::from(*length) != body.len() {
        return Err(malformed);
    }
    let mut rest = body;
    for _ in 0..2 {
        let [0x02, len, tail @ ..] = rest else {
            return Err(malformed);
        };
        let len = usize::from(*len);
        if len == 0 || len > 33 || tail.len() < len {
            return Err(malformed);
        }
        let (value, after) = tail.split_at(len);
        let negative = value[0] & 0x80 != 0;
        let not_minimal = len > 1 && value[0] == 0 && value[1] & 0x80 == 0;
        let zero = value.iter().all(|&b| b == 0);
        if negative || not_minimal || zero {
            return Err(malformed);
        }
        rest = after;
    }
    if !rest.is_empty() {
        return Err(malformed);
    }
    Ok(())
}

/// Checks a key pair id: the ID CloudFront gave the public key (`K2JCJMDEHXQW5F`), or a legacy account key pair's
/// (`APKA…`) — uppercase letters and digits.
pub fn check_key_pair_id(key_pair_id: &str) -> Result<()> {
    if key_pair_id.is_empty() || key_pair_id.len() > 128 {
        return Err(Error::InvalidKeyPairId {
            rule:
                "the key pair id is the ID of the public key in CloudFront, such as K2JCJMDEHXQW5F",
        });
    }
    if !key_pair_id
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        return Err(Error::InvalidKeyPairId {
            rule: "a key pair id is uppercase letters and digits, such as K2JCJMDEHXQW5F",
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn raw(r: &[u8], s: &[u8]) -> Vec<u8> {
        let mut out = vec![0u8; 64];
        out[32 - r.len()..32].copy_from_slice(r);
        out[64 - s.len()..].copy_from_slice(s);
        out
    }

    #[test]
    fn converts_raw_ecdsa_signatures_to_minimal_der() {
        // Both halves with the top bit clear: 32 bytes each, no padding.
        let plain = raw(&[0x11; 32], &[0x22; 32]);
        let der = ecdsa_raw_to_der(&plain).unwrap();
        assert_eq!(&der[..4], &[0x30, 68, 0x02, 32]);
        assert_eq!(&der[4..36], &[0x11; 32]);
        assert_eq!(&der[36..38], &[0x02, 32]);
        assert_eq!(der.len(), 70);

        // High bit set: a 0x00 goes in front, making 33-byte integers.
        let high = ecdsa_raw_to_der(&raw(&[0x80; 32], &[0xFF; 32])).unwrap();
        assert_eq!(&high[..5], &[0x30, 70, 0x02, 33, 0x00]);
        assert_eq!(&high[37..40], &[0x02, 33, 0x00]);
        assert_eq!(high.len(), 72);

        // Leading zero bytes are dropped: r = 0x0000…01 is one byte, s = 0x00 0x80… needs its pad back.
        let mut s = vec![0x80];
        s.extend_from_slice(&[0x01; 30]);
        let small = ecdsa_raw_to_der(&raw(&[0x01], &s)).unwrap();
        assert_eq!(&small[..5], &[0x30, 3 + 2 + 32, 0x02, 1, 0x01]);
        assert_eq!(&small[5..8], &[0x02, 32, 0x00]);
        assert_eq!(&small[8..], &s[..]);

        for der in [&der, &high, &small] {
            SignatureAlgorithm::EcdsaP256Sha256
                .check_signature(der)
                .unwrap();
        }
    }

    #[test]
    fn refuses_malformed_ecdsa_signatures() {
        let code = |r: Result<Vec<u8>>| r.unwrap_err().code();
        assert_eq!(code(ecdsa_raw_to_der(&[1; 63])), "InvalidSignature");
        assert_eq!(code(ecdsa_raw_to_der(&[1; 65])), "InvalidSignature");
        assert_eq!(code(ecdsa_raw_to_der(&raw(&[], &[1]))), "InvalidSignature");
        let check = |der: &[u8]| {
            SignatureAlgorithm::EcdsaP256Sha256
                .check_signature(der)
                .is_err()
        };
        assert!(check(&[]));
        assert!(check(&[0x30, 7, 0x02, 1, 0x01, 0x02, 1, 0x01])); // wrong total length
        assert!(check(&[0x30, 6, 0x02, 1, 0x81, 0x02, 1, 0x01])); // negative r
        assert!(check(&[0x30, 7, 0x02, 2, 0x00, 0x01, 0x02, 1, 0x01])); // r not minimal
        assert!(check(&[0x30, 6, 0x02, 1, 0x00, 0x02, 1, 0x01])); // r zero
        assert!(check(&[0x30, 3, 0x02, 1, 0x01])); // one integer
        assert!(check(&[
            0x30, 9, 0x02, 1, 0x01, 0x02, 1, 0x01, 0x02, 1, 0x01
        ])); // three
        assert!(!check(&[0x30, 6, 0x02, 1, 0x01, 0x02, 1, 0x01]));
        let webcrypto = SignatureAlgorithm::EcdsaP256Sha256
            .from_webcrypto(&raw(&[7], &[9]))
            .unwrap();
        assert_eq!(webcrypto, [0x30, 6, 0x02, 1, 7, 0x02, 1, 9]);
    }

    #[test]
    fn names_algorithms_as_cloudfront_does() {
        let a = SignatureAlgorithm::from_names;
        assert_eq!(a("RSA", "SHA1").unwrap(), SignatureAlgorithm::RsaSha1);
        assert_eq!(
            a("RSA", "SHA256").unwrap().hash_algorithm_parameter(),
            Some("SHA256")
        );
        assert_eq!(a("RSA", "SHA1").unwrap().hash_algorithm_parameter(), None);
        assert_eq!(a("ECDSA", "SHA256").unwrap().key_algorithm(), "ECDSA");
        for (k, h) in [
            ("ECDSA", "SHA1"),
            ("RSA", "MD5"),
            ("DSA", "SHA1"),
            ("rsa", "sha1"),
        ] {
            assert_eq!(a(k, h).unwrap_err().code(), "InvalidSignatureAlgorithm");
        }
        assert!(SignatureAlgorithm::RsaSha1
            .check_signature(&[0; 256])
            .is_ok());
        assert!(SignatureAlgorithm::RsaSha256
            .check_signature(&[0; 512])
            .is_err());
        assert!(check_key_pair_id("K2JCJMDEHXQW5F").is_ok());
        assert!(check_key_pair_id("APKA9ONS7QCOWEXAMPLE").is_ok());
        for bad in ["", "k2j", "K2J CJ", "K2J&x=1"] {
            assert_eq!(
                check_key_pair_id(bad).unwrap_err().code(),
                "InvalidKeyPairId"
            );
        }
    }
}
