//! The signature: `hex(HMAC-SHA256(signing key, string to sign))`.
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html#calculate-signature>

use super::signing_key::SigningKey;
use super::string_to_sign::StringToSign;
use crate::encoding::Hex32;
use core::fmt::{self, Write as _};
use hmac::Mac;
use sha2::{Digest, Sha256};

/// Signs a string to sign.
pub fn signature(key: &SigningKey, string_to_sign: &StringToSign<'_>) -> Hex32 {
    let mut mac = MacWriter(key.mac());
    // Writing into a MAC cannot fail.
    let _ = write!(mac, "{string_to_sign}");
    Hex32::new(&mac.0.finalize().into_bytes().into())
}

/// Signs arbitrary text with the key (the POST policy signature is this over the policy's base64).
pub fn sign_text(key: &SigningKey, text: &str) -> Hex32 {
    Hex32::new(&key.sign(text.as_bytes()))
}

/// SHA-256 of whatever is written into it: lets the canonical request be hashed as it is rendered, without
/// building the string.
pub(crate) struct HashWriter(pub(crate) Sha256);

impl fmt::Write for HashWriter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

impl HashWriter {
    pub(crate) fn hex(self) -> Hex32 {
        Hex32::new(&self.0.finalize().into())
    }
}

/// The SHA-256 hex of a byte string (payload hashes).
pub fn sha256_hex(bytes: &[u8]) -> Hex32 {
    Hex32::new(&Sha256::digest(bytes).into())
}

struct MacWriter(hmac::Hmac<Sha256>);

impl fmt::Write for MacWriter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}
