//! The two ways a SigV4 signature travels: in the `Authorization` header, or in the query string of a presigned
//! URL. Both build the same canonical request; they differ in which values are signed and where they are put.
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html>

use super::canonical_request::{
    canonical_query_after, canonical_query_string, CanonicalRequest, Path, QueryParam, UriEncoding,
};
use super::credentials::Credentials;
use super::scope::CredentialScope;
use super::signature::{sha256_hex, signature};
use super::signing_key::{SigningKey, SigningKeyCache};
use super::string_to_sign::{StringToSign, ALGORITHM};
use crate::encoding::{uri_encode_into, Hex32};
use crate::error::{Error, Result};
use crate::time::{AmzDate, Timestamp};
use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt::Write as _;
use sha2::{Digest, Sha256};

/// The literal payload hash of a presigned S3 URL (the body is not known when the URL is made).
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// SHA-256 of the empty string.
pub const EMPTY_PAYLOAD_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/// The longest a presigned URL may live: 7 days.
pub const MAX_EXPIRES_SECONDS: u64 = 604_800;

/// What the signature says about the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payload<'a> {
    /// `UNSIGNED-PAYLOAD`: the body is not part of the signature (S3 presigned URLs).
    Unsigned,
    /// No body: the SHA-256 of the empty string.
    Empty,
    /// The lowercase hex SHA-256 of the body, computed by the caller.
    Sha256Hex(&'a str),
    /// The body itself, hashed here.
    Bytes(&'a [u8]),
}

/// Whether a session token is part of what is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionTokenMode {
    /// Signed (S3 and most services).
    Signed,
    /// Added after signing (a few services; aws-signing-test-suite `post-sts-header-after`).
    AddedAfterSigning,
}

/// The service-specific switches of the algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigningSettings {
    /// How the path becomes the canonical URI.
    pub uri_encoding: UriEncoding,
    /// Remove `.`/`..` segments and empty segments from the path before encoding (never for S3: `a/../b` is a key).
    pub normalize_path: bool,
    /// Add and sign `x-amz-content-sha256` in header mode (S3 requires it).
    pub content_sha256_header: bool,
    /// Where the session token goes.
    pub session_token: SessionTokenMode,
}

impl SigningSettings {
    /// Amazon S3: single encoding, no normalisation, `x-amz-content-sha256` signed.
    pub const S3: SigningSettings = SigningSettings {
        uri_encoding: UriEncoding::Single,
        normalize_path: false,
        content_sha256_header: true,
        session_token: SessionTokenMode::Signed,
    };

    /// Any other AWS service (the generic SigV4 test suites): double encoding and path normalisation.
    pub const GENERIC: SigningSettings = SigningSettings {
        uri_encoding: UriEncoding::Double,
        normalize_path: true,
        content_sha256_header: false,
        session_token: SessionTokenMode::Signed,
    };
}

/// A request to sign, as it will be sent.
#[derive(Debug, Clone, Copy)]
pub struct SignableRequest<'a> {
    /// `GET`, `PUT`, …
    pub method: &'a str,
    /// The path as it appears in the URL (already percent-encoded once), starting with `/`.
    pub path: &'a str,
    /// Query parameters, *not* encoded: the signer encodes them for both the signature and the URL.
    pub query: &'a [(&'a str, &'a str)],
    /// Headers to sign, `Host` included.
    pub headers: &'a [(&'a str, &'a str)],
    /// The body, or how to account for it.
    pub payload: Payload<'a>,
}

/// Who signs, where, when and how.
#[derive(Debug, Clone, Copy)]
pub struct SigningParams<'a> {
    /// The credentials that sign.
    pub credentials: &'a Credentials,
    /// The region of the credential scope (`us-east-1`; `auto` for Cloudflare R2).
    pub region: &'a str,
    /// The service of the credential scope (`s3`).
    pub service: &'a str,
    /// The signing time; the core never reads a clock.
    pub time: Timestamp,
    /// The service's variant of the algorithm.
    pub settings: SigningSettings,
}

