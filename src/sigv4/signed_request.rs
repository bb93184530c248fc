//! A header-signed request, ready to send: what `sign_headers` produces once a service has placed it at its URL.
//! Any service's server calls (S3 multipart, CloudFront invalidations) hand this to an HTTP client as it is.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

/// A header-signed request for a server to send (`fetch` in a worker): method, URL, headers and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// The HTTP method.
    pub method: &'static str,
    /// The complete URL.
    pub url: String,
    /// Every header to send, `authorization` included (`host` excluded: HTTP clients set it from the URL).
    pub headers: Vec<(Cow<'static, str>, String)>,
    /// The body (empty for requests without one).
    pub body: Vec<u8>,
}
