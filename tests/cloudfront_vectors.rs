//! CloudFront vectors computed by botocore (`tests/vectors/cloudfront/generate.py`, its version recorded in each
//! file), run through the core byte-exact: CreateInvalidation and GetInvalidation requests stage by stage
//! (canonical request, string to sign, signature, headers, body, URL), and signed URLs (policy bytes, and the URL
//! assembled from the signature botocore's signer produced with the test-only RSA key).
#![cfg(not(target_arch = "wasm32"))] // host-only: tests/wasm.rs runs the same files through the JS API

use s3_edge_signer::cloudfront::{
    self, invalidation, url_safe_base64, InvalidationBatch, PreparedSignedUrl, SignatureAlgorithm,
    SignedUrlOptions,
};
use s3_edge_signer::sigv4::{self, Payload, SignableRequest};
use s3_edge_signer::{Credentials, Timestamp};
use serde_json::Value;

const INVALIDATIONS: &str = include_str!("vectors/cloudfront/invalidations.json");
const SIGNED_URLS: &str = include_str!("vectors/cloudfront/signed-urls.json");

fn credentials(case: &Value) -> Credentials {
    let c = &case["credentials"];
    let credentials = Credentials::new(
        c["accessKeyId"].as_str().unwrap(),
        c["secretAccessKey"].as_str().unwrap(),
    )
    .unwrap();
    match c["sessionToken"].as_str() {
        Some(token) => credentials.with_session_token(token).unwrap(),
        None => credentials,
    }
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect()
}

#[test]
fn invalidation_requests_equal_botocores() {
    let doc: Value = serde_json::from_str(INVALIDATIONS).unwrap();
    assert!(doc["generator"].as_str().unwrap().starts_with("botocore "));
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 5);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let expected = &case["expected"];
        let credentials = credentials(case);
        let now = Timestamp::from_unix_seconds(case["now"].as_u64().unwrap()).unwrap();
        let distribution = case["distributionId"].as_str().unwrap();
        let signed = match case["operation"].as_str().unwrap() {
            "createInvalidation" => {
                let paths = strings(&case["paths"]);
                for (raw, encoded) in paths.iter().zip(strings(&case["encodedPaths"])) {
                    assert_eq!(
                        cloudfront::invalidation_path(raw).unwrap(),
                        encoded,
                        "{name}: path encoding"
                    );
                }
                let batch = InvalidationBatch {
                    paths: &paths,
                    caller_reference: case["callerReference"].as_str().unwrap(),
                };
                cloudfront::create_invalidation(&credentials, distribution, &batch, now).unwrap()
            }
            "getInvalidation" => cloudfront::get_invalidation(
                &credentials,
                distribution,
                case["invalidationId"].as_str().unwrap(),
                now,
            )
            .unwrap(),
            other => panic!("unknown operation {other}"),
        };
        assert_eq!(signed.method, expected["method"], "{name}: method");
        assert_eq!(signed.url, expected["url"].as_str().unwrap(), "{name}: url");
        let body = String::from_utf8(signed.body.clone()).unwrap();
        assert_eq!(body, expected["body"].as_str().unwrap(), "{name}: body");

        // The stages, recomputed through the service-agnostic layer from the request as sent.
        let path = signed
            .url
            .strip_prefix("https://cloudfront.amazonaws.com")
            .unwrap();
        let stages = sigv4::header_stages(
            &SignableRequest {
                method: signed.method,
                path,
                query: &[],
                headers: &[("host", "cloudfront.amazonaws.com")],
                payload: if signed.body.is_empty() {
                    Payload::Empty
                } else {
                    Payload::Bytes(&signed.body)
                },
            },
            &invalidation::signing_params(&credentials, now),
        )
        .unwrap();
        assert_eq!(
            stages.canonical_request, expected["canonicalRequest"],
            "{name}: canonical request"
        );
        assert_eq!(
            stages.string_to_sign, expected["stringToSign"],
            "{name}: string to sign"
        );
        assert_eq!(
            stages.signature.as_str(),
            expected["signature"],
            "{name}: signature"
        );

        // Every signed header botocore sends, with its value; content-type rides along unsigned on a body.
        let mut headers = serde_json::Map::new();
        for (n, v) in &signed.headers {
            if n != "content-type" {
                headers.insert(n.to_string(), Value::String(v.clone()));
            }
        }
        assert_eq!(
            Value::Object(headers),
            expected["headers"],
            "{name}: headers"
        );
        let content_type = signed.headers.iter().find(|(n, _)| n == "content-type");
        assert_eq!(
            content_type.map(|(_, v)| v.as_str()),
            (!signed.body.is_empty()).then_some("application/xml"),
            "{name}: content-type"
        );
    }
}

#[test]
fn signed_urls_equal_botocores() {
    let doc: Value = serde_json::from_str(SIGNED_URLS).unwrap();
    let now = Timestamp::from_unix_seconds(1_767_225_600).unwrap();
    for case in doc["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let expected = case["expected"].as_str().unwrap();
        let prepared = PreparedSignedUrl::new(
            &SignedUrlOptions {
                url: case["url"].as_str().unwrap(),
                key_pair_id: case["keyPairId"].as_str().unwrap(),
                algorithm: SignatureAlgorithm::RsaSha1,
                date_less_than: Timestamp::from_unix_seconds(
                    case["dateLessThan"].as_u64().unwrap(),
                )
                .unwrap(),
                date_greater_than: None,
                source_ip: None,
                resource: case["resource"].as_str(),
            },
            now,
        )
        .unwrap();
        assert_eq!(
            prepared.policy().is_canned(),
            case["policyType"] == "canned",
            "{name}: policy type"
        );
        assert_eq!(
            prepared.to_sign(),
            case["policy"].as_str().unwrap().as_bytes(),
            "{name}: policy"
        );
        // botocore's signature (openssl, test key), taken from its URL, assembles botocore's URL exactly.
        let signature = expected
            .split('&')
            .find_map(|p| p.strip_prefix("Signature="))
            .and_then(url_safe_base64::decode)
            .unwrap();
        assert_eq!(signature.len(), 256, "{name}");
        assert_eq!(
            prepared.finish(&signature).unwrap(),
            expected,
            "{name}: URL"
        );
    }
}
