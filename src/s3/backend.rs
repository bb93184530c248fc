//! Backend profiles: what an S3-compatible store accepts, so that the signer refuses up front what the store would
//! reject later (after the user has waited for an upload).

use super::storage_class::StorageClass;
use crate::error::{Error, Result};

/// Which implementation of the S3 API sits behind the endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// Amazon S3.
    Aws,
    /// Cloudflare R2: region `auto`, no POST policies, only STANDARD and STANDARD_IA, no SSE-KMS.
    /// <https://developers.cloudflare.com/r2/api/s3/api/>
    R2,
    /// Any other S3-compatible store (MinIO, Garage, Ceph, B2, …): nothing is refused up front.
    Generic,
}

impl Backend {
    /// The profile name (`aws`, `r2`, `generic`).
    pub fn name(self) -> &'static str {
        match self {
            Backend::Aws => "aws",
            Backend::R2 => "r2",
            Backend::Generic => "generic",
        }
    }

    /// Parses a profile name.
    pub fn parse(name: &str) -> Result<Self> {
        match name.to_ascii_lowercase().as_str() {
            "aws" | "s3" => Ok(Backend::Aws),
            "r2" | "cloudflare" => Ok(Backend::R2),
            "generic" | "minio" | "garage" | "b2" => Ok(Backend::Generic),
            _ => Err(Error::InvalidEndpoint {
                rule: "the backend profile must be aws, r2 or generic",
            }),
        }
    }

    /// Refuses a storage class the backend does not store.
    pub fn check_storage_class(self, class: StorageClass) -> Result<()> {
        match (self, class) {
            (Backend::R2, StorageClass::Standard | StorageClass::StandardIa) => Ok(()),
            (Backend::R2, _) => Err(Error::UnsupportedByBackend {
                backend: "r2",
                feature: "this storage class (R2 offers STANDARD and STANDARD_IA only)",
            }),
            _ => Ok(()),
        }
    }

    /// Refuses POST policy uploads where the backend lacks them.
    pub fn check_post_policy(self) -> Result<()> {
        match self {
            Backend::R2 => Err(Error::UnsupportedByBackend {
                backend: "r2",
                feature: "browser POST policy uploads (use a presigned PUT with a signed Content-Length instead)",
            }),
            _ => Ok(()),
        }
    }

    /// Refuses KMS encryption where the backend lacks it.
    pub fn check_kms(self) -> Result<()> {
        match self {
            Backend::R2 => Err(Error::UnsupportedByBackend {
                backend: "r2",
                feature: "SSE-KMS (R2 encrypts every object at rest; use no SSE header or SSE-C)",
            }),
            _ => Ok(()),
        }
    }
}
