#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;
// The host test harness needs std; the signing code itself never uses it, and neither do the wasm bindings.
#[cfg(feature = "std")]
extern crate std;

pub mod cloudfront;
pub mod encoding;
pub mod error;
pub mod s3;
pub mod sigv4;
pub mod time;
#[cfg(all(
    target_arch = "wasm32",
    any(feature = "js", feature = "js-checksum", feature = "js-cloudfront")
))]
pub mod wasm;
mod xml;

pub use error::{Error, Result};
pub use s3::{Bucket, BucketConfig, ObjectOptions, S3Signer};
pub use sigv4::Credentials;
pub use time::Timestamp;
