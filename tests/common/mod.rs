//! Shared by the vector tests: where the shared AWS vectors live, and a parser for the suites' raw HTTP requests.
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/test-vectors` beside the checkout (or `$S3ES_TEST_VECTORS`); `None`, with a printed skip notice, when
/// absent. The vectors are read in place and never copied into this repository.
pub fn vectors_dir(sub: &str) -> Option<PathBuf> {
    let base = std::env::var_os("S3ES_TEST_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/test-vectors")
        });
    let dir = base.join(sub);
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "SKIP: shared test vectors not found at {} (set S3ES_TEST_VECTORS to run them)",
            dir.display()
        );
        None
    }
}

/// A raw HTTP/1.1 request as the AWS suites write it.
#[derive(Debug, Clone)]
pub struct RawRequest {
    pub method: String,
    /// The path exactly as written on the request line.
    pub path: String,
    /// Query parameters, percent-decoded.
    pub query: Vec<(String, String)>,
    /// Headers in order; continuation lines are joined to their header with a space.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

pub fn parse_request(text: &str) -> RawRequest {
    let (head, body) = match text.find("\n\n") {
        Some(i) => (&text[..i], text.as_bytes()[i + 2..].to_vec()),
        None => (text.trim_end_matches('\n'), Vec::new()),
    };
    let mut lines = head.split('\n');
    let request_line = lines.next().expect("request line");
    let (method, rest) = request_line.split_once(' ').expect("method");
    let target = rest.strip_suffix(" HTTP/1.1").unwrap_or(rest);
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let query = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect();
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            let last = headers.last_mut().expect("continuation after a header");
            last.1.push(' ');
            last.1.push_str(line.trim());
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.to_string(), value.to_string()));
        }
    }
    RawRequest {
        method: method.to_string(),
        path: path.to_string(),
        query,
        headers,
        body,
    }
}

fn decode(s: &str) -> String {
    String::from_utf8(s3_edge_signer::encoding::percent_decode(s).expect("valid escapes"))
        .expect("utf-8")
}

pub fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}
