//! The signing key: `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`, and a cache so
//! that the four HMACs run once per day, region and service instead of once per signature.
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html#derive-signing-key>

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// A derived signing key, held as an HMAC-SHA256 state already keyed with it: each signature then costs only the
/// hashing of the string to sign (the key's inner and outer pads are computed once).
#[derive(Clone)]
pub struct SigningKey {
    keyed: HmacSha256,
    bytes: [u8; 32],
}

impl SigningKey {
    /// Derives the key for a secret, a `YYYYMMDD` date stamp, a region and a service.
    pub fn derive(secret_access_key: &str, date_stamp: &str, region: &str, service: &str) -> Self {
        let mut k_secret = Vec::with_capacity(4 + secret_access_key.len());
        k_secret.extend_from_slice(b"AWS4");
        k_secret.extend_from_slice(secret_access_key.as_bytes());
        let k_date = hmac(&k_secret, date_stamp.as_bytes());
        let k_region = hmac(&k_date, region.as_bytes());
        let k_service = hmac(&k_region, service.as_bytes());
        let bytes = hmac(&k_service, b"aws4_request");
        SigningKey {
            keyed: keyed_hmac(&bytes),
            bytes,
        }
    }

    /// The raw 32 key bytes (the value AWS's examples print as hex).
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.bytes
    }

    /// A fresh HMAC state keyed with this key, ready for the string to sign.
    pub(crate) fn mac(&self) -> HmacSha256 {
        self.keyed.clone()
    }

    /// `HMAC-SHA256(key, data)`.
    pub fn sign(&self, data: &[u8]) -> [u8; 32] {
        let mut mac = self.mac();
        mac.update(data);
        mac.finalize().into_bytes().into()
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(** redacted **)")
    }
}

fn keyed_hmac(key: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length (longer ones are hashed first), so this cannot fail.
    <HmacSha256 as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"))
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = keyed_hmac(key);
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// Remembers the last derived key. The key changes only when the date (UTC day), region, service or secret does, so
/// a signer that issues many URLs derives it about once a day.
#[derive(Default, Clone)]
pub struct SigningKeyCache {
    entry: Option<CachedKey>,
}

#[derive(Clone)]
struct CachedKey {
    secret: String,
    date_stamp: [u8; 8],
    region: String,
    service: String,
    key: SigningKey,
}

impl SigningKeyCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The key for these inputs, derived only when they differ from the last call's.
    pub fn get(
        &mut self,
        secret_access_key: &str,
        date_stamp: &str,
        region: &str,
        service: &str,
    ) -> &SigningKey {
        let fresh = match &self.entry {
            Some(e) => {
                e.date_stamp.as_slice() != date_stamp.as_bytes()
                    || e.region != region
                    || e.service != service
                    || e.secret != secret_access_key
            }
            None => true,
        };
        if fresh {
            let mut stamp = [0u8; 8];
            let len = date_stamp.len().min(8);
            stamp[..len].copy_from_slice(&date_stamp.as_bytes()[..len]);
            self.entry = Some(CachedKey {
                secret: secret_access_key.into(),
                date_stamp: stamp,
                region: region.into(),
                service: service.into(),
                key: SigningKey::derive(secret_access_key, date_stamp, region, service),
            });
        }
        match &self.entry {
            Some(e) => &e.key,
            None => unreachable!("the entry was just filled"),
        }
    }

    /// Forgets the cached key (the next call derives again).
    pub fn clear(&mut self) {
        self.entry = None;
    }
}

impl fmt::Debug for SigningKeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKeyCache(** redacted **)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_the_aws_example_key() {
        // IAM user guide, "Derive a signing key" example: secret of the SigV4 test suite, 20150830/us-east-1/iam.
        let key = SigningKey::derive(
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "20150830",
            "us-east-1",
            "iam",
        );
        assert_eq!(
            hex::encode(key.as_bytes()),
            "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"
        );
    }

    #[test]
    fn cache_rederives_only_when_an_input_changes() {
        let mut cache = SigningKeyCache::new();
        let a = *cache
            .get("secret", "20150830", "us-east-1", "s3")
            .as_bytes();
        assert_eq!(
            *cache
                .get("secret", "20150830", "us-east-1", "s3")
                .as_bytes(),
            a
        );
        assert_ne!(
            *cache
                .get("secret", "20150831", "us-east-1", "s3")
                .as_bytes(),
            a
        );
        assert_ne!(
            *cache
                .get("secret", "20150830", "us-east-2", "s3")
                .as_bytes(),
            a
        );
        assert_ne!(
            *cache
                .get("other!", "20150830", "us-east-1", "s3")
                .as_bytes(),
            a
        );
        assert_eq!(
            *cache
                .get("secret", "20150830", "us-east-1", "s3")
                .as_bytes(),
            a
        );
    }
}
