//! The encodings SigV4 and S3 rely on: AWS `UriEncode`, lowercase hex, and standard base64.
//!
//! `UriEncode` is AWS's own rule, not `encodeURIComponent` and not form encoding: the unreserved characters
//! `A–Z a–z 0–9 - . _ ~` pass unchanged, every other byte of the UTF-8 text becomes `%XX` with *uppercase* hex, a
//! space is `%20` (never `+`), and `/` is kept only when encoding a path. The same function builds the canonical
//! request and the URL that is sent, so what is signed is what is sent.
//! <https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html> ("UriEncode()")

use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;

const UPPER_HEX: &[u8; 16] = b"0123456789ABCDEF";

/// `%00%01…%FF`: the escape of byte `b` is `ESCAPES[3 * b..3 * b + 3]`, copied in one `push_str` instead of three
/// `push`es (URI encoding is a fifth of a presign's time otherwise).
const ESCAPES: &str = match core::str::from_utf8(&escape_table()) {
    Ok(s) => s,
    Err(_) => panic!("the escape table is ASCII"),
};

const fn escape_table() -> [u8; 768] {
    let mut table = [0u8; 768];
    let mut b = 0;
    while b < 256 {
        table[3 * b] = b'%';
        table[3 * b + 1] = UPPER_HEX[b >> 4];
        table[3 * b + 2] = UPPER_HEX[b & 0xF];
        b += 1;
    }
    table
}

/// The characters `UriEncode` leaves alone: `A–Z a–z 0–9 - . _ ~`.
#[inline]
pub fn is_unreserved(byte: u8) -> bool {
    UNRESERVED[usize::from(byte)]
}

// A 256-entry table: one load per byte in the encoder's inner loop.
const UNRESERVED: [bool; 256] = alphanumeric_and(b"-._~");

/// A byte-class table: ASCII letters and digits plus `extra`. Both of the crate's classes (`UriEncode`'s unreserved
/// characters, RFC 9110 `tchar`) have this shape, and a table makes each test one load.
pub(crate) const fn alphanumeric_and(extra: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    let mut i = 0;
    while i < extra.len() {
        table[extra[i] as usize] = true;
        i += 1;
    }
    table
}

/// Appends the AWS `UriEncode` of `input` to `out`; `/` is kept when `keep_slash` (object key paths) and encoded as
/// `%2F` otherwise (query keys and values).
pub fn uri_encode_into(out: &mut String, input: &str, keep_slash: bool) {
    let bytes = input.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if is_unreserved(b) || (keep_slash && b == b'/') {
            continue;
        }
        // A non-empty run is all unreserved ASCII, so both ends are char boundaries; an empty run may sit inside a
        // multi-byte character whose bytes are being encoded one by one, and must not be sliced.
        if start < i {
            out.push_str(input.get(start..i).unwrap_or(""));
        }
        push_percent(out, b);
        start = i + 1;
    }
    // `start` is the end of input or follows an encoded byte that ended a character before an ASCII byte.
    out.push_str(input.get(start..).unwrap_or(""));
}

fn push_percent(out: &mut String, b: u8) {
    let at = 3 * usize::from(b);
    out.push_str(ESCAPES.get(at..at + 3).unwrap_or("%00"));
}

/// Is `path` already in canonical `UriEncode` form (`/` kept)? True when every byte is unreserved or `/`, and every
/// `%XX` escape is uppercase and stands for a byte that is *not* unreserved (`%41` would canonicalise to `A`).
pub fn is_canonical_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let (Some(&hi), Some(&lo)) = (bytes.get(i + 1), bytes.get(i + 2)) else {
                return false;
            };
            let upper = |h: u8| h.is_ascii_digit() || (b'A'..=b'F').contains(&h);
            if !upper(hi) || !upper(lo) {
                return false;
            }
            let (Some(h), Some(l)) = (hex_value(hi), hex_value(lo)) else {
                return false;
            };
            if is_unreserved(h << 4 | l) {
                return false;
            }
            i += 3;
        } else if is_unreserved(b) || b == b'/' {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

/// The AWS `UriEncode` of `input` as a new string.
pub fn uri_encode(input: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 2);
    uri_encode_into(&mut out, input, keep_slash);
    out
}

