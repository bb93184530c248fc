//! This repository's own S3 vectors, run through [`S3Signer`] byte-exact: `tests/vectors/s3.json`, whose expected
//! URLs and headers were computed by an independent SigV4 implementation (`tests/vectors/recompute.py`), and
//! `tests/vectors/s3-botocore.json`, signed by botocore with a frozen clock (`tests/vectors/botocore_vectors.py`).
//! They need nothing outside the repository, so a plain clone tests real S3 behaviour. The JS tests run the same
//! files through the wasm package.
#![cfg(not(target_arch = "wasm32"))] // host-only: reads files / uses proptest; tests/wasm.rs covers wasm

use s3_edge_signer::s3::{
    Addressing, Backend, Checksum, ChecksumAlgorithm, CompletedPart, CustomerKey, Encryption,
    PresignSpec, RequestSpec, ResponseOverrides, StorageClass,
};
use s3_edge_signer::sigv4::Payload;
use s3_edge_signer::{Bucket, BucketConfig, Credentials, ObjectOptions, S3Signer, Timestamp};
use serde_json::Value;
use std::collections::BTreeMap;

fn s<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str)
}

fn signer(case: &Value) -> S3Signer {
    let c = &case["credentials"];
    let mut credentials = Credentials::new(
        s(c, "accessKeyId").unwrap(),
        s(c, "secretAccessKey").unwrap(),
    )
    .unwrap();
    if let Some(token) = s(c, "sessionToken") {
        credentials = credentials.with_session_token(token).unwrap();
    }
    let b = &case["bucket"];
    let bucket = Bucket::new(&BucketConfig {
        name: s(b, "name").unwrap(),
        region: s(b, "region").unwrap(),
        endpoint: s(b, "endpoint"),
        addressing: s(b, "addressing")
            .map(|a| Addressing::parse(a).unwrap())
            .unwrap_or_default(),
        backend: s(b, "backend").map(|x| Backend::parse(x).unwrap()),
        dualstack: b.get("dualstack").and_then(Value::as_bool).unwrap_or(false),
        ..Default::default()
    })
    .unwrap();
    S3Signer::new(credentials, bucket)
}

/// The camelCase option objects of the vectors (the JS API's shape) as [`ObjectOptions`].
struct Options {
    o: Value,
    metadata: Vec<(String, String)>,
}

impl Options {
    fn new(o: &Value) -> Self {
        let metadata = o
            .get("metadata")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                    .collect()
            })
            .unwrap_or_default();
        Options {
            o: o.clone(),
            metadata,
        }
    }

    fn with<T>(&self, f: impl FnOnce(&ObjectOptions<'_>) -> T) -> T {
        let o = &self.o;
        let metadata: Vec<(&str, &str)> = self
            .metadata
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let encryption = s(o, "sse").map(|sse| {
            Encryption::parse(
                sse,
                s(o, "sseKmsKeyId"),
                s(o, "sseContext"),
                o.get("sseBucketKeyEnabled").and_then(Value::as_bool),
            )
            .unwrap()
        });
        let checksum = o.get("checksum").map(|c| Checksum {
            algorithm: ChecksumAlgorithm::parse(s(c, "algorithm").unwrap()).unwrap(),
            value: s(c, "value").unwrap(),
        });
        let options = ObjectOptions {
            expires_in: o.get("expiresIn").and_then(Value::as_u64),
            content_type: s(o, "contentType"),
            content_length: o.get("contentLength").and_then(Value::as_u64),
            customer_key: s(o, "sseCustomerKey").map(|key| CustomerKey {
                key,
                key_md5: s(o, "sseCustomerKeyMd5").unwrap(),
            }),
            part_number: o.get("partNumber").and_then(Value::as_u64),
            cache_control: s(o, "cacheControl"),
            storage_class: s(o, "storageClass").map(|c| StorageClass::parse(c).unwrap()),
            encryption,
            checksum,
            checksum_algorithm: s(o, "checksumAlgorithm")
                .map(|a| ChecksumAlgorithm::parse(a).unwrap()),
            metadata: &metadata,
            tagging: s(o, "tagging"),
            acl: s(o, "acl"),
            if_none_match: o
                .get("ifNoneMatch")
                .and_then(Value::as_bool)
                .filter(|b| *b)
                .map(|_| "*"),
            version_id: s(o, "versionId"),
            response: ResponseOverrides {
                content_type: s(o, "responseContentType"),
                content_disposition: s(o, "responseContentDisposition"),
                ..Default::default()
            },
            ..Default::default()
        };
        f(&options)
    }
}

/// What an operation produced: method, URL, headers, body.
type Outcome = (
    &'static str,
    String,
    Vec<(std::borrow::Cow<'static, str>, String)>,
    Option<String>,
);

/// `{ "a": "b" }` as pairs.
fn pairs(v: &Value) -> Vec<(&str, &str)> {
    v.as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.as_str(), v.as_str().unwrap()))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn independent_s3_vectors() {
    run_vectors("s3.json", 17);
}

