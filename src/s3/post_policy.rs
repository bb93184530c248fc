//! Presigned POST: an HTML form (or `FormData`) upload whose policy document S3 enforces: the key or its prefix,
//! the size range, the content type and every other field.
//! <https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html>,
//! <https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-post-example.html>

use super::encryption::Encryption;
use super::signer::{check_object_key, S3Signer};
use super::storage_class::StorageClass;
use crate::encoding::base64_encode;
use crate::error::{Error, Result};
use crate::sigv4::{self, CredentialScope, SigningKey, ALGORITHM, MAX_EXPIRES_SECONDS};
use crate::time::Timestamp;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt::Write as _;

/// S3 reads at most 20 KB of form fields before the file.
/// <https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html> (MaxPostPreDataLengthExceeded)
pub const MAX_FORM_FIELDS_BYTES: usize = 20 * 1024;

/// A condition value: exact, or a prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match<'a> {
    /// `{"field": "value"}`.
    Exact(&'a str),
    /// `["starts-with", "$field", "prefix"]` (an empty prefix allows any value).
    StartsWith(&'a str),
}

/// What a POST upload may contain.
#[derive(Debug, Clone, Default)]
pub struct PostPolicyOptions<'a> {
    /// The `key` form field. `${filename}` is replaced by S3 with the uploaded file's name; the policy then allows
    /// any key that starts with the text before it.
    pub key: &'a str,
    /// Let the client choose any key under this prefix instead of `key` exactly (`key` must start with it).
    pub key_starts_with: Option<&'a str>,
    /// Policy lifetime in seconds (1 to 604800); one hour by default.
    pub expires_in: Option<u64>,
    /// `["content-length-range", min, max]`: S3 refuses a file outside it.
    pub content_length_range: Option<(u64, u64)>,
    /// The `Content-Type` field: exact, or a prefix such as `image/`.
    pub content_type: Option<Match<'a>>,
    /// `x-amz-storage-class`.
    pub storage_class: Option<StorageClass>,
    /// `x-amz-server-side-encryption` and its KMS fields.
    pub encryption: Option<Encryption<'a>>,
    /// `success_action_status` (`200`, `201` or `204`).
    pub success_action_status: Option<u16>,
    /// Further fields, exact or prefixed (`acl`, `Cache-Control`, `Content-Disposition`, `x-amz-meta-*`,
    /// `tagging`, `success_action_redirect`, `x-amz-checksum-*`, …). Exact fields are put in the form; prefixed
    /// ones are put in with the prefix as their value, for the client to complete.
    pub fields: &'a [(&'a str, Match<'a>)],
}

/// A presigned POST: where to send the form, and its fields in order (the file goes last).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresignedPost {
    /// The form action (the bucket URL).
    pub url: String,
    /// The form fields, `key` first and the signature last; append the file after them.
    pub fields: Vec<(String, String)>,
    /// The policy document (JSON).
    pub policy: String,
    /// The policy's base64, as sent in the `policy` field.
    pub policy_base64: String,
    /// The policy's expiry.
    pub expires_at: Timestamp,
}

