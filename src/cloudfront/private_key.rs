//! An in-process signer for Rust programs that hold the private key (feature `cloudfront-signing`, off by default
//! and never in the WebAssembly package): RSA-2048 (RSASSA-PKCS1-v1_5 with SHA-1 or SHA-256) and ECDSA P-256
//! (SHA-256, DER), read from PEM — PKCS#1 (`BEGIN RSA PRIVATE KEY`), SEC1 (`BEGIN EC PRIVATE KEY`) or PKCS#8
//! (`BEGIN PRIVATE KEY`), the forms `openssl genrsa`/`genpkey` and `openssl ecparam -genkey` write.
//!
//! The rest of the module never needs it: [`super::PreparedSignedUrl::to_sign`] can be signed by WebCrypto, a KMS
//! or an HSM instead. The cryptography is RustCrypto's: `rsa` 0.10 (constant-time arithmetic, signatures blinded
//! with system randomness) and `p256` (RFC 6979 deterministic ECDSA).
//! <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-trusted-signers.html>

use super::signature::SignatureAlgorithm;
use super::signed_cookies::{PreparedSignedCookies, SignedCookies};
use super::signed_url::PreparedSignedUrl;
use crate::error::{Error, Result};
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use p256::pkcs8::DecodePrivateKey as _;
use rsa::pkcs1::DecodeRsaPrivateKey as _;
use rsa::signature::{SignatureEncoding as _, Signer as _};
use rsa::traits::PublicKeyParts as _;

/// A CloudFront signing key.
pub struct PrivateKey {
    inner: Inner,
}

enum Inner {
    Rsa(rsa::PrivateKey),
    Ecdsa(p256::ecdsa::SigningKey),
}

fn invalid(rule: &'static str) -> Error {
    Error::InvalidPrivateKey { rule }
}

impl PrivateKey {
    /// Reads an unencrypted PEM private key: RSA (2048 bits, PKCS#1 or PKCS#8) or ECDSA P-256 (SEC1 or PKCS#8).
    pub fn from_pem(pem: &str) -> Result<Self> {
        let pem = pem.trim();
        let inner = if pem.starts_with("-----BEGIN RSA PRIVATE KEY-----") {
            Inner::Rsa(
                rsa::PrivateKey::from_pkcs1_pem(pem)
                    .map_err(|_| invalid("the PKCS#1 RSA private key could not be read"))?,
            )
        } else if pem.starts_with("-----BEGIN EC PRIVATE KEY-----") {
            let secret = p256::SecretKey::from_sec1_pem(pem).map_err(|_| {
                invalid("the SEC1 EC private key could not be read as a P-256 (prime256v1) key")
            })?;
            Inner::Ecdsa(p256::ecdsa::SigningKey::from(secret))
        } else if pem.starts_with("-----BEGIN PRIVATE KEY-----") {
            if let Ok(key) = rsa::PrivateKey::from_pkcs8_pem(pem) {
                Inner::Rsa(key)
            } else {
                Inner::Ecdsa(p256::ecdsa::SigningKey::from_pkcs8_pem(pem).map_err(|_| {
                    invalid("the PKCS#8 private key is neither an RSA key nor a P-256 (prime256v1) EC key")
                })?)
            }
        } else if pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----") {
            return Err(invalid(
                "the key is encrypted; decrypt it first (openssl pkey -in key.pem -out plain.pem)",
            ));
        } else {
            return Err(invalid(
                "expected a PEM private key: BEGIN RSA PRIVATE KEY, BEGIN EC PRIVATE KEY or BEGIN PRIVATE KEY",
            ));
        };
        if let Inner::Rsa(key) = &inner {
            if key.size() != 256 {
                return Err(invalid("CloudFront's RSA keys are 2048 bits"));
            }
        }
        Ok(PrivateKey { inner })
    }

    /// `"RSA"` or `"ECDSA"`.
    pub fn key_algorithm(&self) -> &'static str {
        match self.inner {
            Inner::Rsa(_) => "RSA",
            Inner::Ecdsa(_) => "ECDSA",
        }
    }

    /// Signs `message` with `algorithm`, in CloudFront's form (RSA: 256 bytes; ECDSA: DER). The algorithm must be
    /// one for this key.
    pub fn sign(&self, algorithm: SignatureAlgorithm, message: &[u8]) -> Result<Vec<u8>> {
        let failed = |_| Error::InvalidPrivateKey {
            rule: "the key could not sign",
        };
        let signature = match (&self.inner, algorithm) {
            (Inner::Rsa(key), SignatureAlgorithm::RsaSha1) => {
                rsa::pkcs1v15::SigningKey::<sha1::Sha1>::new(key.clone())
                    .try_sign(message)
                    .map_err(failed)?
                    .to_vec()
            }
            (Inner::Rsa(key), SignatureAlgorithm::RsaSha256) => {
                rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(key.clone())
                    .try_sign(message)
                    .map_err(failed)?
                    .to_vec()
            }
            (Inner::Ecdsa(key), SignatureAlgorithm::EcdsaP256Sha256) => {
                let signature: p256::ecdsa::Signature = key.try_sign(message).map_err(failed)?;
                signature.to_der().as_bytes().to_vec()
            }
            _ => {
                return Err(Error::InvalidSignatureAlgorithm {
                    rule: "the signature algorithm does not match the key (RSA keys sign RSA-SHA1 or RSA-SHA256, P-256 keys ECDSA-SHA256)",
                })
            }
        };
        algorithm.check_signature(&signature)?;
        Ok(signature)
    }

    /// Signs a prepared URL and returns the signed URL.
    pub fn sign_url(&self, prepared: &PreparedSignedUrl) -> Result<String> {
        prepared.finish(&self.sign(prepared.algorithm(), prepared.to_sign())?)
    }

    /// Signs prepared cookies and returns them.
    pub fn sign_cookies(&self, prepared: &PreparedSignedCookies) -> Result<SignedCookies> {
        prepared.finish(&self.sign(prepared.algorithm(), prepared.to_sign())?)
    }
}

/// Never shows the key.
impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("algorithm", &self.key_algorithm())
            .finish_non_exhaustive()
    }
}
