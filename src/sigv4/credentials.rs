//! AWS credentials: an access key id, its secret, and for temporary credentials a session token and an expiry.
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html>

use crate::error::{Error, Result};
use crate::time::Timestamp;
use alloc::string::String;
use core::fmt;

/// Credentials that sign requests. `Debug` shows the access key id only: the secret and the session token never
/// print, so a logged signer or error cannot leak them.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expires_at: Option<Timestamp>,
}

impl Credentials {
    /// Long-term credentials. The access key id appears in the credential scope (`id/date/region/service/...`), so
    /// it may not contain `/` or whitespace; the secret must be printable ASCII.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
    ) -> Result<Self> {
        let access_key_id = access_key_id.into();
        let secret_access_key = secret_access_key.into();
        if access_key_id.is_empty() || secret_access_key.is_empty() {
            return Err(Error::InvalidCredentials {
                rule: "the access key id and the secret access key must not be empty",
            });
        }
        if !access_key_id
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'/')
        {
            return Err(Error::InvalidCredentials {
                rule: "the access key id must be printable ASCII without spaces or '/' (it is part of the credential scope)",
            });
        }
        if !secret_access_key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::InvalidCredentials {
                rule: "the secret access key must be printable ASCII without spaces",
            });
        }
        Ok(Credentials {
            access_key_id,
            secret_access_key,
            session_token: None,
            expires_at: None,
        })
    }

    /// Adds the session token of temporary (STS) credentials; it is signed into every request.
    pub fn with_session_token(mut self, token: impl Into<String>) -> Result<Self> {
        let token = token.into();
        if token.is_empty() || !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::InvalidCredentials {
                rule: "the session token must be non-empty printable ASCII",
            });
        }
        self.session_token = Some(token);
        Ok(self)
    }

    /// Records when temporary credentials expire: presigned URLs are then refused if they would outlive them.
    pub fn with_expiry(mut self, expires_at: Timestamp) -> Self {
        self.expires_at = Some(expires_at);
        self
    }

    /// The access key id (public: it appears in every signed request).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// When temporary credentials expire.
    pub fn expires_at(&self) -> Option<Timestamp> {
        self.expires_at
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "** redacted **"),
            )
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    #[test]
    fn debug_never_shows_the_secret_or_token() {
        let c = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
            .unwrap()
            .with_session_token("TOKENVALUE")
            .unwrap();
        let shown = format!("{c:?}");
        assert!(shown.contains("AKIDEXAMPLE"));
        assert!(!shown.contains("wJalr"));
        assert!(!shown.contains("TOKENVALUE"));
    }

    #[test]
    fn refuses_unusable_values() {
        assert!(Credentials::new("", "s").is_err());
        assert!(Credentials::new("AK/ID", "s").is_err());
        assert!(Credentials::new("AKID", "with space").is_err());
        assert!(Credentials::new("AKID", "s")
            .unwrap()
            .with_session_token("a\nb")
            .is_err());
    }
}