/// Decodes `%XX` escapes; `None` when a `%` is not followed by two hex digits. Other bytes pass unchanged (no `+`
/// to space: that is form encoding, which SigV4 does not use).
pub fn percent_decode(input: &str) -> Option<Vec<u8>> {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hi = hex_value(*bytes.get(i + 1)?)?;
            let lo = hex_value(*bytes.get(i + 2)?)?;
            out.push(hi << 4 | lo);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Compares the `UriEncode` forms of two strings (`/` encoded) without building them.
///
/// SigV4 sorts query parameters by their *encoded* names, and byte order changes under encoding (`é` sorts after
/// `z` raw but before `A` encoded, as `%C3`).
pub fn cmp_encoded(a: &str, b: &str) -> Ordering {
    // Equal bytes encode equally, so the order is decided at the first byte that differs. An unreserved byte stays
    // itself, always above the `%` that starts an escape; two escapes compare by their uppercase hex digits, which
    // order like the bytes. No encoding is needed, only the comparison of two bytes.
    let (a, b) = (a.as_bytes(), b.as_bytes());
    match a.iter().zip(b).position(|(x, y)| x != y) {
        Some(i) => (is_unreserved(a[i]), a[i]).cmp(&(is_unreserved(b[i]), b[i])),
        None => a.len().cmp(&b.len()),
    }
}

/// Writes the lowercase hex of `bytes` into `out`, which must be twice as long.
pub fn hex_lower_into(bytes: &[u8], out: &mut [u8]) {
    const LOWER_HEX: &[u8; 16] = b"0123456789abcdef";
    for (pair, b) in out.chunks_exact_mut(2).zip(bytes) {
        pair[0] = LOWER_HEX[usize::from(b >> 4)];
        pair[1] = LOWER_HEX[usize::from(b & 0xF)];
    }
}

/// The 64-character lowercase hex form of a 32-byte digest.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Hex32([u8; 64]);

impl Hex32 {
    /// Hex-encodes a 32-byte digest.
    pub fn new(digest: &[u8; 32]) -> Self {
        let mut out = [0u8; 64];
        hex_lower_into(digest, &mut out);
        Hex32(out)
    }

    /// The hex text as bytes (no UTF-8 check: for hashing).
    pub fn as_bytes(&self) -> &[u8; 64] {
        &self.0
    }

    /// The hex text.
    pub fn as_str(&self) -> &str {
        // Only lowercase hex digits are ever written.
        core::str::from_utf8(&self.0).unwrap_or("")
    }
}

impl core::fmt::Debug for Hex32 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl core::fmt::Display for Hex32 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Appends `text` as the contents of a JSON string: quotes, backslashes and control characters escaped (POST
/// policy documents, and the result objects handed to JavaScript).
pub fn push_json_string_contents(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    // Usual case (URLs, header values): nothing to escape, one copy.
    if !bytes.iter().any(|&b| b == b'"' || b == b'\\' || b < 0x20) {
        out.push_str(text);
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: Option<&str> = match b {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0..=0x1f => None,
            _ => continue,
        };
        // Only ASCII bytes end a run, so both ends are char boundaries.
        out.push_str(text.get(start..i).unwrap_or(""));
        match escape {
            Some(e) => out.push_str(e),
            None => {
                out.push_str("\\u00");
                out.push(char::from(UPPER_HEX[usize::from(b >> 4)]));
                out.push(char::from(UPPER_HEX[usize::from(b & 0xF)]));
            }
        }
        start = i + 1;
    }
    out.push_str(text.get(start..).unwrap_or(""));
}

/// Standard base64 with padding (RFC 4648 §4), as S3 expects for checksums, `Content-MD5`, SSE-C keys and POST
/// policies. Written out rather than through the base64 crate's engine, which is 3.5 KB of wasm: a third of the
/// checksum module's budget.
pub fn base64_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let b = [
            group[0],
            *group.get(1).unwrap_or(&0),
            *group.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            // A group of 1 or 2 bytes fills 2 or 3 characters; `=` pads to 4.
            out.push(if i <= group.len() {
                char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize])
            } else {
                '='
            });
        }
    }
    out
}

/// Decodes standard padded base64; `None` when the text is not canonical base64.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(text).ok()
}

/// Is `value` a lowercase 64-character hex SHA-256, as `x-amz-content-sha256` requires?
pub fn is_sha256_hex(value: &str) -> bool {
    value.len() == 64
        && value
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_encodes_as_the_rfc_4648_vectors_and_the_base64_crate() {
        // RFC 4648 §10.
        for (text, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(super::base64_encode(text.as_bytes()), encoded);
        }
        use base64::Engine;
        let bytes: alloc::vec::Vec<u8> = (0..=255u8).rev().chain(0..=255u8).collect();
        for end in 0..bytes.len() {
            assert_eq!(
                super::base64_encode(&bytes[..end]),
                base64::engine::general_purpose::STANDARD.encode(&bytes[..end])
            );
        }
    }

    use super::*;

    #[test]
    fn encodes_as_aws_uri_encode() {
        assert_eq!(uri_encode("a b+c/d~e", true), "a%20b%2Bc/d~e");
        assert_eq!(uri_encode("a b+c/d~e", false), "a%20b%2Bc%2Fd~e");
        assert_eq!(uri_encode("ሴ", false), "%E1%88%B4");
        assert_eq!(uri_encode("test$file.text", true), "test%24file.text");
        assert_eq!(uri_encode("!*'()", true), "%21%2A%27%28%29");
    }

    #[test]
    fn decodes_strictly() {
        assert_eq!(percent_decode("a%20b%2fc+").unwrap(), b"a b/c+");
        assert!(percent_decode("%2").is_none());
        assert!(percent_decode("%zz").is_none());
    }

    #[test]
    fn escapes_json_string_contents() {
        let mut out = String::new();
        push_json_string_contents(&mut out, "a\"b\\c\nd\u{1}é");
        assert_eq!(out, "a\\\"b\\\\c\\nd\\u0001é");
    }

    #[test]
    fn recognises_canonical_paths() {
        assert!(is_canonical_path("/a/b%20c/%E1%88%B4/"));
        assert!(!is_canonical_path("/a%41"));
        assert!(!is_canonical_path("/a%2a"));
        assert!(!is_canonical_path("/a b"));
        assert!(!is_canonical_path("/a%2"));
    }

    #[test]
    fn orders_by_encoded_form() {
        assert_eq!(cmp_encoded("é", "A"), Ordering::Less);
        assert_eq!(cmp_encoded("Param-3", "Param"), Ordering::Greater);
        assert_eq!(cmp_encoded("a", "a"), Ordering::Equal);
    }
}
