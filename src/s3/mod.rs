//! What SigV4 means for Amazon S3: endpoints and regions, storage classes, presigned URLs, POST policies,
//! multipart uploads, server requests and the parsing of S3's answers.

pub mod backend;
pub mod checksum;
pub mod cors;
pub mod crc_sliced;
pub mod encryption;
pub mod endpoint;
pub mod lifecycle;
pub mod multipart;
pub mod object_options;
pub mod post_policy;
pub mod region;
pub mod response;
pub mod sha1;
pub mod signer;
pub mod storage_class;

pub use backend::Backend;
pub use checksum::{checksum_base64, Checksum, ChecksumAlgorithm, ChecksumHasher};
pub use cors::{CorsMissing, CorsRequest, CorsRule, CorsVerdict};
pub use encryption::{CustomerKey, Encryption};
pub use endpoint::{Addressing, Bucket, BucketConfig};
pub use lifecycle::LifecycleRule;
pub use multipart::CompletedPart;
pub use object_options::{ObjectOptions, Operation, ResponseOverrides};
pub use post_policy::{Match, PostPolicyOptions, PresignedPost};
pub use region::{Partition, RegionInfo, REGIONS};
pub use signer::{PresignSpec, PresignedRequest, RequestSpec, S3Signer, SignedRequest};
pub use storage_class::{Retrieval, StorageClass, StorageClassFacts};
