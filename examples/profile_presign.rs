//! A loop of cached presigns for profilers (`perf record`, `valgrind --tool=callgrind`); not a benchmark.
use s3_edge_signer::{Bucket, BucketConfig, Credentials, ObjectOptions, S3Signer, Timestamp};

fn main() {
    let iterations: u64 = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let bucket = Bucket::new(&BucketConfig {
        name: "example-bucket",
        region: "eu-west-1",
        ..Default::default()
    })
    .unwrap();
    let signer = S3Signer::new(
        Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY").unwrap(),
        bucket,
    );
    let now = Timestamp::from_unix_seconds(1_763_856_000).unwrap();
    let options = ObjectOptions {
        expires_in: Some(900),
        content_type: Some("image/jpeg"),
        content_length: Some(123_456),
        ..Default::default()
    };
    let mut total = 0usize;
    for _ in 0..iterations {
        total += signer
            .presign_put("uploads/2025/11/23/1f0c7a/cat photo.jpg", &options, now)
            .unwrap()
            .url
            .len();
    }
    println!("{total}");
}
