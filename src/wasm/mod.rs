//! JavaScript bindings (wasm-bindgen). They translate between plain JS objects and the core types and never decide
//! anything about S3: every rule lives in `s3/` and `sigv4/`. Options are camelCase, numbers are numbers (never
//! BigInt), time is `Date.now()` unless `now` (milliseconds or a `Date`) is given, and every failure is a JS `Error`
//! with a stable `code` (the core's [`Error::code`](crate::Error::code), `InvalidOption` for a malformed option
//! object, `InvalidArgument` for a parameter of the wrong type).
//!
//! One concern per module: reading arguments (`arguments` for positional parameters, `fields`, `config`, `options`,
//! `post_policy`, `request`), encoding results (`results`), the exported API (`signer`, `parsers`, `bucket_config`,
//! `catalogue`, `checksum`, `cloudfront`), the errors (`errors`), and what std would provide in a build without it
//! (`runtime`).
//!
//! Feature `js` builds the API of the main module (the npm package's `s3-edge-signer`); `js-checksum` alone builds
//! only `checksum`, the browser module `s3-edge-signer/checksum`; `js-cloudfront` alone builds only `cloudfront`, the
//! server-side module `s3-edge-signer/cloudfront`. Several features together build one module with all of theirs.

mod arguments;
mod errors;
#[cfg(not(feature = "std"))]
mod runtime;

#[cfg(any(feature = "js", feature = "js-checksum"))]
mod checksum;
#[cfg(any(feature = "js", feature = "js-cloudfront"))]
mod fields;
#[cfg(any(feature = "js", feature = "js-cloudfront"))]
mod results;

#[cfg(feature = "js")]
mod bucket_config;
#[cfg(feature = "js")]
mod catalogue;
#[cfg(feature = "js")]
mod config;
#[cfg(feature = "js")]
mod options;
#[cfg(feature = "js")]
mod parsers;
#[cfg(feature = "js")]
mod post_policy;
#[cfg(feature = "js")]
mod request;
#[cfg(feature = "js")]
mod signer;

#[cfg(feature = "js-cloudfront")]
mod cloudfront;

#[cfg(feature = "js")]
pub use bucket_config::{
    cors_configuration_xml, evaluate_cors, lifecycle_abort_days, lifecycle_configuration_xml,
    parse_cors_configuration, parse_lifecycle_configuration,
};
#[cfg(feature = "js")]
pub use catalogue::{normalize_storage_class, part_size_for, regions, storage_classes};
#[cfg(feature = "js")]
pub use checksum::sha256_hex;
#[cfg(any(feature = "js", feature = "js-checksum"))]
pub use checksum::{checksum_base64, ChecksumHasher};
#[cfg(feature = "js-cloudfront")]
pub use cloudfront::{
    cloudfront_object_path, cloudfront_object_url, cloudfront_policy, create_invalidation,
    ecdsa_raw_to_der, finish_cloudfront_signed_cookies, finish_cloudfront_signed_url,
    get_invalidation, parse_cloudfront_error, parse_invalidation,
    prepare_cloudfront_signed_cookies, prepare_cloudfront_signed_url,
};
#[cfg(feature = "js")]
pub use parsers::{
    parse_bucket_region, parse_complete_multipart_upload, parse_error,
    parse_initiate_multipart_upload, parse_list_multipart_uploads, parse_list_objects,
    parse_list_parts,
};
#[cfg(feature = "js")]
pub use signer::S3Signer;