/// The headers to add to a request signed in header mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderSignature {
    /// `X-Amz-Date`.
    pub amz_date: AmzDate,
    /// `x-amz-content-sha256`, when the settings ask for it.
    pub content_sha256: Option<String>,
    /// `X-Amz-Security-Token`, for temporary credentials.
    pub security_token: Option<String>,
    /// The `Authorization` header value.
    pub authorization: String,
    /// The signature alone.
    pub signature: Hex32,
}

impl HeaderSignature {
    /// The headers to add, lowercase names: `x-amz-date`, `x-amz-content-sha256`, `x-amz-security-token` and
    /// `authorization`.
    pub fn headers(&self) -> Vec<(&'static str, &str)> {
        let mut out = Vec::with_capacity(4);
        out.push(("x-amz-date", self.amz_date.as_str()));
        if let Some(hash) = &self.content_sha256 {
            out.push(("x-amz-content-sha256", hash.as_str()));
        }
        if let Some(token) = &self.security_token {
            out.push(("x-amz-security-token", token.as_str()));
        }
        out.push(("authorization", self.authorization.as_str()));
        out
    }
}

/// The query string of a presigned URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuerySignature {
    /// The complete query string to put after `?`: the request's parameters, the `X-Amz-*` parameters and
    /// `X-Amz-Signature`, encoded exactly as signed.
    pub query: String,
    /// The signature alone.
    pub signature: Hex32,
}

/// Every intermediate value of a signature, for tests and for debugging `SignatureDoesNotMatch` (compare with the
/// `CanonicalRequest` and `StringToSign` S3 returns in the error body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningStages {
    /// The canonical request text.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// The signature.
    pub signature: Hex32,
}

/// Signs in header mode.
pub fn sign_headers(
    request: &SignableRequest<'_>,
    params: &SigningParams<'_>,
    keys: &mut SigningKeyCache,
) -> Result<HeaderSignature> {
    check_credentials_current(params)?;
    let amz_date = params.time.amz_date();
    let payload_hash = payload_hash(request.payload)?;
    let (canonical, scope) = header_canonical(request, params, &amz_date, payload_hash.as_str())?;
    let key = keys.get(
        params.credentials.secret_access_key(),
        amz_date.date_stamp(),
        params.region,
        params.service,
    );
    let signature = sign_canonical(key, &canonical, amz_date, scope);

    let mut authorization = String::with_capacity(160 + canonical.signed_headers().len());
    authorization.push_str(ALGORITHM);
    authorization.push_str(" Credential=");
    authorization.push_str(params.credentials.access_key_id());
    let _ = write!(
        authorization,
        "/{scope}, SignedHeaders={}, Signature={}",
        canonical.signed_headers(),
        signature
    );
    Ok(HeaderSignature {
        amz_date,
        content_sha256: params
            .settings
            .content_sha256_header
            .then(|| payload_hash.as_str().to_string()),
        security_token: params.credentials.session_token().map(str::to_string),
        authorization,
        signature,
    })
}

/// Signs in query mode (a presigned URL valid for `expires_in` seconds, 1 to 604800).
pub fn presign(
    request: &SignableRequest<'_>,
    params: &SigningParams<'_>,
    expires_in: u64,
    keys: &mut SigningKeyCache,
) -> Result<QuerySignature> {
    let input = PresignInput {
        request,
        path: Path::AsGiven(request.path),
        headers: request.headers.to_vec(),
        query: request.query.to_vec(),
        url_prefix: &[],
        params,
        expires_in,
    };
    presign_with(input, keys)
}

/// [`presign`] for the S3 layer: the path was built by this crate's encoder (so it is canonical already), the
/// headers and query come as vectors the signer may reorder (saving two copies), and the returned `query` starts
/// with `url_prefix` (the URL up to its `?`), so that it *is* the presigned URL.
pub(crate) fn presign_owned<'a>(
    request: &SignableRequest<'a>,
    headers: Vec<(&'a str, &'a str)>,
    query: Vec<(&'a str, &'a str)>,
    url_prefix: &[&str],
    params: &SigningParams<'a>,
    expires_in: u64,
    keys: &mut SigningKeyCache,
) -> Result<QuerySignature> {
    let input = PresignInput {
        request,
        path: Path::Canonical(request.path),
        headers,
        query,
        url_prefix,
        params,
        expires_in,
    };
    presign_with(input, keys)
}

