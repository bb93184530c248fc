//! wasm-bindgen tests of the JS API, run in Node (`wasm-pack test --node`) and in headless Chromium
//! (`WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome`). They drive the exported API with plain JS
//! objects, as a page or a worker does, and check the independent vectors (`tests/vectors/s3.json`) byte-exact. The
//! CloudFront module's are in `tests/wasm_cloudfront.rs`.
#![cfg(all(target_arch = "wasm32", feature = "js"))]

use js_sys::{Array, Object, Reflect, JSON};
use s3_edge_signer::wasm::{
    checksum_base64, cors_configuration_xml, evaluate_cors, lifecycle_abort_days,
    parse_cors_configuration, parse_error, parse_lifecycle_configuration, regions, storage_classes,
    S3Signer,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

const VECTORS: &str = include_str!("vectors/s3.json");
const BOTOCORE_VECTORS: &str = include_str!("vectors/s3-botocore.json");

/// The cases of both vector files.
fn all_cases() -> Vec<serde_json::Value> {
    [VECTORS, BOTOCORE_VECTORS]
        .iter()
        .flat_map(|text| {
            let doc: serde_json::Value = serde_json::from_str(text).unwrap();
            doc["cases"].as_array().unwrap().clone()
        })
        .collect()
}

fn js(value: &serde_json::Value) -> JsValue {
    JSON::parse(&value.to_string()).unwrap()
}

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &k.into()).unwrap()
}

fn signer_for(case: &serde_json::Value) -> S3Signer {
    let mut config = serde_json::Map::new();
    for (k, v) in case["credentials"].as_object().unwrap() {
        config.insert(k.clone(), v.clone());
    }
    let b = &case["bucket"];
    config.insert("bucket".into(), b["name"].clone());
    for k in ["region", "endpoint", "addressing", "backend", "dualstack"] {
        if let Some(v) = b.get(k) {
            config.insert(k.into(), v.clone());
        }
    }
    S3Signer::new(js(&serde_json::Value::Object(config))).unwrap()
}

fn options_with_now(case: &serde_json::Value) -> JsValue {
    let mut options = case
        .get("options")
        .cloned()
        .unwrap_or_else(|| serde_json::json!({}));
    options["now"] = serde_json::json!(case["now"].as_u64().unwrap() * 1000);
    js(&options)
}

/// The URL, method and headers of a JS result equal the vector's expectation, byte for byte.
fn assert_request_matches(result: &JsValue, case: &serde_json::Value) {
    let name = case["name"].as_str().unwrap();
    let expected = &case["expected"];
    assert_eq!(
        get(result, "url").as_string().unwrap(),
        expected["url"].as_str().unwrap(),
        "{name}: url"
    );
    assert_eq!(
        get(result, "method").as_string().unwrap(),
        expected["method"].as_str().unwrap(),
        "{name}: method"
    );
    let headers: serde_json::Value = serde_json::from_str(&String::from(
        JSON::stringify(&get(result, "headers")).unwrap(),
    ))
    .unwrap();
    assert_eq!(headers, expected["headers"], "{name}: headers");
}

#[wasm_bindgen_test]
fn presign_vectors_through_the_js_api() {
    let mut checked = 0;
    for case in &all_cases() {
        let op = case["operation"].as_str().unwrap();
        let key = case["key"].as_str().unwrap_or_default();
        let s = signer_for(case);
        let options = options_with_now(case);
        let result = match op {
            "presignGet" => s.presign_get(key.into(), options),
            "presignPut" => s.presign_put(key.into(), options),
            "presignHead" => s.presign_head(key.into(), options),
            "presignDelete" => s.presign_delete(key.into(), options),
            "presignUploadPart" => s.presign_upload_part(
                key.into(),
                case["uploadId"].as_str().unwrap().into(),
                case["partNumber"].as_f64().unwrap().into(),
                options,
            ),
            "presign" => {
                let mut spec = case["spec"].clone();
                spec["now"] = serde_json::json!(case["now"].as_u64().unwrap() * 1000);
                s.presign_request(js(&spec))
            }
            _ => continue,
        }
        .unwrap();
        let name = case["name"].as_str().unwrap();
        assert_request_matches(&result, case);
        assert!(
            get(&result, "expiresIn").as_f64().is_some(),
            "{name}: expiresIn is a number, not a BigInt"
        );
        checked += 1;
    }
    assert!(checked >= 21, "only {checked} presign vectors ran");
}

