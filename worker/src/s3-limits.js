// S3's own limits and names, in one place for every route (https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html):
// a single PUT is at most 5 GiB, an object at most 5 TiB (48.8 TiB since 2025, but not on every S3-compatible
// store), 10 000 parts of 5 MiB–5 GiB (the last part may be smaller).

const KIB = 1024;
export const MIB = 1024 * KIB;
export const GIB = 1024 * MIB;
export const TIB = 1024 * GIB;

export const S3_MAX_PUT = 5 * GIB;
export const S3_MAX_OBJECT = 5 * TIB;
export const S3_MAX_PARTS = 10000;
export const S3_MIN_PART = 5 * MIB;
export const S3_MAX_PART = 5 * GIB;
// SigV4 presigned URLs live at most 7 days (X-Amz-Expires ≤ 604800).
export const SIGV4_MAX_EXPIRES = 604800;

// The additional checksums S3 computes and checks (https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html).
// The one list the configuration, every upload route and the part signer read.
export const CHECKSUM_ALGORITHMS = ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"];
