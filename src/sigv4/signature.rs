//! The signature: `hex(HMAC-SHA256(signing key, string to sign))`.
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html#calculate-signature>

use super::signing_key::SigningKey;
use super::string_to_sign::StringToSign;
use crate::encoding::Hex32;
use hmac::Mac;
use sha2::{Digest, Sha256};

/// Signs a string to sign.
pub fn signature(key: &SigningKey, string_to_sign: &StringToSign<'_>) -> Hex32 {
    let mut mac = key.mac();
    string_to_sign.feed(|piece| mac.update(piece));
    Hex32::new(&mac.finalize().into_bytes().into())
}

/// Signs arbitrary text with the key (the POST policy signature is this over the policy's base64).
pub fn sign_text(key: &SigningKey, text: &str) -> Hex32 {
    Hex32::new(&key.sign(text.as_bytes()))
}

/// The SHA-256 hex of a byte string (payload hashes).
pub fn sha256_hex(bytes: &[u8]) -> Hex32 {
    Hex32::new(&Sha256::digest(bytes).into())
}
