//! The canonical request: the one text both sides build from a request and hash.
//!
//! ```text
//! METHOD \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n HashedPayload
//! ```
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html#create-canonical-request>

use crate::encoding::{alphanumeric_and, cmp_encoded, percent_decode, uri_encode_into};
use crate::error::{Error, Result};
use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;
use core::fmt;

/// How the request path becomes the canonical URI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UriEncoding {
    /// S3: the path is URI-encoded exactly once. The path given is what is sent; it is brought to AWS's encoding
    /// (decode `%XX`, encode again) so that a path with, say, a literal `:` signs as S3 will verify it.
    /// <https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html>: "Do not URI-encode the path
    /// twice … for Amazon S3".
    Single,
    /// Every other service: each path segment of the (already encoded) path is URI-encoded a second time, so `%3A`
    /// becomes `%253A`.
    Double,
}

/// A request path, and whether it is known to be in canonical `UriEncode` form already.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Path<'a> {
    /// As sent; brought to canonical form here.
    AsGiven(&'a str),
    /// Produced by this crate's encoder (the S3 layer's object paths), so checking it again would only cost time.
    Canonical(&'a str),
}

/// A canonical request under construction: headers sorted and merged, the signed-header list known, and the
/// canonical query string set by the signing mode.
#[derive(Debug, Clone)]
pub struct CanonicalRequest<'a> {
    method: &'a str,
    uri: Cow<'a, str>,
    /// The URL prefix (`scheme://host/path?`, possibly empty) followed by the canonical query string: presigning
    /// writes the query straight after the prefix so that the URL needs no second copy.
    pub(crate) query: String,
    pub(crate) query_start: usize,
    headers: Vec<(&'a str, &'a str)>,
    /// Every name is lowercase and no value needs `Trimall`, so the header lines are the pairs as given. This is the
    /// usual case (the S3 layer lowercases the names it signs); it is learnt while checking the headers, so the text
    /// is not scanned twice.
    headers_canonical: bool,
    signed_headers: String,
    payload_hash: &'a str,
}

impl<'a> CanonicalRequest<'a> {
    /// Validates the method, path and headers and puts them in canonical order.
    pub(crate) fn new(
        method: &'a str,
        path: &'a str,
        encoding: UriEncoding,
        normalize_path: bool,
        headers: Vec<(&'a str, &'a str)>,
        payload_hash: &'a str,
    ) -> Result<Self> {
        Self::with_path(
            method,
            Path::AsGiven(path),
            encoding,
            normalize_path,
            headers,
            payload_hash,
        )
    }

    /// As [`new`](Self::new), for a path that may be known to be in canonical form already.
    pub(crate) fn with_path(
        method: &'a str,
        path: Path<'a>,
        encoding: UriEncoding,
        normalize_path: bool,
        mut headers: Vec<(&'a str, &'a str)>,
        payload_hash: &'a str,
    ) -> Result<Self> {
        if method.is_empty() || !method.bytes().all(is_token_byte) {
            return Err(Error::InvalidHeaderValue {
                name: "method".into(),
                rule: "the HTTP method must be a token such as GET",
            });
        }
        let mut headers_canonical = true;
        for &(name, value) in &headers {
            let form = checked_header(name, value)?;
            headers_canonical &= !form.has_uppercase && !form.needs_trimming;
        }
        // Stable: values of a repeated header keep their order when joined (aws-signing-test-suite
        // get-header-key-duplicate).
        insertion_sort_by(&mut headers, |a, b| cmp_lowercase(a.0, b.0));
        let mut signed_headers = String::with_capacity(headers.len() * 16);
        let mut previous: Option<&str> = None;
        for &(name, _) in &headers {
            if previous.is_some_and(|p| p.eq_ignore_ascii_case(name)) {
                continue;
            }
            if previous.is_some() {
                signed_headers.push(';');
            }
            if headers_canonical {
                signed_headers.push_str(name);
            } else {
                push_lowercase(&mut signed_headers, name);
            }
            previous = Some(name);
        }
        Ok(CanonicalRequest {
            method,
            uri: match path {
                Path::Canonical(path) if encoding == UriEncoding::Single && !normalize_path => {
                    Cow::Borrowed(path)
                }
                Path::Canonical(path) | Path::AsGiven(path) => {
                    canonical_uri(path, encoding, normalize_path)?
                }
            },
            query: String::new(),
            query_start: 0,
            headers,
            headers_canonical,
            signed_headers,
            payload_hash,
        })
    }