#[wasm_bindgen_test]
fn header_signed_vectors_through_the_js_api() {
    let mut checked = 0;
    for case in &all_cases() {
        let now = serde_json::json!({ "now": case["now"].as_u64().unwrap() * 1000 });
        let s = signer_for(case);
        let key = || JsValue::from(case["key"].as_str().unwrap_or_default());
        let upload_id = || JsValue::from(case["uploadId"].as_str().unwrap_or_default());
        let result = match case["operation"].as_str().unwrap() {
            "createMultipartUpload" => s.create_multipart_upload(key(), options_with_now(case)),
            "completeMultipartUpload" => {
                s.complete_multipart_upload(key(), upload_id(), js(&case["parts"]), js(&now))
            }
            "abortMultipartUpload" => s.abort_multipart_upload(key(), upload_id(), js(&now)),
            "listParts" => s.list_parts(key(), upload_id(), options_with_now(case)),
            "headBucket" => s.head_bucket(js(&now)),
            "getBucketCors" => s.get_bucket_cors(js(&now)),
            "getBucketLifecycle" => s.get_bucket_lifecycle(js(&now)),
            "listMultipartUploads" => s.list_multipart_uploads(options_with_now(case)),
            "signRequest" => {
                let mut spec = case["spec"].clone();
                spec["now"] = now["now"].clone();
                s.sign_request(js(&spec))
            }
            _ => continue,
        }
        .unwrap();
        let name = case["name"].as_str().unwrap();
        assert_request_matches(&result, case);
        assert_eq!(
            get(&result, "body").as_string().as_deref(),
            case["expected"]["body"].as_str(),
            "{name}: body"
        );
        checked += 1;
    }
    assert!(checked >= 12, "only {checked} header-signed vectors ran");
}

#[wasm_bindgen_test]
fn errors_are_js_errors_with_a_stable_code() {
    let s = S3Signer::new(js(&serde_json::json!({
        "accessKeyId": "AKIDEXAMPLE", "secretAccessKey": "secret", "bucket": "b-1", "region": "eu-west-1"
    })))
    .unwrap();
    let cases: [(JsValue, &str); 7] = [
        (
            s.presign_put("".into(), JsValue::UNDEFINED).unwrap_err(),
            "InvalidObjectKey",
        ),
        (
            s.presign_put("k".into(), js(&serde_json::json!({ "expiresIn": 604801 })))
                .unwrap_err(),
            "ExpiresOutOfRange",
        ),
        (
            s.presign_put("k".into(), js(&serde_json::json!({ "contenType": "x" })))
                .unwrap_err(),
            "InvalidOption",
        ),
        (
            s.presign_get(
                "k".into(),
                js(&serde_json::json!({ "storageClass": "STANDARD" })),
            )
            .unwrap_err(),
            "OptionNotApplicable",
        ),
        // A parameter of the wrong type is refused before it reaches the module's memory.
        (
            s.presign_get(JsValue::from(5), JsValue::UNDEFINED)
                .unwrap_err(),
            "InvalidArgument",
        ),
        (
            s.presign_upload_part(
                "k".into(),
                "u".into(),
                JsValue::bigint_from_str("1"),
                JsValue::UNDEFINED,
            )
            .unwrap_err(),
            "InvalidArgument",
        ),
        (
            checksum_base64("CRC32C".into(), JsValue::from("not bytes")).unwrap_err(),
            "InvalidArgument",
        ),
    ];
    for (error, code) in cases {
        assert!(
            error.is_instance_of::<js_sys::Error>(),
            "{code}: not an Error"
        );
        assert_eq!(get(&error, "code").as_string().unwrap(), code);
        assert!(error.unchecked_ref::<js_sys::Error>().message().length() > 0);
    }
    let bad_bucket = S3Signer::new(js(&serde_json::json!({
        "accessKeyId": "A", "secretAccessKey": "s", "bucket": "Bad_Bucket", "region": "eu-west-1"
    })));
    assert_eq!(
        get(&bad_bucket.err().unwrap(), "code").as_string().unwrap(),
        "InvalidBucketName"
    );
}