/// Why a form field cannot be passed in [`PostPolicyOptions::fields`]; `None` when it can.
///
/// Fields with a typed option are refused with the option to use instead: the typed option checks the value (a
/// storage class, an encryption mode) and keeps the field and its condition consistent. The signer's own fields
/// are refused, and so is anything S3 would not accept in a POST form.
/// <https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTForms.html>
fn field_refusal(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    const TYPED: &[(&str, &str)] = &[
        ("key", "the key field comes from the key option (keyStartsWith for a prefix); do not pass it in fields"),
        (
            "content-type",
            "Content-Type has a typed option: use contentType (content_type in Rust), an exact value or a prefix, \
             instead of fields",
        ),
        (
            "x-amz-storage-class",
            "x-amz-storage-class has a typed option: use storageClass (storage_class in Rust) instead of fields",
        ),
        (
            "x-amz-server-side-encryption",
            "x-amz-server-side-encryption has a typed option: use sse (AES256, aws:kms or aws:kms:dsse; \
             encryption in Rust) instead of fields",
        ),
        (
            "x-amz-server-side-encryption-aws-kms-key-id",
            "x-amz-server-side-encryption-aws-kms-key-id has a typed option: use sseKmsKeyId with sse aws:kms or \
             aws:kms:dsse (Encryption::Kms key_id in Rust) instead of fields",
        ),
        (
            "x-amz-server-side-encryption-context",
            "x-amz-server-side-encryption-context has a typed option: use sseContext with sse aws:kms or \
             aws:kms:dsse (Encryption::Kms context in Rust) instead of fields",
        ),
        (
            "x-amz-server-side-encryption-bucket-key-enabled",
            "x-amz-server-side-encryption-bucket-key-enabled has a typed option: use sseBucketKeyEnabled with sse \
             aws:kms (Encryption::Kms bucket_key_enabled in Rust) instead of fields",
        ),
        (
            "success_action_status",
            "success_action_status has a typed option: use successActionStatus (200, 201 or 204; \
             success_action_status in Rust) instead of fields",
        ),
        (
            "content-length-range",
            "content-length-range is a condition, not a field: use contentLengthRange [min, max] \
             (content_length_range in Rust)",
        ),
    ];
    const SIGNER: &[&str] = &[
        "bucket",
        "policy",
        "file",
        "x-amz-algorithm",
        "x-amz-credential",
        "x-amz-date",
        "x-amz-signature",
        "x-amz-security-token",
    ];
    const EXACT: &[&str] = &[
        "acl",
        "cache-control",
        "content-disposition",
        "content-encoding",
        "content-language",
        "expires",
        "success_action_redirect",
        "redirect",
        "tagging",
        "x-amz-website-redirect-location",
    ];
    const PREFIXES: &[&str] = &[
        "x-amz-meta-",
        "x-amz-checksum-",
        "x-amz-object-lock-",
        "x-amz-server-side-encryption-customer-",
    ];
    if let Some((_, rule)) = TYPED.iter().find(|(field, _)| *field == lower) {
        return Some(rule);
    }
    if SIGNER.contains(&lower.as_str()) {
        return Some(
            "bucket, policy, file and the x-amz-algorithm, x-amz-credential, x-amz-date, x-amz-signature and \
             x-amz-security-token fields are set by the signer",
        );
    }
    let allowed = EXACT.contains(&lower.as_str())
        || PREFIXES
            .iter()
            .any(|p| lower.starts_with(p) && lower.len() > p.len());
    (!allowed).then_some(
        "fields are limited to those S3 accepts in a POST besides the typed options: acl, Cache-Control, \
         Content-Disposition, Content-Encoding, Content-Language, Expires, success_action_redirect, redirect, \
         tagging, x-amz-website-redirect-location, x-amz-meta-*, x-amz-checksum-*, x-amz-object-lock-* and \
         x-amz-server-side-encryption-customer-*",
    )
}