/// Everything a query-mode signature covers. The headers and query are vectors the signer may reorder, and the
/// returned query starts with `url_prefix`.
struct PresignInput<'r, 'a> {
    request: &'r SignableRequest<'a>,
    path: Path<'a>,
    headers: Vec<(&'a str, &'a str)>,
    query: Vec<(&'a str, &'a str)>,
    url_prefix: &'r [&'r str],
    params: &'r SigningParams<'a>,
    expires_in: u64,
}

fn presign_with(input: PresignInput<'_, '_>, keys: &mut SigningKeyCache) -> Result<QuerySignature> {
    let params = input.params;
    let (canonical, amz_date, scope) = presign_canonical(input)?;
    let key = keys.get(
        params.credentials.secret_access_key(),
        amz_date.date_stamp(),
        params.region,
        params.service,
    );
    let signature = sign_canonical(key, &canonical, amz_date, scope);
    let mut query = canonical.query;
    query.push_str("&X-Amz-Signature=");
    query.push_str(signature.as_str());
    if let (Some(token), SessionTokenMode::AddedAfterSigning) = (
        params.credentials.session_token(),
        params.settings.session_token,
    ) {
        query.push_str("&X-Amz-Security-Token=");
        uri_encode_into(&mut query, token, false);
    }
    Ok(QuerySignature { query, signature })
}

/// The intermediate values of a header-mode signature.
pub fn header_stages(
    request: &SignableRequest<'_>,
    params: &SigningParams<'_>,
) -> Result<SigningStages> {
    let amz_date = params.time.amz_date();
    let payload_hash = payload_hash(request.payload)?;
    let (canonical, scope) = header_canonical(request, params, &amz_date, payload_hash.as_str())?;
    Ok(stages(&canonical, params, amz_date, scope))
}

/// The header-mode canonical request and its scope. The date and the payload hash belong to the caller because the
/// canonical request borrows them.
fn header_canonical<'a>(
    request: &SignableRequest<'a>,
    params: &SigningParams<'a>,
    amz_date: &'a AmzDate,
    payload_hash: &'a str,
) -> Result<(CanonicalRequest<'a>, CredentialScope<'a>)> {
    let token = params.credentials.session_token();
    let headers = header_mode_headers(request, params, amz_date, payload_hash, token)?;
    let mut canonical = CanonicalRequest::new(
        request.method,
        request.path,
        params.settings.uri_encoding,
        params.settings.normalize_path,
        headers,
        payload_hash,
    )?;
    canonical.query = canonical_query_string(&mut checked_query(request.query.to_vec(), false)?, 0);
    let scope = CredentialScope::new(*amz_date, params.region, params.service)?;
    Ok((canonical, scope))
}

/// The intermediate values of a query-mode (presigned) signature.
pub fn presign_stages(
    request: &SignableRequest<'_>,
    params: &SigningParams<'_>,
    expires_in: u64,
) -> Result<SigningStages> {
    let (canonical, amz_date, scope) = presign_canonical(PresignInput {
        request,
        path: Path::AsGiven(request.path),
        headers: request.headers.to_vec(),
        query: request.query.to_vec(),
        url_prefix: &[],
        params,
        expires_in,
    })?;
    Ok(stages(&canonical, params, amz_date, scope))
}

fn stages(
    canonical: &CanonicalRequest<'_>,
    params: &SigningParams<'_>,
    amz_date: AmzDate,
    scope: CredentialScope<'_>,
) -> SigningStages {
    let canonical_request = canonical.to_string();
    let sts = StringToSign::new(amz_date, scope, sha256_hex(canonical_request.as_bytes()));
    let key = SigningKey::derive(
        params.credentials.secret_access_key(),
        amz_date.date_stamp(),
        params.region,
        params.service,
    );
    SigningStages {
        canonical_request,
        string_to_sign: sts.to_string(),
        signature: signature(&key, &sts),
    }
}

fn sign_canonical(
    key: &SigningKey,
    canonical: &CanonicalRequest<'_>,
    amz_date: AmzDate,
    scope: CredentialScope<'_>,
) -> Hex32 {
    let mut hasher = Sha256::new();
    canonical.feed(|piece| hasher.update(piece.as_bytes()));
    signature(
        key,
        &StringToSign::new(amz_date, scope, Hex32::new(&hasher.finalize().into())),
    )
}