    /// `host;x-amz-date;…`: the lowercase names of the signed headers, sorted, `;`-separated.
    pub fn signed_headers(&self) -> &str {
        &self.signed_headers
    }

    /// The canonical URI.
    pub fn canonical_uri(&self) -> &str {
        &self.uri
    }

    /// The canonical query string.
    pub fn canonical_query(&self) -> &str {
        self.query.get(self.query_start..).unwrap_or("")
    }

    /// The payload hash line.
    pub fn payload_hash(&self) -> &str {
        self.payload_hash
    }
}

impl CanonicalRequest<'_> {
    /// Passes the canonical request text to `sink` piece by piece: straight into SHA-256 when signing (no buffer to
    /// allocate and copy), or into a string for tests and debugging ([`render_into`](Self::render_into)).
    pub fn feed(&self, mut sink: impl FnMut(&str)) {
        for piece in [
            self.method,
            "\n",
            &self.uri,
            "\n",
            self.canonical_query(),
            "\n",
        ] {
            sink(piece);
        }
        let mut i = 0;
        while i < self.headers.len() {
            let (name, value) = self.headers[i];
            if self.headers_canonical && self.headers.get(i + 1).is_none_or(|next| next.0 != name) {
                for piece in [name, ":", value, "\n"] {
                    sink(piece);
                }
                i += 1;
                continue;
            }
            feed_lowercase(&mut sink, name);
            sink(":");
            feed_trimmed(&mut sink, value);
            i += 1;
            // Repeated headers become one line with the values joined by commas, in their original order.
            while i < self.headers.len() && self.headers[i].0.eq_ignore_ascii_case(name) {
                sink(",");
                feed_trimmed(&mut sink, self.headers[i].1);
                i += 1;
            }
            sink("\n");
        }
        for piece in ["\n", &self.signed_headers, "\n", self.payload_hash] {
            sink(piece);
        }
    }

    /// Appends the canonical request text to `out`.
    pub fn render_into(&self, out: &mut String) {
        self.feed(|piece| out.push_str(piece));
    }
}

impl fmt::Display for CanonicalRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        self.render_into(&mut text);
        f.write_str(&text)
    }
}

/// A query parameter for [`canonical_query_string`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct QueryParam<'a> {
    pub name: &'a str,
    pub value: &'a str,
    /// Name and value are already in `UriEncode` form (the signer's own `X-Amz-*` parameters): written as they
    /// are, saving a third of a presign's encoding work. Such names are unreserved text and unique, so sorting
    /// them by their raw text is sorting by their encoding.
    pub encoded: bool,
    /// For an encoded parameter, further pieces written after `value` (the credential, assembled from its parts
    /// without a string of its own). Not part of the ordering: only the signer's unique names use it.
    pub tail: &'a [&'a str],
}

impl<'a> QueryParam<'a> {
    /// A parameter given as plain text, encoded here.
    pub(crate) fn plain((name, value): (&'a str, &'a str)) -> Self {
        QueryParam {
            name,
            value,
            encoded: false,
            tail: &[],
        }
    }

    /// A parameter already in canonical encoded form.
    pub(crate) fn encoded(name: &'a str, value: &'a str) -> Self {
        QueryParam {
            name,
            value,
            encoded: true,
            tail: &[],
        }
    }

    /// An encoded parameter whose value is the concatenation of `value` and `tail`.
    pub(crate) fn encoded_pieces(name: &'a str, value: &'a str, tail: &'a [&'a str]) -> Self {
        QueryParam {
            name,
            value,
            encoded: true,
            tail,
        }
    }
}