impl S3Signer {
    /// Builds and signs a POST policy.
    pub fn presign_post(
        &self,
        options: &PostPolicyOptions<'_>,
        now: Timestamp,
    ) -> Result<PresignedPost> {
        let bucket = self.bucket();
        bucket.backend().check_post_policy()?;
        let expires_in = options
            .expires_in
            .unwrap_or(super::object_options::DEFAULT_EXPIRES_SECONDS);
        if !(1..=MAX_EXPIRES_SECONDS).contains(&expires_in) {
            return Err(Error::ExpiresOutOfRange {
                seconds: expires_in,
            });
        }
        let credentials = self.credentials();
        if let Some(limit) = credentials.expires_at() {
            if limit <= now {
                return Err(Error::CredentialsExpired {
                    expired_at: limit.unix_seconds(),
                    now: now.unix_seconds(),
                });
            }
            if now.unix_seconds().saturating_add(expires_in) > limit.unix_seconds() {
                return Err(Error::ExpiresAfterCredentials {
                    url_expires_at: now.unix_seconds().saturating_add(expires_in),
                    credentials_expire_at: limit.unix_seconds(),
                });
            }
        }
        let expires_at = now.checked_add(expires_in)?;

        // The key: `${filename}` and `key_starts_with` both become a starts-with condition.
        let key_probe = options.key.replace("${filename}", "f");
        check_object_key(&key_probe)?;
        let key_condition = match (options.key_starts_with, options.key.find("${filename}")) {
            (Some(prefix), _) if !options.key.starts_with(prefix) => {
                return Err(Error::InvalidPostPolicy {
                    rule: "the key must start with key_starts_with",
                })
            }
            (Some(prefix), _) => Match::StartsWith(prefix),
            (None, Some(at)) => Match::StartsWith(&options.key[..at]),
            (None, None) => Match::Exact(options.key),
        };

        let amz_date = now.amz_date();
        let scope = CredentialScope::new(amz_date, bucket.region(), "s3")?;
        let credential = scope.credential(credentials.access_key_id());

        // Form fields (besides key/policy/signature), each with the condition that pins it.
        let mut fields = PolicyFields::default();
        if let Some(ct) = options.content_type {
            fields.add("Content-Type", ct)?;
        }
        if let Some(class) = options.storage_class {
            bucket.backend().check_storage_class(class)?;
            fields.add("x-amz-storage-class", Match::Exact(class.as_str()))?;
        }
        if let Some(enc) = &options.encryption {
            enc.check()?;
            if enc.uses_kms() {
                bucket.backend().check_kms()?;
            }
            let mut result = Ok(());
            enc.headers(|n, v| {
                if result.is_ok() {
                    result = fields.add(n, Match::Exact(v));
                }
            });
            result?;
        }
        if let Some(s) = options.success_action_status {
            if !matches!(s, 200 | 201 | 204) {
                return Err(Error::InvalidPostPolicy {
                    rule: "success_action_status must be 200, 201 or 204",
                });
            }
            fields.add("success_action_status", Match::Exact(&s.to_string()))?;
        }
        for &(name, m) in options.fields {
            if let Some(rule) = field_refusal(name) {
                return Err(Error::InvalidPostPolicy { rule });
            }
            fields.add(name, m)?;
        }

        // The policy document. Conditions are checked by S3 field by field, in any order.
        let mut policy = String::with_capacity(512);
        let _ = write!(
            policy,
            "{{\"expiration\":\"{}\",\"conditions\":[",
            expires_at.iso8601_millis()
        );
        push_exact(&mut policy, "bucket", bucket.name());
        policy.push(',');
        push_condition(&mut policy, "key", key_condition);
        let _ = write!(policy, ",{{\"x-amz-algorithm\":\"{ALGORITHM}\"}},");
        push_exact(&mut policy, "x-amz-credential", &credential);
        policy.push(',');
        push_exact(&mut policy, "x-amz-date", amz_date.as_str());
        if let Some(token) = credentials.session_token() {
            policy.push(',');
            push_exact(&mut policy, "x-amz-security-token", token);
        }
        if let Some((min, max)) = options.content_length_range {
            if min > max {
                return Err(Error::InvalidPostPolicy {
                    rule: "content-length-range needs min <= max",
                });
            }
            let _ = write!(policy, ",[\"content-length-range\",{min},{max}]");
        }
        for (name, value, starts_with) in &fields.entries {
            policy.push(',');
            let m = if *starts_with {
                Match::StartsWith(value)
            } else {
                Match::Exact(value)
            };
            push_condition(&mut policy, name, m);
        }
        policy.push_str("]}");
        let policy_base64 = base64_encode(policy.as_bytes());

        let key = self.with_keys(|keys| {
            keys.get(
                credentials.secret_access_key(),
                amz_date.date_stamp(),
                bucket.region(),
                "s3",
            )
            .clone()
        });
        let signature = sign_policy(&key, &policy_base64);

        let mut form: Vec<(String, String)> = Vec::with_capacity(fields.entries.len() + 7);
        form.push(("key".into(), options.key.into()));
        form.extend(fields.entries.into_iter().map(|(n, v, _)| (n, v)));
        form.push(("x-amz-algorithm".into(), ALGORITHM.into()));
        form.push(("x-amz-credential".into(), credential));
        form.push(("x-amz-date".into(), amz_date.as_str().into()));
        if let Some(token) = credentials.session_token() {
            form.push(("x-amz-security-token".into(), token.into()));
        }
        form.push(("policy".into(), policy_base64.clone()));
        form.push(("x-amz-signature".into(), signature));
        let total: usize = form.iter().map(|(n, v)| n.len() + v.len() + 64).sum();
        if total > MAX_FORM_FIELDS_BYTES {
            return Err(Error::InvalidPostPolicy {
                rule: "the form fields must total at most 20 KB (S3 MaxPostPreDataLengthExceeded)",
            });
        }
        let mut url = bucket.origin();
        url.push_str(&bucket.bucket_path());
        if !url.ends_with('/') {
            url.push('/');
        }
        Ok(PresignedPost {
            url,
            fields: form,
            policy,
            policy_base64,
            expires_at,
        })
    }
}

