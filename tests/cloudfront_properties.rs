//! Property tests of the CloudFront module: the policy builder never panics and always emits JSON that parses back
//! to the fields it was given; signed URLs, cookies, invalidation paths and signatures never panic on arbitrary
//! input; CloudFront's base64 and the ECDSA DER conversion round-trip.
#![cfg(not(target_arch = "wasm32"))] // host-only: proptest

use proptest::prelude::*;
use s3_edge_signer::cloudfront::{
    ecdsa_raw_to_der, invalidation_path, url_safe_base64, CookieAttributes, CustomPolicy, Policy,
    PreparedSignedCookies, PreparedSignedUrl, SignatureAlgorithm, SignedCookiesOptions,
    SignedUrlOptions, SourceIp,
};
use s3_edge_signer::encoding::percent_decode;
use s3_edge_signer::Timestamp;
use serde_json::Value;

const LAST_SECOND: u64 = 253_402_300_799;

fn time() -> impl Strategy<Value = Timestamp> {
    (0..=LAST_SECOND).prop_map(|s| Timestamp::from_unix_seconds(s).unwrap())
}

/// Resources a custom policy accepts: a scheme or `*`, then printable ASCII without `"` and `\`.
fn valid_resource() -> impl Strategy<Value = String> {
    (
        prop_oneof!["https://", "http://", "\\*"],
        "[!#-\\[\\]-~]{0,80}",
    )
        .prop_map(|(scheme, rest)| format!("{scheme}{rest}"))
}

fn valid_ip() -> impl Strategy<Value = (String, String)> {
    (any::<[u8; 4]>(), 0u32..=32).prop_map(|(address, prefix)| {
        let bits = u32::from_be_bytes(address) & u32::MAX.checked_shl(32 - prefix).unwrap_or(0);
        let [a, b, c, d] = bits.to_be_bytes();
        let cidr = format!("{a}.{b}.{c}.{d}/{prefix}");
        let given = if prefix == 32 {
            format!("{a}.{b}.{c}.{d}")
        } else {
            cidr.clone()
        };
        (given, cidr)
    })
}