/// Builds the canonical query string: parameters sorted by encoded name, then encoded value, each `UriEncode`d
/// (`/` included) and joined as `name=value` with `&`. A parameter without a value is `name=`. `spare` bytes of
/// capacity are reserved beyond the text, for what the caller appends (the signature).
pub(crate) fn canonical_query_string(params: &mut [QueryParam<'_>], spare: usize) -> String {
    canonical_query_after(&[], params, spare).0
}

/// [`canonical_query_string`] written after the concatenation of `prefix` (a URL up to its `?`); returns the string
/// and where the query starts in it.
pub(crate) fn canonical_query_after(
    prefix: &[&str],
    params: &mut [QueryParam<'_>],
    spare: usize,
) -> (String, usize) {
    insertion_sort_by(params, |a, b| match cmp_encoded(a.name, b.name) {
        Ordering::Equal => cmp_encoded(a.value, b.value),
        other => other,
    });
    let text_len: usize = params
        .iter()
        .map(|p| p.name.len() + p.value.len() + p.tail.iter().map(|t| t.len()).sum::<usize>() + 2)
        .sum();
    let prefix_len: usize = prefix.iter().map(|p| p.len()).sum();
    let mut out = String::with_capacity(prefix_len + text_len * 5 / 4 + spare);
    for piece in prefix {
        out.push_str(piece);
    }
    for (i, p) in params.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        if p.encoded {
            out.push_str(p.name);
            out.push('=');
            out.push_str(p.value);
            for piece in p.tail {
                out.push_str(piece);
            }
        } else {
            uri_encode_into(&mut out, p.name, false);
            out.push('=');
            uri_encode_into(&mut out, p.value, false);
        }
    }
    (out, prefix_len)
}

fn canonical_uri(path: &str, encoding: UriEncoding, normalize: bool) -> Result<Cow<'_, str>> {
    if !path.starts_with('/') {
        return Err(Error::InvalidPath {
            rule: "the path must start with '/'",
        });
    }
    let path: Cow<'_, str> = if normalize {
        Cow::Owned(normalize_path(path))
    } else {
        Cow::Borrowed(path)
    };
    match encoding {
        UriEncoding::Double => {
            let mut out = String::with_capacity(path.len() + 8);
            uri_encode_into(&mut out, &path, true);
            Ok(Cow::Owned(out))
        }
        UriEncoding::Single => {
            // Fast path: a path our own encoder produced is already canonical.
            if crate::encoding::is_canonical_path(&path) {
                return Ok(path);
            }
            let decoded = percent_decode(&path).ok_or(Error::InvalidPath {
                rule: "'%' must be followed by two hex digits",
            })?;
            let decoded = core::str::from_utf8(&decoded).map_err(|_| Error::InvalidPath {
                rule: "the decoded path must be UTF-8",
            })?;
            let mut out = String::with_capacity(decoded.len() * 3 / 2);
            uri_encode_into(&mut out, decoded, true);
            Ok(Cow::Owned(out))
        }
    }
}