/// Signs a policy's base64 with a signing key: the POST signature is `hex(HMAC(key, base64(policy)))`.
pub fn sign_policy(key: &SigningKey, policy_base64: &str) -> String {
    sigv4::sign_text(key, policy_base64).as_str().to_string()
}

/// Form fields in order, each `(name, value, is_prefix)`: an exact field is pinned by `{"name": "value"}`, a prefixed
/// one by `["starts-with", "$name", "value"]` and sent with the prefix as its starting value.
#[derive(Default)]
struct PolicyFields {
    entries: Vec<(String, String, bool)>,
}

impl PolicyFields {
    fn add(&mut self, name: &str, m: Match<'_>) -> Result<()> {
        let (value, prefix) = match m {
            Match::Exact(v) => (v, false),
            Match::StartsWith(v) => (v, true),
        };
        crate::sigv4::check_header(name, value).map_err(|_| Error::InvalidPostPolicy {
            rule: "field names must be tokens and values free of control characters",
        })?;
        if self
            .entries
            .iter()
            .any(|(n, _, _)| n.eq_ignore_ascii_case(name))
        {
            return Err(Error::InvalidPostPolicy {
                rule: "each field may appear only once",
            });
        }
        self.entries
            .push((name.to_string(), value.to_string(), prefix));
        Ok(())
    }
}

fn push_condition(out: &mut String, name: &str, m: Match<'_>) {
    match m {
        Match::Exact(v) => push_exact(out, name, v),
        Match::StartsWith(prefix) => {
            out.push_str("[\"starts-with\",\"$");
            crate::encoding::push_json_string_contents(out, name);
            out.push_str("\",\"");
            crate::encoding::push_json_string_contents(out, prefix);
            out.push_str("\"]");
        }
    }
}

fn push_exact(out: &mut String, name: &str, value: &str) {
    out.push_str("{\"");
    crate::encoding::push_json_string_contents(out, name);
    out.push_str("\":\"");
    crate::encoding::push_json_string_contents(out, value);
    out.push_str("\"}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_with_a_typed_option_names_the_option() {
        for (field, option) in [
            ("x-amz-server-side-encryption", "use sse "),
            ("X-Amz-Server-Side-Encryption", "use sse "),
            (
                "x-amz-server-side-encryption-aws-kms-key-id",
                "use sseKmsKeyId",
            ),
            ("x-amz-server-side-encryption-context", "use sseContext"),
            (
                "x-amz-server-side-encryption-bucket-key-enabled",
                "use sseBucketKeyEnabled",
            ),
            ("Content-Type", "use contentType"),
            ("x-amz-storage-class", "use storageClass"),
            ("success_action_status", "use successActionStatus"),
            ("content-length-range", "use contentLengthRange"),
            ("key", "key option"),
        ] {
            let rule = field_refusal(field).unwrap_or_else(|| panic!("{field} was accepted"));
            assert!(rule.contains(option), "{field}: {rule}");
            // The refusal never lists the field it refuses as accepted.
            assert!(
                !rule.contains("x-amz-server-side-encryption*"),
                "{field}: {rule}"
            );
        }
        for signer_field in ["policy", "X-Amz-Signature", "x-amz-credential", "bucket"] {
            assert!(field_refusal(signer_field)
                .unwrap()
                .contains("set by the signer"));
        }
        for accepted in [
            "acl",
            "Cache-Control",
            "x-amz-meta-owner",
            "x-amz-checksum-crc32c",
            "x-amz-checksum-algorithm",
            "x-amz-object-lock-mode",
            "x-amz-server-side-encryption-customer-algorithm",
            "success_action_redirect",
            "tagging",
        ] {
            assert_eq!(field_refusal(accepted), None, "{accepted}");
        }
        for unknown in [
            "x-amz-meta-",
            "x-amz-grant-read",
            "Content-Length",
            "x-amz-acl",
        ] {
            assert!(
                field_refusal(unknown)
                    .unwrap()
                    .starts_with("fields are limited"),
                "{unknown}"
            );
        }
    }
}
