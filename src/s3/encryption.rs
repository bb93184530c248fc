//! Server-side encryption headers: SSE-S3 (`AES256`), SSE-KMS (`aws:kms`), DSSE-KMS (`aws:kms:dsse`) and SSE-C
//! (customer-provided keys). All of them are signed, so a client cannot drop or change the encryption asked for.
//! <https://docs.aws.amazon.com/AmazonS3/latest/userguide/serv-side-encryption.html>

use crate::encoding::base64_decode;
use crate::error::{Error, Result};

/// Server-side encryption with S3- or KMS-managed keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encryption<'a> {
    /// SSE-S3: `x-amz-server-side-encryption: AES256`.
    S3,
    /// SSE-KMS: `aws:kms`, optionally with a key id (ARN, alias or id), an encryption context (base64 of a JSON
    /// object) and the S3 Bucket Key switch.
    Kms {
        /// `x-amz-server-side-encryption-aws-kms-key-id`; the account's `aws/s3` key when `None`.
        key_id: Option<&'a str>,
        /// `x-amz-server-side-encryption-context`: base64 of a JSON object.
        context: Option<&'a str>,
        /// `x-amz-server-side-encryption-bucket-key-enabled`.
        bucket_key_enabled: Option<bool>,
    },
    /// DSSE-KMS: `aws:kms:dsse`, dual-layer encryption.
    KmsDsse {
        /// `x-amz-server-side-encryption-aws-kms-key-id`.
        key_id: Option<&'a str>,
        /// `x-amz-server-side-encryption-context`.
        context: Option<&'a str>,
    },
}

impl<'a> Encryption<'a> {
    /// Parses the header value (`AES256`, `aws:kms`, `aws:kms:dsse`) with optional KMS settings.
    pub fn parse(
        value: &str,
        key_id: Option<&'a str>,
        context: Option<&'a str>,
        bucket_key_enabled: Option<bool>,
    ) -> Result<Self> {
        let kms_only = || {
            Error::InvalidEncryption { rule: "a KMS key id, encryption context or bucket key applies only to aws:kms or aws:kms:dsse" }
        };
        match value {
            "AES256" if key_id.is_none() && context.is_none() && bucket_key_enabled.is_none() => {
                Ok(Encryption::S3)
            }
            "AES256" => Err(kms_only()),
            "aws:kms" => Ok(Encryption::Kms {
                key_id,
                context,
                bucket_key_enabled,
            }),
            "aws:kms:dsse" if bucket_key_enabled.is_some() => Err(Error::InvalidEncryption {
                rule: "S3 Bucket Keys are not supported with DSSE-KMS",
            }),
            "aws:kms:dsse" => Ok(Encryption::KmsDsse { key_id, context }),
            _ => Err(Error::InvalidEncryption {
                rule: "server-side encryption must be AES256, aws:kms or aws:kms:dsse",
            }),
        }
    }

    /// The value of `x-amz-server-side-encryption`.
    pub fn algorithm(&self) -> &'static str {
        match self {
            Encryption::S3 => "AES256",
            Encryption::Kms { .. } => "aws:kms",
            Encryption::KmsDsse { .. } => "aws:kms:dsse",
        }
    }

    /// Is this a KMS mode?
    pub fn uses_kms(&self) -> bool {
        !matches!(self, Encryption::S3)
    }

    pub(crate) fn check(&self) -> Result<()> {
        let (key_id, context) = match self {
            Encryption::S3 => return Ok(()),
            Encryption::Kms {
                key_id, context, ..
            }
            | Encryption::KmsDsse { key_id, context } => (key_id, context),
        };
        if key_id.is_some_and(|k| k.is_empty() || !k.bytes().all(|b| b.is_ascii_graphic())) {
            return Err(Error::InvalidEncryption {
                rule: "the KMS key id must be a non-empty ARN, alias or key id",
            });
        }
        if context.is_some_and(|c| base64_decode(c).is_none_or(|json| json.first() != Some(&b'{')))
        {
            return Err(Error::InvalidEncryption {
                rule: "the encryption context must be the base64 of a JSON object",
            });
        }
        Ok(())
    }

    /// The headers, in order: algorithm, key id, context, bucket key.
    pub(crate) fn headers(&self, mut push: impl FnMut(&'static str, &'a str)) {
        push("x-amz-server-side-encryption", self.algorithm());
        match *self {
            Encryption::S3 => {}
            Encryption::Kms {
                key_id,
                context,
                bucket_key_enabled,
            } => {
                if let Some(k) = key_id {
                    push("x-amz-server-side-encryption-aws-kms-key-id", k);
                }
                if let Some(c) = context {
                    push("x-amz-server-side-encryption-context", c);
                }
                if let Some(b) = bucket_key_enabled {
                    push(
                        "x-amz-server-side-encryption-bucket-key-enabled",
                        if b { "true" } else { "false" },
                    );
                }
            }
            Encryption::KmsDsse { key_id, context } => {
                if let Some(k) = key_id {
                    push("x-amz-server-side-encryption-aws-kms-key-id", k);
                }
                if let Some(c) = context {
                    push("x-amz-server-side-encryption-context", c);
                }
            }
        }
    }
}

/// SSE-C: the caller's own AES-256 key, sent with every request for the object (PUT, each part, GET, HEAD).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CustomerKey<'a> {
    /// Base64 of the 32-byte key.
    pub key: &'a str,
    /// Base64 of the key's 16-byte MD5, which S3 uses to check the key arrived intact.
    pub key_md5: &'a str,
}

impl<'a> CustomerKey<'a> {
    pub(crate) fn check(&self) -> Result<()> {
        if base64_decode(self.key).is_none_or(|k| k.len() != 32) {
            return Err(Error::InvalidEncryption {
                rule: "the SSE-C key must be the base64 of 32 bytes (AES-256)",
            });
        }
        if base64_decode(self.key_md5).is_none_or(|k| k.len() != 16) {
            return Err(Error::InvalidEncryption {
                rule: "the SSE-C key MD5 must be the base64 of a 16-byte MD5 digest",
            });
        }
        Ok(())
    }

    pub(crate) fn headers(&self, mut push: impl FnMut(&'static str, &'a str)) {
        push("x-amz-server-side-encryption-customer-algorithm", "AES256");
        push("x-amz-server-side-encryption-customer-key", self.key);
        push(
            "x-amz-server-side-encryption-customer-key-md5",
            self.key_md5,
        );
    }
}