#[wasm_bindgen_test]
fn listings_parsers_and_checksums() {
    let regions: Array = regions().unchecked_into();
    assert!(regions.length() >= 38);
    let classes: Array = storage_classes().unchecked_into();
    assert!(classes
        .iter()
        .any(|c| get(&c, "name").as_string().as_deref() == Some("GLACIER_IR")));
    let e = parse_error("<Error><Code>AuthorizationHeaderMalformed</Code><Message>m</Message><Region>eu-west-1</Region></Error>".into()).unwrap();
    assert_eq!(
        get(&e, "regionHint").as_string().as_deref(),
        Some("eu-west-1")
    );
    assert_eq!(get(&e, "wrongRegion").as_bool(), Some(true));
    let bytes = |b: &[u8]| JsValue::from(js_sys::Uint8Array::from(b));
    assert_eq!(
        checksum_base64("SHA256".into(), bytes(b"abc")).unwrap(),
        "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
    );
    assert_eq!(
        checksum_base64("CRC32C".into(), bytes(b"")).unwrap(),
        "AAAAAA=="
    );
    assert!(Object::keys(&Object::new()).length() == 0);
}

#[wasm_bindgen_test]
fn bucket_cors_and_lifecycle_rules_through_the_js_api() {
    let rules = parse_cors_configuration(
        "<CORSConfiguration><CORSRule><AllowedOrigin>https://*.example.com</AllowedOrigin>\
         <AllowedMethod>PUT</AllowedMethod><AllowedHeader>x-amz-*</AllowedHeader><ExposeHeader>ETag</ExposeHeader>\
         </CORSRule></CORSConfiguration>"
            .into(),
    )
    .unwrap();
    let verdict = |request: serde_json::Value| evaluate_cors(rules.clone(), js(&request)).unwrap();
    let allowed = verdict(serde_json::json!({
        "origin": "https://app.example.com", "method": "PUT", "headers": ["X-Amz-Meta-Owner"], "expose": ["etag"]
    }));
    assert_eq!(get(&allowed, "allowed").as_bool(), Some(true));
    assert_eq!(get(&allowed, "rule").as_f64(), Some(0.0));
    let refused = verdict(serde_json::json!({
        "origin": "https://app.example.com", "method": "PUT", "headers": ["content-type"]
    }));
    assert_eq!(get(&refused, "allowed").as_bool(), Some(false));
    let missing: Array = get(&get(&refused, "missing"), "headers").unchecked_into();
    assert_eq!(missing.get(0).as_string().as_deref(), Some("content-type"));
    assert!(cors_configuration_xml(rules)
        .unwrap()
        .contains("<AllowedHeader>x-amz-*</AllowedHeader>"));
    let lifecycle = parse_lifecycle_configuration(
        "<LifecycleConfiguration><Rule><Filter><Prefix>uploads/</Prefix></Filter><Status>Enabled</Status>\
         <AbortIncompleteMultipartUpload><DaysAfterInitiation>2</DaysAfterInitiation></AbortIncompleteMultipartUpload>\
         </Rule></LifecycleConfiguration>"
            .into(),
    )
    .unwrap();
    assert_eq!(
        lifecycle_abort_days(lifecycle.clone(), "uploads/x/".into())
            .unwrap()
            .as_f64(),
        Some(2.0)
    );
    assert!(lifecycle_abort_days(lifecycle, "other/".into())
        .unwrap()
        .is_null());
}