/// A stable insertion sort. Header and query lists hold a handful of entries, where this is as fast as core's
/// driftsort and keeps two of its instantiations (~10 KB) out of the wasm module.
fn insertion_sort_by<T>(items: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && cmp(&items[j - 1], &items[j]) == Ordering::Greater {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// RFC 3986 dot-segment removal plus collapsing of empty segments, as SigV4 does for services other than S3.
fn normalize_path(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let mut last = "";
    for segment in path.split('/') {
        last = segment;
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let trailing = matches!(last, "" | "." | "..") && !segments.is_empty();
    let mut out = String::with_capacity(path.len());
    for s in &segments {
        out.push('/');
        out.push_str(s);
    }
    if out.is_empty() || trailing {
        out.push('/');
    }
    out
}

/// RFC 9110 `tchar`: the bytes allowed in a header name and a method.
pub(crate) fn is_token_byte(b: u8) -> bool {
    TOKEN[usize::from(b)]
}

const TOKEN: [bool; 256] = alphanumeric_and(b"!#$%&'*+-.^_`|~");

/// Header names must be tokens; values may not carry control characters (a CR or LF would let a value inject
/// headers; S3 rejects the others).
pub(crate) fn check_header(name: &str, value: &str) -> Result<()> {
    checked_header(name, value).map(|_| ())
}

/// What checking a header learnt about its canonical form.
struct HeaderForm {
    has_uppercase: bool,
    needs_trimming: bool,
}

/// [`check_header`], reporting on the way whether the name needs lowercasing and the value `Trimall` (leading or
/// trailing space, a tab, or two spaces in a row): one pass over each instead of three.
fn checked_header(name: &str, value: &str) -> Result<HeaderForm> {
    let mut has_uppercase = false;
    for b in name.bytes() {
        if !is_token_byte(b) {
            return Err(invalid_header_name(name));
        }
        has_uppercase |= b.is_ascii_uppercase();
    }
    if name.is_empty() {
        return Err(invalid_header_name(name));
    }
    let bytes = value.as_bytes();
    let mut needs_trimming = bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ');
    let mut previous_space = false;
    for &b in bytes {
        if b < 0x20 || b == 0x7f {
            if b != b'\t' {
                return Err(Error::InvalidHeaderValue {
                    name: name.into(),
                    rule: "header values may not contain control characters such as CR, LF or NUL",
                });
            }
            needs_trimming = true;
        }
        needs_trimming |= b == b' ' && previous_space;
        previous_space = b == b' ';
    }
    Ok(HeaderForm {
        has_uppercase,
        needs_trimming,
    })
}

fn invalid_header_name(name: &str) -> Error {
    Error::InvalidHeaderName {
        name: name.into(),
        rule: "a header name must be a non-empty HTTP token (letters, digits and !#$%&'*+-.^_`|~)",
    }
}

fn cmp_lowercase(a: &str, b: &str) -> Ordering {
    // Decided at the first byte that differs once lowercased (an iterator `cmp` over mapped bytes costs several
    // times more for these short names).
    let (a, b) = (a.as_bytes(), b.as_bytes());
    match a
        .iter()
        .zip(b)
        .position(|(x, y)| !x.eq_ignore_ascii_case(y))
    {
        Some(i) => a[i].to_ascii_lowercase().cmp(&b[i].to_ascii_lowercase()),
        None => a.len().cmp(&b.len()),
    }
}

fn push_lowercase(out: &mut String, name: &str) {
    feed_lowercase(&mut |piece: &str| out.push_str(piece), name);
}

fn feed_lowercase(sink: &mut impl FnMut(&str), name: &str) {
    if !name.bytes().any(|b| b.is_ascii_uppercase()) {
        sink(name);
        return;
    }
    // Header names are ASCII tokens (checked in `new`): lowercase them through a small stack buffer.
    let mut buf = [0u8; 32];
    for chunk in name.as_bytes().chunks(buf.len()) {
        let out = &mut buf[..chunk.len()];
        for (o, c) in out.iter_mut().zip(chunk) {
            *o = c.to_ascii_lowercase();
        }
        sink(core::str::from_utf8(out).unwrap_or(""));
    }
}

/// `Trimall`: no leading or trailing whitespace, and each run of spaces inside the value becomes one space. Only
/// the general path of `feed` calls it; whether a value needs it at all was learnt by `checked_header`.
fn feed_trimmed(sink: &mut impl FnMut(&str), value: &str) {
    for (i, word) in value
        .split([' ', '\t'])
        .filter(|w| !w.is_empty())
        .enumerate()
    {
        if i > 0 {
            sink(" ");
        }
        sink(word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    #[test]
    fn token_bytes_are_visible_ascii_except_the_rfc_9110_delimiters() {
        // RFC 9110 5.6.2: a token is any VCHAR except the delimiters `"(),/:;<=>?@[\]{}`.
        let delimiters = b"\"(),/:;<=>?@[\\]{}";
        for b in 0..=255u8 {
            let expected = b.is_ascii_graphic() && !delimiters.contains(&b);
            assert_eq!(is_token_byte(b), expected, "byte {b:#04x}");
        }
    }

    #[test]
    fn reproduces_the_s3_get_object_example() {
        // Amazon S3 API Reference, sig-v4-header-based-auth, "Example: GET Object".
        let headers = vec![
            ("Host", "examplebucket.s3.amazonaws.com"),
            ("Range", "bytes=0-9"),
            (
                "x-amz-content-sha256",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
            ("x-amz-date", "20130524T000000Z"),
        ];
        let req = CanonicalRequest::new(
            "GET",
            "/test.txt",
            UriEncoding::Single,
            false,
            headers,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        )
        .unwrap();
        assert_eq!(
            req.to_string(),
            "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n\
             x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n\
             x-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n\
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn normalizes_only_when_asked() {
        assert_eq!(normalize_path("/example/.."), "/");
        assert_eq!(normalize_path("//example//"), "/example/");
        assert_eq!(normalize_path("/./example"), "/example");
        assert_eq!(normalize_path("/a/b/../c/."), "/a/c/");
        assert_eq!(
            canonical_uri("/a/./b//", UriEncoding::Single, false).unwrap(),
            "/a/./b//"
        );
        assert_eq!(
            canonical_uri("/a%3Ab:c", UriEncoding::Single, false).unwrap(),
            "/a%3Ab%3Ac"
        );
        assert_eq!(
            canonical_uri("/a%3Ab", UriEncoding::Double, false).unwrap(),
            "/a%253Ab"
        );
        assert!(canonical_uri("/%zz", UriEncoding::Single, false).is_err());
        assert!(canonical_uri("noslash", UriEncoding::Single, false).is_err());
    }

    #[test]
    fn sorts_query_by_encoded_name_then_value() {
        let mut params: Vec<QueryParam<'_>> = [
            ("Param-3", "Value3"),
            ("Param", "Value2"),
            ("ሴ", "Value1"),
            ("Param", "A"),
        ]
        .into_iter()
        .map(QueryParam::plain)
        .collect();
        params.push(QueryParam::encoded("X-Amz-Credential", "A%2FB"));
        assert_eq!(
            canonical_query_string(&mut params, 0),
            "%E1%88%B4=Value1&Param=A&Param=Value2&Param-3=Value3&X-Amz-Credential=A%2FB"
        );
    }

    #[test]
    fn refuses_header_injection() {
        let headers = vec![("x-amz-meta-a", "ok\r\nx-evil: 1")];
        assert!(CanonicalRequest::new(
            "GET",
            "/",
            UriEncoding::Single,
            false,
            headers,
            "UNSIGNED-PAYLOAD"
        )
        .is_err());
        let headers = vec![("bad name", "v")];
        assert!(CanonicalRequest::new(
            "GET",
            "/",
            UriEncoding::Single,
            false,
            headers,
            "UNSIGNED-PAYLOAD"
        )
        .is_err());
    }

    /// Lowercase names take the direct path through `feed`; repeated names and values that need `Trimall` must
    /// still be merged and trimmed exactly as on the general path.
    #[test]
    fn header_lines_are_the_same_on_the_direct_and_general_paths() {
        let render = |headers: Vec<(&str, &str)>| {
            let req = CanonicalRequest::new(
                "GET",
                "/",
                UriEncoding::Single,
                false,
                headers,
                "UNSIGNED-PAYLOAD",
            )
            .unwrap();
            let mut text = String::new();
            req.render_into(&mut text);
            (text, req.signed_headers().to_string())
        };
        let lower = render(vec![
            ("x-b", "2"),
            ("host", "h"),
            ("x-a", "one"),
            ("x-a", "two"),
        ]);
        let mixed = render(vec![
            ("X-B", "2"),
            ("Host", "h"),
            ("x-a", "one"),
            ("X-A", "two"),
        ]);
        assert_eq!(lower, mixed);
        assert!(lower
            .0
            .contains("\nhost:h\nx-a:one,two\nx-b:2\n\nhost;x-a;x-b\n"));
        let trimmed = render(vec![("host", "h"), ("x-a", "  a   b\tc ")]);
        assert!(trimmed.0.contains("\nx-a:a b c\n"), "{}", trimmed.0);
        let tab_only = render(vec![("x-a", "a\tb")]);
        assert!(tab_only.0.contains("\nx-a:a b\n"), "{}", tab_only.0);
    }
}
