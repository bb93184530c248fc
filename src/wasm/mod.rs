//! JavaScript bindings (wasm-bindgen). They translate between plain JS objects and the core types and never decide
//! anything about S3: every rule lives in `s3/` and `sigv4/`. Options are camelCase, numbers are numbers (never
//! BigInt), time is `Date.now()` unless `now` (milliseconds or a `Date`) is given, and every failure is a JS `Error`
//! with a stable `code` (the core's [`Error::code`](crate::Error::code), or `InvalidOption` for a malformed option
//! object).
//!
//! One concern per module: reading arguments (`arguments` for positional parameters, `fields`, `config`, `options`,
//! `post_policy`, `request`), encoding
//! results (`results`), the exported API (`signer`, `parsers`, `catalogue`, `checksum`) and the errors (`errors`).

mod arguments;
mod catalogue;
mod checksum;
mod config;
mod errors;
mod fields;
mod options;
mod parsers;
mod post_policy;
mod request;
mod results;
mod signer;

pub use catalogue::{normalize_storage_class, part_size_for, regions, storage_classes};
pub use checksum::{checksum_base64, sha256_hex, ChecksumHasher};
pub use parsers::{
    parse_bucket_region, parse_complete_multipart_upload, parse_error,
    parse_initiate_multipart_upload, parse_list_multipart_uploads, parse_list_objects,
    parse_list_parts,
};
pub use signer::S3Signer;