fn presign_canonical<'a>(
    input: PresignInput<'_, 'a>,
) -> Result<(CanonicalRequest<'a>, AmzDate, CredentialScope<'a>)> {
    let PresignInput {
        request,
        path,
        headers,
        query,
        url_prefix,
        params,
        expires_in,
    } = input;
    if !(1..=MAX_EXPIRES_SECONDS).contains(&expires_in) {
        return Err(Error::ExpiresOutOfRange {
            seconds: expires_in,
        });
    }
    check_credentials_current(params)?;
    if let Some(limit) = params.credentials.expires_at() {
        let url_expires_at = params.time.unix_seconds().saturating_add(expires_in);
        if url_expires_at > limit.unix_seconds() {
            return Err(Error::ExpiresAfterCredentials {
                url_expires_at,
                credentials_expire_at: limit.unix_seconds(),
            });
        }
    }
    let amz_date = params.time.amz_date();
    let scope = CredentialScope::new(amz_date, params.region, params.service)?;
    let payload_hash: &'a str = match request.payload {
        Payload::Unsigned => UNSIGNED_PAYLOAD,
        Payload::Empty => EMPTY_PAYLOAD_SHA256,
        Payload::Sha256Hex(hash) => {
            check_payload_hash(hash)?;
            hash
        }
        // A presigned URL cannot carry a computed hash borrowed from here; callers hash first.
        Payload::Bytes(_) => return Err(Error::InvalidHeaderValue {
            name: "x-amz-content-sha256".into(),
            rule:
                "a presigned URL takes the payload as UNSIGNED-PAYLOAD or a precomputed SHA-256 hex",
        }),
    };
    for &(name, _) in &headers {
        if is_auth_header(name) {
            return Err(reserved_header(name));
        }
    }
    let mut canonical = CanonicalRequest::with_path(
        request.method,
        path,
        params.settings.uri_encoding,
        params.settings.normalize_path,
        headers,
        payload_hash,
    )?;
    // The credential `<id>/<date>/<region>/<service>/aws4_request`, encoded: region and service are `[a-z0-9-]`
    // (checked by the scope), so only an access key id with reserved characters needs encoding (and a string).
    let access_key_id = params.credentials.access_key_id();
    let encoded_id: Cow<'_, str> = if access_key_id.bytes().all(crate::encoding::is_unreserved) {
        Cow::Borrowed(access_key_id)
    } else {
        Cow::Owned(crate::encoding::uri_encode(access_key_id, false))
    };
    let credential_tail = [
        "%2F",
        scope.date_stamp(),
        "%2F",
        scope.region(),
        "%2F",
        scope.service(),
        "%2Faws4_request",
    ];
    let expires = itoa_buf(expires_in);
    let expires = expires.as_str();
    let mut query = checked_query(query, true)?;
    // Algorithm, credential, date and expiry are produced here already in canonical form.
    query.extend_from_slice(&[
        QueryParam::encoded("X-Amz-Algorithm", ALGORITHM),
        QueryParam::encoded_pieces("X-Amz-Credential", &encoded_id, &credential_tail),
        QueryParam::encoded("X-Amz-Date", amz_date_str(&amz_date)),
        QueryParam::encoded("X-Amz-Expires", expires),
        QueryParam::plain(("X-Amz-SignedHeaders", canonical.signed_headers())),
    ]);
    if let (Some(token), SessionTokenMode::Signed) = (
        params.credentials.session_token(),
        params.settings.session_token,
    ) {
        query.push(QueryParam::plain(("X-Amz-Security-Token", token)));
    }
    // Room for `&X-Amz-Signature=<64 hex>`, appended after signing.
    (canonical.query, canonical.query_start) = canonical_query_after(url_prefix, &mut query, 82);
    Ok((canonical, amz_date, scope))
}

// `AmzDate` is `Copy` and lives in the caller's frame; the query borrows its text only while it is rendered.
fn amz_date_str(date: &AmzDate) -> &str {
    date.as_str()
}

