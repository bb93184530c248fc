//! wasm-bindgen tests of the CloudFront module (`s3-edge-signer/cloudfront`, feature `js-cloudfront`), run in Node
//! and in headless Chromium like `tests/wasm.rs`: botocore's invalidation requests and signed URLs
//! (`tests/vectors/cloudfront/`) byte-exact through the JS API, and its error contract. scripts/test.sh builds them
//! with the CloudFront bindings alone (`--no-default-features --features std,js-cloudfront`), as the module ships.
#![cfg(all(target_arch = "wasm32", feature = "js-cloudfront"))]

use js_sys::{Reflect, JSON};
use s3_edge_signer::cloudfront::url_safe_base64;
use s3_edge_signer::wasm::{
    create_invalidation, ecdsa_raw_to_der, finish_cloudfront_signed_url, get_invalidation,
    parse_invalidation, prepare_cloudfront_signed_url,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

const CLOUDFRONT_INVALIDATIONS: &str = include_str!("vectors/cloudfront/invalidations.json");
const CLOUDFRONT_SIGNED_URLS: &str = include_str!("vectors/cloudfront/signed-urls.json");

fn js(value: &serde_json::Value) -> JsValue {
    JSON::parse(&value.to_string()).unwrap()
}

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &k.into()).unwrap()
}

/// botocore's CloudFront invalidation requests (`tests/vectors/cloudfront/invalidations.json`) through the JS API.
#[wasm_bindgen_test]
fn cloudfront_invalidation_vectors_through_the_js_api() {
    let doc: serde_json::Value = serde_json::from_str(CLOUDFRONT_INVALIDATIONS).unwrap();
    for case in doc["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let mut options = case["credentials"].clone();
        options["distributionId"] = case["distributionId"].clone();
        options["now"] = serde_json::json!(case["now"].as_u64().unwrap() * 1000);
        let result = if case["operation"] == "createInvalidation" {
            options["paths"] = case["paths"].clone();
            options["callerReference"] = case["callerReference"].clone();
            create_invalidation(js(&options))
        } else {
            options["invalidationId"] = case["invalidationId"].clone();
            get_invalidation(js(&options))
        }
        .unwrap();
        let expected = &case["expected"];
        assert_eq!(
            get(&result, "url").as_string().unwrap(),
            expected["url"].as_str().unwrap(),
            "{name}: url"
        );
        assert_eq!(
            get(&result, "method").as_string().unwrap(),
            expected["method"].as_str().unwrap(),
            "{name}: method"
        );
        assert_eq!(
            get(&result, "body").as_string().unwrap_or_default(),
            expected["body"].as_str().unwrap(),
            "{name}: body"
        );
        let mut headers: serde_json::Value = serde_json::from_str(&String::from(
            JSON::stringify(&get(&result, "headers")).unwrap(),
        ))
        .unwrap();
        let content_type = headers.as_object_mut().unwrap().remove("content-type");
        assert_eq!(headers, expected["headers"], "{name}: headers");
        assert_eq!(
            content_type.is_some(),
            !expected["body"].as_str().unwrap().is_empty(),
            "{name}: content-type"
        );
    }
}

/// botocore's signed URLs (`tests/vectors/cloudfront/signed-urls.json`): prepared and finished through the JS API
/// with the signature botocore's signer produced.
#[wasm_bindgen_test]
fn cloudfront_signed_url_vectors_through_the_js_api() {
    let doc: serde_json::Value = serde_json::from_str(CLOUDFRONT_SIGNED_URLS).unwrap();
    for case in doc["cases"].as_array().unwrap() {
        let expected = case["expected"].as_str().unwrap();
        let mut options = serde_json::json!({
            "url": case["url"], "keyPairId": case["keyPairId"], "keyAlgorithm": "RSA", "hashAlgorithm": "SHA1",
            "dateLessThan": case["dateLessThan"].as_u64().unwrap() * 1000, "now": 1_767_225_600_000u64,
        });
        if let Some(resource) = case.get("resource") {
            options["resource"] = resource.clone();
        }
        let prepared = prepare_cloudfront_signed_url(js(&options)).unwrap();
        assert_eq!(
            get(&prepared, "policy").as_string().unwrap(),
            case["policy"].as_str().unwrap()
        );
        let signature = expected
            .split('&')
            .find_map(|p| p.strip_prefix("Signature="))
            .and_then(url_safe_base64::decode)
            .unwrap();
        let signature = js_sys::Uint8Array::from(signature.as_slice());
        assert_eq!(
            finish_cloudfront_signed_url(prepared, signature.into()).unwrap(),
            expected
        );
    }
}

#[wasm_bindgen_test]
fn cloudfront_errors_are_coded_errors_whatever_the_argument() {
    let code = |e: JsValue| {
        assert!(e.is_instance_of::<js_sys::Error>());
        get(&e, "code").as_string().unwrap()
    };
    assert_eq!(
        code(prepare_cloudfront_signed_url(JsValue::from_f64(1.0)).unwrap_err()),
        "InvalidOption"
    );
    assert_eq!(
        code(ecdsa_raw_to_der(JsValue::from_str("x")).unwrap_err()),
        "InvalidArgument"
    );
    assert_eq!(
        code(ecdsa_raw_to_der(js_sys::Uint8Array::new_with_length(64).into()).unwrap_err()),
        "InvalidSignature"
    );
    assert_eq!(
        code(parse_invalidation(JsValue::NULL).unwrap_err()),
        "InvalidArgument"
    );
    assert_eq!(
        code(parse_invalidation(JsValue::from_str("<x/>")).unwrap_err()),
        "MalformedCloudFrontResponse"
    );
    let mut raw = [0u8; 64];
    raw[31] = 1;
    raw[32] = 0x80;
    let der = ecdsa_raw_to_der(js_sys::Uint8Array::from(&raw[..]).into())
        .unwrap()
        .to_vec();
    assert_eq!(&der[..8], &[0x30, 38, 0x02, 1, 1, 0x02, 33, 0]);
}