#[test]
fn botocore_s3_vectors() {
    let doc = run_vectors("s3-botocore.json", 16);
    assert!(doc["botocore_version"]
        .as_str()
        .is_some_and(|v| !v.is_empty()));
}

/// Runs every case of `tests/vectors/<file>` (at least `minimum` of them) and returns the document.
fn run_vectors(file: &str, minimum: usize) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors")
        .join(file);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= minimum, "{file}: {} cases", cases.len());
    for case in cases {
        let name = s(case, "name").unwrap();
        let signer = signer(case);
        let now = Timestamp::from_unix_seconds(case["now"].as_u64().unwrap()).unwrap();
        let key = s(case, "key");
        let options = Options::new(case.get("options").unwrap_or(&Value::Null));
        let expected = &case["expected"];
        let op = s(case, "operation").unwrap();
        let upload_id = s(case, "uploadId").unwrap_or("");
        let (method, url, headers, body): Outcome = options.with(|o| match op {
            "presignGet" | "presignPut" | "presignHead" | "presignDelete" | "presignUploadPart" => {
                let p = match op {
                    "presignGet" => signer.presign_get(key.unwrap(), o, now),
                    "presignPut" => signer.presign_put(key.unwrap(), o, now),
                    "presignHead" => signer.presign_head(key.unwrap(), o, now),
                    "presignDelete" => signer.presign_delete(key.unwrap(), o, now),
                    _ => signer.presign_upload_part(
                        key.unwrap(),
                        upload_id,
                        case["partNumber"].as_u64().unwrap(),
                        o,
                        now,
                    ),
                }
                .unwrap_or_else(|e| panic!("{name}: {e}"));
                (p.method, p.url, p.headers, None)
            }
            "presign" => {
                let spec = &case["spec"];
                let (query, headers) = (pairs(&spec["query"]), pairs(&spec["headers"]));
                let p = signer
                    .presign_request(
                        &PresignSpec {
                            method: s(spec, "method").unwrap(),
                            key: s(spec, "key"),
                            query: &query,
                            headers: &headers,
                            expires_in: spec.get("expiresIn").and_then(Value::as_u64),
                        },
                        now,
                    )
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
                (p.method, p.url, p.headers, None)
            }
            _ => {
                let r = match op {
                    "createMultipartUpload" => signer.create_multipart_upload(key.unwrap(), o, now),
                    "completeMultipartUpload" => {
                        let parts: Vec<CompletedPart<'_>> = case["parts"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|p| CompletedPart {
                                part_number: p["partNumber"].as_u64().unwrap(),
                                etag: s(p, "etag").unwrap(),
                                checksum: None,
                            })
                            .collect();
                        signer.complete_multipart_upload(key.unwrap(), upload_id, &parts, now)
                    }
                    "abortMultipartUpload" => {
                        signer.abort_multipart_upload(key.unwrap(), upload_id, now)
                    }
                    "listParts" => signer.list_parts(
                        key.unwrap(),
                        upload_id,
                        case["options"]["partNumberMarker"].as_u64(),
                        case["options"]["maxParts"].as_u64(),
                        now,
                    ),
                    "headBucket" => signer.head_bucket(now),
                    "getBucketCors" => signer.get_bucket_cors(now),
                    "getBucketLifecycle" => signer.get_bucket_lifecycle(now),
                    "listMultipartUploads" => signer.list_multipart_uploads(
                        s(&case["options"], "prefix"),
                        s(&case["options"], "keyMarker"),
                        s(&case["options"], "uploadIdMarker"),
                        case["options"]["maxUploads"].as_u64(),
                        now,
                    ),
                    "signRequest" => {
                        let spec = &case["spec"];
                        let (query, headers) = (pairs(&spec["query"]), pairs(&spec["headers"]));
                        signer.sign_request(
                            &RequestSpec {
                                method: s(spec, "method").unwrap(),
                                key: s(spec, "key"),
                                query: &query,
                                headers: &headers,
                                payload: Payload::Bytes(s(spec, "body").unwrap_or("").as_bytes()),
                            },
                            now,
                        )
                    }
                    other => panic!("{name}: unknown operation {other}"),
                }
                .unwrap_or_else(|e| panic!("{name}: {e}"));
                let body = (!r.body.is_empty()).then(|| String::from_utf8(r.body.clone()).unwrap());
                (r.method, r.url, r.headers, body)
            }
        });
        assert_eq!(
            method,
            s(expected, "method").unwrap(),
            "{name}: stage `method`"
        );
        assert_eq!(url, s(expected, "url").unwrap(), "{name}: stage `url`");
        let got: BTreeMap<String, String> = headers
            .into_iter()
            .map(|(n, v)| (n.into_owned(), v))
            .collect();
        let want: BTreeMap<String, String> = expected["headers"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
            .collect();
        assert_eq!(got, want, "{name}: stage `headers`");
        assert_eq!(body.as_deref(), s(expected, "body"), "{name}: stage `body`");
    }
    doc
}