fn header_mode_headers<'a>(
    request: &SignableRequest<'a>,
    params: &SigningParams<'a>,
    amz_date: &'a AmzDate,
    payload_hash: &'a str,
    token: Option<&'a str>,
) -> Result<Vec<(&'a str, &'a str)>> {
    let mut headers = Vec::with_capacity(request.headers.len() + 3);
    for &(name, value) in request.headers {
        if is_auth_header(name)
            || name.eq_ignore_ascii_case("x-amz-date")
            || (params.settings.content_sha256_header
                && name.eq_ignore_ascii_case("x-amz-content-sha256"))
        {
            return Err(reserved_header(name));
        }
        headers.push((name, value));
    }
    headers.push(("x-amz-date", amz_date.as_str()));
    if params.settings.content_sha256_header {
        headers.push(("x-amz-content-sha256", payload_hash));
    }
    if let (Some(token), SessionTokenMode::Signed) = (token, params.settings.session_token) {
        headers.push(("x-amz-security-token", token));
    }
    Ok(headers)
}

fn is_auth_header(name: &str) -> bool {
    name.eq_ignore_ascii_case("authorization") || name.eq_ignore_ascii_case("x-amz-security-token")
}

fn reserved_header(name: &str) -> Error {
    Error::InvalidHeaderName {
        name: name.into(),
        rule: "this header is set by the signer; do not pass it",
    }
}

fn checked_query<'a>(query: Vec<(&'a str, &'a str)>, presign: bool) -> Result<Vec<QueryParam<'a>>> {
    let mut out = Vec::with_capacity(query.len() + 6);
    for (name, value) in query {
        let reserved = name.eq_ignore_ascii_case("x-amz-signature")
            || (presign
                && [
                    "x-amz-algorithm",
                    "x-amz-credential",
                    "x-amz-date",
                    "x-amz-expires",
                    "x-amz-signedheaders",
                    "x-amz-security-token",
                ]
                .iter()
                .any(|r| name.eq_ignore_ascii_case(r)));
        if reserved {
            return Err(Error::InvalidQueryParameter {
                name: name.into(),
                rule: "this parameter is set by the signer; do not pass it",
            });
        }
        out.push(QueryParam::plain((name, value)));
    }
    Ok(out)
}

fn check_credentials_current(params: &SigningParams<'_>) -> Result<()> {
    match params.credentials.expires_at() {
        Some(at) if at <= params.time => Err(Error::CredentialsExpired {
            expired_at: at.unix_seconds(),
            now: params.time.unix_seconds(),
        }),
        _ => Ok(()),
    }
}

fn check_payload_hash(hash: &str) -> Result<()> {
    if crate::encoding::is_sha256_hex(hash) || hash == UNSIGNED_PAYLOAD {
        Ok(())
    } else {
        Err(Error::InvalidHeaderValue {
            name: "x-amz-content-sha256".into(),
            rule: "the payload hash must be 64 lowercase hex digits or UNSIGNED-PAYLOAD",
        })
    }
}

/// The payload hash line for header mode, owned so that it can be borrowed by the canonical request.
enum PayloadHash<'a> {
    Borrowed(&'a str),
    Computed(Hex32),
}

impl PayloadHash<'_> {
    fn as_str(&self) -> &str {
        match self {
            PayloadHash::Borrowed(s) => s,
            PayloadHash::Computed(h) => h.as_str(),
        }
    }
}

fn payload_hash<'a>(payload: Payload<'a>) -> Result<PayloadHash<'a>> {
    Ok(match payload {
        Payload::Unsigned => PayloadHash::Borrowed(UNSIGNED_PAYLOAD),
        Payload::Empty => PayloadHash::Borrowed(EMPTY_PAYLOAD_SHA256),
        Payload::Sha256Hex(hash) => {
            check_payload_hash(hash)?;
            PayloadHash::Borrowed(hash)
        }
        Payload::Bytes(bytes) => PayloadHash::Computed(sha256_hex(bytes)),
    })
}

/// Decimal text of a number without allocating.
pub(crate) struct ItoaBuf {
    buf: [u8; 20],
    start: usize,
}

impl ItoaBuf {
    pub(crate) fn as_str(&self) -> &str {
        core::str::from_utf8(&self.buf[self.start..]).unwrap_or("0")
    }
}

pub(crate) fn itoa_buf(mut n: u64) -> ItoaBuf {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    ItoaBuf { buf, start: i }
}