fn epoch(condition: &Value, name: &str) -> Option<u64> {
    condition
        .get(name)
        .map(|c| c["AWS:EpochTime"].as_u64().unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn custom_policies_parse_back_to_their_fields(
        resource in valid_resource(),
        end in time(),
        start in proptest::option::of(time()),
        ip in proptest::option::of(valid_ip()),
    ) {
        let result = Policy::custom(&CustomPolicy {
            resource: &resource,
            date_less_than: end,
            date_greater_than: start,
            source_ip: ip.as_ref().map(|(given, _)| given.as_str()),
        });
        if start.is_some_and(|s| s >= end) {
            prop_assert_eq!(result.unwrap_err().code(), "InvalidPolicyDates");
            return Ok(());
        }
        let policy = result.unwrap();
        prop_assert!(!policy.as_str().contains(char::is_whitespace));
        let json: Value = serde_json::from_str(policy.as_str()).unwrap();
        let statements = json["Statement"].as_array().unwrap();
        prop_assert_eq!(statements.len(), 1);
        prop_assert_eq!(statements[0]["Resource"].as_str().unwrap(), resource.as_str());
        let condition = &statements[0]["Condition"];
        prop_assert_eq!(condition.as_object().unwrap().len(), 1 + usize::from(start.is_some()) + usize::from(ip.is_some()));
        prop_assert_eq!(epoch(condition, "DateLessThan"), Some(end.unix_seconds()));
        prop_assert_eq!(epoch(condition, "DateGreaterThan"), start.map(Timestamp::unix_seconds));
        prop_assert_eq!(
            condition.get("IpAddress").map(|c| c["AWS:SourceIp"].as_str().unwrap().to_string()),
            ip.map(|(_, cidr)| cidr)
        );
        prop_assert_eq!(url_safe_base64::decode(&policy.to_url_safe_base64()).unwrap(), policy.as_bytes());
    }

    #[test]
    fn arbitrary_policy_inputs_never_panic_and_what_passes_is_json(
        resource in any::<String>(),
        end in any::<u64>(),
        start in proptest::option::of(any::<u64>()),
        ip in proptest::option::of(any::<String>()),
    ) {
        let clamp = |s: u64| Timestamp::from_unix_seconds(s % (LAST_SECOND + 1)).unwrap();
        let custom = Policy::custom(&CustomPolicy {
            resource: &resource,
            date_less_than: clamp(end),
            date_greater_than: start.map(clamp),
            source_ip: ip.as_deref(),
        });
        let canned = Policy::canned(&resource, clamp(end));
        for policy in [custom, canned].into_iter().flatten() {
            let json: Value = serde_json::from_str(policy.as_str()).unwrap();
            prop_assert_eq!(json["Statement"][0]["Resource"].as_str().unwrap(), resource.as_str());
            prop_assert_eq!(epoch(&json["Statement"][0]["Condition"], "DateLessThan"), Some(clamp(end).unix_seconds()));
        }
        if let Some(ip) = ip {
            if let Ok(parsed) = SourceIp::parse(&ip) {
                prop_assert_eq!(SourceIp::parse(&parsed.to_cidr()).unwrap(), parsed);
            }
        }
    }

    #[test]
    fn signed_urls_and_cookies_never_panic(
        url in prop_oneof![any::<String>(), "https://[a-z]{1,8}\\.example/[ -~]{0,40}"],
        resource in proptest::option::of(any::<String>()),
        key_pair_id in "[A-Z0-9a-z&]{0,16}",
        end in 0..=LAST_SECOND,
        signature in proptest::collection::vec(any::<u8>(), 0..300),
        algorithm in prop_oneof![
            Just(SignatureAlgorithm::RsaSha1),
            Just(SignatureAlgorithm::RsaSha256),
            Just(SignatureAlgorithm::EcdsaP256Sha256)
        ],
        domain in proptest::option::of("[a-z.\\-]{0,12}"),
        path in "[ -~]{0,12}",
    ) {
        let now = Timestamp::from_unix_seconds(1_700_000_000).unwrap();
        let end = Timestamp::from_unix_seconds(end).unwrap();
        if let Ok(prepared) = PreparedSignedUrl::new(&SignedUrlOptions {
            url: &url, key_pair_id: &key_pair_id, algorithm, date_less_than: end,
            date_greater_than: None, source_ip: None, resource: resource.as_deref(),
        }, now) {
            for signed in [prepared.finish(&signature), prepared.finish_webcrypto(&signature)].into_iter().flatten() {
                prop_assert!(signed.starts_with(url.as_str()));
                prop_assert!(signed.is_ascii() && !signed.contains([' ', '+', '#']));
            }
        }
        if let Ok(prepared) = PreparedSignedCookies::new(&SignedCookiesOptions {
            resource: resource.as_deref().unwrap_or(&url), key_pair_id: &key_pair_id, algorithm,
            date_less_than: end, date_greater_than: None, source_ip: None,
            attributes: CookieAttributes { domain: domain.as_deref(), path: &path, ..Default::default() },
        }, now) {
            if let Ok(cookies) = prepared.finish_webcrypto(&signature) {
                prop_assert_eq!(cookies.cookies.len(), cookies.set_cookie.len());
                for header in &cookies.set_cookie {
                    prop_assert!(!header.contains(['\r', '\n']));
                }
            }
        }
    }

    #[test]
    fn invalidation_paths_keep_their_meaning(path in any::<String>(), raw in "/[ -~é]{0,40}") {
        for input in [path.as_str(), raw.as_str()] {
            if let Ok(encoded) = invalidation_path(input) {
                prop_assert!(encoded.bytes().all(|b| b.is_ascii_graphic() && !b"\"<>#{}|\\^[]`".contains(&b)), "{}", encoded);
                // Percent-decoding the result gives what decoding the input gives: only unsafe bytes were encoded.
                prop_assert_eq!(percent_decode(&encoded), percent_decode(input));
            }
        }
    }

    #[test]
    fn raw_ecdsa_signatures_convert_to_der_that_decodes_to_r_and_s(raw in any::<[u8; 64]>()) {
        let (r, s) = raw.split_at(32);
        match ecdsa_raw_to_der(&raw) {
            Err(_) => prop_assert!(r.iter().all(|&b| b == 0) || s.iter().all(|&b| b == 0)),
            Ok(der) => {
                SignatureAlgorithm::EcdsaP256Sha256.check_signature(&der).unwrap();
                // Read the two INTEGERs back and compare them with r and s, left-padded to 32 bytes.
                let mut at = 2;
                for expected in [r, s] {
                    let len = usize::from(der[at + 1]);
                    let value = &der[at + 2..at + 2 + len];
                    let value = value.strip_prefix(&[0]).unwrap_or(value);
                    let mut padded = [0u8; 32];
                    padded[32 - value.len()..].copy_from_slice(value);
                    prop_assert_eq!(&padded[..], expected);
                    at += 2 + len;
                }
                prop_assert_eq!(at, der.len());
            }
        }
    }

    #[test]
    fn url_safe_base64_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let text = url_safe_base64::encode(&bytes);
        prop_assert!(text.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_~".contains(&b)));
        prop_assert_eq!(url_safe_base64::decode(&text).unwrap(), bytes);
    }
}
