//! `cargo bench`: presigning a PUT (Content-Type and Content-Length signed, 15 minutes) with this crate — with the
//! signing key cached (the normal case: it changes once a day) and with the key derived every time — beside
//! rusty-s3 signing the same request in the same run. Target: cached ≥ 3× faster than rusty-s3.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use s3_edge_signer::{Bucket, BucketConfig, Credentials, ObjectOptions, S3Signer, Timestamp};
use std::time::Duration;

const KEY_ID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const OBJECT_KEY: &str = "uploads/2025/11/23/1f0c7a/cat photo.jpg";
const NOW: u64 = 1_763_856_000;

fn ours() -> S3Signer {
    let bucket = Bucket::new(&BucketConfig {
        name: "example-bucket",
        region: "eu-west-1",
        ..Default::default()
    })
    .unwrap();
    S3Signer::new(Credentials::new(KEY_ID, SECRET).unwrap(), bucket)
}

fn presign(c: &mut Criterion) {
    let now = Timestamp::from_unix_seconds(NOW).unwrap();
    let options = ObjectOptions {
        expires_in: Some(900),
        content_type: Some("image/jpeg"),
        content_length: Some(123_456),
        ..Default::default()
    };
    let mut group = c.benchmark_group("presign_put");

    let signer = ours();
    group.bench_function("s3-edge-signer (cached key)", |b| {
        b.iter(|| {
            black_box(
                signer
                    .presign_put(black_box(OBJECT_KEY), black_box(&options), now)
                    .unwrap(),
            )
        })
    });

    group.bench_function("s3-edge-signer (key derived each time)", |b| {
        b.iter(|| {
            signer.clear_key_cache();
            black_box(
                signer
                    .presign_put(black_box(OBJECT_KEY), black_box(&options), now)
                    .unwrap(),
            )
        })
    });

    let bucket = rusty_s3::Bucket::new(
        url::Url::parse("https://s3.eu-west-1.amazonaws.com").unwrap(),
        rusty_s3::UrlStyle::VirtualHost,
        "example-bucket",
        "eu-west-1",
    )
    .unwrap();
    let credentials = rusty_s3::Credentials::new(KEY_ID, SECRET);
    let time = jiff::Timestamp::from_second(NOW as i64).unwrap();
    group.bench_function("rusty-s3 0.8", |b| {
        b.iter(|| {
            use rusty_s3::S3Action;
            let mut action = bucket.put_object(Some(&credentials), black_box(OBJECT_KEY));
            action.headers_mut().insert("content-type", "image/jpeg");
            action.headers_mut().insert("content-length", "123456");
            black_box(action.sign_with_time(Duration::from_secs(900), &time))
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    targets = presign
}
criterion_main!(benches);
